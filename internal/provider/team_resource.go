package provider

import (
	"context"
	"fmt"
	"regexp"

	"connectrpc.com/connect"
	"github.com/google/uuid"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/gitpod-community/terraform-provider-gitpod/internal/api"
	gitpodv1 "github.com/gitpod-community/terraform-provider-gitpod/internal/api/gen/gitpod/experimental/v1"
)

var (
	_ resource.Resource                = (*TeamResource)(nil)
	_ resource.ResourceWithConfigure   = (*TeamResource)(nil)
	_ resource.ResourceWithImportState = (*TeamResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*TeamResource)(nil)
)

// NewTeamResource returns the gitpod_team resource.
func NewTeamResource() resource.Resource { return &TeamResource{} }

// TeamResource manages a Gitpod team.
type TeamResource struct{ data *providerData }

// TeamResourceModel is the gitpod_team resource's state.
type TeamResourceModel struct {
	ID                      types.String `tfsdk:"id"`
	Name                    types.String `tfsdk:"name"`
	Slug                    types.String `tfsdk:"slug"`
	InvitationID            types.String `tfsdk:"invitation_id"`
	InvitationResetTriggers types.Map    `tfsdk:"invitation_reset_triggers"`
}

// notBlank rejects names made only of white space, which the API refuses.
var notBlank = stringvalidator.RegexMatches(regexp.MustCompile(`\S`), "must contain a character other than white space")

// trimmed rejects names with leading or trailing white space, which the API
// trims away: the name read back would never match the configuration.
var trimmed = stringvalidator.RegexMatches(regexp.MustCompile(`^\S(.*\S)?$`), "must not start or end with white space")

func (r *TeamResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_team"
}

func (r *TeamResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		Description: "Manages a Gitpod team. The caller becomes the team's first owner. Members join through the team's invitation; see `gitpod_team_member` to manage their roles.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Description:   "The team's ID (a UUID), assigned by Gitpod.",
				Computed:      true,
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"name": schema.StringAttribute{
				Description:   "The team's display name, 1 to 64 characters. Gitpod's API cannot rename a team, so changing it (here, or outside Terraform) replaces the team: a new ID, slug and invitation, and no members but the caller. Read the plan, and consider `lifecycle { prevent_destroy = true }` on teams with many members.",
				Required:      true,
				Validators:    []validator.String{stringvalidator.LengthBetween(1, 64), notBlank, trimmed},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"slug": schema.StringAttribute{
				Description:   "The URL-friendly short name Gitpod derived from the name.",
				Computed:      true,
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"invitation_id": schema.StringAttribute{
				Description:   "The current invitation ID. Anyone who has it can join the team, so it is sensitive. Change `invitation_reset_triggers` to issue a new one.",
				Computed:      true,
				Sensitive:     true,
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"invitation_reset_triggers": schema.MapAttribute{
				Description: "Arbitrary key/value pairs. Any change to them resets the team's invitation in place (the old invitation stops working and `invitation_id` gets a new value), for example to rotate it on a schedule or after someone leaves.",
				ElementType: types.StringType,
				Optional:    true,
			},
		},
	}
}

func (r *TeamResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

// ModifyPlan marks invitation_id as changing when the reset triggers change.
func (r *TeamResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.State.Raw.IsNull() || req.Plan.Raw.IsNull() {
		return
	}
	var plan, state TeamResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if !plan.InvitationResetTriggers.Equal(state.InvitationResetTriggers) {
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("invitation_id"), types.StringUnknown())...)
	}
}

func (r *TeamResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan TeamResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	out, err := r.data.client.Teams.CreateTeam(ctx, connect.NewRequest(&gitpodv1.CreateTeamRequest{Name: plan.Name.ValueString()}))
	if err != nil {
		addAPIError(&resp.Diagnostics, "create", fmt.Sprintf("team %q", plan.Name.ValueString()), err)
		return
	}
	setTeamState(&plan, out.Msg.GetTeam())
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

func (r *TeamResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state TeamResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	team, err := r.data.client.GetTeam(ctx, state.ID.ValueString())
	if api.IsNotFound(err) {
		resp.Diagnostics.AddWarning("Team no longer exists",
			fmt.Sprintf("Team %s was not found (deleted outside Terraform, or the token's user is no longer a member). It has been removed from state, so the plan will create it again.", state.ID.ValueString()))
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		addAPIError(&resp.Diagnostics, "read", "team "+state.ID.ValueString(), err)
		return
	}
	setTeamState(&state, team)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

func (r *TeamResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state TeamResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	// name forces replacement, so only the triggers can bring us here.
	plan.ID, plan.Slug, plan.InvitationID = state.ID, state.Slug, state.InvitationID
	if !plan.InvitationResetTriggers.Equal(state.InvitationResetTriggers) {
		out, err := r.data.client.Teams.ResetTeamInvitation(ctx, connect.NewRequest(&gitpodv1.ResetTeamInvitationRequest{TeamId: state.ID.ValueString()}))
		if err != nil {
			addAPIError(&resp.Diagnostics, "reset the invitation of", "team "+state.ID.ValueString(), err)
			return
		}
		plan.InvitationID = types.StringValue(out.Msg.GetTeamInvitation().GetId())
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

func (r *TeamResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state TeamResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	_, err := r.data.client.Teams.DeleteTeam(ctx, connect.NewRequest(&gitpodv1.DeleteTeamRequest{TeamId: state.ID.ValueString()}))
	if err != nil && !api.IsNotFound(err) {
		addAPIError(&resp.Diagnostics, "delete", "team "+state.ID.ValueString(), err)
		return
	}
}

func (r *TeamResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	if _, err := uuid.Parse(req.ID); err != nil {
		resp.Diagnostics.AddError("Invalid team ID", fmt.Sprintf("Import gitpod_team by its ID, a UUID such as 0f9a3a4e-6d0c-4f0f-9d8e-4a1e6f0c1a01; got %q. The gitpod_team data source or the Gitpod UI shows a team's ID.", req.ID))
		return
	}
	resource.ImportStatePassthroughID(ctx, path.Root("id"), req, resp)
}

func setTeamState(m *TeamResourceModel, t *gitpodv1.Team) {
	m.ID = types.StringValue(t.GetId())
	m.Name = types.StringValue(t.GetName())
	m.Slug = types.StringValue(t.GetSlug())
	m.InvitationID = types.StringValue(t.GetTeamInvitation().GetId())
}
