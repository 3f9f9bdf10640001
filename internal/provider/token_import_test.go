package provider_test

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/gitpod-community/terraform-provider-gitpod/internal/mockapi"
	"github.com/gitpod-community/terraform-provider-gitpod/internal/tokenlife"
)

// TestAccToken_importGeneratedConfig imports tokens with import blocks and
// `terraform plan -generate-config-out`, which terraform-plugin-testing
// runs for ImportBlockWithID with GenerateConfig: the step's configuration
// holds no resource block, Terraform writes one for
// gitpod_personal_access_token.generated, and the plan made with it must
// be a no-op import (terraform-plugin-testing fails the step otherwise).
// It imports a token the resource made, tokens made out of band with a
// whole number of days (expires_in_days is generated), and on Classic a
// token with a validity that is not whole days (expires_at is generated).
func TestAccToken_importGeneratedConfig(t *testing.T) {
	forEachAPI(t, func(t *testing.T, e *testEnv) {
		generated := "gitpod_personal_access_token.generated"
		var outOfBand []string
		// oob makes a token outside Terraform and returns its ID for import.
		oob := func(name string, validity time.Duration) func(*terraform.State) (string, error) {
			return func(*terraform.State) (string, error) {
				tok, _ := e.mock.CreateToken(e.generation(), mockapi.DemoAliceID, name, e.clock.Now().Add(validity))
				outOfBand = append(outOfBand, tok.ID)
				return tok.ID, nil
			}
		}
		importStep := func(idFunc func(*terraform.State) (string, error), checks ...plancheck.PlanCheck) resource.TestStep {
			return resource.TestStep{
				Config:            e.config(""),
				ResourceName:      tokAddr,
				ImportState:       true,
				ImportStateKind:   resource.ImportBlockWithID,
				GenerateConfig:    true,
				ImportStateIdFunc: idFunc,
				ImportPlanChecks:  resource.ImportPlanChecks{PreApply: checks},
			}
		}
		steps := []resource.TestStep{
			{Config: tokConfig(e, `
  name            = "ci-bot"
  expires_in_days = 60
`)},
			importStep(nil,
				plancheck.ExpectResourceAction(generated, plancheck.ResourceActionNoop),
				plancheck.ExpectKnownValue(generated, tfjsonpath.New("name"), knownvalue.StringExact("ci-bot")),
				plancheck.ExpectKnownValue(generated, tfjsonpath.New("expires_in_days"), knownvalue.Int64Exact(60)),
				plancheck.ExpectKnownValue(generated, tfjsonpath.New("expires_at"), knownvalue.Null()),
				plancheck.ExpectKnownValue(generated, tfjsonpath.New("token"), knownvalue.Null()),
			),
			importStep(oob("made in the UI", 14*tokenlife.Day),
				plancheck.ExpectResourceAction(generated, plancheck.ResourceActionNoop),
				plancheck.ExpectKnownValue(generated, tfjsonpath.New("expires_in_days"), knownvalue.Int64Exact(14)),
				plancheck.ExpectKnownValue(generated, tfjsonpath.New("expires_at"), knownvalue.Null()),
			),
		}
		if e.classic() {
			odd := 45*tokenlife.Day + 5*time.Hour
			steps = append(steps,
				importStep(oob("made in the UI too", odd),
					plancheck.ExpectResourceAction(generated, plancheck.ResourceActionNoop),
					plancheck.ExpectKnownValue(generated, tfjsonpath.New("expires_in_days"), knownvalue.Null()),
					plancheck.ExpectKnownValue(generated, tfjsonpath.New("expires_at"), knownvalue.StringExact(e.clock.Now().Add(odd).Format(time.RFC3339))),
				),
				// Longer than Classic lets a new token be: expires_at too.
				importStep(oob("made long ago", 400*tokenlife.Day),
					plancheck.ExpectResourceAction(generated, plancheck.ResourceActionNoop),
					plancheck.ExpectKnownValue(generated, tfjsonpath.New("expires_in_days"), knownvalue.Null()),
					plancheck.ExpectKnownValue(generated, tfjsonpath.New("expires_at"), knownvalue.StringExact(e.clock.Now().Add(400*tokenlife.Day).Format(time.RFC3339))),
				),
			)
		}
		resource.ParallelTest(t, resource.TestCase{
			ProtoV6ProviderFactories: e.factories(),
			Steps:                    steps,
			CheckDestroy: func(*terraform.State) error {
				// Only the tokens made out of band, which were imported
				// into throw-away working directories, are left.
				for _, tok := range e.liveTokens() {
					if !slices.Contains(outOfBand, tok.ID) {
						return fmt.Errorf("token %s (%q) left after destroy", tok.ID, tok.Name)
					}
				}
				if want := pick(e, 3, 1); len(outOfBand) != want {
					return fmt.Errorf("%d tokens were made out of band, want %d", len(outOfBand), want)
				}
				return nil
			},
		})
	})
}
