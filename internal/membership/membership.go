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
	want := map[string]gitpod.Role{}
	for _, m := range desired {
		want[m.UserID] = m.Role
	}
	var adds, promotions, demotions []Step
	var callerStep *Step
	owners := 0
	for _, m := range sorted(desired) {
		if m.Role == gitpod.RoleOwner {
			owners++
		}
		cur, ok := have[m.UserID]
		switch {
		case !ok:
			adds = append(adds, Step{Action: Add, UserID: m.UserID, Role: m.Role})
			c.Added = append(c.Added, m.UserID)
		case roles && cur != m.Role:
			s := Step{Action: SetRole, UserID: m.UserID, Role: m.Role}
			switch {
			case m.UserID == caller:
				callerStep = &s
				if cur == gitpod.RoleOwner {
					c.CallerDemoted = true
					c.Demoted = append(c.Demoted, m.UserID)
				} else {
					c.Promoted = append(c.Promoted, m.UserID)
				}
			case m.Role == gitpod.RoleOwner:
				promotions = append(promotions, s)
				c.Promoted = append(c.Promoted, m.UserID)
			default:
				demotions = append(demotions, s)
				c.Demoted = append(c.Demoted, m.UserID)
			}
		}
	}
	var removals []Step
	for _, m := range sorted(actual) {
		if _, listed := want[m.UserID]; listed {
			continue
		}
		if m.UserID == caller {
			c.KeptCaller = true
			if m.Role == gitpod.RoleOwner {
				owners++
			}
			continue
		}
		removals = append(removals, Step{Action: Remove, UserID: m.UserID})
		c.Removed = append(c.Removed, m.UserID)
	}
	// Owners are added first and promotions come before anything that
	// takes rights away; the caller's own demotion comes last, after every
	// change that needs its owner rights.
	slices.SortStableFunc(adds, func(a, b Step) int { return ownerFirst(a.Role, b.Role) })
	if callerStep != nil && callerStep.Role == gitpod.RoleOwner {
		c.Steps = append(c.Steps, *callerStep)
		callerStep = nil
	}
	c.Steps = append(c.Steps, adds...)
	c.Steps = append(c.Steps, promotions...)
	c.Steps = append(c.Steps, removals...)
	c.Steps = append(c.Steps, demotions...)
	if callerStep != nil {
		c.Steps = append(c.Steps, *callerStep)
	}
	if !roles {
		return c, nil
	}
	if owners == 0 {
		return c, ErrNoOwner
	}
	if len(c.Steps) > 0 && have[caller] != gitpod.RoleOwner {
		return c, ErrCallerNotOwner
	}
	return c, nil
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
