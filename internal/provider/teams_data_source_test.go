package provider_test

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/gitpod-community/terraform-provider-gitpod/internal/mockapi"
)

// TestAccTeamsDataSource_search lists every team the provider's user can
// see, and those whose name contains a text in any case.
func TestAccTeamsDataSource_search(t *testing.T) {
	forEachAPIWith(t, func(api string) []func(*mockapi.Fixtures) {
		if api == "classic" {
			return []func(*mockapi.Fixtures){withClassicTeam(platformOrgID, "Platform Core", demoBob), withClassicTeam(infraOrgID, "Infra")}
		}
		return []func(*mockapi.Fixtures){withV1Team(platformTeamID, "Platform Core", demoBob), withV1Team(infraTeamID, "Infra")}
	}, func(t *testing.T, e *testEnv) {
		platform, infra := pick(e, platformOrgID, platformTeamID), pick(e, infraOrgID, infraTeamID)
		all := []knownvalue.Check{knownvalue.StringExact(platform), knownvalue.StringExact(infra)}
		if e.classic() {
			all = append(all, knownvalue.StringExact(mockapi.DemoOrgID))
		}
		bobM := knownvalue.ObjectPartial(map[string]knownvalue.Check{
			"user_id":       knownvalue.StringExact(demoBob),
			"primary_email": knownvalue.StringExact("bob@example.com"),
			"role":          pick[knownvalue.Check](e, knownvalue.StringExact("member"), knownvalue.Null()),
		})
		platformMembers := []knownvalue.Check{bobM}
		if e.classic() {
			platformMembers = append(platformMembers, knownvalue.ObjectPartial(map[string]knownvalue.Check{"user_id": knownvalue.StringExact(demoAlice)}))
		}
		resource.ParallelTest(t, resource.TestCase{
			ProtoV6ProviderFactories: e.factories(),
			Steps: []resource.TestStep{{
				Config: e.config(`
data "gitpod_teams" "all" {}
data "gitpod_teams" "platform" {
  search = "PLATFORM"
}
data "gitpod_teams" "none" {
  search = "nothing like it"
}
`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.gitpod_teams.all", tfjsonpath.New("ids"), knownvalue.SetExact(all)),
					statecheck.ExpectKnownValue("data.gitpod_teams.all", tfjsonpath.New("teams"), knownvalue.ListSizeExact(len(all))),
					statecheck.ExpectKnownValue("data.gitpod_teams.platform", tfjsonpath.New("ids"), knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact(platform)})),
					statecheck.ExpectKnownValue("data.gitpod_teams.platform", tfjsonpath.New("teams").AtSliceIndex(0).AtMapKey("name"), knownvalue.StringExact("Platform Core")),
					statecheck.ExpectKnownValue("data.gitpod_teams.platform", tfjsonpath.New("teams").AtSliceIndex(0).AtMapKey("members"), knownvalue.ListExact(platformMembers)),
					statecheck.ExpectKnownValue("data.gitpod_teams.none", tfjsonpath.New("ids"), knownvalue.ListExact([]knownvalue.Check{})),
				},
			}},
		})
	})
}

// TestAccTeamsDataSource_v1EmailsBatched lists three gitpod.v1 teams of
// ten members: their emails are read from the organization for all teams
// together, 25 user ids per call, not once per team.
func TestAccTeamsDataSource_v1EmailsBatched(t *testing.T) {
	const n = 30
	e := newTestEnvWith(t, "v1", withOrgUsers(n, platformTeamID, infraTeamID, "c2738e5f-a1d3-4e80-9c95-4e1d30718293"))
	rec := newDiagRecorder()
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.recordingFactories(rec),
		Steps: []resource.TestStep{{
			PreConfig: func() {
				rec.reset()
				e.mock.ResetCalls()
			},
			Config: e.config(`data "gitpod_teams" "all" {}`),
			Check: resource.ComposeAggregateTestCheckFunc(
				func(s *terraform.State) error {
					for i := range 3 {
						emails, err := flatList(s, "data.gitpod_teams.all", fmt.Sprintf("teams.%d.members", i), "primary_email")
						if err != nil {
							return err
						}
						if len(emails) != n/3 {
							return fmt.Errorf("team %d has %d members, want %d", i, len(emails), n/3)
						}
						for _, m := range emails {
							if m == "" {
								return fmt.Errorf("team %d has a member without email: %v", i, emails)
							}
						}
					}
					return nil
				},
				boundedCalls(e, rec, "gitpod_teams", "ListMembers", (n+24)/25),
			),
		}},
	})
}
