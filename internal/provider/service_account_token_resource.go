package provider

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/gitpod-community/terraform-provider-gitpod/internal/gitpod"
	"github.com/gitpod-community/terraform-provider-gitpod/internal/provider/textvalidator"
	"github.com/gitpod-community/terraform-provider-gitpod/internal/tokenlife"
)

var (
	_ resource.Resource                   = (*ServiceAccountTokenResource)(nil)
	_ resource.ResourceWithConfigure      = (*ServiceAccountTokenResource)(nil)
	_ resource.ResourceWithImportState    = (*ServiceAccountTokenResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*ServiceAccountTokenResource)(nil)
	_ resource.ResourceWithValidateConfig = (*ServiceAccountTokenResource)(nil)
)

// serviceAccountTokenMaxDays is the longest validity of a service account
// token in days: the descriptor's 2524608000s (80 years of 365.25 days).
const serviceAccountTokenMaxDays = 29220

// NewServiceAccountTokenResource returns the gitpod_service_account_token resource.
func NewServiceAccountTokenResource() resource.Resource { return &ServiceAccountTokenResource{} }

// ServiceAccountTokenResource manages a long-lived token of a service
// account, with the rotation rules of gitpod_personal_access_token.
type ServiceAccountTokenResource struct{ data *providerData }

// ServiceAccountTokenResourceModel is the resource's state.
type ServiceAccountTokenResourceModel struct {
	ID                 types.String      `tfsdk:"id"`
	ServiceAccountID   types.String      `tfsdk:"service_account_id"`
	Description        types.String      `tfsdk:"description"`
	ExpiresInDays      types.Int64       `tfsdk:"expires_in_days"`
	RotateBeforeDays   types.Int64       `tfsdk:"rotate_before_days"`
	RotationTriggers   types.Map         `tfsdk:"rotation_triggers"`
	Token              types.String      `tfsdk:"token"`
	PendingRevocations types.List        `tfsdk:"pending_revocations"`
	CreatedAt          timetypes.RFC3339 `tfsdk:"created_at"`
	ExpiresAt          timetypes.RFC3339 `tfsdk:"expires_at"`
	LastUsed           timetypes.RFC3339 `tfsdk:"last_used"`
}

func (m *ServiceAccountTokenResourceModel) refs() tokenRefs {
	return tokenRefs{
		ID: &m.ID, ExpiresInDays: &m.ExpiresInDays, RotateBeforeDays: &m.RotateBeforeDays, RotationTriggers: &m.RotationTriggers,
		Token: &m.Token, PendingRevocations: &m.PendingRevocations, CreatedAt: &m.CreatedAt, Expiry: &m.ExpiresAt,
	}
}

// label names the token for messages.
func (m *ServiceAccountTokenResourceModel) label() string {
	return fmt.Sprintf("Service account token %q (%s)", gitpod.Sanitize(m.Description.ValueString()), m.ID.ValueString())
}

func (m *ServiceAccountTokenResourceModel) identity() ServiceAccountTokenIdentityModel {
	return ServiceAccountTokenIdentityModel{ServiceAccountID: m.ServiceAccountID, ID: m.ID}
}

func (r *ServiceAccountTokenResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_service_account_token"
	// A rotation is a new token: the identity changes.
	resp.ResourceBehavior.MutableIdentity = true
}

func (r *ServiceAccountTokenResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	keep := []planmodifier.String{stringplanmodifier.UseStateForUnknown()}
	resp.Schema = schema.Schema{
		Description: "Manages a long-lived token of a service account (`gitpod_service_account`) on today's Gitpod (`gitpod.v1`), for CI: it acts as the account, so it does not depend on any person's account. " +
			"Gitpod shows a token's value once: it is stored (sensitive) in state at creation and at every rotation. Gitpod cannot change a token, so every rotation creates the new token first and then deletes the old one (a new ID), as `gitpod_personal_access_token` does on `gitpod.v1`, with the same rules: `rotate_before_days`, `rotation_triggers`, a change of `expires_in_days` or `description`, an expired token, or a value that can no longer work; the plan always says why. " +
			"No token outlives its account: Gitpod caps its expiry at the account's `valid_until`, and the plan warns when it asks for more. " +
			"The provider manages the tokens by acting as the account (a 30-minute access token, which only organization admins may get), so the provider's token must be an admin's. Not available on Gitpod Classic (a plan-time error).",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Description:   "The token's ID (a UUID). It changes at every rotation.",
				Computed:      true,
				PlanModifiers: keep,
			},
			"service_account_id": schema.StringAttribute{
				Description:   "The ID of the service account the token acts as. Changing it replaces the token.",
				Required:      true,
				Validators:    []validator.String{uuidValidator("a service account ID")},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"description": schema.StringAttribute{
				Description: "What the token is for: 1 to 255 characters, without control or bidirectional-override characters (the limit is the provider's, as the API states none). Changing it rotates the token (a new token replaces it), as Gitpod cannot change a token.",
				Required:    true,
				Validators:  []validator.String{textvalidator.LengthBetween(1, 255), textvalidator.NoControlCharacters(), notBlank, trimmed},
			},
			"expires_in_days": schema.Int64Attribute{
				Description: fmt.Sprintf("Validity in days, from creation or from the latest rotation: 1 to %d (80 years, the API's limit), but never past the service account's `valid_until`, where Gitpod caps it (the plan warns and says the real expiry). Defaults to `30`. Changing it rotates the token.", serviceAccountTokenMaxDays),
				Optional:    true,
				Computed:    true,
				Validators:  []validator.Int64{int64validator.Between(1, serviceAccountTokenMaxDays)},
			},
			"rotate_before_days": rotateBeforeDaysAttribute(" A token whose account ends within the window is not rotated (a new one could not last longer); the plan says so.",
				int64validator.Between(1, serviceAccountTokenMaxDays-1)),
			"rotation_triggers": rotationTriggersAttribute(),
			"token":             tokenValueAttribute(),
			"created_at": schema.StringAttribute{
				CustomType:    timetypes.RFC3339Type{},
				Description:   "When the token was created (RFC 3339). It changes at every rotation.",
				Computed:      true,
				PlanModifiers: keep,
			},
			"expires_at": schema.StringAttribute{
				CustomType:  timetypes.RFC3339Type{},
				Description: "When the token stops working (RFC 3339), as Gitpod holds it: at most the account's `valid_until`.",
				Computed:    true,
			},
			"last_used": schema.StringAttribute{
				CustomType:    timetypes.RFC3339Type{},
				Description:   "When the token was last used (RFC 3339), as of the latest refresh; null when never.",
				Computed:      true,
				PlanModifiers: keep,
			},
			"pending_revocations": pendingRevocationsAttribute("tokens (a rotation creates the new token, then deletes the old one)"),
		},
	}
}

func (r *ServiceAccountTokenResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

func (r *ServiceAccountTokenResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	validateRotateBefore(ctx, req.Config, &resp.Diagnostics)
}

// serviceAccountCeiling reads the account a token plan names, refusing at
// plan time what cannot be done: an account that does not exist, is
// system-managed, or (for a new token) cannot have tokens any more. The
// ceiling is zero while the account is unknown (created in the same plan).
func serviceAccountCeiling(ctx context.Context, c *gitpod.Client, id types.String, creating bool, now time.Time, diags *diag.Diagnostics) (gitpod.ServiceAccount, tokenCeiling) {
	if id.IsUnknown() || id.IsNull() {
		return gitpod.ServiceAccount{}, tokenCeiling{}
	}
	p := path.Root("service_account_id")
	a, err := c.ServiceAccount(ctx, id.ValueString())
	switch {
	case gitpod.IsNotFound(err):
		diags.AddAttributeError(p, "Service account not found",
			fmt.Sprintf("Service account %s does not exist in the provider's organization, so it cannot have tokens. Check service_account_id (the gitpod_service_accounts data source lists the accounts).", id.ValueString()))
		return a, tokenCeiling{}
	case err != nil:
		addAttributeError(diags, p, err)
		return a, tokenCeiling{}
	case a.SystemManaged:
		diags.AddAttributeError(p, "Service account cannot have managed tokens",
			fmt.Sprintf("Service account %q (%s) is system-managed: Gitpod lets no one act as it, so the provider cannot make, read or delete its tokens. Use a service account of your own (gitpod_service_account).", gitpod.Sanitize(a.Name), a.ID))
		return a, tokenCeiling{}
	}
	if why := a.Inactive(now); why != "" && creating {
		diags.AddAttributeError(p, "Service account cannot have new tokens",
			fmt.Sprintf("Service account %q (%s) cannot have new tokens: %s, and it authenticates nothing. Use another account, or give this one's gitpod_service_account a later valid_until (which replaces it).", gitpod.Sanitize(a.Name), a.ID, why))
	}
	return a, tokenCeiling{at: a.ValidUntil, whose: fmt.Sprintf("its service account %q (%s) ends", gitpod.Sanitize(a.Name), a.ID)}
}

// warnCapped is the plan's warning when the validity asked for passes the
// account's end, where Gitpod caps the token.
func warnCapped(plan ServiceAccountTokenResourceModel, ceiling tokenCeiling, now time.Time, diags *diag.Diagnostics) {
	if ceiling.at.IsZero() || plan.ExpiresInDays.IsUnknown() {
		return
	}
	days := plan.ExpiresInDays.ValueInt64()
	asked := now.Add(time.Duration(days) * tokenlife.Day)
	if !asked.After(ceiling.at) {
		return
	}
	diags.AddAttributeWarning(path.Root("expires_in_days"), "Token expiry capped by its service account",
		fmt.Sprintf("Service account token %q asks for %d days (until %s), but %s at %s, and Gitpod caps a token's expiry there: the token will expire at %s. Give the account a later valid_until (which replaces it) for longer-lived tokens.",
			gitpod.Sanitize(plan.Description.ValueString()), days, asked.UTC().Format(time.RFC3339), ceiling.whose, ceiling.at.UTC().Format(time.RFC3339), ceiling.at.UTC().Format(time.RFC3339)))
}

// ModifyPlan refuses the resource where the API has no service accounts,
// checks the account, fills in the default validity, and decides whether
// the token is rotated, saying why (the rules of
// gitpod_personal_access_token, bounded by the account's end).
func (r *ServiceAccountTokenResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		warnPendingOnDestroy(ctx, req, resp, &ServiceAccountTokenResourceModel{})
		return
	}
	if r.data == nil {
		return
	}
	c := serviceAccountsClient(ctx, r.data, &resp.Diagnostics, adviceWithoutServiceAccounts)
	if c == nil {
		return
	}
	var plan, cfg ServiceAccountTokenResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	now := r.data.clock()
	creating := req.State.Raw.IsNull()
	account, ceiling := serviceAccountCeiling(ctx, c, plan.ServiceAccountID, creating, now, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	exp := daysExpiry(cfg.ExpiresInDays, plan.refs())
	if creating {
		planPendingRevocations(&plan, nil, &resp.Diagnostics)
		warnCapped(plan, ceiling, now, &resp.Diagnostics)
		resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
		return
	}
	var state ServiceAccountTokenResourceModel
	stale, ok := tokenInState(ctx, req, resp, &plan, &state)
	if !ok {
		return
	}
	d := decideRotation(rotationInput{
		kind: serviceAccountTokenKind, plan: plan.refs(), state: state.refs(), object: state.label(), exp: exp, stale: stale, now: now,
		changedInPlace: !plan.Description.Equal(state.Description), ceiling: ceiling,
	}, &resp.Diagnostics)
	if why := account.Inactive(now); why != "" && d.reason != tokenlife.NoRotation && account.ID != "" {
		// What the configuration changed, whichever reason comes first.
		asked := !plan.RotationTriggers.Equal(state.RotationTriggers) || !plan.Description.Equal(state.Description) ||
			(!state.ExpiresInDays.IsNull() && !plan.ExpiresInDays.Equal(state.ExpiresInDays))
		d = cannotRotate(state, account, why, d, asked, &resp.Diagnostics)
	}
	if resp.Diagnostics.HasError() {
		return
	}
	if d.reason == tokenlife.NoRotation {
		keepToken(serviceAccountTokenKind, plan.refs(), state.refs(), exp, d, ceiling, now, &resp.Diagnostics)
		plan.LastUsed = state.LastUsed
	} else {
		planRotation(serviceAccountTokenKind, plan.refs(), exp, d, false, &resp.Diagnostics)
		plan.LastUsed = timetypes.NewRFC3339Unknown()
		warnCapped(plan, ceiling, now, &resp.Diagnostics)
	}
	resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
}

// cannotRotate handles a rotation of a token whose account authenticates
// nothing any more, so no new token can be made: one the configuration
// asks for (asked) is a plan-time error; one that time or a lost answer
// calls for is a warning, and the token is kept (drift never blocks a
// plan).
func cannotRotate(state ServiceAccountTokenResourceModel, a gitpod.ServiceAccount, why string, d rotation, asked bool, diags *diag.Diagnostics) rotation {
	account := fmt.Sprintf("its service account %q (%s) cannot have new tokens: %s. The token authenticates nothing any more. Give the account's gitpod_service_account a later valid_until (which replaces it and its tokens), or remove this token.",
		gitpod.Sanitize(a.Name), a.ID, why)
	if asked {
		diags.AddError("Service account token cannot be rotated",
			fmt.Sprintf("The configuration asks to rotate %s (rotation_triggers, description or expires_in_days changed), but %s", state.label(), account))
		return d
	}
	diags.AddWarning("Service account token cannot be rotated",
		fmt.Sprintf("%s would be rotated because %s, but %s Until then plans keep it as it is.", state.label(), d.reason, account))
	d.reason = tokenlife.NoRotation
	return d
}

// spec is the token to ask for now, for a create or a rotation.
func (m *ServiceAccountTokenResourceModel) spec() gitpod.ServiceAccountTokenSpec {
	return gitpod.ServiceAccountTokenSpec{Description: m.Description.ValueString(), ValidFor: time.Duration(m.ExpiresInDays.ValueInt64()) * tokenlife.Day}
}

func (r *ServiceAccountTokenResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan ServiceAccountTokenResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	c := r.data.client(ctx, &resp.Diagnostics)
	if c == nil {
		return
	}
	t, value, err := c.CreateServiceAccountToken(ctx, plan.ServiceAccountID.ValueString(), plan.spec())
	if t.ID == "" {
		addError(&resp.Diagnostics, err)
		return
	}
	setServiceAccountTokenState(&plan, t)
	saveCreatedToken(ctx, c, resp, &plan, value, plan.identity(), err)
}

func (r *ServiceAccountTokenResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state ServiceAccountTokenResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	c := r.data.client(ctx, &resp.Diagnostics)
	if c == nil {
		return
	}
	accountID, id := state.ServiceAccountID.ValueString(), state.ID.ValueString()
	setIdentity(ctx, resp.Identity, state.identity(), &resp.Diagnostics)
	a, err := c.ServiceAccount(ctx, accountID)
	gone := ""
	switch {
	case gitpod.IsNotFound(err):
		if !checkOwner(ctx, c, req.Private, "Service account token "+id, true, &resp.Diagnostics) {
			return
		}
		gone = fmt.Sprintf("its service account %s was not found (removed outside Terraform)", accountID)
	case err != nil:
		addError(&resp.Diagnostics, err)
		return
	case a.Suspended:
		gone = fmt.Sprintf("its service account %q (%s) was deleted (it is suspended), so the token authenticates nothing", gitpod.Sanitize(a.Name), accountID)
	case a.Inactive(r.data.clock()) != "":
		// Expired: no one can act as the account to read its tokens, which
		// authenticate nothing; the plan says so.
		resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
		return
	}
	var t gitpod.ServiceAccountToken
	if gone == "" {
		t, err = c.ServiceAccountToken(ctx, accountID, id)
		switch {
		case gitpod.IsNotFound(err):
			gone = "it was not found (revoked outside Terraform)"
		case err != nil:
			addError(&resp.Diagnostics, err)
			return
		}
	}
	if gone != "" {
		resp.Diagnostics.AddWarning("Service account token no longer exists",
			fmt.Sprintf("%s is gone: %s. It has been removed from state, so the plan will create a new one.", state.label(), gone))
		resp.State.RemoveResource(ctx)
		return
	}
	imported := state.Description.IsNull()
	setServiceAccountTokenState(&state, t)
	state.PendingRevocations = idList(stillListed(ctx, idsOf(state.PendingRevocations), func(ctx context.Context) ([]string, error) {
		ts, err := c.ServiceAccountTokens(ctx, accountID)
		ids := make([]string, 0, len(ts))
		for _, t := range ts {
			ids = append(ids, t.ID)
		}
		return ids, err
	}))
	if imported {
		// The validity said one way, so that a configuration generated
		// from this state plans no change.
		state.ExpiresInDays = types.Int64Null()
		if days, ok := tokenlife.WholeDays(t.CreatedAt, t.ExpiresAt); ok && days <= serviceAccountTokenMaxDays {
			state.ExpiresInDays = types.Int64Value(days)
		}
		state.Token = types.StringNull()
	}
	if raw, _ := req.Private.GetKey(ctx, privateOwner); len(raw) == 0 {
		rememberOwner(ctx, c, resp.Private, &resp.Diagnostics)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

func (r *ServiceAccountTokenResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state ServiceAccountTokenResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	c := r.data.client(ctx, &resp.Diagnostics)
	if c == nil {
		return
	}
	accountID := state.ServiceAccountID.ValueString()
	del := func(ctx context.Context, id string) error { return c.DeleteServiceAccountToken(ctx, accountID, id) }
	// The identity stays unless a rotation replaces the token.
	setIdentity(ctx, resp.Identity, state.identity(), &resp.Diagnostics)
	revokePending(ctx, resp, &state, del)
	next := plan
	next.PendingRevocations = state.PendingRevocations
	if !plan.Token.IsUnknown() {
		next.ID, next.CreatedAt, next.Token, next.ExpiresAt, next.LastUsed = state.ID, state.CreatedAt, state.Token, state.ExpiresAt, state.LastUsed
		resp.Diagnostics.Append(resp.State.Set(ctx, &next)...)
		return
	}
	replaceToken(ctx, c, resp, &next, &state, tokenReplacement{
		create: func(ctx context.Context) (string, string, any, error) {
			t, value, err := c.CreateServiceAccountToken(ctx, accountID, plan.spec())
			if t.ID != "" {
				setServiceAccountTokenState(&next, t)
			}
			return t.ID, value, next.identity(), err
		},
		remove: del,
	})
}

func (r *ServiceAccountTokenResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state ServiceAccountTokenResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	c := r.data.client(ctx, &resp.Diagnostics)
	if c == nil {
		return
	}
	accountID := state.ServiceAccountID.ValueString()
	if a, err := c.ServiceAccount(ctx, accountID); err == nil {
		if why := a.Inactive(r.data.clock()); why != "" {
			resp.Diagnostics.AddWarning("Service account token counts as deleted",
				fmt.Sprintf("%s cannot be deleted, because no one can act as its service account %q (%s) any more: %s. The token authenticates nothing, so it is removed from state.", state.label(), gitpod.Sanitize(a.Name), accountID, why))
		}
	}
	deleteToken(ctx, &resp.Diagnostics, &state, func(ctx context.Context, id string) error {
		return c.DeleteServiceAccountToken(ctx, accountID, id)
	})
}

func (r *ServiceAccountTokenResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	id := importID(ctx, req, &resp.Diagnostics, func(i ServiceAccountTokenIdentityModel) string {
		return i.ServiceAccountID.ValueString() + "/" + i.ID.ValueString()
	})
	accountID, tokenID, ok := strings.Cut(id, "/")
	if !ok || !uuidPattern.MatchString(accountID) || !uuidPattern.MatchString(tokenID) {
		resp.Diagnostics.AddError("Invalid service account token ID",
			fmt.Sprintf("Import gitpod_service_account_token as <service_account_id>/<token_id>, two lower-case UUIDs (only the account can read its tokens, so both are needed); got %q.", gitpod.Sanitize(id)))
		return
	}
	importInto(ctx, resp, ServiceAccountTokenIdentityModel{ServiceAccountID: types.StringValue(accountID), ID: types.StringValue(tokenID)},
		"service_account_id", accountID, "id", tokenID)
}

// setServiceAccountTokenState copies the API's view of a token into the
// model. The value is not touched: the API shows it only once.
func setServiceAccountTokenState(m *ServiceAccountTokenResourceModel, t gitpod.ServiceAccountToken) {
	m.ID = types.StringValue(t.ID)
	if t.ServiceAccountID != "" {
		m.ServiceAccountID = types.StringValue(t.ServiceAccountID)
	}
	m.Description = types.StringValue(t.Description)
	m.CreatedAt = timeValue(t.CreatedAt)
	m.LastUsed = timeValue(t.LastUsed)
	if cur, ok := knownTime(m.ExpiresAt); !ok || !sameInstant(cur, t.ExpiresAt) {
		m.ExpiresAt = timeValue(t.ExpiresAt)
	}
}
