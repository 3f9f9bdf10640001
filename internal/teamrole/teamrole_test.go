package teamrole

import (
	"testing"

	gitpodv1 "github.com/gitpod-community/terraform-provider-gitpod/internal/api/gen/gitpod/experimental/v1"
)

func TestRoundTrip(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name    string
		api     gitpodv1.TeamRole
		wantErr bool
	}{
		{Owner, gitpodv1.TeamRole_TEAM_ROLE_OWNER, false},
		{Member, gitpodv1.TeamRole_TEAM_ROLE_MEMBER, false},
		{"Owner", gitpodv1.TeamRole_TEAM_ROLE_UNSPECIFIED, true},
		{"", gitpodv1.TeamRole_TEAM_ROLE_UNSPECIFIED, true},
	}
	for _, tc := range cases {
		got, err := ToAPI(tc.name)
		if (err != nil) != tc.wantErr || got != tc.api {
			t.Errorf("ToAPI(%q) = %v, %v", tc.name, got, err)
		}
		if !tc.wantErr && FromAPI(got) != tc.name {
			t.Errorf("FromAPI(%v) = %q, want %q", got, FromAPI(got), tc.name)
		}
	}
	if FromAPI(gitpodv1.TeamRole_TEAM_ROLE_UNSPECIFIED) != "" {
		t.Error("unspecified role should map to empty")
	}
}
