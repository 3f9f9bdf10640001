// Package teamrole maps the provider's role names to the API's TeamRole enum.
package teamrole

import (
	"fmt"

	gitpodv1 "github.com/gitpod-community/terraform-provider-gitpod/internal/api/gen/gitpod/experimental/v1"
)

// Names the provider accepts, in the order the docs list them.
const (
	Owner  = "owner"
	Member = "member"
)

// Names lists the accepted role names.
var Names = []string{Owner, Member}

// ToAPI maps "owner" or "member" to the API enum.
func ToAPI(name string) (gitpodv1.TeamRole, error) {
	switch name {
	case Owner:
		return gitpodv1.TeamRole_TEAM_ROLE_OWNER, nil
	case Member:
		return gitpodv1.TeamRole_TEAM_ROLE_MEMBER, nil
	default:
		return gitpodv1.TeamRole_TEAM_ROLE_UNSPECIFIED, fmt.Errorf("unknown role %q: use %q or %q", name, Owner, Member)
	}
}

// FromAPI maps the API enum to a role name. An unspecified or unknown role
// gives "", which Terraform shows as a change if the configuration names one.
func FromAPI(role gitpodv1.TeamRole) string {
	switch role {
	case gitpodv1.TeamRole_TEAM_ROLE_OWNER:
		return Owner
	case gitpodv1.TeamRole_TEAM_ROLE_MEMBER:
		return Member
	default:
		return ""
	}
}
