package provider

import (
	"context"
	"fmt"
	"slices"
	"time"

	"connectrpc.com/connect"
	"github.com/google/uuid"
	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/setdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"
	"google.golang.org/protobuf/types/known/fieldmaskpb"
	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/gitpod-community/terraform-provider-gitpod/internal/api"
	gitpodv1 "github.com/gitpod-community/terraform-provider-gitpod/internal/api/gen/gitpod/experimental/v1"
	"github.com/gitpod-community/terraform-provider-gitpod/internal/tokenlife"
)

var (
	_ resource.Resource                   = (*PersonalAccessTokenResource)(nil)
	_ resource.ResourceWithConfigure      = (*PersonalAccessTokenResource)(nil)
	_ resource.ResourceWithImportState    = (*PersonalAccessTokenResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*PersonalAccessTokenResource)(nil)
	_ resource.ResourceWithValidateConfig = (*PersonalAccessTokenResource)(nil)
)

// NewPersonalAccessTokenResource returns the gitpod_personal_access_token resource.
func NewPersonalAccessTokenResource() resource.Resource { return &PersonalAccessTokenResource{} }

// PersonalAccessTokenResource manages a personal access token of the caller.
type PersonalAccessTokenResource struct{ data *providerData }

// PersonalAccessTokenResourceModel is the resource's state.
type PersonalAccessTokenResourceModel struct {
	ID               types.String      `tfsdk:"id"`
	Name             types.String      `tfsdk:"name"`
	Description      types.String      `tfsdk:"description"`
	Scopes           types.Set         `tfsdk:"scopes"`
	ExpiresInDays    types.Int64       `tfsdk:"expires_in_days"`
	ExpiresAt        timetypes.RFC3339 `tfsdk:"expires_at"`
	RotateBeforeDays types.Int64       `tfsdk:"rotate_before_days"`
	RotationTriggers types.Map         `tfsdk:"rotation_triggers"`
	Token            types.String      `tfsdk:"token"`
	Hash             types.String      `tfsdk:"hash"`
	CreatedAt        timetypes.RFC3339 `tfsdk:"created_at"`
}

func (r *PersonalAccessTokenResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_personal_access_token"
}

func (r *PersonalAccessTokenResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		Description: "Manages a personal access token (PAT) of the provider's user, for example for CI. " +
			"The token value is shown once by Gitpod: it is stored (sensitive) in state at creation and at every rotation, and cannot be read back later. " +
			"Rotation regenerates the value in place (the ID stays) when `rotate_before_days` says it is time, when `rotation_triggers` change, when the expiry arguments change, or when the token has expired.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Description:   "The token's ID (a UUID). Gitpod's audit logs reference it.",
				Computed:      true,
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"name": schema.StringAttribute{
				Description: "A name for humans, 1 to 255 characters. Changing it updates the token in place.",
				Required:    true,
				Validators:  []validator.String{stringvalidator.LengthBetween(1, 255), notBlank},
			},
			"description": schema.StringAttribute{
				Description: "A longer description. Changing it updates the token in place. Defaults to empty.",
				Optional:    true,
				Computed:    true,
				Default:     stringdefault.StaticString(""),
			},
			"scopes": schema.SetAttribute{
				Description: "Permission scopes. With no scopes (the default) the token grants **no access at all**; `[\"*\"]` grants everything the token's user may do. Changing them updates the token in place.",
				ElementType: types.StringType,
				Optional:    true,
				Computed:    true,
				Default:     setdefault.StaticValue(types.SetValueMust(types.StringType, nil)),
				Validators:  []validator.Set{setvalidator.ValueStringsAre(stringvalidator.LengthAtLeast(1))},
			},
			"expires_in_days": schema.Int64Attribute{
				Description: "Validity in days, from creation or from the latest rotation, 1 to 365. Gitpod's UI offers 30, 60 or 90 days; use the shortest period that works. Defaults to `30` unless `expires_at` is set. Changing it rotates the token.",
				Optional:    true,
				Computed:    true,
				Validators: []validator.Int64{
					int64validator.Between(1, 365),
					int64validator.ConflictsWith(path.MatchRoot("expires_at")),
				},
			},
			"expires_at": schema.StringAttribute{
				CustomType:  timetypes.RFC3339Type{},
				Description: "When the token stops working (RFC 3339). Set it for an absolute expiry instead of `expires_in_days`; otherwise it is computed. Changing it rotates the token.",
				Optional:    true,
				Computed:    true,
				Validators:  []validator.String{stringvalidator.ConflictsWith(path.MatchRoot("expires_in_days"))},
			},
			"rotate_before_days": schema.Int64Attribute{
				Description: "Rotate the token in place when a plan runs this many days or fewer before `expires_at`. Must be smaller than `expires_in_days`. Without it, a plan warns when the token expires within 7 days. Cannot be combined with `expires_at`, since rotation would keep the same fixed expiry.",
				Optional:    true,
				Validators: []validator.Int64{
					int64validator.AtLeast(1),
					int64validator.ConflictsWith(path.MatchRoot("expires_at")),
				},
			},
			"rotation_triggers": schema.MapAttribute{
				Description: "Arbitrary key/value pairs; any change to them rotates the token in place, like `keepers` elsewhere.",
				ElementType: types.StringType,
				Optional:    true,
			},
			"token": schema.StringAttribute{
				Description:   "The secret token value. Set at creation and at every rotation, kept unchanged otherwise. Null after `terraform import`, because Gitpod never shows a value again.",
				Computed:      true,
				Sensitive:     true,
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"hash": schema.StringAttribute{
				Description:   "Hex digest of the token value that Gitpod keeps, to check which value a holder has without revealing it. Changes at every rotation.",
				Computed:      true,
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"created_at": schema.StringAttribute{
				CustomType:    timetypes.RFC3339Type{},
				Description:   "When the token was created (RFC 3339).",
				Computed:      true,
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
		},
	}
}

func (r *PersonalAccessTokenResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

func (r *PersonalAccessTokenResource) now() time.Time {
	if r.data == nil {
		return time.Now()
	}
	return r.data.now()
}

func (r *PersonalAccessTokenResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var cfg PersonalAccessTokenResourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() || cfg.RotateBeforeDays.IsNull() || cfg.RotateBeforeDays.IsUnknown() || cfg.ExpiresInDays.IsUnknown() {
		return
	}
	days := int64(tokenlife.DefaultDays)
	if !cfg.ExpiresInDays.IsNull() {
		days = cfg.ExpiresInDays.ValueInt64()
	}
	if cfg.RotateBeforeDays.ValueInt64() >= days {
		resp.Diagnostics.AddAttributeError(path.Root("rotate_before_days"), "rotate_before_days too large",
			fmt.Sprintf("rotate_before_days (%d) must be smaller than the token's validity of %d days, or every plan would rotate the token.", cfg.RotateBeforeDays.ValueInt64(), days))
	}
}

// ModifyPlan fills in the default validity and decides whether the token is
// rotated, marking its value (and expiry) unknown when it is.
func (r *PersonalAccessTokenResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return
	}
	var plan, cfg PersonalAccessTokenResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	now := r.now()
	absolute := !cfg.ExpiresAt.IsNull()
	if !absolute && cfg.ExpiresInDays.IsNull() {
		plan.ExpiresInDays = types.Int64Value(tokenlife.DefaultDays)
	}
	if absolute {
		plan.ExpiresInDays = types.Int64Null()
		if t, ok := knownTime(cfg.ExpiresAt, &resp.Diagnostics); ok && !t.After(now) {
			resp.Diagnostics.AddAttributeError(path.Root("expires_at"), "expires_at is in the past",
				fmt.Sprintf("The token %q would expire at %s, which is not in the future. Set a later expires_at, or use expires_in_days.", plan.Name.ValueString(), t.Format(time.RFC3339)))
			return
		}
	}

	if req.State.Raw.IsNull() {
		if !absolute {
			plan.ExpiresAt = timetypes.NewRFC3339Unknown()
		} else if t, ok := knownTime(cfg.ExpiresAt, &resp.Diagnostics); ok {
			addExpiryWarning(&resp.Diagnostics, plan.Name.ValueString(), "new", now, t, !plan.RotateBeforeDays.IsNull())
		}
		resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
		return
	}

	var state PersonalAccessTokenResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	stateExpiry, ok := knownTime(state.ExpiresAt, &resp.Diagnostics)
	if !ok {
		return
	}
	expiryChanged := false
	switch {
	case absolute && cfg.ExpiresAt.IsUnknown():
		expiryChanged = true
	case absolute:
		want, _ := knownTime(cfg.ExpiresAt, &resp.Diagnostics)
		expiryChanged = !want.Equal(stateExpiry) || !state.ExpiresInDays.IsNull()
	case plan.ExpiresInDays.IsUnknown():
		expiryChanged = true
	default:
		expiryChanged = plan.ExpiresInDays.ValueInt64() != effectiveDays(state, &resp.Diagnostics)
	}
	reason := tokenlife.RotationReason(tokenlife.Input{
		Now:              now,
		ExpiresAt:        stateExpiry,
		RotateBeforeDays: plan.RotateBeforeDays.ValueInt64(),
		TriggersChanged:  !plan.RotationTriggers.Equal(state.RotationTriggers),
		ExpiryChanged:    expiryChanged,
	})
	if reason == tokenlife.NoRotation {
		plan.Token, plan.Hash = state.Token, state.Hash
		if !absolute {
			plan.ExpiresAt = state.ExpiresAt
		}
		addExpiryWarning(&resp.Diagnostics, plan.Name.ValueString(), state.ID.ValueString(), now, stateExpiry, !plan.RotateBeforeDays.IsNull())
	} else {
		tflog.Info(ctx, "personal access token will be rotated", map[string]any{"id": state.ID.ValueString(), "reason": string(reason)})
		if reason == tokenlife.Expired {
			resp.Diagnostics.AddWarning("Personal access token has expired",
				fmt.Sprintf("Token %q (%s) expired at %s. This plan regenerates it in place; anything that uses the old value must be given the new one.", plan.Name.ValueString(), state.ID.ValueString(), stateExpiry.Format(time.RFC3339)))
		}
		plan.Token = types.StringUnknown()
		plan.Hash = types.StringUnknown()
		if !absolute {
			plan.ExpiresAt = timetypes.NewRFC3339Unknown()
		}
	}
	resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
}

// effectiveDays is the validity the token in state was issued for: the
// configured days, or, after an import, the whole days between creation and
// expiry (0 when that is not a whole number of days).
func effectiveDays(state PersonalAccessTokenResourceModel, diags *diag.Diagnostics) int64 {
	if !state.ExpiresInDays.IsNull() {
		return state.ExpiresInDays.ValueInt64()
	}
	created, ok1 := knownTime(state.CreatedAt, diags)
	expires, ok2 := knownTime(state.ExpiresAt, diags)
	if !ok1 || !ok2 {
		return 0
	}
	days, _ := tokenlife.WholeDays(created, expires)
	return days
}

func addExpiryWarning(diags *diag.Diagnostics, name, id string, now, expires time.Time, rotation bool) {
	if msg := tokenlife.ExpiryWarning(now, expires, rotation); msg != "" {
		diags.AddWarning("Personal access token expires soon",
			fmt.Sprintf("Token %q (%s): %s. Set rotate_before_days (for example 7) to rotate it automatically, or change rotation_triggers to rotate it now.", name, id, msg))
	}
}

func (r *PersonalAccessTokenResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan PersonalAccessTokenResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	scopes := stringSet(ctx, plan.Scopes, &resp.Diagnostics)
	expiry, ok := r.expiryFor(plan, &resp.Diagnostics)
	if !ok {
		return
	}
	// Remember which tokens exist before the create, so that a create whose
	// answer is lost can be told apart from tokens made by anyone else.
	before, err := tokenIDs(ctx, r.data.client)
	if err != nil {
		addAPIError(&resp.Diagnostics, "list", "personal access tokens before creating "+fmt.Sprintf("%q", plan.Name.ValueString()), err)
		return
	}
	want := &gitpodv1.PersonalAccessToken{
		Name:           plan.Name.ValueString(),
		Description:    plan.Description.ValueString(),
		Scopes:         scopes,
		ExpirationTime: timestamppb.New(expiry),
	}
	created := createToken(ctx, r.data.client, want, before, &resp.Diagnostics)
	if created == nil {
		return
	}
	setTokenState(&plan, created)
	plan.Token = types.StringValue(created.GetValue())
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

func (r *PersonalAccessTokenResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state PersonalAccessTokenResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	out, err := r.data.client.Tokens.GetPersonalAccessToken(ctx, connect.NewRequest(&gitpodv1.GetPersonalAccessTokenRequest{Id: state.ID.ValueString()}))
	if api.IsNotFound(err) {
		resp.Diagnostics.AddWarning("Personal access token no longer exists",
			fmt.Sprintf("Token %s was not found (revoked outside Terraform). It has been removed from state, so the plan will create a new one.", state.ID.ValueString()))
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		addAPIError(&resp.Diagnostics, "read", "personal access token "+state.ID.ValueString(), err)
		return
	}
	t := out.Msg.GetToken()
	imported := state.ExpiresAt.IsNull()
	setTokenState(&state, t)
	if imported {
		// After an import nothing says how the expiry was chosen; a whole
		// number of days between creation and expiry is taken as
		// expires_in_days, so a matching configuration plans no rotation.
		if days, ok := tokenlife.WholeDays(t.GetCreatedAt().AsTime(), t.GetExpirationTime().AsTime()); ok {
			state.ExpiresInDays = types.Int64Value(days)
		}
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

func (r *PersonalAccessTokenResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state PersonalAccessTokenResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	id := state.ID.ValueString()
	object := fmt.Sprintf("personal access token %q (%s)", plan.Name.ValueString(), id)
	scopes := stringSet(ctx, plan.Scopes, &resp.Diagnostics)
	var mask []string
	if !plan.Name.Equal(state.Name) {
		mask = append(mask, "name")
	}
	if !plan.Description.Equal(state.Description) {
		mask = append(mask, "description")
	}
	if !plan.Scopes.Equal(state.Scopes) {
		mask = append(mask, "scopes")
	}
	current := &gitpodv1.PersonalAccessToken{}
	if len(mask) > 0 {
		out, err := r.data.client.Tokens.UpdatePersonalAccessToken(ctx, connect.NewRequest(&gitpodv1.UpdatePersonalAccessTokenRequest{
			Token:      &gitpodv1.PersonalAccessToken{Id: id, Name: plan.Name.ValueString(), Description: plan.Description.ValueString(), Scopes: scopes},
			UpdateMask: &fieldmaskpb.FieldMask{Paths: mask},
		}))
		if err != nil {
			addAPIError(&resp.Diagnostics, "update", object, err)
			return
		}
		current = out.Msg.GetToken()
	}
	if plan.Token.IsUnknown() {
		expiry, ok := r.expiryFor(plan, &resp.Diagnostics)
		if !ok {
			return
		}
		out, err := r.data.client.Tokens.RegeneratePersonalAccessToken(ctx, connect.NewRequest(&gitpodv1.RegeneratePersonalAccessTokenRequest{Id: id, ExpirationTime: timestamppb.New(expiry)}))
		if err != nil {
			addAPIError(&resp.Diagnostics, "rotate", object, err)
			return
		}
		current = out.Msg.GetToken()
		plan.Token = types.StringValue(current.GetValue())
	}
	if current.GetId() != "" {
		setTokenState(&plan, current)
	}
	plan.ID, plan.CreatedAt = state.ID, state.CreatedAt
	if plan.Hash.IsUnknown() {
		plan.Hash = state.Hash
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

func (r *PersonalAccessTokenResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state PersonalAccessTokenResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	_, err := r.data.client.Tokens.DeletePersonalAccessToken(ctx, connect.NewRequest(&gitpodv1.DeletePersonalAccessTokenRequest{Id: state.ID.ValueString()}))
	if err != nil && !api.IsNotFound(err) {
		addAPIError(&resp.Diagnostics, "delete", "personal access token "+state.ID.ValueString(), err)
	}
}

func (r *PersonalAccessTokenResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	if _, err := uuid.Parse(req.ID); err != nil {
		resp.Diagnostics.AddError("Invalid personal access token ID",
			fmt.Sprintf("Import gitpod_personal_access_token by its ID, a UUID; got %q. The gitpod_personal_access_tokens data source lists your tokens' IDs.", req.ID))
		return
	}
	resource.ImportStatePassthroughID(ctx, path.Root("id"), req, resp)
}

// expiryFor is the expiry to request for a create or a rotation now.
func (r *PersonalAccessTokenResource) expiryFor(plan PersonalAccessTokenResourceModel, diags *diag.Diagnostics) (time.Time, bool) {
	if !plan.ExpiresAt.IsNull() && !plan.ExpiresAt.IsUnknown() {
		t, ok := knownTime(plan.ExpiresAt, diags)
		return tokenlife.ExpiryFor(r.now(), 0, &t), ok
	}
	return tokenlife.ExpiryFor(r.now(), plan.ExpiresInDays.ValueInt64(), nil), true
}

// setTokenState copies the API's view of a token into the model. The value
// is not touched: the API returns it only from Create and Regenerate.
func setTokenState(m *PersonalAccessTokenResourceModel, t *gitpodv1.PersonalAccessToken) {
	m.ID = types.StringValue(t.GetId())
	m.Name = types.StringValue(t.GetName())
	m.Description = types.StringValue(t.GetDescription())
	m.Scopes = stringSetValue(t.GetScopes())
	m.Hash = types.StringValue(t.GetHash())
	m.CreatedAt = timeValue(t.GetCreatedAt().AsTime(), t.GetCreatedAt() != nil)
	// Keep the configured spelling of an equal instant, so that a
	// configured expires_at never shows a diff.
	if cur, ok := knownTime(m.ExpiresAt, nil); !ok || !cur.Equal(t.GetExpirationTime().AsTime()) {
		m.ExpiresAt = timeValue(t.GetExpirationTime().AsTime(), t.GetExpirationTime() != nil)
	}
}

// knownTime returns the time in v when it is known and not null.
func knownTime(v timetypes.RFC3339, diags *diag.Diagnostics) (time.Time, bool) {
	if v.IsNull() || v.IsUnknown() {
		return time.Time{}, false
	}
	t, ds := v.ValueRFC3339Time()
	if diags != nil {
		diags.Append(ds...)
	}
	return t, !ds.HasError()
}

func stringSet(ctx context.Context, v types.Set, diags *diag.Diagnostics) []string {
	var out []string
	if v.IsNull() || v.IsUnknown() {
		return out
	}
	diags.Append(v.ElementsAs(ctx, &out, false)...)
	slices.Sort(out)
	return out
}

func stringSetValue(in []string) types.Set {
	elems := make([]attr.Value, 0, len(in))
	for _, s := range in {
		elems = append(elems, types.StringValue(s))
	}
	return types.SetValueMust(types.StringType, elems)
}

func sameStrings(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}
