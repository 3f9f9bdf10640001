package provider

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/gitpod-community/terraform-provider-gitpod/internal/gitpod"
	"github.com/gitpod-community/terraform-provider-gitpod/internal/provider/textvalidator"
	"github.com/gitpod-community/terraform-provider-gitpod/internal/tokenlife"
)

var (
	_ resource.Resource                = (*ServiceAccountResource)(nil)
	_ resource.ResourceWithConfigure   = (*ServiceAccountResource)(nil)
	_ resource.ResourceWithImportState = (*ServiceAccountResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*ServiceAccountResource)(nil)
)

// Service account limits (gitpod.v1's descriptors): names of 1 to 64
// characters, descriptions of up to 500.
const (
	serviceAccountNameMax        = 64
	serviceAccountDescriptionMax = 500
)

// NewServiceAccountResource returns the gitpod_service_account resource.
func NewServiceAccountResource() resource.Resource { return &ServiceAccountResource{} }

// ServiceAccountResource manages a gitpod.v1 service account.
type ServiceAccountResource struct{ data *providerData }

// ServiceAccountResourceModel is the resource's state.
type ServiceAccountResourceModel struct {
	ID             types.String      `tfsdk:"id"`
	Name           types.String      `tfsdk:"name"`
	Description    types.String      `tfsdk:"description"`
	ValidUntil     timetypes.RFC3339 `tfsdk:"valid_until"`
	OrganizationID types.String      `tfsdk:"organization_id"`
	CreatorID      types.String      `tfsdk:"creator_id"`
	CreatedAt      timetypes.RFC3339 `tfsdk:"created_at"`
}

func (r *ServiceAccountResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_service_account"
}

func (r *ServiceAccountResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	keep := []planmodifier.String{stringplanmodifier.UseStateForUnknown()}
	resp.Schema = schema.Schema{
		Description: "Manages a service account of the provider's organization on today's Gitpod (`gitpod.v1`): an identity that belongs to no person, for CI and automation. Its tokens (`gitpod_service_account_token`) keep working when people leave, and carry the account's rights, not a person's. " +
			"Only organization admins manage service accounts. Not available on Gitpod Classic, which has none (a plan-time error). " +
			"Deleting it suspends it (Gitpod keeps it, hidden, and it authenticates nothing any more); one deleted or removed outside Terraform is planned to be created again.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Description:   "The service account's ID (a UUID), assigned by Gitpod.",
				Computed:      true,
				PlanModifiers: keep,
			},
			"name": schema.StringAttribute{
				Description: fmt.Sprintf("A name for people: 1 to %d characters, without control or bidirectional-override characters. Names need not be unique. Changing it updates the account in place.", serviceAccountNameMax),
				Required:    true,
				Validators:  []validator.String{textvalidator.LengthBetween(1, serviceAccountNameMax), textvalidator.NoControlCharacters()},
			},
			"description": schema.StringAttribute{
				Description: fmt.Sprintf("What the account is for: up to %d characters, on one line. Defaults to empty. Changing it updates the account in place.", serviceAccountDescriptionMax),
				Optional:    true,
				Computed:    true,
				Default:     stringdefault.StaticString(""),
				Validators:  []validator.String{textvalidator.LengthBetween(0, serviceAccountDescriptionMax), textvalidator.NoControlCharacters()},
			},
			"valid_until": schema.StringAttribute{
				CustomType: timetypes.RFC3339Type{},
				Description: "When the account stops working (RFC 3339, such as `2027-01-01T00:00:00Z`); required, as Gitpod requires it, and it must be in the future. Every token of the account stops then too: Gitpod caps their expiry at this time. " +
					"Gitpod cannot change it, so changing it **replaces** the account (a new ID), and with it every `gitpod_service_account_token` that references it; the plan warns. Another spelling of the same instant changes nothing. Plans warn from a week before it.",
				Required: true,
				PlanModifiers: []planmodifier.String{
					stringplanmodifier.RequiresReplaceIf(validUntilMoved, "A change of the instant replaces the account: Gitpod cannot change valid_until.", "A change of the instant replaces the account: Gitpod cannot change `valid_until`."),
				},
			},
			"organization_id": schema.StringAttribute{
				Description:   "The organization the account belongs to: the one of the provider's token.",
				Computed:      true,
				PlanModifiers: keep,
			},
			"creator_id": schema.StringAttribute{
				Description:   "The ID of the user who created the account.",
				Computed:      true,
				PlanModifiers: keep,
			},
			"created_at": schema.StringAttribute{
				CustomType:    timetypes.RFC3339Type{},
				Description:   "When the account was created (RFC 3339).",
				Computed:      true,
				PlanModifiers: keep,
			},
		},
	}
}

// validUntilMoved replaces the account when valid_until names another
// instant; another spelling of the same one is no change.
func validUntilMoved(ctx context.Context, req planmodifier.StringRequest, resp *stringplanmodifier.RequiresReplaceIfFuncResponse) {
	var plan, state timetypes.RFC3339
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, req.Path, &plan)...)
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, req.Path, &state)...)
	p, ok1 := knownTime(plan)
	s, ok2 := knownTime(state)
	resp.RequiresReplace = !ok1 || !ok2 || !p.Equal(s)
}

func (r *ServiceAccountResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

// serviceAccountsClient is the client for a service-account type, or nil
// after an error: where the API has none (Classic), the refusal on the
// block, before any call; advice says what to do instead.
func serviceAccountsClient(ctx context.Context, pd *providerData, diags *diag.Diagnostics, advice string) *gitpod.Client {
	c := pd.client(ctx, diags)
	if c != nil && !c.Has(gitpod.FeatureServiceAccounts) {
		notAvailable(diags, path.Empty(), c, gitpod.FeatureServiceAccounts, advice)
		return nil
	}
	return c
}

// adviceWithoutServiceAccounts is what to do instead of a service account
// resource on an API without them.
const adviceWithoutServiceAccounts = "Use gitpod_personal_access_token for CI credentials there, or point the provider at today's Gitpod."

// ModifyPlan refuses the resource where the API has no service accounts,
// and an end that is not in the future; it warns when the account is
// replaced, and when it ends soon or has ended.
func (r *ServiceAccountResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() || r.data == nil {
		return
	}
	c := serviceAccountsClient(ctx, r.data, &resp.Diagnostics, adviceWithoutServiceAccounts)
	if c == nil {
		return
	}
	var plan ServiceAccountResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	now := r.data.clock()
	until, known := knownTime(plan.ValidUntil)
	name := gitpod.Sanitize(plan.Name.ValueString())
	if req.State.Raw.IsNull() {
		if known && !until.After(now) {
			resp.Diagnostics.AddAttributeError(path.Root("valid_until"), "valid_until is not in the future",
				fmt.Sprintf("The new service account %q would end at %s, which is not in the future (now %s). Gitpod refuses it: set a later valid_until.", name, until.UTC().Format(time.RFC3339), now.UTC().Format(time.RFC3339)))
		}
		return
	}
	var state ServiceAccountResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	object := fmt.Sprintf("Service account %q (%s)", gitpod.Sanitize(state.Name.ValueString()), state.ID.ValueString())
	was, _ := knownTime(state.ValidUntil)
	switch {
	case !known:
		resp.Diagnostics.AddAttributeWarning(path.Root("valid_until"), "Service account will be replaced",
			fmt.Sprintf("%s will be replaced if valid_until, known only after apply, names another time: Gitpod cannot change it. A new account has a new ID, and every gitpod_service_account_token that references it is replaced too, with new values.", object))
	case !until.Equal(was) && !until.After(now):
		resp.Diagnostics.AddAttributeError(path.Root("valid_until"), "valid_until is not in the future",
			fmt.Sprintf("%s would be replaced by one that ends at %s, which is not in the future (now %s). Gitpod refuses it: set a later valid_until.", object, until.UTC().Format(time.RFC3339), now.UTC().Format(time.RFC3339)))
	case !until.Equal(was):
		resp.Diagnostics.AddAttributeWarning(path.Root("valid_until"), "Service account will be replaced",
			fmt.Sprintf("Changing valid_until from %s to %s replaces %s, because Gitpod cannot change it: the new account has a new ID, and every gitpod_service_account_token that references it is replaced too, with new values. Whatever uses the old account's tokens must be given the new ones.",
				was.UTC().Format(time.RFC3339), until.UTC().Format(time.RFC3339), object))
	case !now.Before(was):
		resp.Diagnostics.AddAttributeWarning(path.Root("valid_until"), "Service account has expired",
			fmt.Sprintf("%s ended at %s: it and its tokens authenticate nothing any more. valid_until cannot change, so set a later one to replace the account (and its tokens).", object, was.UTC().Format(time.RFC3339)))
	case tokenlife.ExpiresSoon(now, was, 0):
		resp.Diagnostics.AddAttributeWarning(path.Root("valid_until"), "Service account expires soon",
			fmt.Sprintf("%s ends at %s, in %s, and its tokens with it. valid_until cannot change: set a later one to replace the account (and its tokens) before then.", object, was.UTC().Format(time.RFC3339), tokenlife.Left(now, was)))
	}
}

func (r *ServiceAccountResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan ServiceAccountResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	c := r.data.client(ctx, &resp.Diagnostics)
	if c == nil {
		return
	}
	until, _ := knownTime(plan.ValidUntil)
	a, err := c.CreateServiceAccount(ctx, gitpod.ServiceAccountSpec{Name: plan.Name.ValueString(), Description: plan.Description.ValueString(), ValidUntil: until.UTC()})
	if a.ID == "" {
		addError(&resp.Diagnostics, err)
		return
	}
	setServiceAccountState(&plan, a)
	if err != nil {
		// The account exists (an interrupt after it was made): save it.
		addError(&resp.Diagnostics, err)
	}
	rememberOwner(ctx, c, resp.Private, &resp.Diagnostics)
	setIdentity(ctx, resp.Identity, ServiceAccountIdentityModel{ID: types.StringValue(a.ID)}, &resp.Diagnostics)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

func (r *ServiceAccountResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state ServiceAccountResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	c := r.data.client(ctx, &resp.Diagnostics)
	if c == nil {
		return
	}
	id := state.ID.ValueString()
	setIdentity(ctx, resp.Identity, ServiceAccountIdentityModel{ID: types.StringValue(id)}, &resp.Diagnostics)
	a, err := c.ServiceAccount(ctx, id)
	switch {
	case gitpod.IsNotFound(err):
		if !checkOwner(ctx, c, req.Private, "Service account "+id, true, &resp.Diagnostics) {
			return
		}
		resp.Diagnostics.AddWarning("Service account no longer exists",
			fmt.Sprintf("Service account %q (%s) was not found (removed outside Terraform). It has been removed from state, so the plan will create it again.", gitpod.Sanitize(state.Name.ValueString()), id))
		resp.State.RemoveResource(ctx)
		return
	case err != nil:
		addError(&resp.Diagnostics, err)
		return
	case a.Suspended:
		resp.Diagnostics.AddWarning("Service account was deleted",
			fmt.Sprintf("Service account %q (%s) was deleted outside Terraform: Gitpod keeps it suspended, and it authenticates nothing any more. It has been removed from state, so the plan will create a new one.", gitpod.Sanitize(a.Name), id))
		resp.State.RemoveResource(ctx)
		return
	}
	setServiceAccountState(&state, a)
	if raw, _ := req.Private.GetKey(ctx, privateOwner); len(raw) == 0 {
		rememberOwner(ctx, c, resp.Private, &resp.Diagnostics)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

func (r *ServiceAccountResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state ServiceAccountResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	c := r.data.client(ctx, &resp.Diagnostics)
	if c == nil {
		return
	}
	id := state.ID.ValueString()
	setIdentity(ctx, resp.Identity, ServiceAccountIdentityModel{ID: types.StringValue(id)}, &resp.Diagnostics)
	var name, description *string
	if !plan.Name.Equal(state.Name) {
		name = plan.Name.ValueStringPointer()
	}
	if !plan.Description.Equal(state.Description) {
		description = plan.Description.ValueStringPointer()
	}
	next := state
	// Only the spelling of valid_until can differ here (another instant
	// replaces the account).
	next.ValidUntil = plan.ValidUntil
	if name != nil || description != nil {
		a, err := c.UpdateServiceAccount(ctx, id, name, description)
		if err != nil {
			addError(&resp.Diagnostics, gitpod.WithHint(err, "System-managed service accounts cannot be changed, and deleted ones neither."))
			return
		}
		setServiceAccountState(&next, a)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &next)...)
}

func (r *ServiceAccountResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state ServiceAccountResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	c := r.data.client(ctx, &resp.Diagnostics)
	if c == nil {
		return
	}
	if err := c.DeleteServiceAccount(ctx, state.ID.ValueString()); err != nil {
		addError(&resp.Diagnostics, err)
	}
}

func (r *ServiceAccountResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	id := importID(ctx, req, &resp.Diagnostics, func(i ServiceAccountIdentityModel) string { return i.ID.ValueString() })
	if !uuidPattern.MatchString(id) {
		resp.Diagnostics.AddError("Invalid service account ID",
			fmt.Sprintf("Import gitpod_service_account by the account's ID, a lower-case UUID such as 5a0c1d2e-3f40-4a5b-8c6d-7e8f9a0b1c2d; got %q. The gitpod_service_accounts data source lists the accounts and their IDs.", gitpod.Sanitize(id)))
		return
	}
	if c := r.data.client(ctx, &resp.Diagnostics); c != nil && c.Has(gitpod.FeatureServiceAccounts) {
		// What cannot be managed is refused now rather than at the first
		// change or destroy.
		if a, err := c.ServiceAccount(ctx, id); err == nil && a.SystemManaged {
			resp.Diagnostics.AddError("Service account cannot be managed",
				fmt.Sprintf("Service account %q (%s) is system-managed: Gitpod made it and allows no one to change or delete it, so Terraform cannot manage it. Read it with the gitpod_service_accounts data source instead.", gitpod.Sanitize(a.Name), id))
			return
		}
	}
	importInto(ctx, resp, ServiceAccountIdentityModel{ID: types.StringValue(id)}, "id", id)
}

// setServiceAccountState copies the API's view of an account into the
// model.
func setServiceAccountState(m *ServiceAccountResourceModel, a gitpod.ServiceAccount) {
	m.ID = types.StringValue(a.ID)
	m.Name = types.StringValue(a.Name)
	m.Description = types.StringValue(a.Description)
	m.OrganizationID = stringOrNull(a.OrganizationID)
	m.CreatorID = stringOrNull(a.CreatorID)
	m.CreatedAt = timeValue(a.CreatedAt)
	// Another spelling of the same instant stays as configured.
	if cur, ok := knownTime(m.ValidUntil); !ok || !cur.Equal(a.ValidUntil) {
		m.ValidUntil = timeValue(a.ValidUntil)
	}
}
