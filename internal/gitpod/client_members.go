package gitpod

import (
	"context"
	"fmt"
	"slices"
)

// Members is the team-members domain, which every API generation has.
type Members interface {
	MemberTraits() MemberTraits
	// ListTeamMembers lists every member of a team.
	ListTeamMembers(ctx context.Context, teamID string) ([]Member, error)
	// AddTeamMember adds a user to a team; role is RoleNone unless the
	// adapter is a MemberRoles.
	AddTeamMember(ctx context.Context, teamID, userID string, role Role) (Member, error)
	// RemoveTeamMember removes a membership (some APIs need
	// m.MembershipID).
	RemoveTeamMember(ctx context.Context, teamID string, m Member) error
}

// MemberTraits are the values of an API's team members.
type MemberTraits struct {
	// Email: members carry their email address (FeatureMemberEmail).
	Email bool
	// TrustedAnswers: the answer to AddTeamMember (and to CreateTeam)
	// says what the server holds afterwards, so the client need not read
	// it back (FeatureTrustedMemberAnswers). Classic's only echoes the
	// request.
	TrustedAnswers bool
}

// MemberRoles are team roles (FeatureTeamRoles).
type MemberRoles interface {
	SetTeamMemberRole(ctx context.Context, teamID, userID string, role Role) error
}

func memberObject(teamID, userID string) string {
	return fmt.Sprintf("the membership of user %s in team %s", userID, teamID)
}

// Members lists a team's members, sharing the call with concurrent and
// recent reads of the same team.
func (c *Client) Members(ctx context.Context, teamID string) ([]Member, error) {
	if t, ok := c.createdTeam(teamID); ok {
		return t.Members, nil
	}
	if c.Has(FeatureTeamIncludesMembers) {
		t, err := c.Team(ctx, teamID)
		return t.Members, err
	}
	ms, _, err := c.members.get(ctx, teamID, func(ctx context.Context) ([]Member, error) { return c.f.members.ListTeamMembers(ctx, teamID) })
	if err != nil {
		return nil, c.fail(err, "list the members of", teamObject(teamID))
	}
	return slices.Clone(ms), nil
}

// MembersFresh lists a team's members from the API.
func (c *Client) MembersFresh(ctx context.Context, teamID string) ([]Member, error) {
	c.invalidateTeams()
	return c.Members(ctx, teamID)
}

// FindMember returns a user's membership, or false.
func FindMember(ms []Member, userID string) (Member, bool) {
	for _, m := range ms {
		if m.UserID == userID {
			return m, true
		}
	}
	return Member{}, false
}

// AddMember adds a user to a team (with a role where teams have roles) and
// returns the membership as the server holds it afterwards. A user who is
// already a member is kept (and given the role). A lost answer is
// reconciled (reconcile.go); the result is checked against a read made
// after the change: a change the server did not apply is an error.
func (c *Client) AddMember(ctx context.Context, teamID, userID string, role Role) (Member, error) {
	object := memberObject(teamID, userID)
	if c.f.roles == nil {
		role = RoleNone
	}
	res, err := reconcileCreate(ctx, c, creation[Member]{
		what: "membership", plural: "team members", name: userID, op: "add", object: object,
		lockKey: "member\x00" + teamID + "\x00" + userID,
		// An answer that only echoes the request is checked by a read.
		verify:     !c.Has(FeatureTrustedMemberAnswers),
		afterLost:  "remove the user from the team if it should not be a member",
		notApplied: "the server answered OK, but the user is not a member afterwards",
		notAppliedHint: "Check the user ID: the user must exist and be visible to the provider's user (Gitpod Classic answers OK for a user it does not know, and adds nobody). " +
			"The gitpod_users data source lists the users the provider can name.",
		list:  func(ctx context.Context) ([]Member, error) { return c.Members(ctx, teamID) },
		id:    func(m Member) string { return m.UserID },
		match: func(m Member) bool { return m.UserID == userID },
		create: func(ctx context.Context) (Member, error) {
			return c.f.members.AddTeamMember(ctx, teamID, userID, role)
		},
		// already_exists: the user is a member already (fine), or of
		// another team of the organization (explained below).
		settle: func(err error) bool { return KindOf(err) == KindAlreadyExists || MayHaveBeenProcessed(err) },
		after:  c.invalidateTeams,
	})
	if err != nil {
		if KindOf(err) == KindAlreadyExists {
			rctx, cancel := c.ShortContext(ctx)
			defer cancel()
			return Member{}, c.inOtherTeam(rctx, teamID, userID, err)
		}
		return res.obj, err
	}
	m := res.obj
	if m.TeamID == "" {
		m.TeamID = teamID
	}
	c.recordMember(teamID, m, true)
	if role != RoleNone && m.Role != role {
		return m, c.refuse(KindNotApplied, "set the role of", object,
			fmt.Sprintf("the server answered OK, but holds the role %s instead of %s", roleName(m.Role), role))
	}
	if ctx.Err() != nil {
		return m, c.fail(ctx.Err(), "add", object)
	}
	return m, nil
}

func roleName(r Role) string {
	if r == RoleNone {
		return "none"
	}
	return string(r)
}

// inOtherTeam explains an already_exists answer to adding a user who is
// not a member afterwards: the user belongs to another team of the
// organization. It names that team when it can find it.
func (c *Client) inOtherTeam(ctx context.Context, teamID, userID string, cause error) error {
	e := c.fail(cause, "add", memberObject(teamID, userID))
	e.Kind = KindInOtherTeam
	e.Hint = "A user belongs to at most one team per organization: remove the user from the other team first."
	teams, err := c.f.teams.ListTeams(ctx, "")
	if err != nil {
		return e
	}
	for _, t := range teams {
		if t.ID == teamID {
			continue
		}
		ms, err := c.Members(ctx, t.ID)
		if err != nil {
			continue
		}
		if _, ok := FindMember(ms, userID); ok {
			e.Message = fmt.Sprintf("user %s is a member of team %q (%s); a user belongs to at most one team per organization", userID, Sanitize(t.Name), t.ID)
			e.Hint = fmt.Sprintf("Remove the user from team %q first (in the same configuration, remove that membership), then apply again.", Sanitize(t.Name))
			return e
		}
	}
	return e
}

// SetRole changes a member's role (FeatureTeamRoles) and checks that the
// server applied it (Classic silently keeps a team's last owner).
func (c *Client) SetRole(ctx context.Context, teamID, userID string, role Role) (Member, error) {
	object := memberObject(teamID, userID)
	if c.f.roles == nil {
		return Member{}, c.unsupported(FeatureTeamRoles, "set the role of", object)
	}
	err := c.f.roles.SetTeamMemberRole(ctx, teamID, userID, role)
	c.invalidateTeams()
	if err != nil {
		return Member{}, c.fail(err, "set the role of", object)
	}
	ms, err := c.Members(ctx, teamID)
	if err != nil {
		return Member{}, err
	}
	m, ok := FindMember(ms, userID)
	if !ok {
		return Member{}, c.refuse(KindNotFound, "set the role of", object, "the user is not a member of the team")
	}
	if m.Role != role {
		msg := fmt.Sprintf("the server answered OK but kept the role %s instead of %s", roleName(m.Role), role)
		kind := KindNotApplied
		if m.Role == RoleOwner {
			kind = KindLastOwner
			msg += " (it silently keeps a team's last owner)"
		}
		return m, c.refuse(kind, "set the role of", object, msg)
	}
	return m, nil
}

// RemoveMember removes a membership; one that is already gone counts as
// removed. Removing a team's last owner is KindLastOwner.
func (c *Client) RemoveMember(ctx context.Context, teamID string, m Member) error {
	object := memberObject(teamID, m.UserID)
	err := c.f.members.RemoveTeamMember(ctx, teamID, m)
	c.invalidateTeams()
	switch {
	case err == nil, IsNotFound(err):
		c.recordMember(teamID, m, false)
		return nil
	case c.f.roles != nil && (KindOf(err) == KindAlreadyExists || KindOf(err) == KindFailedPrecondition):
		e := c.fail(err, "remove", object)
		e.Kind = KindLastOwner
		return e
	default:
		return c.fail(err, "remove", object)
	}
}
