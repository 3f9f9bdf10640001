package provider_test

import (
	"fmt"
	"testing"

	"connectrpc.com/connect"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/gitpod-community/terraform-provider-gitpod/internal/mockapi"
)

// failedRevocationSteps create a token, then rotate it while every delete
// fails past the retries: on gitpod.v1 the apply fails with the old token
// still alive and remembered in pending_revocations; on Classic, which
// rotates in place, nothing is deleted and nothing is pending. oldID gets
// the first token's ID.
func failedRevocationSteps(e *testEnv, oldID *string) []resource.TestStep {
	withTriggers := func(n string) string {
		return tokConfig(e, fmt.Sprintf("  name = \"ci-bot\"\n  rotation_triggers = { n = %q }\n", n))
	}
	rotate := resource.TestStep{
		PreConfig: func() {
			e.mock.Inject("DeletePersonalAccessToken", mockapi.Fault{Code: connect.CodeUnavailable})
		},
		Config: withTriggers("1"),
	}
	if e.classic() {
		rotate.ConfigStateChecks = []statecheck.StateCheck{
			statecheck.ExpectKnownValue(tokAddr, tfjsonpath.New("pending_revocations"), knownvalue.Null()),
			tokValueWorks{e, tokAddr},
		}
	} else {
		rotate.ExpectError = errorMatching("Unable to delete personal access token", "still exists and still works", "kept in pending_revocations")
	}
	return []resource.TestStep{
		{
			Config: withTriggers("0"),
			Check: func(s *terraform.State) error {
				*oldID = tokStateValue(s, "id")
				return nil
			},
		},
		rotate,
	}
}

// TestAccPersonalAccessToken_failedRevocationRetried: after a rotation
// whose delete of the old token failed, the next plan is not empty: it
// warns, naming the old token, and its apply deletes it; the plan after
// that is empty.
func TestAccPersonalAccessToken_failedRevocationRetried(t *testing.T) {
	forEachAPI(t, func(t *testing.T, e *testEnv) {
		rec := newDiagRecorder()
		var oldID string
		cfg := tokConfig(e, "  name = \"ci-bot\"\n  rotation_triggers = { n = \"1\" }\n")
		steps := failedRevocationSteps(e, &oldID)
		if !e.classic() {
			steps = append(steps, resource.TestStep{
				PreConfig: func() {
					if e.mock.Token(oldID) == nil {
						panic("the old token is already gone: the failed delete was not a failure")
					}
					e.mock.ClearFaults()
					rec.reset()
				},
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(tokAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(tokAddr, tfjsonpath.New("pending_revocations"), knownvalue.Null()),
					plancheck.ExpectKnownValue(tokAddr, tfjsonpath.New("token"), knownvalue.NotNull()), // no rotation
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(tokAddr, tfjsonpath.New("pending_revocations"), knownvalue.Null()),
					tokValueWorks{e, tokAddr},
				},
				Check: resource.ComposeTestCheckFunc(
					func(*terraform.State) error {
						return rec.expectWarning("plan", "gitpod_personal_access_token", "Replaced tokens still to be revoked", oldID, "This apply deletes them")(nil)
					},
					func(*terraform.State) error {
						if e.mock.Token(oldID) != nil {
							return fmt.Errorf("the old token %s still exists", oldID)
						}
						return nil
					},
					tokLive(e, 1),
				),
			})
		}
		steps = append(steps, resource.TestStep{
			PreConfig: e.mock.ClearFaults,
			Config:    cfg,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectEmptyPlan(),
			}},
		})
		resource.ParallelTest(t, resource.TestCase{
			ProtoV6ProviderFactories: e.recordingFactories(rec),
			CheckDestroy:             tokDestroyed(e),
			Steps:                    steps,
		})
	})
}

// TestAccPersonalAccessToken_failedRevocationDestroyed: destroying a token
// with a pending revocation deletes the old token too.
func TestAccPersonalAccessToken_failedRevocationDestroyed(t *testing.T) {
	forEachAPI(t, func(t *testing.T, e *testEnv) {
		var oldID string
		steps := append(failedRevocationSteps(e, &oldID), resource.TestStep{
			PreConfig: e.mock.ClearFaults,
			Config:    tokConfig(e, "  name = \"ci-bot\"\n  rotation_triggers = { n = \"1\" }\n"),
			Destroy:   true,
		})
		resource.ParallelTest(t, resource.TestCase{
			ProtoV6ProviderFactories: e.factories(),
			// No token of Alice's is left: neither the one in state nor
			// the one it replaced.
			CheckDestroy: tokDestroyed(e),
			Steps:        steps,
		})
	})
}

// TestAccPersonalAccessToken_pendingRevocationGone: an old token deleted
// outside Terraform counts as revoked: the next plan is empty.
// gitpod.v1 only: Classic rotates in place, so nothing is ever pending
// there (failedRevocationSteps checks it).
func TestAccPersonalAccessToken_pendingRevocationGone(t *testing.T) {
	func(e *testEnv) {
		var oldID string
		steps := append(failedRevocationSteps(e, &oldID), resource.TestStep{
			PreConfig: func() {
				e.mock.ClearFaults()
				e.mock.DeleteToken(oldID)
			},
			Config: tokConfig(e, "  name = \"ci-bot\"\n  rotation_triggers = { n = \"1\" }\n"),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectEmptyPlan(),
			}},
		})
		resource.ParallelTest(t, resource.TestCase{
			ProtoV6ProviderFactories: e.factories(),
			CheckDestroy:             tokDestroyed(e),
			Steps:                    steps,
		})
	}(newTestEnv(t, "v1"))
}
