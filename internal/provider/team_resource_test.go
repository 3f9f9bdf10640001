package provider_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

func teamConfig(e *testEnv, name, triggers string) string {
	return e.config(fmt.Sprintf(`
resource "gitpod_team" "t" {
  name = %s
  %s
}
`, hclString(name), triggers))
}

// TestAccTeam_lifecycle creates a team, imports it, renames it (in place on
// gitpod.v1, replacing it with a warning on Classic), and checks the mock
// after destroy.
func TestAccTeam_lifecycle(t *testing.T) {
	forEachAPI(t, func(t *testing.T, e *testEnv) {
		idChange := statecheck.CompareValue(pick[compare.ValueComparer](e, compare.ValuesDiffer(), compare.ValuesSame()))
		var firstID string
		renameAction := pick(e, plancheck.ResourceActionDestroyBeforeCreate, plancheck.ResourceActionUpdate)
		resource.ParallelTest(t, resource.TestCase{
			ProtoV6ProviderFactories: e.factories(),
			Steps: []resource.TestStep{
				{
					Config: teamConfig(e, "Platform", ""),
					ConfigStateChecks: []statecheck.StateCheck{
						statecheck.ExpectKnownValue("gitpod_team.t", tfjsonpath.New("id"), knownvalue.StringRegexp(uuidRE)),
						statecheck.ExpectKnownValue("gitpod_team.t", tfjsonpath.New("name"), knownvalue.StringExact("Platform")),
						statecheck.ExpectKnownValue("gitpod_team.t", tfjsonpath.New("organization_id"), pick[knownvalue.Check](e, knownvalue.Null(), knownvalue.StringExact("6c1f2a9e-4b7d-4e2a-9c3f-8d5e7a1b2c3d"))),
						statecheck.ExpectKnownValue("gitpod_team.t", tfjsonpath.New("invitation_id"), pick[knownvalue.Check](e, knownvalue.StringRegexp(uuidRE), knownvalue.Null())),
						idChange.AddStateValue("gitpod_team.t", tfjsonpath.New("id")),
					},
					Check: func(s *terraform.State) error {
						firstID, _ = attr(s, "gitpod_team.t", "id")
						if !e.teamExists(firstID) {
							return fmt.Errorf("team %s is not in the mock", firstID)
						}
						return nil
					},
				},
				{
					ResourceName:      "gitpod_team.t",
					ImportState:       true,
					ImportStateVerify: true,
					Config:            teamConfig(e, "Platform", ""),
				},
				{
					Config: teamConfig(e, "Platform Engineering", ""),
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction("gitpod_team.t", renameAction),
					}},
					ConfigStateChecks: []statecheck.StateCheck{
						statecheck.ExpectKnownValue("gitpod_team.t", tfjsonpath.New("name"), knownvalue.StringExact("Platform Engineering")),
						idChange.AddStateValue("gitpod_team.t", tfjsonpath.New("id")),
					},
				},
			},
			CheckDestroy: func(s *terraform.State) error {
				if e.teamCount() != 0 {
					return fmt.Errorf("%d teams left after destroy", e.teamCount())
				}
				return nil
			},
		})
		if firstID == "" {
			t.Fatal("the first step did not record the team's ID")
		}
	})
}

// TestAccTeam_invitationReset resets a Classic invitation in place; the
// same argument is a plan-time error on gitpod.v1.
func TestAccTeam_invitationReset(t *testing.T) {
	forEachAPI(t, func(t *testing.T, e *testEnv) {
		if !e.classic() {
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: e.factories(),
				Steps: []resource.TestStep{{
					Config:      teamConfig(e, "Platform", `invitation_reset_triggers = { n = "1" }`),
					ExpectError: errorMatching("Not available on this API", "have no invitation"),
				}},
			})
			return
		}
		inv := statecheck.CompareValue(compare.ValuesDiffer())
		resource.ParallelTest(t, resource.TestCase{
			ProtoV6ProviderFactories: e.factories(),
			Steps: []resource.TestStep{
				{
					Config:            teamConfig(e, "Platform", `invitation_reset_triggers = { n = "1" }`),
					ConfigStateChecks: []statecheck.StateCheck{inv.AddStateValue("gitpod_team.t", tfjsonpath.New("invitation_id"))},
				},
				{
					Config: teamConfig(e, "Platform", `invitation_reset_triggers = { n = "2" }`),
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction("gitpod_team.t", plancheck.ResourceActionUpdate),
						plancheck.ExpectUnknownValue("gitpod_team.t", tfjsonpath.New("invitation_id")),
					}},
					ConfigStateChecks: []statecheck.StateCheck{inv.AddStateValue("gitpod_team.t", tfjsonpath.New("invitation_id"))},
				},
			},
		})
	})
}

// TestAccTeam_driftRecreates deletes the team out of band: the next plan
// creates it again instead of failing.
func TestAccTeam_driftRecreates(t *testing.T) {
	forEachAPI(t, func(t *testing.T, e *testEnv) {
		resource.ParallelTest(t, resource.TestCase{
			ProtoV6ProviderFactories: e.factories(),
			Steps: []resource.TestStep{
				{
					Config: teamConfig(e, "Platform", ""),
					Check: func(s *terraform.State) error {
						id, _ := attr(s, "gitpod_team.t", "id")
						if e.classic() {
							e.mock.DeleteOrg(id)
						} else {
							e.mock.DeleteTeam(id)
						}
						return nil
					},
					ExpectNonEmptyPlan: true,
				},
				{
					Config: teamConfig(e, "Platform", ""),
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction("gitpod_team.t", plancheck.ResourceActionCreate),
					}},
				},
			},
		})
	})
}

// TestAccTeam_nameRules checks the name limits of each API at plan time.
func TestAccTeam_nameRules(t *testing.T) {
	forEachAPI(t, func(t *testing.T, e *testEnv) {
		long65 := strings.Repeat("x", 65)
		step := resource.TestStep{Config: teamConfig(e, long65, ""), PlanOnly: true, ExpectNonEmptyPlan: true}
		if e.classic() {
			step.ExpectError = errorMatching("takes team names of 3 to 64 characters")
		}
		// Lengths count characters: 80 x "é" is 160 bytes. Classic's server
		// counts UTF-16 code units, so an emoji counts twice there.
		accents := strings.Repeat("é", pick(e, 64, 80))
		emoji := strings.Repeat("😀", 33)
		emojiStep := resource.TestStep{Config: teamConfig(e, emoji, ""), PlanOnly: true, ExpectNonEmptyPlan: true}
		if e.classic() {
			emojiStep.ExpectError = errorMatching("takes team names of 3 to 64 characters (counted in UTF-16 code units", "has 66")
		}
		resource.ParallelTest(t, resource.TestCase{
			ProtoV6ProviderFactories: e.factories(),
			CheckDestroy: func(*terraform.State) error {
				if n := e.teamCount(); n != 0 {
					return fmt.Errorf("%d teams left", n)
				}
				return nil
			},
			Steps: []resource.TestStep{
				step,
				emojiStep,
				{Config: teamConfig(e, "ab", ""), ExpectError: errorMatching("must be between 3 and 80 characters, got 2")},
				{Config: teamConfig(e, strings.Repeat("é", 81), ""), ExpectError: errorMatching("must be between 3 and 80 characters, got 81")},
				{Config: teamConfig(e, " padded", ""), ExpectError: errorMatching("must not start or end with white space")},
				// Control characters are refused at plan time, named safely.
				{Config: teamConfig(e, "team\u0007bell", ""), ExpectError: errorMatching("must not contain control characters", "U+0007 (BEL) at character 5")},
				{Config: teamConfig(e, "team\u0008back", ""), ExpectError: errorMatching("must not contain control characters", "U+0008 (BS)")},
				{Config: teamConfig(e, "team\u202Eevil", ""), ExpectError: errorMatching("must not contain control characters", "U+202E")},
				{
					Config: teamConfig(e, accents, ""),
					ConfigStateChecks: []statecheck.StateCheck{
						statecheck.ExpectKnownValue("gitpod_team.t", tfjsonpath.New("name"), knownvalue.StringExact(accents)),
					},
					Check: func(s *terraform.State) error {
						id, err := attr(s, "gitpod_team.t", "id")
						if err != nil {
							return err
						}
						if got := e.teamName(id); got != accents {
							return fmt.Errorf("the mock's team is named %q", got)
						}
						return nil
					},
				},
			},
		})
	})
}
