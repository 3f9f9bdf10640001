package provider_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"connectrpc.com/connect"
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

// satLive checks how many live long-lived tokens the account in state
// holds.
func satLive(e *testEnv, want int) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		id := saStateAttr(s, saAddr, "id")
		if got := len(saLiveTokens(e, id)); got != want {
			return fmt.Errorf("service account %s holds %d live tokens, want %d", id, got, want)
		}
		return nil
	}
}

// satImportID is the import ID of the token in state.
func satImportID(s *terraform.State) (string, error) {
	return saStateAttr(s, satAddr, "service_account_id") + "/" + saStateAttr(s, satAddr, "id"), nil
}

// satRevoked checks that the token (and value) remembered in *id and
// *value are gone from the mock.
func satRevoked(e *testEnv, id, value *string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if e.mock.ServiceAccountToken(*id) != nil {
			return fmt.Errorf("the replaced token %s still exists", *id)
		}
		if saTokenOf(e, *value) != nil {
			return fmt.Errorf("the replaced token's value still authenticates")
		}
		return nil
	}
}

// TestAccServiceAccountToken_lifecycle creates a token of a new account,
// imports it with an import block (a no-op plan) and by ID, and rotates it
// by description, rotation_triggers and expires_in_days: each time a new
// token (new ID and value, which works) replaces the old one, which is
// deleted and whose value no longer works. No access token value reaches a
// plan or the state.
func TestAccServiceAccountToken_lifecycle(t *testing.T) {
	saV1(t, func(t *testing.T, e *testEnv) {
		far := saFar(e)
		cfg := func(args string) string { return saTokenConfig(e, far, args) }
		in := func(days int) func() time.Time {
			return func() time.Time { return e.clock.Now().Add(time.Duration(days) * tokenlife.Day) }
		}
		account := statecheck.CompareValuePairs(saAddr, tfjsonpath.New("id"), satAddr, tfjsonpath.New("service_account_id"), compare.ValuesSame())
		ids := statecheck.CompareValue(compare.ValuesDiffer())
		var oldID, oldValue string
		remember := func(s *terraform.State) error {
			if oldID, oldValue = saStateAttr(s, satAddr, "id"), saStateAttr(s, satAddr, "token"); oldID == "" || oldValue == "" {
				return fmt.Errorf("%s has no id or token in state", satAddr)
			}
			return nil
		}
		rotation := func(args string, days int) resource.TestStep {
			return resource.TestStep{
				Config: cfg(args),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(satAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectUnknownValue(satAddr, tfjsonpath.New("token")),
					plancheck.ExpectUnknownValue(satAddr, tfjsonpath.New("id")),
					saPlanHasNoAccessToken{e},
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					saValueWorks{e, satAddr},
					ids.AddStateValue(satAddr, tfjsonpath.New("id")),
					statecheck.ExpectKnownValue(satAddr, tfjsonpath.New("expires_at"), tokTimeNear(in(days))),
					statecheck.ExpectKnownValue(satAddr, tfjsonpath.New("pending_revocations"), knownvalue.Null()),
				},
				Check: resource.ComposeTestCheckFunc(satLive(e, 1), satRevoked(e, &oldID, &oldValue), remember),
			}
		}
		resource.ParallelTest(t, resource.TestCase{
			ProtoV6ProviderFactories: e.factories(),
			CheckDestroy:             saDestroyed(e),
			Steps: []resource.TestStep{
				{
					Config: cfg(`description = "deploy"`),
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(satAddr, plancheck.ResourceActionCreate),
						plancheck.ExpectKnownValue(satAddr, tfjsonpath.New("expires_in_days"), knownvalue.Int64Exact(30)),
						plancheck.ExpectSensitiveValue(satAddr, tfjsonpath.New("token")),
					}},
					ConfigStateChecks: []statecheck.StateCheck{
						saValueWorks{e, satAddr},
						account,
						ids.AddStateValue(satAddr, tfjsonpath.New("id")),
						statecheck.ExpectKnownValue(satAddr, tfjsonpath.New("id"), knownvalue.StringRegexp(uuidRE)),
						statecheck.ExpectKnownValue(satAddr, tfjsonpath.New("description"), knownvalue.StringExact("deploy")),
						statecheck.ExpectKnownValue(satAddr, tfjsonpath.New("expires_in_days"), knownvalue.Int64Exact(30)),
						statecheck.ExpectKnownValue(satAddr, tfjsonpath.New("expires_at"), tokTimeNear(in(30))),
						statecheck.ExpectKnownValue(satAddr, tfjsonpath.New("created_at"), tokTimeNear(e.clock.Now)),
						statecheck.ExpectKnownValue(satAddr, tfjsonpath.New("last_used"), knownvalue.Null()),
						statecheck.ExpectKnownValue(satAddr, tfjsonpath.New("pending_revocations"), knownvalue.Null()),
						saStateHasNoAccessToken{e},
					},
					Check: resource.ComposeTestCheckFunc(satLive(e, 1), remember),
				},
				{
					// An import block for the token in state: the plan
					// with it must be a no-op import.
					Config:            cfg(`description = "deploy"`),
					ResourceName:      satAddr,
					ImportState:       true,
					ImportStateKind:   resource.ImportBlockWithID,
					ImportStateIdFunc: satImportID,
				},
				{
					ResourceName:            satAddr,
					ImportState:             true,
					ImportStateVerify:       true,
					ImportStateIdFunc:       satImportID,
					ImportStateVerifyIgnore: []string{"token"},
				},
				rotation(`description = "deploy the API"`, 30),
				rotation(`
  description       = "deploy the API"
  rotation_triggers = { n = "1" }
`, 30),
				rotation(`
  description       = "deploy the API"
  rotation_triggers = { n = "1" }
  expires_in_days   = 60
`, 60),
				{
					Config: cfg(`
  description       = "deploy the API"
  rotation_triggers = { n = "1" }
  expires_in_days   = 60
`),
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				},
			},
		})
	})
}

// TestAccServiceAccountToken_rotationWindow moves the shared clock: outside
// the rotate_before_days window the plan is empty; inside it the token is
// rotated to a fresh validity. Days pass, so the provider must act as the
// account with new access tokens.
func TestAccServiceAccountToken_rotationWindow(t *testing.T) {
	saV1(t, func(t *testing.T, e *testEnv) {
		cfg := saTokenConfig(e, saFar(e), `
  description        = "deploy"
  expires_in_days    = 30
  rotate_before_days = 7
`)
		value := statecheck.CompareValue(compare.ValuesDiffer())
		resource.ParallelTest(t, resource.TestCase{
			ProtoV6ProviderFactories: e.factories(),
			CheckDestroy:             saDestroyed(e),
			Steps: []resource.TestStep{
				{Config: cfg, ConfigStateChecks: []statecheck.StateCheck{value.AddStateValue(satAddr, tfjsonpath.New("token"))}},
				{
					PreConfig:        func() { e.clock.Advance(22 * tokenlife.Day) },
					Config:           cfg,
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				},
				{
					PreConfig: func() { e.clock.Advance(tokenlife.Day + time.Minute) },
					Config:    cfg,
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(satAddr, plancheck.ResourceActionUpdate),
						plancheck.ExpectUnknownValue(satAddr, tfjsonpath.New("token")),
					}},
					ConfigStateChecks: []statecheck.StateCheck{
						saValueWorks{e, satAddr},
						value.AddStateValue(satAddr, tfjsonpath.New("token")),
						statecheck.ExpectKnownValue(satAddr, tfjsonpath.New("expires_at"), tokTimeNear(func() time.Time { return e.clock.Now().Add(30 * tokenlife.Day) })),
					},
					Check: satLive(e, 1),
				},
				{
					// Past its end without rotate_before_days: rotated, not kept dead.
					PreConfig: func() { e.clock.Advance(31 * tokenlife.Day) },
					Config:    cfg,
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
						plancheck.ExpectUnknownValue(satAddr, tfjsonpath.New("token")),
					}},
					ConfigStateChecks: []statecheck.StateCheck{saValueWorks{e, satAddr}},
					Check:             satLive(e, 1),
				},
			},
		})
	})
}

// TestAccServiceAccountToken_cappedByAccount: a token asked for longer than
// its account lives gets the account's end (the plan warns and says it);
// inside rotate_before_days with the account ending there, a rotation
// could not help, so the plan keeps the token and says why; once the
// account has ended, plans warn and keep everything, and destroy works.
func TestAccServiceAccountToken_cappedByAccount(t *testing.T) {
	saV1(t, func(t *testing.T, e *testEnv) {
		rec := newDiagRecorder()
		end := saUntil(e, 10*tokenlife.Day)
		cfg := saTokenConfig(e, end, `
  description        = "deploy"
  rotate_before_days = 7
`)
		resource.ParallelTest(t, resource.TestCase{
			ProtoV6ProviderFactories: e.recordingFactories(rec),
			CheckDestroy: func(*terraform.State) error {
				if left := saManaged(e); len(left) != 0 {
					return fmt.Errorf("%d service account(s) left", len(left))
				}
				return nil
			},
			Steps: []resource.TestStep{
				{
					Config: cfg,
					ConfigStateChecks: []statecheck.StateCheck{
						saValueWorks{e, satAddr},
						statecheck.ExpectKnownValue(satAddr, tfjsonpath.New("expires_at"), knownvalue.StringExact(end)),
					},
					Check: rec.expectWarning("plan", "gitpod_service_account_token", "Token expiry capped by its service account",
						`asks for 30 days`, "ends at "+end, "the token will expire at "+end),
				},
				{
					PreConfig:        func() { rec.reset(); e.clock.Advance(4 * tokenlife.Day) },
					Config:           cfg,
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
					Check: rec.expectWarning("plan", "gitpod_service_account_token", "Service account token expires soon",
						"inside its rotate_before_days window", "no token of it can live longer"),
				},
				{
					PreConfig:        func() { rec.reset(); e.clock.Advance(7 * tokenlife.Day) },
					Config:           cfg,
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
					Check: resource.ComposeTestCheckFunc(
						rec.expectWarning("plan", "gitpod_service_account_token", "Service account token cannot be rotated", "the token has expired", "it expired at "+end, "later valid_until"),
						rec.expectWarning("plan", "gitpod_service_account", "Service account has expired"),
					),
				},
				{
					// Asking for a rotation of a dead account's token is an
					// error at plan time.
					Config: saTokenConfig(e, end, `
  description        = "deploy"
  rotate_before_days = 7
  rotation_triggers  = { n = "1" }
`),
					ExpectError: errorMatching("Service account token cannot be rotated", "The configuration asks to rotate", "cannot have new tokens"),
				},
			},
		})
	})
}

// TestAccServiceAccountToken_endsWithAccount: a token without
// rotate_before_days that ends with its account draws, in its last week, a
// warning that no rotation can help (not the advice to set
// rotate_before_days, which would not help either).
func TestAccServiceAccountToken_endsWithAccount(t *testing.T) {
	saV1(t, func(t *testing.T, e *testEnv) {
		rec := newDiagRecorder()
		end := saUntil(e, 10*tokenlife.Day)
		cfg := saTokenConfig(e, end, `description = "deploy"`)
		resource.ParallelTest(t, resource.TestCase{
			ProtoV6ProviderFactories: e.recordingFactories(rec),
			CheckDestroy:             saDestroyed(e),
			Steps: []resource.TestStep{
				{Config: cfg, Check: rec.expectNoWarning("plan", "gitpod_service_account_token", "Service account token expires soon")},
				{
					PreConfig:        func() { rec.reset(); e.clock.Advance(4 * tokenlife.Day) },
					Config:           cfg,
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
					Check: resource.ComposeTestCheckFunc(
						rec.expectWarning("plan", "gitpod_service_account_token", "Service account token expires soon", "expires at "+end, "in 6 days", "no rotation can make a token of it last longer"),
						func(*terraform.State) error {
							if d, _ := rec.warning("plan", "gitpod_service_account_token", "Service account token expires soon"); strings.Contains(d.detail, "Set rotate_before_days") {
								return fmt.Errorf("the warning advises rotate_before_days, which cannot help: %s", d.detail)
							}
							return nil
						},
					),
				},
			},
		})
	})
}

// TestAccServiceAccountToken_lostCreate drops the answer of the create
// once: the provider finds the token it made (by its description, among
// the tokens new since it started), deletes it, since its value went with
// the answer, and makes another: the account ends with one token, the one
// in state, whose value works.
func TestAccServiceAccountToken_lostCreate(t *testing.T) {
	saV1(t, func(t *testing.T, e *testEnv) {
		resource.ParallelTest(t, resource.TestCase{
			ProtoV6ProviderFactories: e.factories(),
			CheckDestroy:             saDestroyed(e),
			Steps: []resource.TestStep{{
				PreConfig: func() {
					e.mock.Inject("CreateServiceAccountToken", mockapi.Fault{DropAfterWork: true, Times: 1})
				},
				Config:            saTokenConfig(e, saFar(e), `description = "deploy"`),
				ConfigStateChecks: []statecheck.StateCheck{saValueWorks{e, satAddr}},
				Check: resource.ComposeTestCheckFunc(satLive(e, 1), func(s *terraform.State) error {
					live := saLiveTokens(e, saStateAttr(s, saAddr, "id"))
					if live[0].ID != saStateAttr(s, satAddr, "id") {
						return fmt.Errorf("state holds token %s, the mock %s", saStateAttr(s, satAddr, "id"), live[0].ID)
					}
					if n := e.mock.Calls("CreateServiceAccountToken"); n != 2 {
						return fmt.Errorf("CreateServiceAccountToken was called %d time(s), want 2", n)
					}
					return nil
				}),
			}},
		})
	})
}

// TestAccServiceAccountToken_countLostCreate creates two tokens with one
// description while one create answer is lost: each instance gets its own
// token (claims), both values work, and the account holds exactly two.
func TestAccServiceAccountToken_countLostCreate(t *testing.T) {
	saV1(t, func(t *testing.T, e *testEnv) {
		cfg := e.config(saAccount("ci", "", saFar(e)) + `
resource "gitpod_service_account_token" "t" {
  count              = 2
  service_account_id = gitpod_service_account.ci.id
  description        = "deploy"
}
`)
		first, second := satAddr+"[0]", satAddr+"[1]"
		ids := statecheck.CompareValue(compare.ValuesDiffer())
		resource.ParallelTest(t, resource.TestCase{
			ProtoV6ProviderFactories: e.factories(),
			CheckDestroy:             saDestroyed(e),
			Steps: []resource.TestStep{{
				PreConfig: func() {
					e.mock.Inject("CreateServiceAccountToken", mockapi.Fault{DropAfterWork: true, Times: 1})
				},
				Config: cfg,
				ConfigStateChecks: []statecheck.StateCheck{
					saValueWorks{e, first},
					saValueWorks{e, second},
					ids.AddStateValue(first, tfjsonpath.New("id")),
					ids.AddStateValue(second, tfjsonpath.New("id")),
				},
				Check: resource.ComposeTestCheckFunc(satLive(e, 2), func(*terraform.State) error {
					if n := e.mock.Calls("CreateServiceAccountToken"); n != 3 {
						return fmt.Errorf("CreateServiceAccountToken was called %d time(s), want 3: the fault did not fire as expected", n)
					}
					return nil
				}),
			}},
		})
	})
}

// TestAccServiceAccountToken_lostRotation drops the answers of rotations:
// one lost answer is reconciled (the apply succeeds with a working value);
// when every create is lost, the apply fails and the old token is kept,
// still working, so the plan with the configuration in state is empty.
func TestAccServiceAccountToken_lostRotation(t *testing.T) {
	saV1(t, func(t *testing.T, e *testEnv) {
		withTriggers := func(n string) string {
			return saTokenConfig(e, saFar(e), fmt.Sprintf(`
  description       = "deploy"
  rotation_triggers = { n = %q }
`, n))
		}
		callsBefore := 0
		resource.ParallelTest(t, resource.TestCase{
			ProtoV6ProviderFactories: e.factories(),
			CheckDestroy:             saDestroyed(e),
			Steps: []resource.TestStep{
				{Config: withTriggers("0")},
				{
					PreConfig: func() {
						callsBefore = e.mock.Calls("CreateServiceAccountToken")
						e.mock.Inject("CreateServiceAccountToken", mockapi.Fault{DropAfterWork: true, Times: 1})
					},
					Config:            withTriggers("1"),
					ConfigStateChecks: []statecheck.StateCheck{saValueWorks{e, satAddr}},
					Check: resource.ComposeTestCheckFunc(satLive(e, 1), func(*terraform.State) error {
						if n := e.mock.Calls("CreateServiceAccountToken") - callsBefore; n != 2 {
							return fmt.Errorf("CreateServiceAccountToken was called %d time(s) in this step, want 2", n)
						}
						return nil
					}),
				},
				{
					PreConfig:   func() { e.mock.Inject("CreateServiceAccountToken", mockapi.Fault{DropAfterWork: true}) },
					Config:      withTriggers("2"),
					ExpectError: errorMatching(`Unable to create token "deploy" of service account`),
				},
				{
					PreConfig:         e.mock.ClearFaults,
					Config:            withTriggers("1"),
					ConfigPlanChecks:  resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
					ConfigStateChecks: []statecheck.StateCheck{saValueWorks{e, satAddr}},
					Check:             satLive(e, 1),
				},
			},
		})
	})
}

// satFailedRevocationSteps create a token, then rotate it while every
// delete fails past the retries: the apply fails, with the new token saved
// and the old one, still alive, in pending_revocations. oldID gets the
// first token's ID.
func satFailedRevocationSteps(e *testEnv, oldID *string) []resource.TestStep {
	withTriggers := func(n string) string {
		return saTokenConfig(e, saFar(e), fmt.Sprintf("  description = \"deploy\"\n  rotation_triggers = { n = %q }\n", n))
	}
	return []resource.TestStep{
		{
			Config: withTriggers("0"),
			Check:  func(s *terraform.State) error { *oldID = saStateAttr(s, satAddr, "id"); return nil },
		},
		{
			PreConfig:   func() { e.mock.Inject("DeleteServiceAccountToken", mockapi.Fault{Code: connect.CodeUnavailable}) },
			Config:      withTriggers("1"),
			ExpectError: errorMatching("Unable to delete service account token", "still exists and still works", "kept in pending_revocations"),
		},
	}
}

// TestAccServiceAccountToken_failedRevocationRetried: after a rotation
// whose delete of the old token failed, the next plan warns, naming the
// old token, and its apply deletes it; the plan after that is empty.
func TestAccServiceAccountToken_failedRevocationRetried(t *testing.T) {
	saV1(t, func(t *testing.T, e *testEnv) {
		rec := newDiagRecorder()
		var oldID string
		cfg := saTokenConfig(e, saFar(e), "  description = \"deploy\"\n  rotation_triggers = { n = \"1\" }\n")
		steps := append(satFailedRevocationSteps(e, &oldID),
			resource.TestStep{
				PreConfig: func() {
					if e.mock.ServiceAccountToken(oldID) == nil {
						t.Fatal("the old token is already gone: the failed delete was not a failure")
					}
					e.mock.ClearFaults()
					rec.reset()
				},
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(satAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(satAddr, tfjsonpath.New("pending_revocations"), knownvalue.Null()),
					plancheck.ExpectKnownValue(satAddr, tfjsonpath.New("token"), knownvalue.NotNull()),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(satAddr, tfjsonpath.New("pending_revocations"), knownvalue.Null()),
					saValueWorks{e, satAddr},
				},
				Check: resource.ComposeTestCheckFunc(
					func(*terraform.State) error {
						return rec.expectWarning("plan", "gitpod_service_account_token", "Replaced tokens still to be revoked", oldID, "This apply deletes them")(nil)
					},
					func(*terraform.State) error {
						if e.mock.ServiceAccountToken(oldID) != nil {
							return fmt.Errorf("the old token %s still exists", oldID)
						}
						return nil
					},
					satLive(e, 1),
				),
			},
			resource.TestStep{
				Config:           cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			})
		resource.ParallelTest(t, resource.TestCase{
			ProtoV6ProviderFactories: e.recordingFactories(rec),
			CheckDestroy:             saDestroyed(e),
			Steps:                    steps,
		})
	})
}

// TestAccServiceAccountToken_failedRevocationDestroyed: destroying a token
// with a pending revocation deletes the old token too.
func TestAccServiceAccountToken_failedRevocationDestroyed(t *testing.T) {
	saV1(t, func(t *testing.T, e *testEnv) {
		var oldID string
		cfg := saTokenConfig(e, saFar(e), "  description = \"deploy\"\n  rotation_triggers = { n = \"1\" }\n")
		steps := append(satFailedRevocationSteps(e, &oldID), resource.TestStep{
			PreConfig: e.mock.ClearFaults,
			Config:    cfg,
			Destroy:   true,
		})
		resource.ParallelTest(t, resource.TestCase{
			ProtoV6ProviderFactories: e.factories(),
			CheckDestroy:             saDestroyed(e),
			Steps:                    steps,
		})
	})
}

// TestAccServiceAccountToken_pendingRevocationGone: an old token deleted
// outside Terraform counts as revoked: the next plan is empty.
func TestAccServiceAccountToken_pendingRevocationGone(t *testing.T) {
	saV1(t, func(t *testing.T, e *testEnv) {
		var oldID string
		steps := append(satFailedRevocationSteps(e, &oldID), resource.TestStep{
			PreConfig: func() {
				e.mock.ClearFaults()
				if !e.mock.DeleteServiceAccountToken(oldID) {
					t.Fatalf("the old token %s is not in the mock", oldID)
				}
			},
			Config:           saTokenConfig(e, saFar(e), "  description = \"deploy\"\n  rotation_triggers = { n = \"1\" }\n"),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
		})
		resource.ParallelTest(t, resource.TestCase{
			ProtoV6ProviderFactories: e.factories(),
			CheckDestroy:             saDestroyed(e),
			Steps:                    steps,
		})
	})
}

// TestAccServiceAccountToken_driftOutOfBand revokes the token outside
// Terraform: the next plan creates a new one; then deletes its account
// outside Terraform: the plan creates both again (the token of a deleted
// account authenticates nothing).
func TestAccServiceAccountToken_driftOutOfBand(t *testing.T) {
	saV1(t, func(t *testing.T, e *testEnv) {
		rec := newDiagRecorder()
		cfg := saTokenConfig(e, saFar(e), `description = "deploy"`)
		ids := statecheck.CompareValue(compare.ValuesDiffer())
		var tokenID, accountID string
		remember := func(s *terraform.State) error {
			if tokenID, accountID = saStateAttr(s, satAddr, "id"), saStateAttr(s, saAddr, "id"); tokenID == "" || accountID == "" {
				return fmt.Errorf("no token or account id in state")
			}
			return nil
		}
		resource.ParallelTest(t, resource.TestCase{
			ProtoV6ProviderFactories: e.recordingFactories(rec),
			CheckDestroy:             saDestroyed(e),
			Steps: []resource.TestStep{
				{Config: cfg, ConfigStateChecks: []statecheck.StateCheck{ids.AddStateValue(satAddr, tfjsonpath.New("id"))}, Check: remember},
				{
					PreConfig: func() {
						rec.reset()
						if !e.mock.DeleteServiceAccountToken(tokenID) {
							t.Fatalf("no token %s", tokenID)
						}
					},
					Config: cfg,
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(satAddr, plancheck.ResourceActionCreate),
						plancheck.ExpectResourceAction(saAddr, plancheck.ResourceActionNoop),
					}},
					ConfigStateChecks: []statecheck.StateCheck{saValueWorks{e, satAddr}, ids.AddStateValue(satAddr, tfjsonpath.New("id"))},
					Check: resource.ComposeTestCheckFunc(satLive(e, 1), remember,
						rec.expectWarning("read", "gitpod_service_account_token", "Service account token no longer exists", "revoked outside Terraform")),
				},
				{
					PreConfig: func() {
						rec.reset()
						if err := e.mock.SuspendServiceAccount(accountID); err != nil {
							t.Fatal(err)
						}
					},
					Config: cfg,
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(satAddr, plancheck.ResourceActionCreate),
						plancheck.ExpectResourceAction(saAddr, plancheck.ResourceActionCreate),
					}},
					ConfigStateChecks: []statecheck.StateCheck{saValueWorks{e, satAddr}, ids.AddStateValue(satAddr, tfjsonpath.New("id"))},
					Check: resource.ComposeTestCheckFunc(satLive(e, 1),
						rec.expectWarning("read", "gitpod_service_account_token", "Service account token no longer exists", "was deleted (it is suspended)")),
				},
			},
		})
	})
}

// TestAccServiceAccountToken_rules checks at plan time what cannot work:
// the descriptors' validity bound, rotate_before_days, the description's
// characters, an ID that is not a UUID, and accounts that cannot have
// managed tokens (system-managed, unknown, deleted). Nothing reaches
// Gitpod's token methods.
func TestAccServiceAccountToken_rules(t *testing.T) {
	saV1(t, func(t *testing.T, e *testEnv) {
		deleted, err := e.mock.AddServiceAccount(mockapi.ServiceAccountFixture{OrganizationID: mockapi.DemoOrgID, Name: "old", CreatorID: mockapi.DemoAliceID, ValidUntil: e.clock.Now().Add(tokenlife.Day), Suspended: true})
		if err != nil {
			t.Fatal(err)
		}
		token := func(accountID, args string) string {
			return e.config(fmt.Sprintf(`
resource "gitpod_service_account_token" "t" {
  service_account_id = %q
%s
}
`, accountID, args))
		}
		step := func(cfg string, phrases ...string) resource.TestStep {
			return resource.TestStep{Config: cfg, ExpectError: errorMatching(phrases...)}
		}
		far := saFar(e)
		resource.ParallelTest(t, resource.TestCase{
			ProtoV6ProviderFactories: e.factories(),
			CheckDestroy:             saDestroyed(e),
			Steps: []resource.TestStep{
				step(saTokenConfig(e, far, "  description = \"d\"\n  expires_in_days = 29221"), "expires_in_days value must be between 1 and 29220"),
				step(saTokenConfig(e, far, "  description = \"d\"\n  expires_in_days = 7\n  rotate_before_days = 7"), "rotate_before_days too large", "validity of 7 days"),
				step(saTokenConfig(e, far, "  description = "+hclString("d\x07")), "must not contain control characters"),
				step(saTokenConfig(e, far, `  description = ""`), "must be between 1 and 255 characters, got 0"),
				step(token("not-a-uuid", `  description = "d"`), "must be a service account ID"),
				step(token(mockapi.DemoSystemServiceAccountID, `  description = "d"`), "Service account cannot have managed tokens", "system-managed"),
				step(token("0e0e0e0e-1f1f-4a4a-8b8b-2c2c2c2c2c2c", `  description = "d"`), "Service account not found"),
				step(token(deleted.ID, `  description = "d"`), "Service account cannot have new tokens", "deleted (it is suspended)"),
				{
					Config: e.config(""),
					Check: func(*terraform.State) error {
						for _, m := range []string{"CreateServiceAccountToken", "CreateServiceAccountAccessToken"} {
							if n := e.mock.Calls(m); n != 0 {
								return fmt.Errorf("%s was called %d times: a refusal reached Gitpod", m, n)
							}
						}
						return nil
					},
				},
			},
		})
	})
}
