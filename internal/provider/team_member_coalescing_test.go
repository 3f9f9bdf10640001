package provider_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	gitpodv1 "github.com/gitpod-community/terraform-provider-gitpod/internal/api/gen/gitpod/experimental/v1"
	"github.com/gitpod-community/terraform-provider-gitpod/internal/mockapi"
)

// TestAccTeamMember_coalescedReads refreshes 50 memberships of one team and
// asserts, with the mock's call counter, that the reads shared a handful of
// GetTeam calls instead of making one each.
func TestAccTeamMember_coalescedReads(t *testing.T) {
	t.Parallel()
	const n = 50
	// Some latency, so that Terraform's concurrent reads overlap as they do
	// against the real API.
	e := newTestEnv(t)
	e.mock.SetLatency(5e6) // 5ms
	users := make([]string, n)
	for i := range users {
		users[i] = e.mock.AddUser(mockapi.User{Name: fmt.Sprintf("User %02d", i), Email: fmt.Sprintf("u%02d@example.com", i)}).ID
	}
	members := fmt.Sprintf(`
locals {
  users = ["%s"]
}

resource "gitpod_team_member" "m" {
  # count, not for_each: the test harness's RefreshState step needs it.
  count   = length(local.users)
  team_id = gitpod_team.test.id
  user_id = local.users[count.index]
  role    = "member"
}
`, strings.Join(users, `", "`))
	team := teamConfig("Big", "")
	var getTeamCalls int
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		CheckDestroy:             teamsDestroyed(e),
		Steps: []resource.TestStep{
			{
				Config: e.config(team),
				Check: func(s *terraform.State) error {
					id, err := attr(s, teamAddr, "id")
					if err != nil {
						return err
					}
					for _, u := range users {
						if err := e.mock.AddMember(id, u, gitpodv1.TeamRole_TEAM_ROLE_MEMBER); err != nil {
							return err
						}
					}
					return nil
				},
			},
			{Config: e.config(team + members)},
			{
				// One refresh of all 51 resources.
				PreConfig:    e.mock.ResetCalls,
				RefreshState: true,
				Check: func(*terraform.State) error {
					getTeamCalls = e.mock.Calls("GetTeam")
					if getTeamCalls < 1 || getTeamCalls > 3 {
						return fmt.Errorf("refreshing %d memberships made %d GetTeam calls; want 1 to 3", n, getTeamCalls)
					}
					return nil
				},
			},
			{
				// A plan with refresh, and no changes: again a handful.
				PreConfig: e.mock.ResetCalls,
				Config:    e.config(team + members),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectEmptyPlan(),
				}},
				Check: func(*terraform.State) error {
					// This step runs several terraform commands, each a new
					// provider process with its own cache.
					if got := e.mock.Calls("GetTeam"); got > 10 {
						return fmt.Errorf("a no-change step over %d memberships made %d GetTeam calls; want at most 10", n, got)
					}
					return nil
				},
			},
		},
	})
	t.Logf("refresh of %d memberships: %d GetTeam calls", n, getTeamCalls)
}
