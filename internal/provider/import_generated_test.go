package provider_test

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/gitpod-community/terraform-provider-gitpod/internal/mockapi"
)

// TestAcc_importGeneratedConfigTeams imports a team, a membership and a
// member list with import blocks and `terraform plan -generate-config-out`
// (terraform-plugin-testing's ImportBlockWithID with GenerateConfig): the
// step holds no resource block, Terraform writes one, and the plan made
// with it must be a no-op import. Tokens are covered by
// TestAccToken_importGeneratedConfig.
func TestAcc_importGeneratedConfigTeams(t *testing.T) {
	forEachAPI(t, func(t *testing.T, e *testEnv) {
		role := pick(e, `role = "owner"`, "")
		made := e.config(fmt.Sprintf(`
resource "gitpod_team" "t" {
  name = "Imported Team"
}

resource "gitpod_team_member" "bob" {
  team_id = gitpod_team.t.id
  user_id = %q
  %s
}

resource "gitpod_team" "u" {
  name = "Imported Members"
}

resource "gitpod_team_members" "u" {
  team_id = gitpod_team.u.id
  members = [{ user_id = %q %s }]
}
`, mockapi.DemoBobID, role, mockapi.DemoCarolID, pick(e, `, role = "owner"`, "")))
		importStep := func(addr string, checks ...plancheck.PlanCheck) resource.TestStep {
			return resource.TestStep{
				// Only the provider: Terraform generates the resource block.
				Config:           e.config(""),
				ResourceName:     addr,
				ImportState:      true,
				ImportStateKind:  resource.ImportBlockWithID,
				GenerateConfig:   true,
				ImportPlanChecks: resource.ImportPlanChecks{PreApply: checks},
			}
		}
		// The import steps need the objects to exist: the first step makes
		// them, and the steps read the IDs from its state.
		steps := []resource.TestStep{{Config: made}}
		for _, s := range []struct {
			addr   string
			checks []plancheck.PlanCheck
		}{
			{"gitpod_team.t", []plancheck.PlanCheck{plancheck.ExpectKnownValue("gitpod_team.generated", tfjsonpath.New("name"), knownvalue.StringExact("Imported Team"))}},
			{"gitpod_team_member.bob", []plancheck.PlanCheck{plancheck.ExpectKnownValue("gitpod_team_member.generated", tfjsonpath.New("user_id"), knownvalue.StringExact(mockapi.DemoBobID))}},
			{"gitpod_team_members.u", []plancheck.PlanCheck{plancheck.ExpectKnownValue("gitpod_team_members.generated", tfjsonpath.New("members"), knownvalue.SetSizeExact(1))}},
		} {
			checks := append([]plancheck.PlanCheck{plancheck.ExpectResourceAction(s.addr[:indexDot(s.addr)]+".generated", plancheck.ResourceActionNoop)}, s.checks...)
			steps = append(steps, importStep(s.addr, checks...))
		}
		resource.ParallelTest(t, resource.TestCase{
			ProtoV6ProviderFactories: e.factories(),
			Steps:                    steps,
		})
	})
}

func indexDot(addr string) int {
	for i := range addr {
		if addr[i] == '.' {
			return i
		}
	}
	return len(addr)
}
