// Package membership computes what an authoritative member list of a team
// changes, and refuses changes that would leave the team without an owner.
package membership

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	gitpodv1 "github.com/gitpod-community/terraform-provider-gitpod/internal/api/gen/gitpod/experimental/v1"
)

// Member is one user's role in a team.
type Member struct {
	UserID string
	Role   gitpodv1.TeamRole
}

// Changes is what it takes to turn the actual member list into the desired one.
type Changes struct {
	// RoleChanges, promotions first, so that a team never passes through a
	// state without an owner.
	RoleChanges []Member
	// Remove lists members to remove, in user ID order.
	Remove []string
	// NotJoined lists desired users who are not members: the API cannot add
	// them; they must join through the invitation first.
	NotJoined []string
	// KeptCaller is set when the caller's own membership is kept although it
	// is not listed.
	KeptCaller bool
}

// ErrNoOwner means the desired list would leave the team without an owner.
var ErrNoOwner = errors.New("the team would be left without an owner: list at least one member with the role owner")

// ErrCallerNotOwner means changes are needed but only owners may make them.
var ErrCallerNotOwner = errors.New("the provider's user is not an owner of the team, and only owners may change roles or remove members")

// Plan compares actual and desired members. The caller's own membership is
// never removed unless it is listed: an unlisted caller keeps its role.
func Plan(actual, desired []Member, caller string) (Changes, error) {
	var c Changes
	have := map[string]gitpodv1.TeamRole{}
	for _, m := range actual {
		have[m.UserID] = m.Role
	}
	want := map[string]gitpodv1.TeamRole{}
	for _, m := range desired {
		want[m.UserID] = m.Role
	}
	owners := 0
	for _, m := range desired {
		if m.Role == gitpodv1.TeamRole_TEAM_ROLE_OWNER {
			owners++
		}
		cur, ok := have[m.UserID]
		switch {
		case !ok:
			c.NotJoined = append(c.NotJoined, m.UserID)
		case cur != m.Role:
			c.RoleChanges = append(c.RoleChanges, m)
		}
	}
	for _, m := range actual {
		if _, listed := want[m.UserID]; listed {
			continue
		}
		if m.UserID == caller {
			c.KeptCaller = true
			if m.Role == gitpodv1.TeamRole_TEAM_ROLE_OWNER {
				owners++
			}
			continue
		}
		c.Remove = append(c.Remove, m.UserID)
	}
	slices.Sort(c.NotJoined)
	slices.Sort(c.Remove)
	slices.SortStableFunc(c.RoleChanges, func(a, b Member) int {
		if a.Role == b.Role {
			return strings.Compare(a.UserID, b.UserID)
		}
		if a.Role == gitpodv1.TeamRole_TEAM_ROLE_OWNER {
			return -1
		}
		return 1
	})
	if owners == 0 {
		return c, ErrNoOwner
	}
	if (len(c.RoleChanges) > 0 || len(c.Remove) > 0) && have[caller] != gitpodv1.TeamRole_TEAM_ROLE_OWNER {
		return c, ErrCallerNotOwner
	}
	return c, nil
}

// NotJoinedError explains why users that have not joined cannot be listed.
func NotJoinedError(teamID string, users []string) error {
	return fmt.Errorf("user(s) %s are not members of team %s. Gitpod's API cannot add another user to a team: each user must first join through the team's invitation (the invitation_id attribute of the gitpod_team resource, or the team's invite link in Gitpod); apply again after they have joined",
		strings.Join(users, ", "), teamID)
}
