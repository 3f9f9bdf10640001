package provider_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/gitpod-community/terraform-provider-gitpod/internal/mockapi"
	"github.com/gitpod-community/terraform-provider-gitpod/internal/tokenlife"
)

// TestAccServiceAccount_lifecycle creates an account, imports it by ID and
// with an import block (a no-op plan), changes its name and description in place (same ID),
// spells valid_until another way (no change in Gitpod, same ID), and moves
// valid_until, which replaces the account (a new ID; the old one deleted).
func TestAccServiceAccount_lifecycle(t *testing.T) {
	saV1(t, func(t *testing.T, e *testEnv) {
		rec := newDiagRecorder()
		until := e.clock.Now().Add(400 * tokenlife.Day)
		z := until.UTC().Format(time.RFC3339)
		plusOne := until.In(time.FixedZone("", 3600)).Format(time.RFC3339)
		later := saUntil(e, 500*tokenlife.Day)
		sameID := statecheck.CompareValue(compare.ValuesSame())
		var firstID string
		resource.ParallelTest(t, resource.TestCase{
			ProtoV6ProviderFactories: e.recordingFactories(rec),
			CheckDestroy:             saDestroyed(e),
			Steps: []resource.TestStep{
				{
					Config: e.config(saAccount("ci", "CI pipeline", z)),
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(saAddr, plancheck.ResourceActionCreate),
					}},
					ConfigStateChecks: []statecheck.StateCheck{
						statecheck.ExpectKnownValue(saAddr, tfjsonpath.New("id"), knownvalue.StringRegexp(uuidRE)),
						statecheck.ExpectKnownValue(saAddr, tfjsonpath.New("name"), knownvalue.StringExact("ci")),
						statecheck.ExpectKnownValue(saAddr, tfjsonpath.New("description"), knownvalue.StringExact("CI pipeline")),
						statecheck.ExpectKnownValue(saAddr, tfjsonpath.New("valid_until"), knownvalue.StringExact(z)),
						statecheck.ExpectKnownValue(saAddr, tfjsonpath.New("organization_id"), knownvalue.StringExact(mockapi.DemoOrgID)),
						statecheck.ExpectKnownValue(saAddr, tfjsonpath.New("creator_id"), knownvalue.StringExact(mockapi.DemoAliceID)),
						statecheck.ExpectKnownValue(saAddr, tfjsonpath.New("created_at"), tokTimeNear(e.clock.Now)),
						sameID.AddStateValue(saAddr, tfjsonpath.New("id")),
					},
					Check: func(s *terraform.State) error {
						firstID = saStateAttr(s, saAddr, "id")
						a := e.mock.ServiceAccount(firstID)
						if a == nil || a.Name != "ci" || a.Description != "CI pipeline" || !a.ValidUntil.Equal(until) || a.Suspended {
							return fmt.Errorf("the mock holds %+v", a)
						}
						return nil
					},
				},
				{
					ResourceName:      saAddr,
					ImportState:       true,
					ImportStateVerify: true,
				},
				{
					// An import block for the account: the plan with it
					// must be a no-op import.
					Config:          e.config(saAccount("ci", "CI pipeline", z)),
					ResourceName:    saAddr,
					ImportState:     true,
					ImportStateKind: resource.ImportBlockWithID,
				},
				{
					Config: e.config(saAccount("ci-bot", "Deploys the API", z)),
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(saAddr, plancheck.ResourceActionUpdate),
					}},
					ConfigStateChecks: []statecheck.StateCheck{
						sameID.AddStateValue(saAddr, tfjsonpath.New("id")),
						statecheck.ExpectKnownValue(saAddr, tfjsonpath.New("name"), knownvalue.StringExact("ci-bot")),
					},
					Check: func(*terraform.State) error {
						if a := e.mock.ServiceAccount(firstID); a.Name != "ci-bot" || a.Description != "Deploys the API" {
							return fmt.Errorf("the mock holds %+v after the update", a)
						}
						return nil
					},
				},
				{
					// The same instant spelled another way: no new account.
					Config: e.config(saAccount("ci-bot", "Deploys the API", plusOne)),
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(saAddr, plancheck.ResourceActionUpdate),
					}},
					ConfigStateChecks: []statecheck.StateCheck{
						sameID.AddStateValue(saAddr, tfjsonpath.New("id")),
						statecheck.ExpectKnownValue(saAddr, tfjsonpath.New("valid_until"), knownvalue.StringExact(plusOne)),
					},
				},
				{
					PreConfig: rec.reset,
					Config:    e.config(saAccount("ci-bot", "Deploys the API", later)),
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(saAddr, plancheck.ResourceActionDestroyBeforeCreate),
					}},
					Check: resource.ComposeTestCheckFunc(
						rec.expectWarning("plan", "gitpod_service_account", "Service account will be replaced", "Changing valid_until from "+z, "to "+later, "cannot change it", "gitpod_service_account_token"),
						func(s *terraform.State) error {
							id := saStateAttr(s, saAddr, "id")
							if id == firstID {
								return fmt.Errorf("valid_until moved but the account kept its ID")
							}
							if a := e.mock.ServiceAccount(firstID); !a.Suspended {
								return fmt.Errorf("the replaced account %s was not deleted", firstID)
							}
							if n := len(saManaged(e)); n != 1 {
								return fmt.Errorf("%d live accounts, want 1", n)
							}
							return nil
						}),
				},
			},
		})
	})
}

// TestAccServiceAccount_driftOutOfBand deletes the account outside
// Terraform, once as the API does (suspended) and once for good: each time
// the next plan creates it again, with a warning, instead of failing.
func TestAccServiceAccount_driftOutOfBand(t *testing.T) {
	saV1(t, func(t *testing.T, e *testEnv) {
		rec := newDiagRecorder()
		cfg := e.config(saAccount("ci", "", saFar(e)))
		id := statecheck.CompareValue(compare.ValuesDiffer())
		var current string
		remember := func(s *terraform.State) error {
			if current = saStateAttr(s, saAddr, "id"); current == "" {
				return fmt.Errorf("%s has no id in state", saAddr)
			}
			return nil
		}
		recreated := func(warning string) resource.TestStep {
			return resource.TestStep{
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(saAddr, plancheck.ResourceActionCreate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{id.AddStateValue(saAddr, tfjsonpath.New("id"))},
				Check: resource.ComposeTestCheckFunc(rec.expectWarning("read", "gitpod_service_account", warning, "removed from state"), remember, func(*terraform.State) error {
					if n := len(saManaged(e)); n != 1 {
						return fmt.Errorf("%d live accounts, want 1", n)
					}
					return nil
				}),
			}
		}
		suspended := recreated("Service account was deleted")
		suspended.PreConfig = func() {
			rec.reset()
			if err := e.mock.SuspendServiceAccount(current); err != nil {
				t.Fatal(err)
			}
		}
		removed := recreated("Service account no longer exists")
		removed.PreConfig = func() {
			rec.reset()
			if !e.mock.RemoveServiceAccount(current) {
				t.Fatalf("no account %s to remove", current)
			}
		}
		resource.ParallelTest(t, resource.TestCase{
			ProtoV6ProviderFactories: e.recordingFactories(rec),
			CheckDestroy:             saDestroyed(e),
			Steps: []resource.TestStep{
				{
					Config:            cfg,
					ConfigStateChecks: []statecheck.StateCheck{id.AddStateValue(saAddr, tfjsonpath.New("id"))},
					Check:             remember,
				},
				suspended,
				removed,
			},
		})
	})
}

// TestAccServiceAccount_rules checks the descriptors' limits at plan time
// (in characters, not bytes), control characters, and a valid_until that
// is not in the future, for a new account and for a replacement; none of
// them reaches Gitpod.
func TestAccServiceAccount_rules(t *testing.T) {
	saV1(t, func(t *testing.T, e *testEnv) {
		step := func(body string, phrases ...string) resource.TestStep {
			return resource.TestStep{Config: e.config(body), ExpectError: errorMatching(phrases...)}
		}
		far := saFar(e)
		past := saUntil(e, -time.Hour)
		accent := strings.Repeat("é", 64) // 128 bytes, 64 characters: fine
		resource.ParallelTest(t, resource.TestCase{
			ProtoV6ProviderFactories: e.factories(),
			CheckDestroy:             saDestroyed(e),
			Steps: []resource.TestStep{
				step(saAccount(strings.Repeat("a", 65), "", far), "must be between 1 and 64 characters, got 65"),
				step(saAccount("", "", far), "must be between 1 and 64 characters, got 0"),
				step(saAccount("ci", strings.Repeat("d", 501), far), "must be at most 500 characters, got 501"),
				step(strings.Replace(saAccount("ci", "", far), `name        = "ci"`, "name = "+hclString("ci\x1b[31m"), 1), "must not contain control characters", "U+001B (ESC) at character 3"),
				step(strings.Replace(saAccount("ci", "x", far), `description = "x"`, "description = "+hclString("line one\nline two"), 1), "must not contain control characters", "single line"),
				step(saAccount("ci", "", past), "valid_until is not in the future", `The new service account "ci" would end at `+past),
				step(saAccount("ci", "", "next year"), "Invalid RFC3339 String Value", "next year"),
				{
					PreConfig: func() {
						if n := e.mock.Calls("CreateServiceAccount"); n != 0 {
							t.Fatalf("CreateServiceAccount was called %d times: a refusal reached Gitpod", n)
						}
					},
					Config: e.config(saAccount(accent, strings.Repeat("ü", 500), far)),
					Check: func(s *terraform.State) error {
						if a := e.mock.ServiceAccount(saStateAttr(s, saAddr, "id")); a == nil || a.Name != accent {
							return fmt.Errorf("the mock holds %+v", a)
						}
						return nil
					},
				},
				step(saAccount(accent, strings.Repeat("ü", 500), past), "valid_until is not in the future", "would be replaced by one that ends at "+past),
			},
		})
	})
}

// TestAccServiceAccount_expiryWarnings moves the clock: a week before
// valid_until the plan warns, and after it the plan warns that the account
// and its tokens authenticate nothing; neither blocks the plan.
func TestAccServiceAccount_expiryWarnings(t *testing.T) {
	saV1(t, func(t *testing.T, e *testEnv) {
		rec := newDiagRecorder()
		cfg := e.config(saAccount("ci", "", saUntil(e, 10*tokenlife.Day)))
		resource.ParallelTest(t, resource.TestCase{
			ProtoV6ProviderFactories: e.recordingFactories(rec),
			CheckDestroy:             saDestroyed(e),
			Steps: []resource.TestStep{
				{Config: cfg, Check: rec.expectNoWarning("plan", "gitpod_service_account", "Service account expires soon")},
				{
					PreConfig: func() { rec.reset(); e.clock.Advance(5 * tokenlife.Day) },
					Config:    cfg,
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
						plancheck.ExpectEmptyPlan(),
					}},
					Check: rec.expectWarning("plan", "gitpod_service_account", "Service account expires soon", "in 5 days", "set a later one to replace the account"),
				},
				{
					PreConfig: func() { rec.reset(); e.clock.Advance(6 * tokenlife.Day) },
					Config:    cfg,
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
						plancheck.ExpectEmptyPlan(),
					}},
					Check: rec.expectWarning("plan", "gitpod_service_account", "Service account has expired", "authenticate nothing"),
				},
			},
		})
	})
}

// TestAccServiceAccount_classicRefused: on Gitpod Classic, every
// service-account type is a plan-time error on its block that says why,
// and nothing is called or created.
func TestAccServiceAccount_classicRefused(t *testing.T) {
	tokOnlyAPI(t, "classic", func(t *testing.T, e *testEnv) {
		refusal := []string{"Not available on this API", "Gitpod Classic (gitpod.experimental.v1) has no service accounts; they exist only on today's Gitpod (gitpod.v1)"}
		token := fmt.Sprintf(`
resource "gitpod_service_account_token" "t" {
  service_account_id = %q
  description        = "ci"
}
`, mockapi.DemoSystemServiceAccountID)
		ephemeral := fmt.Sprintf(`
ephemeral "gitpod_service_account_token" "run" {
  service_account_id = %q
}

provider "echo" {
  data = ephemeral.gitpod_service_account_token.run
}

resource "echo" "test" {}
`, mockapi.DemoSystemServiceAccountID)
		step := func(body string, where string) resource.TestStep {
			return resource.TestStep{Config: e.config(body), ExpectError: errorMatching(refusal[0], where, refusal[1])}
		}
		before := len(e.mock.ServiceAccounts(""))
		resource.ParallelTest(t, resource.TestCase{
			TerraformVersionChecks:   ephVersions,
			ProtoV6ProviderFactories: e.factories(),
			Steps: []resource.TestStep{
				step(saAccount("ci", "", saFar(e)), `with gitpod_service_account.ci`),
				step(token, `with gitpod_service_account_token.t`),
				step(`data "gitpod_service_accounts" "all" {}`, `with data.gitpod_service_accounts.all`),
				step(ephemeral, `with ephemeral.gitpod_service_account_token.run`),
				{
					Config: e.config(""),
					Check: func(*terraform.State) error {
						if n := saServiceAccountCalls(e); n != 0 {
							return fmt.Errorf("%d ServiceAccountService calls were made on Classic", n)
						}
						if n := len(e.mock.ServiceAccounts("")); n != before {
							return fmt.Errorf("%d service accounts exist, %d before", n, before)
						}
						return nil
					},
				},
			},
		})
	})
}

// TestAccServiceAccount_lostCreate drops the answer of the create once:
// the provider finds the account it made (the one new account with that
// name, description and end) instead of making a second one.
func TestAccServiceAccount_lostCreate(t *testing.T) {
	saV1(t, func(t *testing.T, e *testEnv) {
		// An account just like it made earlier is not the new one.
		far := saFar(e)
		end, _ := time.Parse(time.RFC3339, far)
		a, err := e.mock.AddServiceAccount(mockapi.ServiceAccountFixture{OrganizationID: mockapi.DemoOrgID, Name: "ci", Description: "CI pipeline", CreatorID: mockapi.DemoAliceID, ValidUntil: end})
		if err != nil {
			t.Fatal(err)
		}
		older := a.ID
		resource.ParallelTest(t, resource.TestCase{
			ProtoV6ProviderFactories: e.factories(),
			CheckDestroy: func(*terraform.State) error {
				if left := saManaged(e); len(left) != 1 || left[0].ID != older {
					return fmt.Errorf("%d accounts left, want only the one made outside Terraform", len(left))
				}
				return nil
			},
			Steps: []resource.TestStep{{
				PreConfig: func() {
					e.mock.Inject("CreateServiceAccount", mockapi.Fault{DropAfterWork: true, Times: 1})
				},
				Config: e.config(saAccount("ci", "CI pipeline", far)),
				Check: func(s *terraform.State) error {
					id := saStateAttr(s, saAddr, "id")
					if id == older || e.mock.ServiceAccount(id) == nil {
						return fmt.Errorf("state holds account %s, which is not the new one", id)
					}
					if n := len(saManaged(e)); n != 2 {
						return fmt.Errorf("%d live accounts, want the older one and the new one", n)
					}
					if n := e.mock.Calls("CreateServiceAccount"); n != 1 {
						return fmt.Errorf("CreateServiceAccount was called %d times: the lost create was repeated", n)
					}
					// The snapshot before, and the search after the lost answer.
					if n := e.mock.Calls("ListServiceAccounts"); n != 2 {
						return fmt.Errorf("ListServiceAccounts was called %d times, want 2: the answer was not lost", n)
					}
					return nil
				},
			}},
		})
	})
}

// TestAccServiceAccount_importRefused: what cannot be managed is refused
// at import: a system-managed account, and IDs that are not UUIDs (a
// token's import ID names its account too).
func TestAccServiceAccount_importRefused(t *testing.T) {
	saV1(t, func(t *testing.T, e *testEnv) {
		cfg := e.config(saAccount("ci", "", saFar(e)) + `
resource "gitpod_service_account_token" "t" {
  service_account_id = gitpod_service_account.ci.id
  description        = "deploy"
}
`)
		importStep := func(address, id string, phrases ...string) resource.TestStep {
			return resource.TestStep{
				Config: cfg, ResourceName: address, ImportState: true, ImportStateId: id, ImportStatePersist: false,
				ExpectError: errorMatching(phrases...),
			}
		}
		resource.ParallelTest(t, resource.TestCase{
			ProtoV6ProviderFactories: e.factories(),
			CheckDestroy:             saDestroyed(e),
			Steps: []resource.TestStep{
				{Config: cfg},
				importStep(saAddr, mockapi.DemoSystemServiceAccountID, "Service account cannot be managed", "system-managed", "gitpod_service_accounts data source"),
				importStep(saAddr, "CI", "Invalid service account ID", "lower-case UUID"),
				importStep(satAddr, "8d2e4f60-7a8b-4c9d-8e0f-1a2b3c4d5e6f", "Invalid service account token ID", "<service_account_id>/<token_id>"),
			},
		})
	})
}
