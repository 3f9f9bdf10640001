package provider_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"regexp"
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
	"google.golang.org/protobuf/types/known/fieldmaskpb"

	"github.com/gitpod-community/terraform-provider-gitpod/internal/api"
	gitpodv1 "github.com/gitpod-community/terraform-provider-gitpod/internal/api/gen/gitpod/experimental/v1"
	"github.com/gitpod-community/terraform-provider-gitpod/internal/mockapi"
)

const patAddr = "gitpod_personal_access_token.ci"

var patValueRE = regexp.MustCompile(`^gitpod_pat_[0-9a-f]{48}$`)

// patConfig renders the resource with the given extra arguments.
func patConfig(args string) string {
	return fmt.Sprintf(`
resource "gitpod_personal_access_token" "ci" {
  name = "ci"
%s
}
`, args)
}

func rfc3339(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// patMatchesMock checks the token in state against the mock: same name and
// expiry, a hash that is the digest of the value in state, and a value that
// still authenticates.
func patMatchesMock(e *testEnv) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		id, err := attr(s, patAddr, "id")
		if err != nil {
			return err
		}
		p := e.mock.PAT(id)
		if p == nil {
			return fmt.Errorf("token %s is in state but not in the mock", id)
		}
		value, _ := attr(s, patAddr, "token")
		sum := sha256.Sum256([]byte(value))
		if hash, _ := attr(s, patAddr, "hash"); hash != p.GetHash() || hash != hex.EncodeToString(sum[:]) {
			return fmt.Errorf("hash in state %q, mock %q, digest of the state's value %x", hash, p.GetHash(), sum)
		}
		exp, _ := attr(s, patAddr, "expires_at")
		if t, err := time.Parse(time.RFC3339, exp); err != nil || !t.Equal(p.GetExpirationTime().AsTime()) {
			return fmt.Errorf("expires_at in state %q, mock %s", exp, rfc3339(p.GetExpirationTime().AsTime()))
		}
		c, err := api.New(api.Config{Host: e.url, Token: value})
		if err != nil {
			return err
		}
		if _, err := c.Tokens.ListPersonalAccessTokens(context.Background(), connect.NewRequest(&gitpodv1.ListPersonalAccessTokensRequest{})); err != nil {
			return fmt.Errorf("the token value in state does not authenticate: %w", err)
		}
		return nil
	}
}

func patsDestroyed(e *testEnv) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if left := e.mock.PATs(mockapi.DemoAliceID); len(left) != 0 {
			return fmt.Errorf("%d token(s) left in the mock, first %s (%s)", len(left), left[0].GetId(), left[0].GetName())
		}
		return nil
	}
}

func TestAccPersonalAccessToken_lifecycle(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	start := e.clock.Now()
	sameID := statecheck.CompareValue(compare.ValuesSame())
	tokenKept := statecheck.CompareValue(compare.ValuesSame())
	tokenRotated := statecheck.CompareValue(compare.ValuesDiffer())
	rotated := func(extra ...plancheck.PlanCheck) resource.ConfigPlanChecks {
		return resource.ConfigPlanChecks{PreApply: append([]plancheck.PlanCheck{
			plancheck.ExpectResourceAction(patAddr, plancheck.ResourceActionUpdate),
			plancheck.ExpectUnknownValue(patAddr, tfjsonpath.New("token")),
			plancheck.ExpectKnownValue(patAddr, tfjsonpath.New("id"), knownvalue.StringRegexp(uuidRE)),
		}, extra...)}
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		CheckDestroy:             patsDestroyed(e),
		Steps: []resource.TestStep{
			{
				Config: e.config(patConfig(`  description = "CI pipeline"
  scopes      = ["*"]`)),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(patAddr, plancheck.ResourceActionCreate),
					plancheck.ExpectSensitiveValue(patAddr, tfjsonpath.New("token")),
					plancheck.ExpectKnownValue(patAddr, tfjsonpath.New("expires_in_days"), knownvalue.Int64Exact(30)),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(patAddr, tfjsonpath.New("id"), knownvalue.StringRegexp(uuidRE)),
					statecheck.ExpectKnownValue(patAddr, tfjsonpath.New("token"), knownvalue.StringRegexp(patValueRE)),
					statecheck.ExpectSensitiveValue(patAddr, tfjsonpath.New("token")),
					statecheck.ExpectKnownValue(patAddr, tfjsonpath.New("scopes"), knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact("*")})),
					statecheck.ExpectKnownValue(patAddr, tfjsonpath.New("expires_at"), knownvalue.StringExact(rfc3339(start.Add(30*24*time.Hour)))),
					statecheck.ExpectKnownValue(patAddr, tfjsonpath.New("created_at"), knownvalue.StringExact(rfc3339(start))),
					sameID.AddStateValue(patAddr, tfjsonpath.New("id")),
					tokenKept.AddStateValue(patAddr, tfjsonpath.New("token")),
				},
				Check: patMatchesMock(e),
			},
			{
				ResourceName:            patAddr,
				ImportState:             true,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"token"},
			},
			{
				// name, description and scopes change in place: same id, same value.
				Config: e.config(`
resource "gitpod_personal_access_token" "ci" {
  name        = "ci-deploy"
  description = "Deploys"
  scopes      = ["function:listTeams", "function:getTeam"]
}
`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(patAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(patAddr, tfjsonpath.New("expires_at"), knownvalue.StringExact(rfc3339(start.Add(30*24*time.Hour)))),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(patAddr, tfjsonpath.New("id")),
					tokenKept.AddStateValue(patAddr, tfjsonpath.New("token")),
					tokenRotated.AddStateValue(patAddr, tfjsonpath.New("token")),
				},
				Check: resource.ComposeAggregateTestCheckFunc(patMatchesMock(e), func(s *terraform.State) error {
					id, _ := attr(s, patAddr, "id")
					p := e.mock.PAT(id)
					if p.GetName() != "ci-deploy" || p.GetDescription() != "Deploys" || len(p.GetScopes()) != 2 {
						return fmt.Errorf("mock token not updated: %v", p)
					}
					return nil
				}),
			},
			{
				// Rotation by trigger.
				Config: e.config(patConfig(`  scopes            = ["*"]
  rotation_triggers = { reason = "leaked in a log" }`)),
				ConfigPlanChecks: rotated(),
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(patAddr, tfjsonpath.New("id")),
					tokenRotated.AddStateValue(patAddr, tfjsonpath.New("token")),
				},
				Check: patMatchesMock(e),
			},
			{
				// Rotation by window: 24 days on, 6 days are left, inside the 7-day window.
				PreConfig: func() { e.clock.Advance(24 * 24 * time.Hour) },
				Config: e.config(patConfig(`  scopes             = ["*"]
  rotation_triggers  = { reason = "leaked in a log" }
  rotate_before_days = 7`)),
				ConfigPlanChecks: rotated(plancheck.ExpectUnknownValue(patAddr, tfjsonpath.New("expires_at"))),
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(patAddr, tfjsonpath.New("id")),
					tokenRotated.AddStateValue(patAddr, tfjsonpath.New("token")),
					statecheck.ExpectKnownValue(patAddr, tfjsonpath.New("expires_at"), knownvalue.StringExact(rfc3339(start.Add(54*24*time.Hour)))),
				},
				Check: patMatchesMock(e),
			},
			{
				// Outside the window the token is kept.
				PreConfig: func() { e.clock.Advance(10 * 24 * time.Hour) },
				Config: e.config(patConfig(`  scopes             = ["*"]
  rotation_triggers  = { reason = "leaked in a log" }
  rotate_before_days = 7`)),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
			{
				// Expired, with no rotation configured: never silently kept.
				PreConfig: func() { e.clock.Advance(30 * 24 * time.Hour) },
				Config: e.config(patConfig(`  scopes            = ["*"]
  rotation_triggers = { reason = "leaked in a log" }`)),
				ConfigPlanChecks: rotated(),
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(patAddr, tfjsonpath.New("id")),
					tokenRotated.AddStateValue(patAddr, tfjsonpath.New("token")),
					statecheck.ExpectKnownValue(patAddr, tfjsonpath.New("expires_at"), knownvalue.StringExact(rfc3339(start.Add(94*24*time.Hour)))),
				},
				Check: patMatchesMock(e),
			},
			{
				// A new validity rotates with the new expiry.
				Config: e.config(patConfig(`  scopes            = ["*"]
  rotation_triggers = { reason = "leaked in a log" }
  expires_in_days   = 60`)),
				ConfigPlanChecks: rotated(),
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(patAddr, tfjsonpath.New("id")),
					tokenRotated.AddStateValue(patAddr, tfjsonpath.New("token")),
					statecheck.ExpectKnownValue(patAddr, tfjsonpath.New("expires_at"), knownvalue.StringExact(rfc3339(start.Add(124*24*time.Hour)))),
				},
				Check: patMatchesMock(e),
			},
			{
				// So does an absolute expiry.
				Config: e.config(patConfig(fmt.Sprintf(`  scopes            = ["*"]
  rotation_triggers = { reason = "leaked in a log" }
  expires_at        = %q`, rfc3339(start.Add(100*24*time.Hour))))),
				ConfigPlanChecks: rotated(plancheck.ExpectKnownValue(patAddr, tfjsonpath.New("expires_at"), knownvalue.StringExact(rfc3339(start.Add(100*24*time.Hour))))),
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(patAddr, tfjsonpath.New("id")),
					tokenRotated.AddStateValue(patAddr, tfjsonpath.New("token")),
					statecheck.ExpectKnownValue(patAddr, tfjsonpath.New("expires_in_days"), knownvalue.Null()),
				},
				Check: patMatchesMock(e),
			},
			{
				// The same instant written differently: Terraform shows the
				// new spelling as an in-place update, but the token is not
				// rotated and no API call changes it.
				PreConfig: e.mock.ResetCalls,
				Config: e.config(patConfig(fmt.Sprintf(`  scopes            = ["*"]
  rotation_triggers = { reason = "leaked in a log" }
  expires_at        = %q`, start.Add(100*24*time.Hour).In(time.FixedZone("CET", 3600)).Format(time.RFC3339)))),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(patAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(patAddr, tfjsonpath.New("token"), knownvalue.StringRegexp(patValueRE)),
				}},
				Check: resource.ComposeAggregateTestCheckFunc(patMatchesMock(e), func(*terraform.State) error {
					for _, m := range []string{"RegeneratePersonalAccessToken", "UpdatePersonalAccessToken", "CreatePersonalAccessToken"} {
						if got := e.mock.Calls(m); got != 0 {
							return fmt.Errorf("%s called %d times for a spelling change", m, got)
						}
					}
					return nil
				}),
			},
		},
	})
}

func TestAccPersonalAccessToken_drift(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	var id string
	cfg := e.config(patConfig(`  scopes = ["*"]`))
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		CheckDestroy:             patsDestroyed(e),
		Steps: []resource.TestStep{
			{
				Config: cfg,
				Check: func(s *terraform.State) (err error) {
					id, err = attr(s, patAddr, "id")
					return err
				},
			},
			{
				// Renamed in the UI: the plan renames it back, in place.
				PreConfig: func() {
					c, err := api.New(api.Config{Host: e.url, Token: mockapi.DemoAliceToken})
					if err != nil {
						t.Fatal(err)
					}
					if _, err := c.Tokens.UpdatePersonalAccessToken(context.Background(), connect.NewRequest(&gitpodv1.UpdatePersonalAccessTokenRequest{
						Token: &gitpodv1.PersonalAccessToken{Id: id, Name: "renamed"}, UpdateMask: fieldMask("name"),
					})); err != nil {
						t.Fatal(err)
					}
				},
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(patAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(patAddr, tfjsonpath.New("name"), knownvalue.StringExact("ci")),
				}},
				Check: patMatchesMock(e),
			},
			{
				// Revoked in the UI: the plan creates a new token.
				PreConfig: func() {
					if !e.mock.RemovePAT(id) {
						t.Fatalf("token %s not in the mock", id)
					}
				},
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(patAddr, plancheck.ResourceActionCreate),
				}},
				Check: patMatchesMock(e),
			},
			{
				// Gone between refresh and delete: destroy still succeeds.
				PreConfig: func() {
					e.mock.Inject("DeletePersonalAccessToken", mockapi.Fault{Code: connect.CodeNotFound, Times: 1})
				},
				Config:  cfg,
				Destroy: true,
				Check: func(*terraform.State) error {
					if got := e.mock.Calls("DeletePersonalAccessToken"); got < 1 {
						return fmt.Errorf("DeletePersonalAccessToken was not called")
					}
					return nil
				},
			},
		},
	})
}

func TestAccPersonalAccessToken_validation(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	past := rfc3339(e.clock.Now().Add(-time.Hour))
	cases := []struct {
		args string
		want []string
	}{
		{`name_override = 1`, []string{"Unsupported argument"}},
		{`expires_in_days = 0`, []string{"expires_in_days value must be between 1 and 365"}},
		{`expires_in_days = 400`, []string{"expires_in_days value must be between 1 and 365"}},
		{`expires_in_days = 30
  expires_at = "2030-01-01T00:00:00Z"`, []string{"Invalid Attribute Combination", "expires_at"}},
		{`expires_at = "next tuesday"`, []string{"Invalid RFC3339 String Value"}},
		{fmt.Sprintf(`expires_at = %q`, past), []string{"expires_at is in the past"}},
		{`rotate_before_days = 0`, []string{"rotate_before_days value must be at least 1"}},
		{`rotate_before_days = 30`, []string{"rotate_before_days too large", "validity of 30 days"}},
		{`expires_in_days = 10
  rotate_before_days = 10`, []string{"rotate_before_days too large"}},
		{`rotate_before_days = 3
  expires_at = "2030-01-01T00:00:00Z"`, []string{"Invalid Attribute Combination"}},
		{`scopes = [""]`, []string{"string length must be at least 1"}},
	}
	steps := make([]resource.TestStep, 0, len(cases)+1)
	for _, tc := range cases {
		steps = append(steps, resource.TestStep{
			Config:      e.config(patConfig("  " + tc.args)),
			PlanOnly:    true,
			ExpectError: errorMatching(tc.want...),
		})
	}
	steps = append(steps, resource.TestStep{
		Config:      e.config(`resource "gitpod_personal_access_token" "ci" { name = " " }`),
		PlanOnly:    true,
		ExpectError: errorMatching("must contain a character other than white space"),
	}, resource.TestStep{
		Config:        e.config(patConfig("")),
		ResourceName:  patAddr,
		ImportState:   true,
		ImportStateId: "ci",
		ExpectError:   errorMatching("Invalid personal access token ID", "a UUID"),
	})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		CheckDestroy:             patsDestroyed(e),
		Steps:                    steps,
	})
}

func TestAccPersonalAccessToken_lostCreateAnswerIsAdopted(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		CheckDestroy:             patsDestroyed(e),
		Steps: []resource.TestStep{{
			PreConfig: func() {
				e.mock.Inject("CreatePersonalAccessToken", mockapi.Fault{DropAfterWork: true, Times: 1})
			},
			Config: e.config(patConfig(`  scopes = ["*"]`)),
			Check: resource.ComposeAggregateTestCheckFunc(patMatchesMock(e), func(s *terraform.State) error {
				pats := e.mock.PATs(mockapi.DemoAliceID)
				id, _ := attr(s, patAddr, "id")
				if len(pats) != 1 || pats[0].GetId() != id {
					return fmt.Errorf("mock holds %d tokens, want exactly the adopted %s", len(pats), id)
				}
				if got := e.mock.Calls("CreatePersonalAccessToken"); got != 1 {
					return fmt.Errorf("CreatePersonalAccessToken calls = %d, want 1 (no blind retry)", got)
				}
				if got := e.mock.Calls("RegeneratePersonalAccessToken"); got != 1 {
					return fmt.Errorf("RegeneratePersonalAccessToken calls = %d, want 1", got)
				}
				return nil
			}),
		}},
	})
}

func TestAccPersonalAccessToken_lostCreateAnswerAmbiguous(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	var other string
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		CheckDestroy: func(*terraform.State) error {
			// The test leaves both tokens for the user to sort out; clean up.
			for _, p := range e.mock.PATs(mockapi.DemoAliceID) {
				e.mock.RemovePAT(p.GetId())
			}
			return nil
		},
		Steps: []resource.TestStep{{
			PreConfig: func() {
				// A token with the same name that existed before is never adopted.
				p, _ := e.mock.CreatePATFor(mockapi.DemoAliceID, "ci", []string{"*"}, e.clock.Now().Add(time.Hour))
				other = p.GetId()
				// Someone else creates one more while our create runs.
				e.mock.Inject("CreatePersonalAccessToken", mockapi.Fault{DropAfterWork: true, Times: 1, Hook: func() {
					e.mock.CreatePATFor(mockapi.DemoAliceID, "ci", []string{"*"}, e.clock.Now().Add(time.Hour))
				}})
			},
			Config:      e.config(patConfig(`  scopes = ["*"]`)),
			ExpectError: errorMatching("answer was lost", `2 new tokens named "ci"`, "cannot tell which one"),
		}, {
			PreConfig: func() {
				for _, p := range e.mock.PATs(mockapi.DemoAliceID) {
					if p.GetId() != other {
						e.mock.RemovePAT(p.GetId())
					}
				}
				// Failed before any work, with an older same-named token
				// around: nothing is adopted, the error stands.
				e.mock.Inject("CreatePersonalAccessToken", mockapi.Fault{Code: connect.CodeUnavailable, Times: 1})
			},
			Config:      e.config(patConfig(`  scopes = ["*"]`)),
			ExpectError: errorMatching(`Unable to create personal access token "ci"`, "answered unavailable"),
		}},
	})
}

func TestAccPersonalAccessToken_rateLimitedCreate(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		CheckDestroy:             patsDestroyed(e),
		Steps: []resource.TestStep{{
			PreConfig: func() {
				e.mock.Inject("CreatePersonalAccessToken", mockapi.Fault{Code: connect.CodeResourceExhausted, RetryAfter: time.Second, Times: 1})
			},
			Config: e.config(patConfig(`  scopes = ["*"]`)),
			Check: resource.ComposeAggregateTestCheckFunc(patMatchesMock(e), func(*terraform.State) error {
				if got := e.mock.Calls("CreatePersonalAccessToken"); got != 2 {
					return fmt.Errorf("CreatePersonalAccessToken calls = %d, want 2 (one 429, one retry)", got)
				}
				if got := e.mock.EarlyRetries("CreatePersonalAccessToken"); got != 0 {
					return fmt.Errorf("%d retries came before Retry-After had passed", got)
				}
				if n := len(e.mock.PATs(mockapi.DemoAliceID)); n != 1 {
					return fmt.Errorf("mock holds %d tokens, want 1", n)
				}
				return nil
			}),
		}},
	})
}

func fieldMask(paths ...string) *fieldmaskpb.FieldMask { return &fieldmaskpb.FieldMask{Paths: paths} }
