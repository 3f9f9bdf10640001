package provider

import (
	"context"
	"fmt"
	"strings"

	"connectrpc.com/connect"
	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"google.golang.org/protobuf/proto"

	"github.com/gitpod-community/terraform-provider-gitpod/internal/api"
	gitpodv1 "github.com/gitpod-community/terraform-provider-gitpod/internal/api/gen/gitpod/experimental/v1"
	"github.com/gitpod-community/terraform-provider-gitpod/internal/membership"
	"github.com/gitpod-community/terraform-provider-gitpod/internal/teamrole"
)

var (
	_ resource.Resource                = (*TeamMemberResource)(nil)
	_ resource.ResourceWithConfigure   = (*TeamMemberResource)(nil)
	_ resource.ResourceWithImportState = (*TeamMemberResource)(nil)
)

// NewTeamMemberResource returns the gitpod_team_member resource.
func NewTeamMemberResource() resource.Resource { return &TeamMemberResource{} }

// TeamMemberResource manages one user's role in a team the user has joined.
type TeamMemberResource struct{ data *providerData }

// TeamMemberResourceModel is the resource's state.
type TeamMemberResourceModel struct {
	ID           types.String      `tfsdk:"id"`
	TeamID       types.String      `tfsdk:"team_id"`
	UserID       types.String      `tfsdk:"user_id"`
	Role         types.String      `tfsdk:"role"`
	FullName     types.String      `tfsdk:"full_name"`
	PrimaryEmail types.String      `tfsdk:"primary_email"`
	AvatarURL    types.String      `tfsdk:"avatar_url"`
	MemberSince  timetypes.RFC3339 `tfsdk:"member_since"`
}

func (r *TeamMemberResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_team_member"
}

func (r *TeamMemberResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	uuidValidators := []validator.String{stringvalidator.RegexMatches(uuidPattern, "must be a UUID")}
	computed := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{Description: desc, Computed: true, PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()}}
	}
	resp.Schema = schema.Schema{
		Description: "Manages the role of a user who has joined a team. Gitpod's API has no call that adds another user to a team: users join through the team's invitation (`gitpod_team.invitation_id`). " +
			"Creating this resource adopts the existing membership and sets its role; destroying it removes the member. A team must keep at least one owner, so removing or demoting the last owner fails and leaves the team intact. " +
			"Do not manage the same team with both `gitpod_team_member` and `gitpod_team_members`.",
		Attributes: map[string]schema.Attribute{
			"id": computed("`<team_id>/<user_id>`."),
			"team_id": schema.StringAttribute{
				Description:   "The team's ID. Changing it replaces the resource.",
				Required:      true,
				Validators:    uuidValidators,
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"user_id": schema.StringAttribute{
				Description:   "The member's user ID. The user must already have joined the team. Changing it replaces the resource.",
				Required:      true,
				Validators:    uuidValidators,
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"role": schema.StringAttribute{
				Description: "`owner` or `member`. Changing it updates the membership in place.",
				Required:    true,
				Validators:  []validator.String{stringvalidator.OneOf(teamrole.Names...)},
			},
			"full_name":     computed("The member's full name."),
			"primary_email": computed("The member's primary email address."),
			"avatar_url":    computed("URL of the member's avatar image."),
			"member_since": schema.StringAttribute{
				Description:   "When the user joined the team (RFC 3339).",
				Computed:      true,
				CustomType:    timetypes.RFC3339Type{},
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
		},
	}
}

func (r *TeamMemberResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

func (r *TeamMemberResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	r.converge(ctx, req.Plan, &resp.State, &resp.Diagnostics)
}

func (r *TeamMemberResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	r.converge(ctx, req.Plan, &resp.State, &resp.Diagnostics)
}

// converge is Create and Update: it adopts the user's existing membership
// and sets its role. A write follows from the read, so it bypasses the cache.
func (r *TeamMemberResource) converge(ctx context.Context, p tfsdk.Plan, state *tfsdk.State, diags *diag.Diagnostics) {
	var plan TeamMemberResourceModel
	diags.Append(p.Get(ctx, &plan)...)
	if diags.HasError() {
		return
	}
	teamID, userID := plan.TeamID.ValueString(), plan.UserID.ValueString()
	team, err := r.data.client.GetTeamFresh(ctx, teamID)
	if err != nil {
		addAPIError(diags, "read", "team "+teamID, err)
		return
	}
	m := findMember(team, userID)
	if m == nil {
		diags.AddAttributeError(path.Root("user_id"), "User has not joined the team", membership.NotJoinedError(teamID, []string{userID}).Error()+".")
		return
	}
	if m = r.setRole(ctx, teamID, m, plan.Role.ValueString(), diags); m == nil {
		return
	}
	setMemberState(&plan, teamID, m)
	diags.Append(state.Set(ctx, &plan)...)
}

// setRole changes a member's role when it differs, and returns the member
// as it is afterwards, or nil after adding an error.
func (r *TeamMemberResource) setRole(ctx context.Context, teamID string, m *gitpodv1.TeamMember, role string, diags *diag.Diagnostics) *gitpodv1.TeamMember {
	want, err := teamrole.ToAPI(role)
	if err != nil {
		diags.AddAttributeError(path.Root("role"), "Invalid role", err.Error())
		return nil
	}
	if m.GetRole() == want {
		return m
	}
	object := fmt.Sprintf("the role of user %s in team %s", m.GetUserId(), teamID)
	out, err := r.data.client.Teams.UpdateTeamMember(ctx, connect.NewRequest(&gitpodv1.UpdateTeamMemberRequest{
		TeamId:     teamID,
		TeamMember: &gitpodv1.TeamMember{UserId: m.GetUserId(), Role: want},
	}))
	if api.IsFailedPrecondition(err) {
		diags.AddAttributeError(path.Root("role"), "Cannot demote the team's last owner",
			fmt.Sprintf("User %s is the only owner of team %s, and a team must keep at least one owner. Make another member an owner first (in the same apply, Terraform changes roles in dependency order: add depends_on if needed). The team is unchanged.\n\nThe API answered: %s", m.GetUserId(), teamID, api.Message(err)))
		return nil
	}
	if err != nil {
		addAPIError(diags, "change", object, err)
		return nil
	}
	updated := proto.CloneOf(m)
	updated.Role = out.Msg.GetTeamMember().GetRole()
	return updated
}

func (r *TeamMemberResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state TeamMemberResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	teamID, userID := state.TeamID.ValueString(), state.UserID.ValueString()
	team, err := r.data.client.GetTeam(ctx, teamID)
	if api.IsNotFound(err) {
		resp.Diagnostics.AddWarning("Team no longer visible", fmt.Sprintf("Team %s was not found (deleted, or the token's user is no longer a member); membership of user %s has been removed from state.", teamID, userID))
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		addAPIError(&resp.Diagnostics, "read", "team "+teamID, err)
		return
	}
	m := findMember(team, userID)
	if m == nil {
		resp.Diagnostics.AddWarning("Team member left", fmt.Sprintf("User %s is no longer a member of team %s (left or was removed outside Terraform). It has been removed from state; applying again requires the user to rejoin through the team's invitation.", userID, teamID))
		resp.State.RemoveResource(ctx)
		return
	}
	setMemberState(&state, teamID, m)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

func (r *TeamMemberResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state TeamMemberResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	teamID, userID := state.TeamID.ValueString(), state.UserID.ValueString()
	_, err := r.data.client.Teams.DeleteTeamMember(ctx, connect.NewRequest(&gitpodv1.DeleteTeamMemberRequest{TeamId: teamID, TeamMemberId: userID}))
	switch {
	case err == nil, api.IsNotFound(err):
	case api.IsFailedPrecondition(err):
		resp.Diagnostics.AddError("Cannot remove the team's last owner",
			fmt.Sprintf("User %s is the only owner of team %s, and a team must keep at least one owner, so the member was not removed and the team is left intact. Make another member an owner first, or delete the team itself (gitpod_team).\n\nThe API answered: %s", userID, teamID, api.Message(err)))
	default:
		addAPIError(&resp.Diagnostics, "remove", fmt.Sprintf("user %s from team %s", userID, teamID), err)
	}
}

func (r *TeamMemberResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	teamID, userID, ok := strings.Cut(req.ID, "/")
	if !ok || !uuidPattern.MatchString(teamID) || !uuidPattern.MatchString(userID) {
		resp.Diagnostics.AddError("Invalid team member ID",
			fmt.Sprintf("Import gitpod_team_member with \"<team_id>/<user_id>\", two UUIDs separated by a slash; got %q.", req.ID))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), req.ID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("team_id"), teamID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("user_id"), userID)...)
}

func findMember(team *gitpodv1.Team, userID string) *gitpodv1.TeamMember {
	for _, m := range team.GetMembers() {
		if m.GetUserId() == userID {
			return m
		}
	}
	return nil
}

func setMemberState(m *TeamMemberResourceModel, teamID string, tm *gitpodv1.TeamMember) {
	m.ID = types.StringValue(teamID + "/" + tm.GetUserId())
	m.TeamID = types.StringValue(teamID)
	m.UserID = types.StringValue(tm.GetUserId())
	m.Role = types.StringValue(teamrole.FromAPI(tm.GetRole()))
	m.FullName = types.StringValue(tm.GetFullName())
	m.PrimaryEmail = types.StringValue(tm.GetPrimaryEmail())
	m.AvatarURL = types.StringValue(tm.GetAvatarUrl())
	m.MemberSince = timeValue(tm.GetMemberSince().AsTime(), tm.GetMemberSince() != nil)
}
