package provider

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/gitpod-community/terraform-provider-gitpod/internal/gitpod"
)

// What gitpod_team_member and gitpod_team_members check before anything
// changes, and how a user moves between two teams in one apply.
//
// Checks that need no knowledge of the team's current members run even
// when the team is created in the same apply (its ID unknown at plan
// time): roles the API has or lacks, users outside the organization, the
// provider user's admin rights, users already in another team.
//
// Moves (gitpod.v1, where a user belongs to at most one team per
// organization): a listed user who belongs to another team is refused at
// plan time, unless that team is named in move_from_team_ids. The
// configuration names the teams it also manages there; such a user is
// moved: removed from the other team and added here in the same apply,
// whichever of the two resources Terraform applies first (the other team's
// resource then finds the user already gone, which counts as removed). The
// plan warns about every move. A user listed for two teams in the same
// configuration is an error in that plan, so two resources never hold
// one user.

// teamTarget is the team a membership resource manages.
type teamTarget struct {
	// id is "" while the team's ID is unknown (it is created in this
	// apply); exists says the server has it.
	id     string
	name   string
	exists bool
}

// String names the team for people: `team "Platform" (id)`.
func (t teamTarget) String() string {
	switch {
	case t.id == "":
		return "the new team"
	case t.name == "":
		return "team " + t.id
	default:
		return fmt.Sprintf("team %q (%s)", gitpod.Sanitize(t.name), t.id)
	}
}

// teamName names a team for people.
func teamName(t gitpod.Team) string {
	return teamTarget{id: t.ID, name: t.Name, exists: true}.String()
}

// targetOf reads the team a membership resource manages. A team that is
// not found is one the apply creates (for a resource that is new itself),
// or one that is gone.
func targetOf(ctx context.Context, c *gitpod.Client, teamID types.String, diags *diag.Diagnostics) (teamTarget, bool) {
	if teamID.IsUnknown() || teamID.IsNull() {
		return teamTarget{}, true
	}
	id := teamID.ValueString()
	t, err := c.Team(ctx, id)
	switch {
	case gitpod.IsNotFound(err):
		return teamTarget{id: id}, true
	case err != nil:
		addError(diags, err)
		return teamTarget{}, false
	}
	return teamTarget{id: id, name: t.Name, exists: true}, true
}

// newTeamMembers are the members a team has when it is created: on
// Classic its creator, as owner; on gitpod.v1 nobody.
func newTeamMembers(c *gitpod.Client, caller string) []gitpod.Member {
	if c.Has(gitpod.FeatureTeamRoles) {
		return []gitpod.Member{{UserID: caller, Role: gitpod.RoleOwner}}
	}
	return nil
}

// moveSet reads move_from_team_ids.
func moveSet(ctx context.Context, s types.Set, diags *diag.Diagnostics) map[string]bool {
	out := map[string]bool{}
	if s.IsNull() || s.IsUnknown() {
		return out
	}
	var ids []string
	diags.Append(s.ElementsAs(ctx, &ids, false)...)
	for _, id := range ids {
		out[id] = true
	}
	return out
}

// checkMoveFrom refuses move_from_team_ids where users cannot be in two
// teams at once anyway (Classic), and the team itself.
func checkMoveFrom(c *gitpod.Client, target teamTarget, moveFrom map[string]bool, attr path.Path, diags *diag.Diagnostics) {
	if len(moveFrom) == 0 {
		return
	}
	if !c.Has(gitpod.FeatureOrganizations) {
		notAvailable(diags, attr, c, gitpod.FeatureOrganizations,
			"A user can belong to several teams there, so nothing needs moving: remove move_from_team_ids, and remove the user from the other team's resource if they should leave it.")
		return
	}
	if target.id != "" && moveFrom[target.id] {
		diags.AddAttributeError(attr, "A team cannot move users from itself", fmt.Sprintf("move_from_team_ids lists %s, the team this resource manages. Remove it.", target))
	}
}

// addCheck is what checkAdds found.
type addCheck struct {
	// moves are the users to take from another team, by user ID.
	moves map[string]gitpod.Team
	// directory is the organization's member list (gitpod.v1), for names.
	directory map[string]gitpod.User
}

// checkAdds refuses, on attr and before anything changes, the additions
// gitpod.v1 would refuse: any by a provider user who is not an
// organization admin, users outside the organization, and users in
// another team that move_from_team_ids does not name. Users in a named
// team are moves. Classic checks nothing here (its owner rules are the
// member list's).
func checkAdds(ctx context.Context, c *gitpod.Client, target teamTarget, caller string, adds []string, moveFrom map[string]bool, attr path.Path, diags *diag.Diagnostics) addCheck {
	res := addCheck{moves: map[string]gitpod.Team{}, directory: map[string]gitpod.User{}}
	if !c.Has(gitpod.FeatureOrganizations) || len(adds) == 0 {
		return res
	}
	// The members in no team are shared by every resource of the run;
	// only the others (busy, outside the organization, or the provider's
	// user in a team) are read by ID.
	free, err := c.InNoTeam(ctx)
	if err != nil {
		addError(diags, err)
		return res
	}
	var others []string
	for _, id := range append([]string{caller}, adds...) {
		if _, ok := free[id]; !ok {
			others = append(others, id)
		}
	}
	profiles, err := c.Profiles(ctx, others)
	if err != nil {
		addError(diags, err)
		return res
	}
	for id, u := range free {
		profiles[id] = u
	}
	res.directory = profiles
	if checkAdmin(profiles, caller, attr, diags); diags.HasError() {
		return res
	}
	var outside, busy []string
	for _, id := range adds {
		u, ok := profiles[id]
		switch _, isFree := free[id]; {
		case !ok || u.Status == "left":
			outside = append(outside, id)
		case !isFree:
			busy = append(busy, id)
		}
	}
	if len(outside) > 0 {
		diags.AddAttributeError(attr, "Users are not members of the organization",
			fmt.Sprintf("User(s) %s do not belong to the token's organization, so they cannot join %s. Invite them to the organization first (the gitpod_users data source lists its members). Nothing was changed.", gitpod.List(outside), target))
		return res
	}
	if len(busy) == 0 {
		return res
	}
	teamOf, err := teamsOfUsers(ctx, c, busy)
	if err != nil {
		addError(diags, err)
		return res
	}
	for _, id := range busy {
		t, ok := teamOf[id]
		switch {
		case !ok || t.ID == target.id:
			// Already here (an add adopts it), or no longer in a team.
		case moveFrom[t.ID]:
			res.moves[id] = t
		default:
			diags.AddAttributeError(attr, "User already in another team",
				fmt.Sprintf("User %s is a member of %s, and on %s a user belongs to at most one team per organization. Nothing was changed. "+
					"If this configuration manages that team too, remove the user from its membership resource and add its ID to move_from_team_ids here (move_from_team_ids = [%q]): the user then moves in one apply. Otherwise remove the user from that team first.",
					describeUser(profiles[id]), teamName(t), c.API().Describe(), t.ID))
		}
	}
	return res
}

// teamsOfUsers finds the team each of the users belongs to.
func teamsOfUsers(ctx context.Context, c *gitpod.Client, users []string) (map[string]gitpod.Team, error) {
	want := map[string]bool{}
	for _, u := range users {
		want[u] = true
	}
	teams, err := c.Teams(ctx, "")
	if err != nil {
		return nil, err
	}
	out := map[string]gitpod.Team{}
	for _, t := range teams {
		ms, err := c.Members(ctx, t.ID)
		if err != nil {
			return nil, err
		}
		for _, m := range ms {
			if want[m.UserID] {
				out[m.UserID] = t
			}
		}
	}
	return out, nil
}

// warnMoves says which users a plan moves, and from where.
func warnMoves(diags *diag.Diagnostics, attr path.Path, target teamTarget, chk addCheck) {
	if len(chk.moves) == 0 {
		return
	}
	var lines []string
	for id, from := range chk.moves {
		lines = append(lines, fmt.Sprintf("  - %s: from %s", describeUser(userOr(chk.directory, id)), teamName(from)))
	}
	slices.Sort(lines)
	diags.AddAttributeWarning(attr, fmt.Sprintf("%d user(s) will move to %s", len(lines), target),
		fmt.Sprintf("These users belong to a team that move_from_team_ids names. Applying removes each from that team and adds them to %s:\n%s", target, strings.Join(lines, "\n")))
}

// move takes a user from another team before adding them here; one
// already gone counts as moved.
func move(ctx context.Context, c *gitpod.Client, userID string, from gitpod.Team) error {
	return c.RemoveMember(ctx, from.ID, gitpod.Member{TeamID: from.ID, UserID: userID})
}

func userOr(dir map[string]gitpod.User, id string) gitpod.User {
	if u, ok := dir[id]; ok {
		return u
	}
	return gitpod.User{ID: id}
}

// ---- one user, one team: claims across the resources of a plan ----

// memberClaims remembers, for one plan or apply, which team each user is
// listed for (gitpod.v1), so that two resources listing one user for two
// teams fail the plan, whichever is planned first.
type memberClaims struct {
	mu     sync.Mutex
	byUser map[string]teamTarget
	// replacing are gitpod_team_member replacements planned in this run
	// (user and new team to old team): Terraform plans the new membership
	// a second time as a create, without the old one's state.
	replacing map[string]string
}

// replace records that a membership of userID moves from team from to
// team to by replacement.
func (m *memberClaims) replace(userID, from, to string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.replacing == nil {
		m.replacing = map[string]string{}
	}
	m.replacing[userID+"\x00"+to] = from
}

// replaced is the team a membership of userID in team to replaces, or "".
func (m *memberClaims) replaced(userID, to string) string {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.replacing[userID+"\x00"+to]
}

// register records that the users are listed for target and adds an
// error for each one already listed for another team.
func (m *memberClaims) register(c *gitpod.Client, target teamTarget, users []string, attr path.Path, diags *diag.Diagnostics) {
	if m == nil || !c.Has(gitpod.FeatureOrganizations) {
		return
	}
	if target.id == "" {
		// A team created in this apply has no ID yet: two resources may
		// name the same new team, so only known teams are compared (the
		// server refuses a second team at apply, naming it).
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.byUser == nil {
		m.byUser = map[string]teamTarget{}
	}
	for _, u := range users {
		if other, ok := m.byUser[u]; ok && other.id != target.id {
			diags.AddAttributeError(attr, "User listed for two teams",
				fmt.Sprintf("User %s is listed for %s and for %s in this configuration, and on %s a user belongs to at most one team per organization. List the user for one team only (to move them, remove them from the other and name it in move_from_team_ids).",
					u, target, other, c.API().Describe()))
			continue
		}
		m.byUser[u] = target
	}
}

// moveFromTeamIDsAttribute is the schema of move_from_team_ids.
func moveFromTeamIDsAttribute() schema.SetAttribute {
	return schema.SetAttribute{
		Description: "`gitpod.v1` only (an error on Classic, where a user can be in several teams). IDs of other teams this configuration also manages, from which listed users may be moved here: " +
			"on `gitpod.v1` a user belongs to at most one team per organization, so a listed user who is a member of one of these teams is removed from it and added here in the same apply (the plan warns about each move). " +
			"Remove the user from the other team's resource in the same change. A listed user who belongs to any other team is a plan-time error.",
		ElementType: types.StringType,
		Optional:    true,
		Validators:  []validator.Set{setvalidator.ValueStringsAre(uuidValidator("a team ID"))},
	}
}
