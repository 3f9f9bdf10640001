// Package membership plans the changes an authoritative member list makes
// to a team, in an order that can always complete: the provider's own
// rights are used before they are given up, and a team never passes
// through a state without an owner.
package membership

import (
	"errors"
	"slices"
	"strings"

	"github.com/gitpod-community/terraform-provider-gitpod/internal/gitpod"
)

// Member is one user's role in a team (RoleNone where teams have no roles).
type Member struct {
	UserID string
	Role   gitpod.Role
}

// Action is what a step does.
type Action string

// The actions.
const (
	Add     Action = "add"
	SetRole Action = "set-role"
	Remove  Action = "remove"
)

// Step is one change, in the order it must be made.
type Step struct {
	Action Action
	UserID string
	Role   gitpod.Role
}

// Changes is what it takes to turn the actual member list into the desired one.
type Changes struct {
	Steps []Step
	// Added, Removed and Promoted/Demoted list user ids, sorted, for messages.
	Added, Removed, Promoted, Demoted []string
	// KeptCaller is set when the caller's own membership is kept although
	// it is not listed.
	KeptCaller bool
	// CallerDemoted is set when the caller gives up its owner role.
	CallerDemoted bool
}

// Empty reports whether nothing changes.
func (c Changes) Empty() bool { return len(c.Steps) == 0 }

// ErrNoOwner means the desired list would leave the team without an owner.
var ErrNoOwner = errors.New("the team would be left without an owner: list at least one member with the role owner")

// ErrCallerNotOwner means changes are needed but only owners may make them.
var ErrCallerNotOwner = errors.New("the provider's user is not an owner of the team, and only owners may add, remove or change members")

// Plan compares actual and desired members. With roles (Classic), the
// caller must be an owner to change anything and the team must keep an
// owner; without roles (gitpod.v1) the organization decides who may change
// teams, which the server checks. The caller's own membership is never
// removed unless it is listed: an unlisted caller keeps its membership.
func Plan(actual, desired []Member, caller string, roles bool) (Changes, error) {
	var c Changes
	have := map[string]gitpod.Role{}
	for _, m := range actual {
		have[m.UserID] = m.Role
	}
	s := c.compareDesired(have, desired, caller, roles)
	c.compareActual(&s, actual, desired, caller)
	// Owners are added first and promotions come before anything that
	// takes rights away; the caller's own demotion comes last, after every
	// change that needs its owner rights.
	slices.SortStableFunc(s.adds, func(a, b Step) int { return ownerFirst(a.Role, b.Role) })
	if s.caller != nil && s.caller.Role == gitpod.RoleOwner {
		c.Steps = append(c.Steps, *s.caller)
		s.caller = nil
	}
	c.Steps = append(c.Steps, s.adds...)
	c.Steps = append(c.Steps, s.promotions...)
	c.Steps = append(c.Steps, s.removals...)
	c.Steps = append(c.Steps, s.demotions...)
	if s.caller != nil {
		c.Steps = append(c.Steps, *s.caller)
	}
	if !roles {
		return c, nil
	}
	if s.owners == 0 {
		return c, ErrNoOwner
	}
	if len(c.Steps) > 0 && have[caller] != gitpod.RoleOwner {
		return c, ErrCallerNotOwner
	}
	return c, nil
}

// pending are the changes of a plan by kind, before they are ordered.
type pending struct {
	adds, promotions, demotions, removals []Step
	// caller is the caller's own role change, if any.
	caller *Step
	// owners counts the owners the team will have.
	owners int
}

// compareDesired finds the additions and role changes.
func (c *Changes) compareDesired(have map[string]gitpod.Role, desired []Member, caller string, roles bool) pending {
	var s pending
	for _, m := range sorted(desired) {
		if m.Role == gitpod.RoleOwner {
			s.owners++
		}
		cur, ok := have[m.UserID]
		switch {
		case !ok:
			s.adds = append(s.adds, Step{Action: Add, UserID: m.UserID, Role: m.Role})
			c.Added = append(c.Added, m.UserID)
		case roles && cur != m.Role:
			st := Step{Action: SetRole, UserID: m.UserID, Role: m.Role}
			switch {
			case m.UserID == caller:
				s.caller = &st
				if cur == gitpod.RoleOwner {
					c.CallerDemoted = true
					c.Demoted = append(c.Demoted, m.UserID)
				} else {
					c.Promoted = append(c.Promoted, m.UserID)
				}
			case m.Role == gitpod.RoleOwner:
				s.promotions = append(s.promotions, st)
				c.Promoted = append(c.Promoted, m.UserID)
			default:
				s.demotions = append(s.demotions, st)
				c.Demoted = append(c.Demoted, m.UserID)
			}
		}
	}
	return s
}

// compareActual finds the removals: members who are not listed, except
// the caller, whose membership is kept.
func (c *Changes) compareActual(s *pending, actual, desired []Member, caller string) {
	want := map[string]bool{}
	for _, m := range desired {
		want[m.UserID] = true
	}
	for _, m := range sorted(actual) {
		if want[m.UserID] {
			continue
		}
		if m.UserID == caller {
			c.KeptCaller = true
			if m.Role == gitpod.RoleOwner {
				s.owners++
			}
			continue
		}
		s.removals = append(s.removals, Step{Action: Remove, UserID: m.UserID})
		c.Removed = append(c.Removed, m.UserID)
	}
}

func ownerFirst(a, b gitpod.Role) int {
	switch {
	case a == b:
		return 0
	case a == gitpod.RoleOwner:
		return -1
	case b == gitpod.RoleOwner:
		return 1
	default:
		return 0
	}
}

func sorted(ms []Member) []Member {
	out := slices.Clone(ms)
	slices.SortFunc(out, func(a, b Member) int { return strings.Compare(a.UserID, b.UserID) })
	return out
}
