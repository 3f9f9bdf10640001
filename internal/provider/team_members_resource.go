package provider

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"strings"

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
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"

	"github.com/gitpod-community/terraform-provider-gitpod/internal/gitpod"
	"github.com/gitpod-community/terraform-provider-gitpod/internal/membership"
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
	ID       types.String            `tfsdk:"id"`
	TeamID   types.String            `tfsdk:"team_id"`
	MoveFrom types.Set               `tfsdk:"move_from_team_ids"`
	Members  []TeamMembersEntryModel `tfsdk:"members"`
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
		Description: "Owns the whole member list of a team (authoritative): listed users are added, members who are not listed are removed, and on Classic roles are set; the plan names everyone who will be removed. " +
			"Changes are made in an order that can complete: owners are added and promoted before anyone loses rights, and the provider's own user gives up its owner role last. A change set that cannot complete (no owner left, the provider's user not allowed to make it, a user already in another team of the organization on `gitpod.v1`) fails at plan time, before anything changes. " +
			"It never removes the provider user's own membership unless that membership is listed, and it never leaves a Classic team without an owner. A member who leaves outside Terraform shows up as a change in the next plan. " +
			"Destroying it removes the listed members, again never the provider's user and never the last owner, so a team and its members can be destroyed in one run. Importing it (by team ID) leaves the provider user's own membership out of `members`. " +
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
				Validators:    []validator.String{uuidValidator("a team ID")},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"move_from_team_ids": moveFromTeamIDsAttribute(),
			"members": schema.SetNestedAttribute{
				Description: "Every member the team should have, each user listed once. On Classic at least one must be an `owner`, unless the provider's user is an owner and not listed (its own membership is then kept as it is). A role change on Classic shows in the plan as the member's entry leaving and coming back (members is a set); a warning names each change (`Carol: member -> owner`).",
				Required:    true,
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"user_id": schema.StringAttribute{
						Description: "The member's user ID. On `gitpod.v1` the user must be a member of the token's organization and of no other team in it.",
						Required:    true,
						Validators:  []validator.String{uuidValidator("a user ID")},
					},
					"role": schema.StringAttribute{
						Description: "Classic (required there): `owner` or `member`. Must be left unset on `gitpod.v1`, whose teams have no roles.",
						Optional:    true,
						Validators:  []validator.String{stringvalidator.OneOf(teamRoles...)},
					},
				}},
			},
		},
	}
}

func (r *TeamMembersResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

// teamMembersUnknownModel is the resource's configuration or plan while
// the member list may still be unknown (it can depend on other resources
// or data sources).
type teamMembersUnknownModel struct {
	ID       types.String `tfsdk:"id"`
	TeamID   types.String `tfsdk:"team_id"`
	MoveFrom types.Set    `tfsdk:"move_from_team_ids"`
	Members  types.Set    `tfsdk:"members"`
}

// knownEntries returns the listed members; known is false while the list
// or any of its members is unknown.
func knownEntries(ctx context.Context, set types.Set, diags *diag.Diagnostics) ([]TeamMembersEntryModel, bool) {
	if set.IsUnknown() || set.IsNull() {
		return nil, false
	}
	var out []TeamMembersEntryModel
	for _, el := range set.Elements() {
		obj, ok := el.(types.Object)
		if !ok || obj.IsUnknown() || obj.IsNull() {
			return nil, false
		}
		var e TeamMembersEntryModel
		diags.Append(obj.As(ctx, &e, basetypes.ObjectAsOptions{})...)
		if e.UserID.IsUnknown() || e.Role.IsUnknown() {
			return nil, false
		}
		out = append(out, e)
	}
	return out, true
}

func (r *TeamMembersResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var cfg teamMembersUnknownModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() || cfg.Members.IsUnknown() || cfg.Members.IsNull() {
		return
	}
	seen := map[string]bool{}
	for _, el := range cfg.Members.Elements() {
		obj, ok := el.(types.Object)
		if !ok || obj.IsUnknown() || obj.IsNull() {
			continue
		}
		var m TeamMembersEntryModel
		resp.Diagnostics.Append(obj.As(ctx, &m, basetypes.ObjectAsOptions{})...)
		if m.UserID.IsUnknown() || m.UserID.IsNull() {
			continue
		}
		if seen[m.UserID.ValueString()] {
			resp.Diagnostics.AddAttributeError(path.Root("members"), "User listed twice",
				fmt.Sprintf("User %s appears more than once in members; list each user once.", m.UserID.ValueString()))
		}
		seen[m.UserID.ValueString()] = true
	}
}

// desiredMembers converts the listed members, all known (see knownEntries).
func desiredMembers(in []TeamMembersEntryModel) []membership.Member {
	out := make([]membership.Member, 0, len(in))
	for _, m := range in {
		out = append(out, membership.Member{UserID: m.UserID.ValueString(), Role: gitpod.Role(m.Role.ValueString())})
	}
	return out
}

func actualMembers(ms []gitpod.Member) []membership.Member {
	out := make([]membership.Member, 0, len(ms))
	for _, m := range ms {
		out = append(out, membership.Member{UserID: m.UserID, Role: m.Role})
	}
	return out
}

// describe names a member for people: "Bob Example <bob@example.com> (id)".
func describe(ms []gitpod.Member, profiles map[string]gitpod.User, userID string) string {
	u := gitpod.User{ID: userID}
	if m, ok := gitpod.FindMember(ms, userID); ok {
		u.FullName, u.Email = m.FullName, m.Email
	}
	if p, ok := profiles[userID]; ok {
		u.FullName, u.Email = firstNonEmpty(u.FullName, p.FullName), firstNonEmpty(u.Email, p.Email)
	}
	return describeUser(u)
}

// teamPlan is everything a check or an apply of the member list needs.
type teamPlan struct {
	client   *gitpod.Client
	target   teamTarget
	caller   string
	members  []gitpod.Member
	changes  membership.Changes
	profiles map[string]gitpod.User
	// moves are the users to take from other teams first (gitpod.v1).
	moves map[string]gitpod.Team
}

// planMembers plans the change to desired for target: a team that exists
// is read (fresh skips the shared cache, before writes); one the apply
// creates has the members a new team has. It adds diagnostics for change
// sets that cannot complete and returns nil then.
func (r *TeamMembersResource) planMembers(ctx context.Context, c *gitpod.Client, target teamTarget, desired []membership.Member, moveFrom map[string]bool, fresh bool, diags *diag.Diagnostics) *teamPlan {
	checkRoles(c, desired, diags)
	checkMoveFrom(c, target, moveFrom, path.Root("move_from_team_ids"), diags)
	if diags.HasError() {
		return nil
	}
	me, err := c.Whoami(ctx)
	if err != nil {
		addError(diags, err)
		return nil
	}
	ms := newTeamMembers(c, me.UserID)
	if target.exists {
		if fresh {
			ms, err = c.MembersFresh(ctx, target.id)
		} else {
			ms, err = c.Members(ctx, target.id)
		}
		if err != nil {
			addError(diags, err)
			return nil
		}
	}
	tp := &teamPlan{client: c, target: target, caller: me.UserID, members: ms, profiles: map[string]gitpod.User{}}
	tp.changes, err = membership.Plan(actualMembers(ms), desired, me.UserID, c.Has(gitpod.FeatureTeamRoles))
	switch {
	case errors.Is(err, membership.ErrNoOwner):
		diags.AddAttributeError(path.Root("members"), "Team would have no owner", fmt.Sprintf("%s: %s. Nothing was changed.", capitalize(target.String()), err))
	case errors.Is(err, membership.ErrCallerNotOwner):
		diags.AddAttributeError(path.Root("members"), "Not allowed to change the team's members",
			fmt.Sprintf("%s: %s. Nothing was changed. Use a token of an owner, or have an owner make the provider's user an owner.", capitalize(target.String()), err))
	}
	if diags.HasError() || tp.changes.Empty() {
		return tp
	}
	if c.Has(gitpod.FeatureOrganizations) {
		if len(tp.changes.Added) > 0 {
			chk := checkAdds(ctx, c, target, me.UserID, tp.changes.Added, moveFrom, path.Root("members"), diags)
			tp.moves, tp.profiles = chk.moves, chk.directory
		}
		if diags.HasError() {
			return nil
		}
		// The organization's profiles name the members in messages (v1
		// team members carry no email) and hold the provider user's role.
		names := append(append([]string{me.UserID}, tp.changes.Removed...), tp.changes.Promoted...)
		more, err := c.Profiles(ctx, names)
		if err != nil {
			addError(diags, err)
			return nil
		}
		maps.Copy(more, tp.profiles)
		tp.profiles = more
		checkAdmin(tp.profiles, me.UserID, path.Root("members"), diags)
	}
	if diags.HasError() {
		return nil
	}
	return tp
}

// checkRoles applies the API's rule for roles to every listed member.
func checkRoles(c *gitpod.Client, desired []membership.Member, diags *diag.Diagnostics) {
	roles := c.Has(gitpod.FeatureTeamRoles)
	for _, m := range desired {
		switch {
		case roles && m.Role == gitpod.RoleNone:
			diags.AddAttributeError(path.Root("members"), "Role required", fmt.Sprintf("User %s has no role. %s needs a role for every member: owner or member.", m.UserID, c.API().Describe()))
		case !roles && m.Role != gitpod.RoleNone:
			notAvailable(diags, path.Root("members"), c, gitpod.FeatureTeamRoles, fmt.Sprintf("User %s has a role: remove role from every member.", m.UserID))
		}
	}
}

// checkAdmin refuses membership changes by a provider user who is not an
// organization admin (gitpod.v1), from the organization's directory.
func checkAdmin(dir map[string]gitpod.User, caller string, attr path.Path, diags *diag.Diagnostics) {
	if me, ok := dir[caller]; ok && me.Role != "admin" {
		diags.AddAttributeError(attr, "Not allowed to change the team's members",
			fmt.Sprintf("Only organization admins may add or remove team members, and the provider's user (%s) is an organization %s. Nothing was changed. Use a token of an organization admin.", me.ID, me.Role))
	}
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// ModifyPlan checks the change against the team as it is now (or, for a
// team the apply creates, as a new team is), so that a change set that
// cannot complete fails the plan rather than half an apply, and it names
// who would be removed, moved, or change role.
func (r *TeamMembersResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() || r.data == nil {
		return
	}
	var plan teamMembersUnknownModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	entries, known := knownEntries(ctx, plan.Members, &resp.Diagnostics)
	if !known {
		return
	}
	c := r.data.client(ctx, &resp.Diagnostics)
	if c == nil {
		return
	}
	target, ok := targetOf(ctx, c, plan.TeamID, &resp.Diagnostics)
	if !ok {
		return
	}
	if !target.exists && target.id != "" && !req.State.Raw.IsNull() {
		return // The team is gone: Read removed it; drift never blocks a plan.
	}
	desired := desiredMembers(entries)
	moveFrom := moveSet(ctx, plan.MoveFrom, &resp.Diagnostics)
	tp := r.planMembers(ctx, c, target, desired, moveFrom, false, &resp.Diagnostics)
	if tp == nil {
		return
	}
	users := make([]string, 0, len(desired))
	for _, m := range desired {
		users = append(users, m.UserID)
	}
	r.data.claims.register(c, target, users, path.Root("members"), &resp.Diagnostics)
	warnMemberChanges(&resp.Diagnostics, tp)
}

// warnMemberChanges names who a plan removes, moves, demotes or gives
// another role.
func warnMemberChanges(diags *diag.Diagnostics, tp *teamPlan) {
	if n := len(tp.changes.Removed); n > 0 {
		names := make([]string, 0, n)
		for _, id := range tp.changes.Removed {
			names = append(names, "  - "+describe(tp.members, tp.profiles, id))
		}
		diags.AddAttributeWarning(path.Root("members"), fmt.Sprintf("%d member(s) will be removed from %s", n, tp.target),
			fmt.Sprintf("gitpod_team_members owns the member list of %s, and these members are not listed, so applying removes them:\n%s\nList them in members to keep them.", tp.target, strings.Join(names, "\n")))
	}
	warnMoves(diags, path.Root("members"), tp.target, addCheck{moves: tp.moves, directory: tp.profiles})
	var roles []string
	for _, s := range tp.changes.Steps {
		if s.Action != membership.SetRole {
			continue
		}
		from := gitpod.RoleNone
		if m, ok := gitpod.FindMember(tp.members, s.UserID); ok {
			from = m.Role
		}
		roles = append(roles, fmt.Sprintf("  - %s: %s -> %s", describe(tp.members, tp.profiles, s.UserID), from, s.Role))
	}
	if len(roles) > 0 {
		diags.AddAttributeWarning(path.Root("members"), fmt.Sprintf("%d member(s) of %s will change role", len(roles), tp.target),
			fmt.Sprintf("The plan shows each of these members' entries leaving and coming back (members is a set), but applying only changes their roles:\n%s", strings.Join(roles, "\n")))
	}
	if tp.changes.CallerDemoted {
		diags.AddAttributeWarning(path.Root("members"), "The provider's user gives up its owner rights",
			fmt.Sprintf("This plan makes the provider's own user (%s) a plain member of %s, as the last step of the apply. Afterwards this configuration can no longer change the team's members or delete the team; another owner would have to. List it with role = \"owner\" to keep managing the team.", tp.caller, tp.target))
	}
}

func (r *TeamMembersResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var teamID types.String
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("team_id"), &teamID)...)
	setIdentity(ctx, resp.Identity, TeamMembersIdentityModel{TeamID: teamID}, &resp.Diagnostics)
	r.applyPlan(ctx, req.Plan, &resp.State, &resp.Diagnostics)
}

func (r *TeamMembersResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var teamID types.String
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("team_id"), &teamID)...)
	setIdentity(ctx, resp.Identity, TeamMembersIdentityModel{TeamID: teamID}, &resp.Diagnostics)
	r.applyPlan(ctx, req.Plan, &resp.State, &resp.Diagnostics)
}

// applyPlan is Create and Update: both make the team's members match the
// plan, checking everything against fresh data before changing anything.
// When a step fails, the state records the members the team really has.
func (r *TeamMembersResource) applyPlan(ctx context.Context, p tfsdk.Plan, state *tfsdk.State, diags *diag.Diagnostics) {
	var plan TeamMembersResourceModel
	diags.Append(p.Get(ctx, &plan)...)
	if diags.HasError() {
		return
	}
	c := r.data.client(ctx, diags)
	if c == nil {
		return
	}
	teamID := plan.TeamID.ValueString()
	target, ok := targetOf(ctx, c, plan.TeamID, diags)
	if !ok {
		return
	}
	if !target.exists {
		addError(diags, gitpod.New(gitpod.KindNotFound, "change the members of", target.String(), "the team does not exist"))
		return
	}
	tp := r.planMembers(ctx, c, target, desiredMembers(plan.Members), moveSet(ctx, plan.MoveFrom, diags), true, diags)
	if tp == nil || diags.HasError() {
		return
	}
	for _, s := range tp.changes.Steps {
		var err error
		switch s.Action {
		case membership.Add:
			if from, ok := tp.moves[s.UserID]; ok {
				err = move(ctx, c, s.UserID, from)
			}
			if err == nil {
				_, err = c.AddMember(ctx, teamID, s.UserID, s.Role)
			}
		case membership.SetRole:
			_, err = c.SetRole(ctx, teamID, s.UserID, s.Role)
		case membership.Remove:
			m, _ := gitpod.FindMember(tp.members, s.UserID)
			m.UserID, m.TeamID = s.UserID, teamID
			err = c.RemoveMember(ctx, teamID, m)
		}
		if err != nil {
			addAttributeError(diags, path.Root("members"), err)
			r.recordActual(ctx, c, teamID, plan, tp.caller, state, diags)
			return
		}
	}
	plan.ID = types.StringValue(teamID)
	diags.Append(state.Set(ctx, &plan)...)
}

// recordActual saves the members the team really has after a failed step,
// so the next plan shows what is still to do.
func (r *TeamMembersResource) recordActual(ctx context.Context, c *gitpod.Client, teamID string, plan TeamMembersResourceModel, caller string, state *tfsdk.State, diags *diag.Diagnostics) {
	ms, err := c.MembersFresh(context.WithoutCancel(ctx), teamID)
	if err != nil {
		return
	}
	m := TeamMembersResourceModel{ID: types.StringValue(teamID), TeamID: types.StringValue(teamID), MoveFrom: plan.MoveFrom, Members: entriesFrom(ms, listedCaller(plan.Members, caller), caller, c)}
	diags.Append(state.Set(ctx, &m)...)
}

func listedCaller(listed []TeamMembersEntryModel, caller string) bool {
	for _, m := range listed {
		if m.UserID.ValueString() == caller {
			return true
		}
	}
	return false
}

func entriesFrom(ms []gitpod.Member, keepCaller bool, caller string, c *gitpod.Client) []TeamMembersEntryModel {
	out := []TeamMembersEntryModel{}
	for _, m := range ms {
		if m.UserID == caller && !keepCaller {
			continue // the caller's own membership is managed only when listed
		}
		out = append(out, TeamMembersEntryModel{UserID: types.StringValue(m.UserID), Role: roleValue(m.Role, c)})
	}
	return out
}

func (r *TeamMembersResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state TeamMembersResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	c := r.data.client(ctx, &resp.Diagnostics)
	if c == nil {
		return
	}
	teamID := state.TeamID.ValueString()
	setIdentity(ctx, resp.Identity, TeamMembersIdentityModel{TeamID: state.TeamID}, &resp.Diagnostics)
	ms, err := c.Members(ctx, teamID)
	if gitpod.IsNotFound(err) {
		if !checkOwner(ctx, c, req.Private, "The member list of team "+teamID, c.API() == gitpod.V1, &resp.Diagnostics) {
			return
		}
		resp.Diagnostics.AddWarning("Team no longer visible", fmt.Sprintf("Team %s was not found; its member list has been removed from state.", teamID))
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		addError(&resp.Diagnostics, err)
		return
	}
	me, err := c.Whoami(ctx)
	if err != nil {
		addError(&resp.Diagnostics, err)
		return
	}
	state.ID = types.StringValue(teamID)
	state.Members = entriesFrom(ms, listedCaller(state.Members, me.UserID), me.UserID, c)
	if raw, _ := req.Private.GetKey(ctx, privateOwner); len(raw) == 0 {
		rememberOwner(ctx, c, resp.Private, &resp.Diagnostics)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// Delete removes every listed member except the provider's own user and a
// team's last owner, so that the team itself can be destroyed next.
func (r *TeamMembersResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state TeamMembersResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	c := r.data.client(ctx, &resp.Diagnostics)
	if c == nil {
		return
	}
	teamID := state.TeamID.ValueString()
	ms, err := c.MembersFresh(ctx, teamID)
	if gitpod.IsNotFound(err) {
		return
	}
	if err != nil {
		addError(&resp.Diagnostics, err)
		return
	}
	me, err := c.Whoami(ctx)
	if err != nil {
		addError(&resp.Diagnostics, err)
		return
	}
	listed := map[string]bool{}
	for _, m := range state.Members {
		listed[m.UserID.ValueString()] = true
	}
	if c.Has(gitpod.FeatureTeamRoles) {
		// Only owners remove members: say so before trying, by name.
		var toRemove []string
		for _, m := range ms {
			if listed[m.UserID] && m.UserID != me.UserID {
				toRemove = append(toRemove, m.UserID)
			}
		}
		if mine, ok := gitpod.FindMember(ms, me.UserID); len(toRemove) > 0 && (!ok || mine.Role != gitpod.RoleOwner) {
			resp.Diagnostics.AddError("Not allowed to remove the team's members",
				fmt.Sprintf("Destroying gitpod_team_members removes the listed members of team %s (%s), but the provider's user (%s) is not an owner of the team, and only owners may remove members. Nothing was removed. Use a token of an owner, or remove the resource from state (terraform state rm) to leave the members in place.",
					teamID, gitpod.List(toRemove), me.UserID))
			return
		}
	}
	for _, m := range ms {
		if !listed[m.UserID] || m.UserID == me.UserID {
			continue
		}
		err := c.RemoveMember(ctx, teamID, m)
		switch {
		case err == nil:
		case gitpod.KindOf(err) == gitpod.KindLastOwner:
			resp.Diagnostics.AddWarning("Kept the team's last owner",
				fmt.Sprintf("User %s is the last owner of team %s, and a team must keep one, so the membership stays until the team itself is deleted.", m.UserID, teamID))
		default:
			addError(&resp.Diagnostics, err)
			return
		}
	}
}

func (r *TeamMembersResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	id := importID(ctx, req, &resp.Diagnostics, func(i TeamMembersIdentityModel) string { return i.TeamID.ValueString() })
	if !uuidPattern.MatchString(id) {
		resp.Diagnostics.AddError("Invalid team ID", fmt.Sprintf("Import gitpod_team_members by the team's ID, a lower-case UUID; got %q.", gitpod.Sanitize(id)))
		return
	}
	importInto(ctx, resp, TeamMembersIdentityModel{TeamID: types.StringValue(id)}, "id", id, "team_id", id)
}
