package membership

import (
	"errors"
	"fmt"
	"testing"

	gitpodv1 "github.com/gitpod-community/terraform-provider-gitpod/internal/api/gen/gitpod/experimental/v1"
)

const (
	owner  = gitpodv1.TeamRole_TEAM_ROLE_OWNER
	member = gitpodv1.TeamRole_TEAM_ROLE_MEMBER
)

func TestPlan(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name    string
		actual  []Member
		desired []Member
		caller  string
		want    string
		wantErr error
	}{
		{
			name:    "nothing to do",
			actual:  []Member{{"a", owner}, {"b", member}},
			desired: []Member{{"a", owner}, {"b", member}},
			caller:  "a",
			want:    "roles=[] remove=[] notJoined=[] keptCaller=false",
		},
		{
			name:    "unlisted member is removed",
			actual:  []Member{{"a", owner}, {"b", member}, {"c", member}},
			desired: []Member{{"a", owner}},
			caller:  "a",
			want:    "roles=[] remove=[b c] notJoined=[] keptCaller=false",
		},
		{
			name:    "unlisted caller is kept, and counts as owner",
			actual:  []Member{{"a", owner}, {"b", owner}},
			desired: []Member{{"b", member}},
			caller:  "a",
			want:    "roles=[{b TEAM_ROLE_MEMBER}] remove=[] notJoined=[] keptCaller=true",
		},
		{
			name:    "promotions come before demotions",
			actual:  []Member{{"a", owner}, {"b", member}, {"c", owner}},
			desired: []Member{{"a", member}, {"b", owner}, {"c", member}},
			caller:  "a",
			want:    "roles=[{b TEAM_ROLE_OWNER} {a TEAM_ROLE_MEMBER} {c TEAM_ROLE_MEMBER}] remove=[] notJoined=[] keptCaller=false",
		},
		{
			name:    "users who have not joined are reported",
			actual:  []Member{{"a", owner}},
			desired: []Member{{"a", owner}, {"y", member}, {"x", member}},
			caller:  "a",
			want:    "roles=[] remove=[] notJoined=[x y] keptCaller=false",
		},
		{
			name:    "a plain member cannot make changes",
			actual:  []Member{{"a", owner}, {"b", member}, {"c", member}},
			desired: []Member{{"a", owner}, {"b", member}},
			caller:  "b",
			wantErr: ErrCallerNotOwner,
		},
		{
			name:    "a plain member with nothing to change is fine",
			actual:  []Member{{"a", owner}, {"b", member}},
			desired: []Member{{"a", owner}, {"b", member}},
			caller:  "b",
			want:    "roles=[] remove=[] notJoined=[] keptCaller=false",
		},
		{
			name:    "no owner left",
			actual:  []Member{{"a", owner}, {"b", member}},
			desired: []Member{{"b", member}},
			caller:  "b",
			wantErr: ErrNoOwner,
		},
		{
			name:    "unlisted caller who is only a member does not count as owner",
			actual:  []Member{{"a", member}, {"b", owner}},
			desired: []Member{{"b", member}},
			caller:  "a",
			wantErr: ErrNoOwner,
		},
	}
	for _, tc := range cases {
		c, err := Plan(tc.actual, tc.desired, tc.caller)
		if !errors.Is(err, tc.wantErr) {
			t.Errorf("%s: err = %v, want %v", tc.name, err, tc.wantErr)
			continue
		}
		if tc.wantErr != nil {
			continue
		}
		got := fmt.Sprintf("roles=%v remove=%v notJoined=%v keptCaller=%v", c.RoleChanges, c.Remove, c.NotJoined, c.KeptCaller)
		if got != tc.want {
			t.Errorf("%s:\n got %s\nwant %s", tc.name, got, tc.want)
		}
	}
}
