package provider_test

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/gitpod-community/terraform-provider-gitpod/internal/mockapi"
	"github.com/gitpod-community/terraform-provider-gitpod/internal/tokenlife"
)

// saOutOfBand adds a service account of Alice's organization outside
// Terraform, valid for a year, and returns its ID.
func saOutOfBand(t *testing.T, e *testEnv, name string) string {
	t.Helper()
	a, err := e.mock.AddServiceAccount(mockapi.ServiceAccountFixture{OrganizationID: mockapi.DemoOrgID, Name: name, CreatorID: mockapi.DemoAliceID, ValidUntil: e.clock.Now().Add(365 * tokenlife.Day)})
	if err != nil {
		t.Fatal(err)
	}
	return a.ID
}

// satEphNoneLeft fails while the account holds a live long-lived token:
// every ephemeral token opened during plan and apply must have been closed.
func satEphNoneLeft(e *testEnv, accountID string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if left := saLiveTokens(e, accountID); len(left) != 0 {
			return fmt.Errorf("%d ephemeral service account token(s) were not deleted when closed, first %q", len(left), left[0].Description)
		}
		return nil
	}
}

// TestAccServiceAccountTokenEphemeral_echo hands the ephemeral token to the
// echo provider: the value is a token value the mock issued, with a
// default description made unique, expiring after expires_in; the plan
// holds no value, and the token is deleted when closed (after the plan and
// after the apply).
func TestAccServiceAccountTokenEphemeral_echo(t *testing.T) {
	saV1(t, func(t *testing.T, e *testEnv) {
		accountID := saOutOfBand(t, e, "ci")
		resource.ParallelTest(t, resource.TestCase{
			TerraformVersionChecks:   ephVersions,
			ProtoV6ProviderFactories: e.factories(),
			CheckDestroy:             satEphNoneLeft(e, accountID),
			Steps: []resource.TestStep{{
				Config: e.config(fmt.Sprintf(`
ephemeral "gitpod_service_account_token" "run" {
  service_account_id = %q
  expires_in         = "30m"
}

provider "echo" {
  data = ephemeral.gitpod_service_account_token.run
}

resource "echo" "test" {}
`, accountID)),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{tokPlanHasNoSecret{e}}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("echo.test", tfjsonpath.New("data").AtMapKey("token"), knownvalue.StringFunc(func(v string) error {
						if !tokIssued(e, v) {
							return fmt.Errorf("the echoed token was never issued by the mock")
						}
						return nil
					})),
					statecheck.ExpectKnownValue("echo.test", tfjsonpath.New("data").AtMapKey("description"), knownvalue.StringRegexp(regexp.MustCompile(`^terraform-ephemeral-[0-9a-f]{8}$`))),
					statecheck.ExpectKnownValue("echo.test", tfjsonpath.New("data").AtMapKey("id"), knownvalue.StringRegexp(uuidRE)),
					statecheck.ExpectKnownValue("echo.test", tfjsonpath.New("data").AtMapKey("service_account_id"), knownvalue.StringExact(accountID)),
					statecheck.ExpectKnownValue("echo.test", tfjsonpath.New("data").AtMapKey("expires_at"), tokTimeNear(func() time.Time { return e.clock.Now().Add(30 * time.Minute) })),
				},
				Check: resource.ComposeTestCheckFunc(satEphNoneLeft(e, accountID), func(*terraform.State) error {
					// Opened for the plan and for the apply, closed each time.
					if n := e.mock.Calls("DeleteServiceAccountToken"); n < 2 {
						return fmt.Errorf("DeleteServiceAccountToken was called %d time(s), want one per open", n)
					}
					return nil
				}),
			}},
		})
	})
}

// TestAccServiceAccountTokenEphemeral_feedsProvider configures a second
// provider with the ephemeral token: it authenticates as the service
// account, and no token value appears in the plan or the state.
func TestAccServiceAccountTokenEphemeral_feedsProvider(t *testing.T) {
	saV1(t, func(t *testing.T, e *testEnv) {
		accountID := saOutOfBand(t, e, "ci")
		cfg := e.config(fmt.Sprintf(`
ephemeral "gitpod_service_account_token" "run" {
  service_account_id = %q
  description        = "integration run"
}
`, accountID)) + tokAliasCheck(e, "ci", "ephemeral.gitpod_service_account_token.run.token")
		resource.ParallelTest(t, resource.TestCase{
			TerraformVersionChecks:   ephVersions,
			ProtoV6ProviderFactories: e.factories(),
			CheckDestroy:             satEphNoneLeft(e, accountID),
			Steps: []resource.TestStep{{
				Config:           cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{tokPlanHasNoSecret{e}}},
				ConfigStateChecks: []statecheck.StateCheck{
					tokStateHasNoSecret{e},
					statecheck.ExpectKnownValue("data.gitpod_current_user.ci", tfjsonpath.New("id"), knownvalue.StringExact(accountID)),
				},
				Check: satEphNoneLeft(e, accountID),
			}},
		})
	})
}

// TestAccServiceAccountTokenEphemeral_lostCreate drops the answer of the
// create in Open: the provider finds the token it made, deletes it and
// makes another. The run succeeds and nothing is left behind.
func TestAccServiceAccountTokenEphemeral_lostCreate(t *testing.T) {
	saV1(t, func(t *testing.T, e *testEnv) {
		accountID := saOutOfBand(t, e, "ci")
		resource.ParallelTest(t, resource.TestCase{
			TerraformVersionChecks:   ephVersions,
			ProtoV6ProviderFactories: e.factories(),
			CheckDestroy:             satEphNoneLeft(e, accountID),
			Steps: []resource.TestStep{{
				PreConfig: func() {
					e.mock.Inject("CreateServiceAccountToken", mockapi.Fault{DropAfterWork: true, Times: 1})
				},
				Config: e.config(fmt.Sprintf(`
ephemeral "gitpod_service_account_token" "run" {
  service_account_id = %q
}

provider "echo" {
  data = ephemeral.gitpod_service_account_token.run
}

resource "echo" "test" {}
`, accountID)),
				Check: resource.ComposeTestCheckFunc(satEphNoneLeft(e, accountID), func(*terraform.State) error {
					// Plan and apply each create once; the lost answer adds one.
					if n := e.mock.Calls("CreateServiceAccountToken"); n != 3 {
						return fmt.Errorf("CreateServiceAccountToken was called %d time(s), want 3: the fault did not fire as expected", n)
					}
					return nil
				}),
			}},
		})
	})
}

// TestAccServiceAccountToken_secretsNeverLogged creates an account and a
// token, rotates it, and opens an ephemeral token that a second provider
// uses, with TF_LOG=trace for the provider under test and for Terraform;
// then it searches the whole log for every value the mock issued: the
// tokens' values and the access tokens the provider acted as the account
// with. It sets environment variables, so it is not parallel.
func TestAccServiceAccountToken_secretsNeverLogged(t *testing.T) {
	e := newTestEnv(t, "v1")
	accountID := saOutOfBand(t, e, "runner")
	logPath := filepath.Join(t.TempDir(), "trace.log")
	t.Setenv("TF_LOG", "TRACE")
	t.Setenv("TF_LOG_PATH", logPath)
	t.Setenv("TF_ACC_LOG_PATH", logPath)
	rotated := saTokenConfig(e, saFar(e), `
  description       = "deploy"
  rotation_triggers = { n = "1" }
`)
	ephemeral := fmt.Sprintf(`
ephemeral "gitpod_service_account_token" "run" {
  service_account_id = %q
}
`, accountID) + tokAliasCheck(e, "ci", "ephemeral.gitpod_service_account_token.run.token")
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   ephVersions,
		ProtoV6ProviderFactories: e.factories(),
		CheckDestroy: func(*terraform.State) error {
			// The account made outside Terraform stays; nothing works but it.
			if left := saManaged(e); len(left) != 1 || left[0].ID != accountID {
				return fmt.Errorf("%d service accounts left, want only %s", len(left), accountID)
			}
			if left := saWorkingTokens(e); len(left) != 0 {
				return fmt.Errorf("%d service account tokens left", len(left))
			}
			return nil
		},
		Steps: []resource.TestStep{
			{Config: saTokenConfig(e, saFar(e), `description = "deploy"`)},
			{
				Config:            rotated,
				ConfigPlanChecks:  resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{saPlanHasNoAccessToken{e}}},
				ConfigStateChecks: []statecheck.StateCheck{saStateHasNoAccessToken{e}},
			},
			{
				Config: rotated + ephemeral,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.gitpod_current_user.ci", tfjsonpath.New("id"), knownvalue.StringExact(accountID)),
				},
			},
		},
	})
	raw, err := os.ReadFile(logPath)
	if err != nil {
		t.Fatal(err)
	}
	logs := string(raw)
	if !strings.Contains(logs, "Terraform version:") && !strings.Contains(logs, "OpenTofu version:") {
		t.Fatal("the trace log has none of the CLI's own lines, so it proves nothing")
	}
	for _, want := range []string{"Gitpod API call", "CreateServiceAccountAccessToken", "CreateServiceAccountToken", "ListServiceAccountTokens", "DeleteServiceAccountToken", "credential=impersonation"} {
		if !strings.Contains(logs, want) && !strings.Contains(logs, strings.ReplaceAll(want, "=", `":"`)) {
			t.Fatalf("the trace log has no %q, so it proves nothing", want)
		}
	}
	access := saAccessTokenValues(e)
	secrets := e.mock.IssuedSecrets()
	if len(access) == 0 || len(secrets)-len(access) < 4 {
		t.Fatalf("%d access tokens and %d other values were issued; the test did not create, rotate and open", len(access), len(secrets)-len(access))
	}
	for i, s := range secrets {
		if strings.Contains(logs, s) {
			t.Fatalf("issued value #%d appears in the TF_LOG=trace output", i)
		}
	}
}
