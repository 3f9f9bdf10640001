package backend

import (
	"strings"
	"testing"

	"github.com/gitpod-community/terraform-provider-gitpod/internal/gitpod"
)

// TestOffers: each API generation offers exactly its own features, learned
// from what its adapter implements and reports, and every feature it lacks
// is worded.
func TestOffers(t *testing.T) {
	all := []gitpod.Feature{
		gitpod.FeatureTeamRename, gitpod.FeatureTeamInvitation, gitpod.FeatureTeamRoles, gitpod.FeatureTeamIncludesMembers,
		gitpod.FeatureMemberEmail, gitpod.FeatureOrganizations, gitpod.FeatureTokenRename, gitpod.FeatureTokenRegenerate,
		gitpod.FeatureTokenReadOnly, gitpod.FeatureTokenFixedExpiry, gitpod.FeatureTokensOfOthers, gitpod.FeatureWorkspaceListComplete,
		gitpod.FeatureWorkspaceOrgFilter, gitpod.FeatureArchivedWorkspaces, gitpod.FeatureWorkspaceSearch, gitpod.FeatureTrustedMemberAnswers, gitpod.FeatureServiceAccounts,
	}
	want := map[gitpod.API][]gitpod.Feature{
		gitpod.Classic: {gitpod.FeatureTeamInvitation, gitpod.FeatureTeamRoles, gitpod.FeatureTeamIncludesMembers, gitpod.FeatureMemberEmail,
			gitpod.FeatureTokenRename, gitpod.FeatureTokenRegenerate, gitpod.FeatureTokenFixedExpiry, gitpod.FeatureWorkspaceOrgFilter},
		gitpod.V1: {gitpod.FeatureTeamRename, gitpod.FeatureOrganizations, gitpod.FeatureTrustedMemberAnswers, gitpod.FeatureServiceAccounts, gitpod.FeatureTokenReadOnly, gitpod.FeatureTokensOfOthers,
			gitpod.FeatureWorkspaceListComplete, gitpod.FeatureArchivedWorkspaces, gitpod.FeatureWorkspaceSearch},
	}
	for api, features := range want {
		has, limits := Offers(api)
		wanted := map[gitpod.Feature]bool{}
		for _, f := range features {
			wanted[f] = true
		}
		for _, f := range all {
			if has[f] != wanted[f] {
				t.Errorf("%s: feature %d offered = %v, want %v", api, f, has[f], wanted[f])
			}
			if text := gitpod.Unavailable(api, f); !strings.Contains(text, api.Describe()) || strings.HasPrefix(text, "This is not available") {
				t.Errorf("%s: feature %d has no wording of its own: %q", api, f, text)
			}
		}
		if limits.TeamNameMin != 3 || limits.WorkspacePageSize != 100 || limits.TokenMaxValidity <= 0 || len(limits.WorkspacePhases) == 0 {
			t.Errorf("%s: limits %+v", api, limits)
		}
	}
	if _, l := Offers(gitpod.Classic); l.TeamNameMax != 64 || l.TokenNamePattern == nil || l.TokenNamePattern.MatchString("bad\x1bname") {
		t.Errorf("Classic limits %+v", l)
	}
	if _, l := Offers(gitpod.V1); l.TeamNameMax != 80 || l.TokenNamePattern != nil {
		t.Errorf("gitpod.v1 limits %+v", l)
	}
}
