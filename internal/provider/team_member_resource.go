package provider

import (
	"context"
	"fmt"
	"maps"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/gitpod-community/terraform-provider-gitpod/internal/gitpod"
)

var (
	_ resource.Resource                = (*TeamMemberResource)(nil)
	_ resource.ResourceWithConfigure   = (*TeamMemberResource)(nil)
	_ resource.ResourceWithImportState = (*TeamMemberResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*TeamMemberResource)(nil)
)

// NewTeamMemberResource returns the gitpod_team_member resource.
func NewTeamMemberResource() resource.Resource { return &TeamMemberResource{} }

// TeamMemberResource manages one user's membership of a team.
type TeamMemberResource struct{ data *providerData }

// TeamMemberResourceModel is the resource's state.
type TeamMemberResourceModel struct {
	ID           types.String      `tfsdk:"id"`
	TeamID       types.String      `tfsdk:"team_id"`
	UserID       types.String      `tfsdk:"user_id"`
	MoveFrom     types.Set         `tfsdk:"move_from_team_ids"`
	Role         types.String      `tfsdk:"role"`
	MembershipID types.String      `tfsdk:"membership_id"`
	FullName     types.String      `tfsdk:"full_name"`
	PrimaryEmail types.String      `tfsdk:"primary_email"`
	AvatarURL    types.String      `tfsdk:"avatar_url"`
	MemberSince  timetypes.RFC3339 `tfsdk:"member_since"`
}

// teamRoles are the roles a configuration may ask for (Classic).
var teamRoles = []string{string(gitpod.RoleOwner), string(gitpod.RoleMember)}

func (r *TeamMemberResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_team_member"
}

func (r *TeamMemberResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	computed := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{Description: desc, Computed: true, PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()}}
	}
	resp.Schema = schema.Schema{
		Description: "Manages one user's membership of a team: creating it adds the user to the team (a user who already is a member is kept, and given the role), destroying it removes the user. " +
			"On today's Gitpod (`gitpod.v1`) organization admins add any member of the organization directly; a user belongs to at most one team per organization, and teams have no roles. " +
			"On Gitpod Classic a team owner adds any user directly with a role; users can also still join by themselves through the team's invitation (`gitpod_team.invitation_id`). " +
			"A Classic team keeps at least one owner: the provider checks the role the server really holds after every change and fails instead of recording a role that was not applied. " +
			"Destroying the membership of the provider's own user on Classic keeps it in place (the provider would otherwise lose access to the team, and could no longer delete it), and so does destroying a team's last owner; both leave a warning. " +
			"Do not manage the same team with both `gitpod_team_member` and `gitpod_team_members`.",
		Attributes: map[string]schema.Attribute{
			"id": computed("`<team_id>/<user_id>`."),
			"team_id": schema.StringAttribute{
				Description:   "The team's ID. Changing it replaces the resource.",
				Required:      true,
				Validators:    []validator.String{uuidValidator("a team ID")},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"user_id": schema.StringAttribute{
				Description:   "The user's ID. On `gitpod.v1` the user must be a member of the token's organization. The `gitpod_current_user` data source gives the provider's own. Changing it replaces the resource.",
				Required:      true,
				Validators:    []validator.String{uuidValidator("a user ID")},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"role": schema.StringAttribute{
				Description: "Classic only: `owner` or `member` (the default). Changing it updates the membership in place. Must be left unset on `gitpod.v1`, whose teams have no roles. On Classic it can read `collaborator` for an organization collaborator.",
				Optional:    true,
				Computed:    true,
				Validators:  []validator.String{stringvalidator.OneOf(teamRoles...)},
			},
			"move_from_team_ids": moveFromTeamIDsAttribute(),
			"membership_id":      computed("`gitpod.v1` only: the membership's own ID. Null on Classic."),
			"full_name":          computed("The member's name."),
			"primary_email":      computed("Classic only: the member's primary email address. Null on `gitpod.v1`, whose team members carry no email (the `gitpod_team` data source reads it from the organization)."),
			"avatar_url":         computed("URL of the member's avatar image."),
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

// ModifyPlan applies the API generation's rules (roles; on gitpod.v1 the
// provider user's admin rights, users outside the organization or in
// another team, moves), also for a team created in the same apply, and
// warns when the provider's user gives up its owner rights.
func (r *TeamMemberResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() || r.data == nil {
		return
	}
	// A plan that proposes no change needs nothing: the state already
	// holds the role and attributes this API gives. Large configurations
	// plan most memberships this way.
	if !req.State.Raw.IsNull() && req.Plan.Raw.Equal(req.State.Raw) {
		return
	}
	var plan, cfg TeamMemberResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	var state *TeamMemberResourceModel
	if !req.State.Raw.IsNull() {
		state = &TeamMemberResourceModel{}
		resp.Diagnostics.Append(req.State.Get(ctx, state)...)
	}
	if resp.Diagnostics.HasError() {
		return
	}
	c := r.data.client(ctx, &resp.Diagnostics)
	if c == nil {
		return
	}
	if !r.planRole(ctx, c, &plan, cfg, state, &resp.Diagnostics) {
		return
	}
	if !plan.UserID.IsUnknown() && (state == nil || !state.TeamID.Equal(plan.TeamID) || !state.UserID.Equal(plan.UserID)) {
		r.checkJoin(ctx, c, plan, state, &resp.Diagnostics)
	}
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
}

// planRole applies the API's rule for roles; false after an error.
func (r *TeamMemberResource) planRole(ctx context.Context, c *gitpod.Client, plan *TeamMemberResourceModel, cfg TeamMemberResourceModel, state *TeamMemberResourceModel, diags *diag.Diagnostics) bool {
	if !c.Has(gitpod.FeatureTeamRoles) {
		if !cfg.Role.IsNull() {
			notAvailable(diags, path.Root("role"), c, gitpod.FeatureTeamRoles, "Remove role; organization roles are managed in the organization.")
			return false
		}
		plan.Role = types.StringNull()
		plan.PrimaryEmail = types.StringNull()
		return true
	}
	plan.MembershipID = types.StringNull()
	if cfg.Role.IsNull() {
		plan.Role = types.StringValue(string(gitpod.RoleMember))
	}
	if state != nil {
		if me, err := c.Whoami(ctx); err == nil && state.UserID.ValueString() == me.UserID &&
			state.Role.ValueString() == string(gitpod.RoleOwner) && plan.Role.ValueString() == string(gitpod.RoleMember) {
			target, _ := targetOf(ctx, c, state.TeamID, diags)
			diags.AddAttributeWarning(path.Root("role"), "The provider's user gives up its owner rights",
				fmt.Sprintf("This plan makes the provider's own user (%s) a plain member of %s. After the apply it can no longer change the team's members, its invitation, or delete the team; another owner would have to. Keep role = \"owner\" if this configuration should go on managing the team.", me.UserID, target))
		}
	}
	return true
}

// checkJoin refuses, at plan time, a user the team cannot take, and warns
// about a move. A membership replaced for another team (team_id changed)
// may take its user from its old team: Terraform removes the old one first.
func (r *TeamMemberResource) checkJoin(ctx context.Context, c *gitpod.Client, plan TeamMemberResourceModel, state *TeamMemberResourceModel, diags *diag.Diagnostics) {
	target, ok := targetOf(ctx, c, plan.TeamID, diags)
	if !ok {
		return
	}
	moveFrom := moveSet(ctx, plan.MoveFrom, diags)
	checkMoveFrom(c, target, moveFrom, path.Root("move_from_team_ids"), diags)
	if diags.HasError() {
		return
	}
	// A membership replaced for another team may take its user from its
	// old team (Terraform removes the old one first). Terraform plans the
	// replacement twice, the second time without the old state.
	allowed := maps.Clone(moveFrom)
	old := ""
	switch {
	case state != nil && state.UserID.Equal(plan.UserID):
		old = state.TeamID.ValueString()
		r.data.claims.replace(plan.UserID.ValueString(), old, target.id)
	default:
		old = r.data.claims.replaced(plan.UserID.ValueString(), target.id)
	}
	if old != "" {
		allowed[old] = true
	}
	me, err := c.Whoami(ctx)
	if err != nil {
		addError(diags, err)
		return
	}
	chk := checkAdds(ctx, c, target, me.UserID, []string{plan.UserID.ValueString()}, allowed, path.Root("user_id"), diags)
	if diags.HasError() {
		return
	}
	for id, from := range chk.moves {
		if from.ID == old {
			delete(chk.moves, id) // its own membership, replaced
		}
	}
	warnMoves(diags, path.Root("user_id"), target, chk)
	r.data.claims.register(c, target, []string{plan.UserID.ValueString()}, path.Root("user_id"), diags)
}

func (r *TeamMemberResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan TeamMemberResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	c := r.data.client(ctx, &resp.Diagnostics)
	if c == nil {
		return
	}
	teamID, userID := plan.TeamID.ValueString(), plan.UserID.ValueString()
	if !c.Claim("member\x00" + teamID + "\x00" + userID) {
		resp.Diagnostics.AddAttributeError(path.Root("user_id"), "Membership managed twice",
			fmt.Sprintf("Another gitpod_team_member in this configuration already manages user %s in team %s. Keep one of them.", userID, teamID))
		return
	}
	if err := r.moveIn(ctx, c, plan); err != nil {
		r.addMemberError(&resp.Diagnostics, err)
		return
	}
	m, err := c.AddMember(ctx, teamID, userID, gitpod.Role(plan.Role.ValueString()))
	if m.UserID == "" {
		r.addMemberError(&resp.Diagnostics, err)
		return
	}
	setMemberState(&plan, teamID, m, c)
	if err != nil {
		r.addMemberError(&resp.Diagnostics, err)
	}
	rememberOwner(ctx, c, resp.Private, &resp.Diagnostics)
	setIdentity(ctx, resp.Identity, MemberIdentityModel{TeamID: types.StringValue(teamID), UserID: types.StringValue(userID)}, &resp.Diagnostics)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

// moveIn takes the user from another team that move_from_team_ids names,
// if they are in one (gitpod.v1).
func (r *TeamMemberResource) moveIn(ctx context.Context, c *gitpod.Client, plan TeamMemberResourceModel) error {
	var diags diag.Diagnostics
	moveFrom := moveSet(ctx, plan.MoveFrom, &diags)
	if len(moveFrom) == 0 || !c.Has(gitpod.FeatureOrganizations) {
		return nil
	}
	userID := plan.UserID.ValueString()
	teamOf, err := teamsOfUsers(ctx, c, []string{userID})
	if err != nil {
		return err
	}
	if from, ok := teamOf[userID]; ok && from.ID != plan.TeamID.ValueString() && moveFrom[from.ID] {
		return move(ctx, c, userID, from)
	}
	return nil
}

func (r *TeamMemberResource) addMemberError(diags interface {
	AddAttributeError(path.Path, string, string)
}, err error,
) {
	s, d := errorText(err)
	switch gitpod.KindOf(err) {
	case gitpod.KindNotApplied, gitpod.KindLastOwner:
		diags.AddAttributeError(path.Root("role"), s, d)
	default:
		diags.AddAttributeError(path.Root("user_id"), s, d)
	}
}

func (r *TeamMemberResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state TeamMemberResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	c := r.data.client(ctx, &resp.Diagnostics)
	if c == nil {
		return
	}
	teamID, userID := state.TeamID.ValueString(), state.UserID.ValueString()
	setIdentity(ctx, resp.Identity, MemberIdentityModel{TeamID: state.TeamID, UserID: state.UserID}, &resp.Diagnostics)
	ms, err := c.Members(ctx, teamID)
	if gitpod.IsNotFound(err) {
		if !checkOwner(ctx, c, req.Private, fmt.Sprintf("The membership of user %s in team %s", userID, teamID), c.API() == gitpod.V1, &resp.Diagnostics) {
			return
		}
		resp.Diagnostics.AddWarning("Team no longer visible",
			fmt.Sprintf("Team %s was not found (deleted, or the provider's user can no longer see it); the membership of user %s has been removed from state.", teamID, userID))
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		addError(&resp.Diagnostics, err)
		return
	}
	m, ok := gitpod.FindMember(ms, userID)
	if !ok {
		resp.Diagnostics.AddWarning("Team member left",
			fmt.Sprintf("User %s is no longer a member of team %s (left or was removed outside Terraform). It has been removed from state; the plan adds the user again.", userID, teamID))
		resp.State.RemoveResource(ctx)
		return
	}
	setMemberState(&state, teamID, m, c)
	if raw, _ := req.Private.GetKey(ctx, privateOwner); len(raw) == 0 {
		rememberOwner(ctx, c, resp.Private, &resp.Diagnostics)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

func (r *TeamMemberResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state TeamMemberResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	setIdentity(ctx, resp.Identity, MemberIdentityModel{TeamID: state.TeamID, UserID: state.UserID}, &resp.Diagnostics)
	c := r.data.client(ctx, &resp.Diagnostics)
	if c == nil {
		return
	}
	teamID := state.TeamID.ValueString()
	if plan.Role.Equal(state.Role) || !c.Has(gitpod.FeatureTeamRoles) {
		resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
		return
	}
	m, err := c.SetRole(ctx, teamID, state.UserID.ValueString(), gitpod.Role(plan.Role.ValueString()))
	if err != nil {
		if m.UserID != "" {
			// Record what the server holds, not what was asked for.
			setMemberState(&state, teamID, m, c)
			resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
		}
		s, d := errorText(gitpod.About(err, memberLabel(ctx, c, state)))
		if gitpod.KindOf(err) == gitpod.KindLastOwner {
			d += "\n\nMake another member an owner first (in the same apply: give that member's resource role = \"owner\" and add depends_on so it runs first)."
		}
		resp.Diagnostics.AddAttributeError(path.Root("role"), s, d)
		return
	}
	setMemberState(&state, teamID, m, c)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

func (r *TeamMemberResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state TeamMemberResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	c := r.data.client(ctx, &resp.Diagnostics)
	if c == nil {
		return
	}
	teamID, userID := state.TeamID.ValueString(), state.UserID.ValueString()
	if c.Has(gitpod.FeatureTeamRoles) {
		me, err := c.Whoami(ctx)
		if err != nil {
			addError(&resp.Diagnostics, err)
			return
		}
		if userID == me.UserID {
			resp.Diagnostics.AddWarning("Kept the provider user's own membership",
				fmt.Sprintf("gitpod_team_member for %s in %s was removed from state, but the membership itself was kept: it is the provider's own user, which would otherwise lose access to the team (and could no longer delete it). Leave the team in Gitpod if that is what you want.", memberUser(state), teamLabelOf(ctx, c, state.TeamID)))
			return
		}
	}
	err := c.RemoveMember(ctx, teamID, gitpod.Member{TeamID: teamID, UserID: userID, MembershipID: state.MembershipID.ValueString()})
	switch {
	case err == nil:
	case gitpod.KindOf(err) == gitpod.KindLastOwner:
		resp.Diagnostics.AddWarning("Kept the team's last owner",
			fmt.Sprintf("%s is the last owner of %s, and a team must keep one, so the membership stays until the team itself is deleted. It has been removed from state.",
				capitalize(memberUser(state)), teamLabelOf(ctx, c, state.TeamID)))
	default:
		addError(&resp.Diagnostics, gitpod.About(err, memberLabel(ctx, c, state)))
	}
}

// memberLabel names a membership in messages: `the membership of user id
// (Bob Example) in team "Platform" (id)`. The team's name is read (shared
// with the run's other reads) only for messages.
func memberLabel(ctx context.Context, c *gitpod.Client, m TeamMemberResourceModel) string {
	return "the membership of " + memberUser(m) + " in " + teamLabelOf(ctx, c, m.TeamID)
}

// memberUser names a membership's user: `user id (Bob Example)`.
func memberUser(m TeamMemberResourceModel) string {
	user := "user " + m.UserID.ValueString()
	if name := m.FullName.ValueString(); name != "" {
		user += " (" + gitpod.Sanitize(name) + ")"
	}
	return user
}

// teamLabelOf names a team by its ID, with its name when it can be read.
func teamLabelOf(ctx context.Context, c *gitpod.Client, teamID types.String) string {
	var diags diag.Diagnostics
	t, _ := targetOf(ctx, c, teamID, &diags)
	if t.id == "" {
		t.id = teamID.ValueString()
	}
	return t.String()
}

func (r *TeamMemberResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	id := importID(ctx, req, &resp.Diagnostics, func(i MemberIdentityModel) string { return i.TeamID.ValueString() + "/" + i.UserID.ValueString() })
	teamID, userID, ok := parseMemberID(id)
	if !ok {
		resp.Diagnostics.AddError("Invalid team member ID",
			fmt.Sprintf("Import gitpod_team_member with \"<team_id>/<user_id>\": the team's ID and the user's ID, two lower-case UUIDs separated by a slash; got %q.", gitpod.Sanitize(id)))
		return
	}
	importInto(ctx, resp, MemberIdentityModel{TeamID: types.StringValue(teamID), UserID: types.StringValue(userID)}, "id", id, "team_id", teamID, "user_id", userID)
}

func roleValue(r gitpod.Role, c *gitpod.Client) types.String {
	if !c.Has(gitpod.FeatureTeamRoles) || r == gitpod.RoleNone {
		return types.StringNull()
	}
	return types.StringValue(string(r))
}

func setMemberState(m *TeamMemberResourceModel, teamID string, tm gitpod.Member, c *gitpod.Client) {
	m.ID = types.StringValue(teamID + "/" + tm.UserID)
	m.TeamID = types.StringValue(teamID)
	m.UserID = types.StringValue(tm.UserID)
	m.Role = roleValue(tm.Role, c)
	m.MembershipID = stringOrNull(tm.MembershipID)
	m.FullName = types.StringValue(tm.FullName)
	m.PrimaryEmail = stringOrNull(tm.Email)
	m.AvatarURL = types.StringValue(tm.AvatarURL)
	m.MemberSince = timeValue(tm.MemberSince)
	if !c.Has(gitpod.FeatureMemberEmail) {
		m.PrimaryEmail = types.StringNull()
	}
}
