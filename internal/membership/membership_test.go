package membership

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/gitpod-community/terraform-provider-gitpod/internal/gitpod"
)

const (
	owner  = gitpod.RoleOwner
	member = gitpod.RoleMember
	none   = gitpod.RoleNone
)

// steps renders the planned steps compactly: "+b:member", "~b:owner", "-c".
func steps(c Changes) string {
	out := make([]string, 0, len(c.Steps))
	for _, s := range c.Steps {
		switch s.Action {
		case Add:
			out = append(out, fmt.Sprintf("+%s:%s", s.UserID, s.Role))
		case SetRole:
			out = append(out, fmt.Sprintf("~%s:%s", s.UserID, s.Role))
		case Remove:
			out = append(out, "-"+s.UserID)
		}
	}
	return strings.Join(out, " ")
}

func TestPlan(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name    string
		actual  []Member
		desired []Member
		caller  string
		roles   bool
		// want is the steps in order; the lists are the summary.
		want                               string
		added, removed, promoted, demoted  []string
		keptCaller, callerDemoted, isEmpty bool
		wantErr                            error
	}{
		{
			name:    "nothing to do",
			actual:  []Member{{"a", owner}, {"b", member}},
			desired: []Member{{"b", member}, {"a", owner}},
			caller:  "a", roles: true,
			isEmpty: true,
		},
		{
			name:    "adds, with owners added first",
			actual:  []Member{{"a", owner}},
			desired: []Member{{"a", owner}, {"b", member}, {"d", owner}, {"c", member}},
			caller:  "a", roles: true,
			want:  "+d:owner +b:member +c:member",
			added: []string{"b", "c", "d"},
		},
		{
			name:    "unlisted members are removed, sorted",
			actual:  []Member{{"a", owner}, {"c", member}, {"b", member}},
			desired: []Member{{"a", owner}},
			caller:  "a", roles: true,
			want:    "-b -c",
			removed: []string{"b", "c"},
		},
		{
			name:    "an unlisted caller is kept and counts as an owner",
			actual:  []Member{{"a", owner}, {"b", owner}, {"c", member}},
			desired: []Member{{"b", member}},
			caller:  "a", roles: true,
			want:       "-c ~b:member",
			removed:    []string{"c"},
			demoted:    []string{"b"},
			keptCaller: true,
		},
		{
			name:    "promotions first, then removals, then demotions, the caller's own demotion last",
			actual:  []Member{{"a", owner}, {"b", member}, {"c", owner}, {"d", member}},
			desired: []Member{{"a", member}, {"b", owner}, {"c", member}, {"e", member}},
			caller:  "a", roles: true,
			want:          "+e:member ~b:owner -d ~c:member ~a:member",
			added:         []string{"e"},
			removed:       []string{"d"},
			promoted:      []string{"b"},
			demoted:       []string{"a", "c"},
			callerDemoted: true,
		},
		{
			name:    "the caller demoted and the only other change a removal: demotion still last",
			actual:  []Member{{"a", owner}, {"b", member}, {"c", member}},
			desired: []Member{{"a", member}, {"b", owner}},
			caller:  "a", roles: true,
			want:          "~b:owner -c ~a:member",
			removed:       []string{"c"},
			promoted:      []string{"b"},
			demoted:       []string{"a"},
			callerDemoted: true,
		},
		{
			name:    "no owner left",
			actual:  []Member{{"a", owner}, {"b", member}},
			desired: []Member{{"a", member}, {"b", member}},
			caller:  "a", roles: true,
			wantErr: ErrNoOwner,
		},
		{
			name:    "an unlisted caller who is only a member does not count as an owner",
			actual:  []Member{{"a", member}, {"b", owner}},
			desired: []Member{{"b", member}},
			caller:  "a", roles: true,
			wantErr: ErrNoOwner,
		},
		{
			name:    "a caller who is not an owner cannot make changes",
			actual:  []Member{{"a", owner}, {"b", member}, {"c", member}},
			desired: []Member{{"a", owner}, {"b", member}},
			caller:  "b", roles: true,
			wantErr: ErrCallerNotOwner,
		},
		{
			name:    "a caller who is not a member cannot make changes",
			actual:  []Member{{"a", owner}},
			desired: []Member{{"a", owner}, {"b", member}},
			caller:  "x", roles: true,
			wantErr: ErrCallerNotOwner,
		},
		{
			name:    "a caller who is not an owner with nothing to change is fine",
			actual:  []Member{{"a", owner}, {"b", member}},
			desired: []Member{{"a", owner}, {"b", member}},
			caller:  "b", roles: true,
			isEmpty: true,
		},
		{
			name:    "without roles: adds and removals, no owner needed, roles ignored",
			actual:  []Member{{"a", none}, {"b", none}, {"c", none}},
			desired: []Member{{"b", none}, {"d", none}},
			caller:  "x", roles: false,
			want:    "+d: -a -c",
			added:   []string{"d"},
			removed: []string{"a", "c"},
		},
		{
			name:    "without roles: the caller's own membership is kept when unlisted",
			actual:  []Member{{"x", none}, {"b", none}},
			desired: []Member{},
			caller:  "x", roles: false,
			want:       "-b",
			removed:    []string{"b"},
			keptCaller: true,
		},
		{
			name:    "without roles: the same users in another order is no change",
			actual:  []Member{{"a", none}, {"b", none}},
			desired: []Member{{"b", none}, {"a", none}},
			caller:  "a", roles: false,
			isEmpty: true,
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c, err := Plan(tc.actual, tc.desired, tc.caller, tc.roles)
			if !errors.Is(err, tc.wantErr) {
				t.Fatalf("err = %v, want %v", err, tc.wantErr)
			}
			if tc.wantErr != nil {
				return
			}
			if got := steps(c); got != tc.want {
				t.Errorf("steps:\n got %q\nwant %q", got, tc.want)
			}
			if c.Empty() != tc.isEmpty {
				t.Errorf("Empty() = %v, want %v", c.Empty(), tc.isEmpty)
			}
			for _, l := range []struct {
				what      string
				got, want []string
			}{
				{"Added", c.Added, tc.added}, {"Removed", c.Removed, tc.removed},
				{"Promoted", c.Promoted, tc.promoted}, {"Demoted", slices.Sorted(slices.Values(c.Demoted)), tc.demoted},
			} {
				if !slices.Equal(l.got, l.want) {
					t.Errorf("%s = %v, want %v", l.what, l.got, l.want)
				}
			}
			if c.KeptCaller != tc.keptCaller {
				t.Errorf("KeptCaller = %v, want %v", c.KeptCaller, tc.keptCaller)
			}
			if c.CallerDemoted != tc.callerDemoted {
				t.Errorf("CallerDemoted = %v, want %v", c.CallerDemoted, tc.callerDemoted)
			}
		})
	}
}

// TestPlanCallerDemotedLast checks, for every order of the input, that the
// caller's own demotion is the last step and that no owner is removed or
// demoted before every promotion and owner addition is done.
func TestPlanCallerDemotedLast(t *testing.T) {
	t.Parallel()
	actual := []Member{{"a", owner}, {"b", member}, {"c", member}, {"d", owner}}
	desired := []Member{{"a", member}, {"b", owner}, {"d", member}, {"e", owner}, {"f", member}}
	for i := range desired {
		rot := append(slices.Clone(desired[i:]), desired[:i]...)
		c, err := Plan(actual, rot, "a", true)
		if err != nil {
			t.Fatal(err)
		}
		last := c.Steps[len(c.Steps)-1]
		if last != (Step{Action: SetRole, UserID: "a", Role: member}) {
			t.Errorf("rotation %d: last step is %+v, want the caller's demotion; steps %s", i, last, steps(c))
		}
		gaining := true
		for _, s := range c.Steps {
			grants := s.Role == owner && (s.Action == Add || s.Action == SetRole)
			takes := s.Action == Remove || (s.Action == SetRole && s.Role != owner)
			if grants && !gaining {
				t.Errorf("rotation %d: %s gets ownership after rights were taken away: %s", i, s.UserID, steps(c))
			}
			if takes {
				gaining = false
			}
		}
	}
}
