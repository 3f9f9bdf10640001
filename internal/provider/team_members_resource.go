package provider

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"connectrpc.com/connect"
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

	"github.com/gitpod-community/terraform-provider-gitpod/internal/api"
	gitpodv1 "github.com/gitpod-community/terraform-provider-gitpod/internal/api/gen/gitpod/experimental/v1"
	"github.com/gitpod-community/terraform-provider-gitpod/internal/membership"
	"github.com/gitpod-community/terraform-provider-gitpod/internal/teamrole"
)

var (
	_ resource.Resource                   = (*TeamMembersResource)(nil)
	_ resource.ResourceWithConfigure      = (*TeamMembersResource)(nil)
	_ resource.ResourceWithImportState    = (*TeamMembersResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*TeamMembersResource)(nil)
	_ resource.ResourceWithValidateConfig = (*TeamMembersResource)(nil)
)

// NewTeamMembersResource returns the gitpod_team_members resource.
func NewTeamMembersResource() resource.Resource { return &TeamMembersResource{} }

// TeamMembersResource owns the whole member list of a team.
type TeamMembersResource struct{ data *providerData }

// TeamMembersResourceModel is the resource's state.
type TeamMembersResourceModel struct {
	ID      types.String            `tfsdk:"id"`
	TeamID  types.String            `tfsdk:"team_id"`
	Members []TeamMembersEntryModel `tfsdk:"members"`
}

// TeamMembersEntryModel is one listed member.
type TeamMembersEntryModel struct {
	UserID types.String `tfsdk:"user_id"`
	Role   types.String `tfsdk:"role"`
}

func (r *TeamMembersResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_team_members"
}

func (r *TeamMembersResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		Description: "Owns the whole member list of a team (authoritative): members who exist but are not listed are removed on apply, and the plan shows exactly who. " +
			"It does not fight the system: it never removes the provider user's own membership unless that membership is listed, and it never leaves a team without an owner. " +
			"It cannot add users who have not joined (Gitpod's API has no such call): they must join through the team's invitation first, and the plan says so. " +
			"Destroying it removes the listed members, again never the provider user and never the last owner. " +
			"Importing it (by team ID) leaves the provider user's own membership out of `members`. " +
			"Do not use it together with `gitpod_team_member` on the same team: the two would undo each other's changes.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Description:   "Same as `team_id`.",
				Computed:      true,
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"team_id": schema.StringAttribute{
				Description:   "The team's ID. Changing it replaces the resource.",
				Required:      true,
				Validators:    []validator.String{stringvalidator.RegexMatches(uuidPattern, "must be a UUID")},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"members": schema.SetNestedAttribute{
				Description: "Every member the team should have, each listed once. At least one must be an `owner`, unless the provider user is an owner and not listed (its own membership is then kept as it is).",
				Required:    true,
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"user_id": schema.StringAttribute{
						Description: "The member's user ID. The user must have joined the team.",
						Required:    true,
						Validators:  []validator.String{stringvalidator.RegexMatches(uuidPattern, "must be a UUID")},
					},
					"role": schema.StringAttribute{
						Description: "`owner` or `member`.",
						Required:    true,
						Validators:  []validator.String{stringvalidator.OneOf(teamrole.Names...)},
					},
				}},
			},
		},
	}
}

func (r *TeamMembersResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

func (r *TeamMembersResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var cfg TeamMembersResourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	seen := map[string]bool{}
	for _, m := range cfg.Members {
		if m.UserID.IsUnknown() || m.UserID.IsNull() {
			continue
		}
		if seen[m.UserID.ValueString()] {
			resp.Diagnostics.AddAttributeError(path.Root("members"), "User listed twice",
				fmt.Sprintf("User %s appears more than once in members; list each user once, with one role.", m.UserID.ValueString()))
		}
		seen[m.UserID.ValueString()] = true
	}
}

// desired converts the listed members; ok is false while any is unknown.
func desiredMembers(in []TeamMembersEntryModel) ([]membership.Member, bool) {
	out := make([]membership.Member, 0, len(in))
	for _, m := range in {
		if m.UserID.IsUnknown() || m.Role.IsUnknown() {
			return nil, false
		}
		role, _ := teamrole.ToAPI(m.Role.ValueString())
		out = append(out, membership.Member{UserID: m.UserID.ValueString(), Role: role})
	}
	return out, true
}

func actualMembers(team *gitpodv1.Team) []membership.Member {
	out := make([]membership.Member, 0, len(team.GetMembers()))
	for _, m := range team.GetMembers() {
		out = append(out, membership.Member{UserID: m.GetUserId(), Role: m.GetRole()})
	}
	return out
}

// describe names a member for people: "Bob Example <bob@example.com> (id)".
func describe(team *gitpodv1.Team, userID string) string {
	if m := findMember(team, userID); m != nil && (m.GetFullName() != "" || m.GetPrimaryEmail() != "") {
		return fmt.Sprintf("%s <%s> (%s)", m.GetFullName(), m.GetPrimaryEmail(), userID)
	}
	return userID
}

// ModifyPlan checks the change against the team as it is now, so that users
// who have not joined, or a team left without an owner, fail the plan rather
// than half an apply, and it names who would be removed.
func (r *TeamMembersResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() || r.data == nil {
		return
	}
	var plan TeamMembersResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() || plan.TeamID.IsUnknown() {
		return
	}
	desired, known := desiredMembers(plan.Members)
	if !known {
		return
	}
	teamID := plan.TeamID.ValueString()
	team, err := r.data.client.GetTeam(ctx, teamID)
	if api.IsNotFound(err) && req.State.Raw.IsNull() {
		return // The team may be created in this apply; Create checks again.
	}
	if err != nil {
		addAPIError(&resp.Diagnostics, "read", "team "+teamID, err)
		return
	}
	caller, err := r.data.client.CallerID(ctx)
	if err != nil {
		addAPIError(&resp.Diagnostics, "identify", "the provider's user", err)
		return
	}
	changes, err := membership.Plan(actualMembers(team), desired, caller)
	r.report(&resp.Diagnostics, teamID, changes, err)
	if len(changes.Remove) > 0 && !resp.Diagnostics.HasError() {
		names := make([]string, 0, len(changes.Remove))
		for _, id := range changes.Remove {
			names = append(names, "  - "+describe(team, id))
		}
		resp.Diagnostics.AddWarning(fmt.Sprintf("%d member(s) will be removed from team %s", len(changes.Remove), team.GetName()),
			fmt.Sprintf("gitpod_team_members owns the member list of team %s, and these members are not listed, so applying removes them:\n%s\nList them in members to keep them.", teamID, strings.Join(names, "\n")))
	}
}

// report turns a refused change into diagnostics on the members attribute.
func (r *TeamMembersResource) report(diags *diag.Diagnostics, teamID string, changes membership.Changes, err error) {
	switch {
	case errors.Is(err, membership.ErrNoOwner):
		diags.AddAttributeError(path.Root("members"), "Team would have no owner",
			fmt.Sprintf("Team %s: %s. Nothing was changed.", teamID, err))
	case errors.Is(err, membership.ErrCallerNotOwner):
		diags.AddAttributeError(path.Root("members"), "Not allowed to change the team's members",
			fmt.Sprintf("Team %s: %s. Nothing was changed. Use a token of an owner, or have an owner make the provider's user an owner.", teamID, err))
	}
	if len(changes.NotJoined) > 0 {
		diags.AddAttributeError(path.Root("members"), "Users have not joined the team", membership.NotJoinedError(teamID, changes.NotJoined).Error()+".")
	}
}

func (r *TeamMembersResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	r.applyPlan(ctx, req.Plan, &resp.State, &resp.Diagnostics)
}

func (r *TeamMembersResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	r.applyPlan(ctx, req.Plan, &resp.State, &resp.Diagnostics)
}

// applyPlan is Create and Update: both make the team's members match the
// plan, checking everything against fresh data before changing anything.
func (r *TeamMembersResource) applyPlan(ctx context.Context, p tfsdk.Plan, state *tfsdk.State, diags *diag.Diagnostics) {
	var plan TeamMembersResourceModel
	diags.Append(p.Get(ctx, &plan)...)
	if diags.HasError() {
		return
	}
	teamID := plan.TeamID.ValueString()
	team, err := r.data.client.GetTeamFresh(ctx, teamID)
	if err != nil {
		addAPIError(diags, "read", "team "+teamID, err)
		return
	}
	caller, err := r.data.client.CallerID(ctx)
	if err != nil {
		addAPIError(diags, "identify", "the provider's user", err)
		return
	}
	desired, _ := desiredMembers(plan.Members)
	changes, err := membership.Plan(actualMembers(team), desired, caller)
	r.report(diags, teamID, changes, err)
	if diags.HasError() {
		return
	}
	for _, m := range changes.RoleChanges {
		_, err := r.data.client.Teams.UpdateTeamMember(ctx, connect.NewRequest(&gitpodv1.UpdateTeamMemberRequest{TeamId: teamID, TeamMember: &gitpodv1.TeamMember{UserId: m.UserID, Role: m.Role}}))
		if err != nil {
			addAPIError(diags, "change", fmt.Sprintf("the role of %s in team %s", describe(team, m.UserID), teamID), err)
			return
		}
	}
	if !r.remove(ctx, team, changes.Remove, diags) {
		return
	}
	plan.ID = types.StringValue(teamID)
	diags.Append(state.Set(ctx, &plan)...)
}

func (r *TeamMembersResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state TeamMembersResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	teamID := state.TeamID.ValueString()
	team, err := r.data.client.GetTeam(ctx, teamID)
	if api.IsNotFound(err) {
		resp.Diagnostics.AddWarning("Team no longer visible", fmt.Sprintf("Team %s was not found; its member list has been removed from state.", teamID))
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		addAPIError(&resp.Diagnostics, "read", "team "+teamID, err)
		return
	}
	caller, err := r.data.client.CallerID(ctx)
	if err != nil {
		addAPIError(&resp.Diagnostics, "identify", "the provider's user", err)
		return
	}
	listedCaller := false
	for _, m := range state.Members {
		listedCaller = listedCaller || m.UserID.ValueString() == caller
	}
	state.ID = types.StringValue(teamID)
	state.Members = []TeamMembersEntryModel{}
	for _, m := range team.GetMembers() {
		if m.GetUserId() == caller && !listedCaller {
			continue // the caller's own membership is managed only when listed
		}
		state.Members = append(state.Members, TeamMembersEntryModel{UserID: types.StringValue(m.GetUserId()), Role: types.StringValue(teamrole.FromAPI(m.GetRole()))})
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// Delete removes every listed member except the provider's own user, and
// refuses when that would leave the team without an owner.
func (r *TeamMembersResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state TeamMembersResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	teamID := state.TeamID.ValueString()
	team, err := r.data.client.GetTeamFresh(ctx, teamID)
	if api.IsNotFound(err) {
		return
	}
	if err != nil {
		addAPIError(&resp.Diagnostics, "read", "team "+teamID, err)
		return
	}
	caller, err := r.data.client.CallerID(ctx)
	if err != nil {
		addAPIError(&resp.Diagnostics, "identify", "the provider's user", err)
		return
	}
	listed := map[string]bool{}
	for _, m := range state.Members {
		listed[m.UserID.ValueString()] = true
	}
	// What remains: members not listed, and the caller.
	var remaining []membership.Member
	for _, m := range actualMembers(team) {
		if !listed[m.UserID] || m.UserID == caller {
			remaining = append(remaining, m)
		}
	}
	changes, err := membership.Plan(actualMembers(team), remaining, caller)
	if errors.Is(err, membership.ErrNoOwner) {
		resp.Diagnostics.AddError("Cannot remove the team's members",
			fmt.Sprintf("Removing the listed members of team %s would leave it without an owner, and the provider's user is not an owner. Nothing was removed. Make the provider's user an owner, or delete the team itself.", teamID))
		return
	}
	r.remove(ctx, team, changes.Remove, &resp.Diagnostics)
}

// remove removes members from a team; members already gone count as
// removed. It reports whether all were removed.
func (r *TeamMembersResource) remove(ctx context.Context, team *gitpodv1.Team, userIDs []string, diags *diag.Diagnostics) bool {
	for _, id := range userIDs {
		_, err := r.data.client.Teams.DeleteTeamMember(ctx, connect.NewRequest(&gitpodv1.DeleteTeamMemberRequest{TeamId: team.GetId(), TeamMemberId: id}))
		if err != nil && !api.IsNotFound(err) {
			addAPIError(diags, "remove", fmt.Sprintf("%s from team %s", describe(team, id), team.GetId()), err)
			return false
		}
	}
	return true
}

func (r *TeamMembersResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	if !uuidPattern.MatchString(req.ID) {
		resp.Diagnostics.AddError("Invalid team ID", fmt.Sprintf("Import gitpod_team_members by the team's ID, a UUID; got %q.", req.ID))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), req.ID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("team_id"), req.ID)...)
}
