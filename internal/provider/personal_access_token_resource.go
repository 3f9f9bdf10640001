package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/gitpod-community/terraform-provider-gitpod/internal/gitpod"
	"github.com/gitpod-community/terraform-provider-gitpod/internal/provider/textvalidator"
	"github.com/gitpod-community/terraform-provider-gitpod/internal/tokenlife"
)

var (
	_ resource.Resource                   = (*PersonalAccessTokenResource)(nil)
	_ resource.ResourceWithConfigure      = (*PersonalAccessTokenResource)(nil)
	_ resource.ResourceWithImportState    = (*PersonalAccessTokenResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*PersonalAccessTokenResource)(nil)
	_ resource.ResourceWithValidateConfig = (*PersonalAccessTokenResource)(nil)
)

// privateStale is the private-state key that says why the value in state
// can no longer be valid; the next plan rotates the token.
const privateStale = "stale"

// setStale records why the value in state can no longer be valid, or
// clears the mark when reason is empty. Private state holds JSON only.
func setStale(ctx context.Context, p privateSetter, reason string) diag.Diagnostics {
	if reason == "" {
		return p.SetKey(ctx, privateStale, nil)
	}
	b, err := json.Marshal(reason)
	if err != nil {
		var diags diag.Diagnostics
		diags.AddError("Unable to record the token's state", err.Error())
		return diags
	}
	return p.SetKey(ctx, privateStale, b)
}

// getStale returns why the value in state can no longer be valid, or "".
func getStale(ctx context.Context, p privateGetter) (string, diag.Diagnostics) {
	raw, diags := p.GetKey(ctx, privateStale)
	if len(raw) == 0 {
		return "", diags
	}
	var reason string
	if err := json.Unmarshal(raw, &reason); err != nil || reason == "" {
		reason = "an earlier operation marked it as replaced"
	}
	return reason, diags
}

// NewPersonalAccessTokenResource returns the gitpod_personal_access_token resource.
func NewPersonalAccessTokenResource() resource.Resource { return &PersonalAccessTokenResource{} }

// PersonalAccessTokenResource manages a personal access token of the caller.
type PersonalAccessTokenResource struct{ data *providerData }

// PersonalAccessTokenResourceModel is the resource's state.
type PersonalAccessTokenResourceModel struct {
	ID                 types.String      `tfsdk:"id"`
	Name               types.String      `tfsdk:"name"`
	ReadOnly           types.Bool        `tfsdk:"read_only"`
	ExpiresInDays      types.Int64       `tfsdk:"expires_in_days"`
	ExpiresAt          timetypes.RFC3339 `tfsdk:"expires_at"`
	RotateBeforeDays   types.Int64       `tfsdk:"rotate_before_days"`
	RotationTriggers   types.Map         `tfsdk:"rotation_triggers"`
	Token              types.String      `tfsdk:"token"`
	PendingRevocations types.List        `tfsdk:"pending_revocations"`
	ValidUntil         timetypes.RFC3339 `tfsdk:"valid_until"`
	UserID             types.String      `tfsdk:"user_id"`
	CreatedAt          timetypes.RFC3339 `tfsdk:"created_at"`
}

func (m *PersonalAccessTokenResourceModel) refs() tokenRefs {
	return tokenRefs{
		ID: &m.ID, ExpiresInDays: &m.ExpiresInDays, RotateBeforeDays: &m.RotateBeforeDays, RotationTriggers: &m.RotationTriggers,
		Token: &m.Token, PendingRevocations: &m.PendingRevocations, CreatedAt: &m.CreatedAt, Expiry: &m.ValidUntil,
	}
}

// label names the token for messages.
func (m *PersonalAccessTokenResourceModel) label() string { return tokenOwner(*m) }

func (r *PersonalAccessTokenResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_personal_access_token"
	// On gitpod.v1 a rotation is a new token: the identity changes.
	resp.ResourceBehavior.MutableIdentity = true
}

func (r *PersonalAccessTokenResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	keep := []planmodifier.String{stringplanmodifier.UseStateForUnknown()}
	resp.Schema = schema.Schema{
		Description: "Manages a personal access token (PAT) of the provider's user, for example for CI. A token has all the rights of its user: Gitpod cannot scope it down (on today's Gitpod it can be made read-only). " +
			"Gitpod shows a token's value once: it is stored (sensitive) in state at creation and at every rotation, and cannot be read back later. " +
			"A rotation gives the token a new value when `rotate_before_days` says it is time, when `rotation_triggers` or the expiry arguments change, when it has expired, or when the value in state can no longer work (its rotation's answer was lost, or it was regenerated elsewhere); the plan always says why in a warning. " +
			"On Gitpod Classic a rotation regenerates the value in place and keeps the ID; on today's Gitpod (`gitpod.v1`), which cannot change a token, every change or rotation creates the new token first and then deletes the old one, so the value in state always works (the ID changes).",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Description:   "The token's ID (a UUID). Gitpod's audit logs reference it. On `gitpod.v1` it changes at every rotation.",
				Computed:      true,
				PlanModifiers: keep,
			},
			"name": schema.StringAttribute{
				Description: "A name for people (Classic's token name, `gitpod.v1`'s description). On Classic: 3 to 63 letters, digits, `-`, `_` or spaces; changing it updates the token in place. On `gitpod.v1` (free text of 1 to 255 characters, without control or bidirectional-override characters; the limit is the provider's, as the API states none) changing it replaces the token with a new one.",
				Required:    true,
				Validators:  []validator.String{textvalidator.LengthBetween(1, 255), textvalidator.NoControlCharacters(), notBlank, trimmed},
			},
			"read_only": schema.BoolAttribute{
				Description: "`gitpod.v1` only: a read-only token cannot change anything. Changing it replaces the token. Defaults to `false`; `true` is an error on Classic, whose tokens always have their user's full rights.",
				Optional:    true,
				Computed:    true,
				Default:     booldefault.StaticBool(false),
			},
			"expires_in_days": schema.Int64Attribute{
				Description: "Validity in days, from creation or from the latest rotation: 1 to 365 on Classic, 1 to 90 on `gitpod.v1`. Gitpod's UI offers 30, 60 or 90 days; use the shortest period that works. Defaults to `30` unless `expires_at` is set. Changing it rotates the token.",
				Optional:    true,
				Computed:    true,
				Validators: []validator.Int64{
					int64validator.Between(1, 365),
					int64validator.ConflictsWith(path.MatchRoot("expires_at")),
				},
			},
			"expires_at": schema.StringAttribute{
				CustomType:  timetypes.RFC3339Type{},
				Description: "Classic only: a fixed expiry (RFC 3339) instead of `expires_in_days`. Changing it rotates the token. Once it has passed, plans warn (the token no longer works) until it is moved to a later time. `gitpod.v1` only takes a validity period: use `expires_in_days` there.",
				Optional:    true,
				Validators:  []validator.String{stringvalidator.ConflictsWith(path.MatchRoot("expires_in_days"))},
			},
			"rotate_before_days": rotateBeforeDaysAttribute(" Cannot be combined with `expires_at` (a rotation would keep the same fixed expiry).",
				int64validator.Between(1, 364), int64validator.ConflictsWith(path.MatchRoot("expires_at"))),
			"rotation_triggers": rotationTriggersAttribute(),
			"token":             tokenValueAttribute(),
			"valid_until": schema.StringAttribute{
				CustomType:  timetypes.RFC3339Type{},
				Description: "When the token stops working (RFC 3339), as Gitpod holds it.",
				Computed:    true,
			},
			"user_id": schema.StringAttribute{
				Description:   "The ID of the user the token belongs to: the provider's user.",
				Computed:      true,
				PlanModifiers: keep,
			},
			"created_at": schema.StringAttribute{
				CustomType:    timetypes.RFC3339Type{},
				Description:   "When the token was created (RFC 3339). On `gitpod.v1` it changes at every rotation.",
				Computed:      true,
				PlanModifiers: keep,
			},
			"pending_revocations": pendingRevocationsAttribute("tokens (`gitpod.v1` rotations create the new token, then delete the old one)"),
		},
	}
}

func (r *PersonalAccessTokenResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

func (r *PersonalAccessTokenResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	validateRotateBefore(ctx, req.Config, &resp.Diagnostics)
}

// spec is the token to ask for now, for a create or a rotation.
func (r *PersonalAccessTokenResource) spec(plan PersonalAccessTokenResourceModel) gitpod.TokenSpec {
	s := gitpod.TokenSpec{Name: plan.Name.ValueString(), ReadOnly: plan.ReadOnly.ValueBool()}
	if t, ok := knownTime(plan.ExpiresAt); ok {
		s.ExpiresAt = t.UTC()
		return s
	}
	days := plan.ExpiresInDays.ValueInt64()
	s.ValidFor = time.Duration(days) * tokenlife.Day
	s.ExpiresAt = tokenlife.ExpiryFor(r.data.clock(), days, nil)
	return s
}

func (r *PersonalAccessTokenResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan PersonalAccessTokenResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	c := r.data.client(ctx, &resp.Diagnostics)
	if c == nil {
		return
	}
	t, value, err := c.CreateToken(ctx, r.spec(plan))
	if t.ID == "" {
		addError(&resp.Diagnostics, err)
		return
	}
	setTokenState(&plan, t)
	saveCreatedToken(ctx, c, resp, &plan, value, TokenIdentityModel{ID: types.StringValue(t.ID)}, err)
}

func (r *PersonalAccessTokenResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state PersonalAccessTokenResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	c := r.data.client(ctx, &resp.Diagnostics)
	if c == nil {
		return
	}
	id := state.ID.ValueString()
	setIdentity(ctx, resp.Identity, TokenIdentityModel{ID: state.ID}, &resp.Diagnostics)
	t, err := c.Token(ctx, id)
	if gitpod.IsNotFound(err) {
		if !checkOwner(ctx, c, req.Private, "Personal access token "+id, false, &resp.Diagnostics) {
			return
		}
		resp.Diagnostics.AddWarning("Personal access token no longer exists",
			fmt.Sprintf("%s was not found (revoked outside Terraform). It has been removed from state, so the plan will create a new one.", tokenOwner(state)))
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		addError(&resp.Diagnostics, gitpod.About(err, tokenLabel(state)))
		return
	}
	imported := state.ValidUntil.IsNull() && state.Name.IsNull()
	if was, ok := knownTime(state.ValidUntil); ok && !sameInstant(was, t.ExpiresAt) {
		// Only a regenerate changes a token's expiry: someone else made a
		// new value, and the one in state no longer works.
		reason := fmt.Sprintf("its expiry on the server changed outside Terraform, from %s to %s, which means it was regenerated elsewhere", was.Format(time.RFC3339), t.ExpiresAt.Format(time.RFC3339))
		resp.Diagnostics.Append(setStale(ctx, resp.Private, reason)...)
	}
	setTokenState(&state, t)
	state.PendingRevocations = idList(stillListed(ctx, idsOf(state.PendingRevocations), func(ctx context.Context) ([]string, error) {
		ts, err := c.Tokens(ctx)
		ids := make([]string, 0, len(ts))
		for _, t := range ts {
			ids = append(ids, t.ID)
		}
		return ids, err
	}))
	if imported {
		// Choose one way of saying the expiry, so that a configuration
		// generated from this state plans no change.
		state.ExpiresInDays, state.ExpiresAt = expiryOneWay(c, t)
		state.ReadOnly = types.BoolValue(t.ReadOnly)
		state.Token = types.StringNull()
	}
	if c.API() == gitpod.Classic && len(t.Scopes) == 0 {
		resp.Diagnostics.AddWarning("Personal access token grants no access",
			fmt.Sprintf("%s has no scopes on the server, so it cannot be used for anything. Change its name (or rename it back) to give it full access again, or rotate it.", tokenOwner(state)))
	}
	if raw, _ := req.Private.GetKey(ctx, privateOwner); len(raw) == 0 {
		rememberOwner(ctx, c, resp.Private, &resp.Diagnostics)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

func sameInstant(a, b time.Time) bool {
	d := a.Sub(b)
	return d > -time.Second && d < time.Second
}

func (r *PersonalAccessTokenResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state PersonalAccessTokenResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	c := r.data.client(ctx, &resp.Diagnostics)
	if c == nil {
		return
	}
	rotate := plan.Token.IsUnknown()
	// The identity stays unless a gitpod.v1 rotation replaces the token
	// (replace sets the new one).
	setIdentity(ctx, resp.Identity, TokenIdentityModel{ID: state.ID}, &resp.Diagnostics)
	// Tokens an earlier rotation replaced but could not delete go first.
	revokePending(ctx, resp, &state, c.DeleteToken)
	if !c.Has(gitpod.FeatureTokenRegenerate) {
		r.replace(ctx, c, plan, state, rotate, resp)
		return
	}
	id := state.ID.ValueString()
	next := plan
	next.ID, next.UserID, next.CreatedAt, next.Token, next.ValidUntil = state.ID, state.UserID, state.CreatedAt, state.Token, state.ValidUntil
	next.PendingRevocations = state.PendingRevocations
	if !plan.Name.Equal(state.Name) {
		t, err := c.RenameToken(ctx, id, plan.Name.ValueString())
		if err != nil {
			addAttributeError(&resp.Diagnostics, path.Root("name"), gitpod.About(err, tokenLabel(state)))
			return
		}
		setTokenState(&next, t)
	}
	if rotate {
		t, value, err := c.RegenerateToken(ctx, id, r.spec(plan).ExpiresAt)
		if err != nil {
			if gitpod.MayHaveBeenProcessed(err) {
				// The old value may be gone: remember it, so the next
				// plan rotates again instead of trusting a dead value.
				resp.Diagnostics.Append(setStale(ctx, resp.Private, "the answer of its last rotation was lost, so the value in state may have been replaced")...)
				next.RotationTriggers, next.ExpiresInDays, next.ExpiresAt, next.RotateBeforeDays = state.RotationTriggers, state.ExpiresInDays, state.ExpiresAt, state.RotateBeforeDays
				resp.Diagnostics.Append(resp.State.Set(ctx, &next)...)
			}
			addError(&resp.Diagnostics, gitpod.About(err, tokenLabel(state)))
			return
		}
		setTokenState(&next, t)
		next.Token = types.StringValue(value)
		resp.Diagnostics.Append(setStale(ctx, resp.Private, "")...)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &next)...)
}

// replace is Update on gitpod.v1, which cannot change a token: a new token
// is created first, then the old one is deleted, so the state always holds
// a working value.
func (r *PersonalAccessTokenResource) replace(ctx context.Context, c *gitpod.Client, plan, state PersonalAccessTokenResourceModel, rotate bool, resp *resource.UpdateResponse) {
	next := plan
	next.PendingRevocations = state.PendingRevocations
	if !rotate {
		next.ID, next.UserID, next.CreatedAt, next.Token, next.ValidUntil = state.ID, state.UserID, state.CreatedAt, state.Token, state.ValidUntil
		resp.Diagnostics.Append(resp.State.Set(ctx, &next)...)
		return
	}
	replaceToken(ctx, c, resp, &next, &state, tokenReplacement{
		create: func(ctx context.Context) (string, string, any, error) {
			t, value, err := c.CreateToken(ctx, r.spec(plan))
			if t.ID != "" {
				setTokenState(&next, t)
			}
			return t.ID, value, TokenIdentityModel{ID: types.StringValue(t.ID)}, err
		},
		remove: c.DeleteToken,
	})
}

// tokenOwner names a token resource for messages, at the start of a
// sentence: `Token "ci" (id)`.
func tokenOwner(m PersonalAccessTokenResourceModel) string {
	if m.Name.IsNull() || m.Name.IsUnknown() || m.Name.ValueString() == "" {
		return "Token " + m.ID.ValueString()
	}
	return fmt.Sprintf("Token %q (%s)", gitpod.Sanitize(m.Name.ValueString()), m.ID.ValueString())
}

// tokenLabel names a token in errors: `personal access token "ci" (id)`.
func tokenLabel(m PersonalAccessTokenResourceModel) string {
	return "personal access " + strings.ToLower(tokenOwner(m)[:1]) + tokenOwner(m)[1:]
}

func (r *PersonalAccessTokenResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state PersonalAccessTokenResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	c := r.data.client(ctx, &resp.Diagnostics)
	if c == nil {
		return
	}
	deleteToken(ctx, &resp.Diagnostics, &state, c.DeleteToken)
}

func (r *PersonalAccessTokenResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	id := importID(ctx, req, &resp.Diagnostics, func(i TokenIdentityModel) string { return i.ID.ValueString() })
	if !uuidPattern.MatchString(id) {
		resp.Diagnostics.AddError("Invalid personal access token ID",
			fmt.Sprintf("Import gitpod_personal_access_token by the token's ID, a lower-case UUID; got %q. The gitpod_personal_access_tokens data source lists your tokens and their IDs.", gitpod.Sanitize(id)))
		return
	}
	importInto(ctx, resp, TokenIdentityModel{ID: types.StringValue(id)}, "id", id)
}

// setTokenState copies the API's view of a token into the model. The value
// is not touched: the API shows it only once.
func setTokenState(m *PersonalAccessTokenResourceModel, t gitpod.Token) {
	m.ID = types.StringValue(t.ID)
	m.Name = types.StringValue(strings.TrimSpace(t.Name))
	m.ReadOnly = types.BoolValue(t.ReadOnly)
	m.UserID = stringOrNull(t.UserID)
	m.CreatedAt = timeValue(t.CreatedAt)
	if cur, ok := knownTime(m.ValidUntil); !ok || !sameInstant(cur, t.ExpiresAt) {
		m.ValidUntil = timeValue(t.ExpiresAt)
	}
}
