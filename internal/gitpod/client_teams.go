package gitpod

import (
	"context"
	"fmt"
	"slices"

	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// Teams is the teams domain, which every API generation has.
type Teams interface {
	TeamTraits() TeamTraits
	// CreateTeam creates a team (in orgID, where teams belong to an
	// organization).
	CreateTeam(ctx context.Context, orgID, name string) (Team, error)
	GetTeam(ctx context.Context, id string) (Team, error)
	// ListTeams lists every team the caller can see, filtered by a name
	// substring where the API can; others ignore search.
	ListTeams(ctx context.Context, search string) ([]Team, error)
	DeleteTeam(ctx context.Context, id string) error
}

// TeamTraits are the values of an API's teams.
type TeamTraits struct {
	// NameMin and NameMax bound names, in characters: Unicode code points,
	// or with NameUTF16 UTF-16 code units (a server in JavaScript).
	NameMin, NameMax int
	NameUTF16        bool
	// IncludesMembers: GetTeam and ListTeams return the members.
	IncludesMembers bool
}

// TeamRenamer renames teams in place (FeatureTeamRename).
type TeamRenamer interface {
	RenameTeam(ctx context.Context, id, name string) (Team, error)
}

// TeamInvitations are teams' invitation links (FeatureTeamInvitation).
type TeamInvitations interface {
	ResetTeamInvitation(ctx context.Context, teamID string) (string, error)
	GetTeamInvitation(ctx context.Context, teamID string) (string, error)
}

func teamObject(id string) string { return "team " + id }

// Team reads a team, sharing the call with concurrent and recent reads.
func (c *Client) Team(ctx context.Context, id string) (Team, error) {
	if t, ok := c.createdTeam(id); ok {
		return t, nil
	}
	t, _, err := c.teams.get(ctx, id, func(ctx context.Context) (Team, error) { return c.f.teams.GetTeam(ctx, id) })
	if err != nil {
		return Team{}, c.fail(err, "read", teamObject(id))
	}
	t.Members = slices.Clone(t.Members)
	return t, nil
}

// TeamFresh reads a team from the API, for decisions that lead to writes.
func (c *Client) TeamFresh(ctx context.Context, id string) (Team, error) {
	c.invalidateTeams()
	return c.Team(ctx, id)
}

func (c *Client) invalidateTeams() {
	c.teams.invalidate()
	c.members.invalidate()
}

// Teams lists the teams the caller can see (filtered by a name substring
// where the API can).
func (c *Client) Teams(ctx context.Context, search string) ([]Team, error) {
	ts, err := c.f.teams.ListTeams(ctx, search)
	return ts, c.wrap(err, "list", "teams")
}

// CreateTeam creates a team in the caller's organization, or as a new
// Classic team, reconciling a lost answer (reconcile.go): the team it made
// is the one new team with that name that no other resource holds. The
// returned team is valid whenever its ID is set, even with an error (an
// interrupt after the team was made).
func (c *Client) CreateTeam(ctx context.Context, name string) (Team, error) {
	object := fmt.Sprintf("team %q", name)
	orgID := ""
	if c.Has(FeatureOrganizations) {
		me, err := c.Whoami(ctx)
		if err != nil {
			return Team{}, err
		}
		orgID = me.OrganizationID
	}
	res, err := reconcileCreate(ctx, c, creation[Team]{
		what: "team", plural: "teams", name: name, op: "create", object: object,
		lockKey: "team\x00" + name, snapshot: true, claims: true,
		afterLost:  "import it if it exists",
		notApplied: "the server answered OK but no new team with that name is listed",
		list:       func(ctx context.Context) ([]Team, error) { return c.f.teams.ListTeams(ctx, name) },
		id:         func(t Team) string { return t.ID },
		match:      func(t Team) bool { return t.Name == name },
		create:     func(ctx context.Context) (Team, error) { return c.f.teams.CreateTeam(ctx, orgID, name) },
		after:      c.invalidateTeams,
	})
	switch {
	case err != nil && KindOf(err) == KindAlreadyExists:
		return Team{}, WithHint(err, "Team names are unique in an organization: choose another name, or import the existing team with an import block (id = the team's ID; the gitpod_teams data source lists them).")
	case err != nil:
		return res.obj, err
	case res.lost != nil:
		tflog.Warn(ctx, "creating a team failed after it may have been processed; found it", map[string]any{"name": name, "id": res.obj.ID})
		if full, gerr := c.f.teams.GetTeam(ctx, res.obj.ID); gerr == nil {
			return full, nil
		}
	case !res.found:
		c.rememberCreated(res.obj)
	}
	return res.obj, nil
}

// A team this client created, from an answer it trusts, is known without
// reading it: its members are the ones the answers of this client's own
// changes name (FeatureTrustedMemberAnswers). Creating ten teams and
// adding thirty members to each then takes one call per create and per
// add, plus the create's own check.

// rememberCreated records a team this client just created.
func (c *Client) rememberCreated(t Team) {
	if !c.Has(FeatureTrustedMemberAnswers) {
		return
	}
	c.localMu.Lock()
	defer c.localMu.Unlock()
	t.Members = slices.Clone(t.Members)
	if t.Members == nil {
		t.Members = []Member{}
	}
	c.local[t.ID] = &t
}

// createdTeam is a team this client created and has followed since.
func (c *Client) createdTeam(id string) (Team, bool) {
	c.localMu.Lock()
	defer c.localMu.Unlock()
	t, ok := c.local[id]
	if !ok {
		return Team{}, false
	}
	cp := *t
	cp.Members = slices.Clone(t.Members)
	return cp, true
}

// recordMember follows a change this client made to a team it created:
// m joined (added) or left it.
func (c *Client) recordMember(teamID string, m Member, added bool) {
	c.localMu.Lock()
	defer c.localMu.Unlock()
	t, ok := c.local[teamID]
	if !ok {
		return
	}
	t.Members = slices.DeleteFunc(t.Members, func(x Member) bool { return x.UserID == m.UserID })
	if added {
		t.Members = append(t.Members, m)
	}
	t.MemberCount = len(t.Members)
}

// forgetCreated stops following a team (renamed or deleted, or changed in
// a way this client did not follow).
func (c *Client) forgetCreated(id string) {
	c.localMu.Lock()
	defer c.localMu.Unlock()
	delete(c.local, id)
}

// RenameTeam renames a team in place (FeatureTeamRename).
func (c *Client) RenameTeam(ctx context.Context, id, name string) (Team, error) {
	if c.f.renamer == nil {
		return Team{}, c.unsupported(FeatureTeamRename, "rename", teamObject(id))
	}
	t, err := c.f.renamer.RenameTeam(ctx, id, name)
	c.invalidateTeams()
	c.forgetCreated(id)
	if err != nil {
		return Team{}, c.fail(err, "rename", teamObject(id))
	}
	return t, nil
}

// DeleteTeam deletes a team; a team that is already gone counts as deleted.
func (c *Client) DeleteTeam(ctx context.Context, id string) error {
	err := c.f.teams.DeleteTeam(ctx, id)
	c.invalidateTeams()
	c.forgetCreated(id)
	if err != nil && !IsNotFound(err) {
		return c.fail(err, "delete", teamObject(id))
	}
	return nil
}

// ResetInvitation replaces a team's invitation (FeatureTeamInvitation).
func (c *Client) ResetInvitation(ctx context.Context, teamID string) (string, error) {
	if c.f.invites == nil {
		return "", c.unsupported(FeatureTeamInvitation, "reset the invitation of", teamObject(teamID))
	}
	inv, err := c.f.invites.ResetTeamInvitation(ctx, teamID)
	c.invalidateTeams()
	return inv, c.wrap(err, "reset the invitation of", teamObject(teamID))
}

// Invitation reads a team's invitation; it is "" when the API has none or
// the caller may not see it (only owners can).
func (c *Client) Invitation(ctx context.Context, teamID string) (string, error) {
	if c.f.invites == nil {
		return "", nil
	}
	inv, err := c.f.invites.GetTeamInvitation(ctx, teamID)
	if KindOf(err) == KindPermissionDenied {
		return "", nil
	}
	return inv, c.wrap(err, "read the invitation of", teamObject(teamID))
}
