package provider_test

import (
	"fmt"
	"regexp"
	"testing"
	"time"

	"connectrpc.com/connect"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/gitpod-community/terraform-provider-gitpod/internal/mockapi"
)

// Ephemeral resources need Terraform 1.10 or later.
var ephVersions = []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_10_0)}

// ephNoneLeft fails while any token of Alice exists in the mock: every
// ephemeral token opened during plan and apply must have been closed.
func ephNoneLeft(e *testEnv) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if left := e.liveTokens(); len(left) != 0 {
			return fmt.Errorf("%d ephemeral token(s) were not deleted when closed, first %q", len(left), left[0].Name)
		}
		return nil
	}
}

// ephIssued checks that at least n token values were issued: the
// ephemeral resource was really opened.
func ephIssued(e *testEnv, n int) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if got := len(e.mock.IssuedSecrets()); got < n {
			return fmt.Errorf("only %d token value(s) were issued, want at least %d", got, n)
		}
		return nil
	}
}

// TestAccPersonalAccessTokenEphemeral_echo hands the ephemeral token to the
// echo provider: the value is a real token value of the mock, named with
// the prefix and a random suffix, expiring after expires_in; the plan
// never holds it, and no token is left after the run.
func TestAccPersonalAccessTokenEphemeral_echo(t *testing.T) {
	forEachAPI(t, func(t *testing.T, e *testEnv) {
		resource.ParallelTest(t, resource.TestCase{
			TerraformVersionChecks:   ephVersions,
			ProtoV6ProviderFactories: e.factories(),
			CheckDestroy:             ephNoneLeft(e),
			Steps: []resource.TestStep{{
				Config: e.config(`
ephemeral "gitpod_personal_access_token" "run" {
  name_prefix = "ci-run-"
  expires_in  = "30m"
}

provider "echo" {
  data = ephemeral.gitpod_personal_access_token.run
}

resource "echo" "test" {}
`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{tokPlanHasNoSecret{e}}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("echo.test", tfjsonpath.New("data").AtMapKey("token"), knownvalue.StringFunc(func(v string) error {
						if !tokIssued(e, v) {
							return fmt.Errorf("the echoed token was never issued by the mock")
						}
						return nil
					})),
					statecheck.ExpectKnownValue("echo.test", tfjsonpath.New("data").AtMapKey("name"), knownvalue.StringRegexp(regexp.MustCompile(`^ci-run-[0-9a-f]{8}$`))),
					statecheck.ExpectKnownValue("echo.test", tfjsonpath.New("data").AtMapKey("id"), knownvalue.StringRegexp(uuidRE)),
					statecheck.ExpectKnownValue("echo.test", tfjsonpath.New("data").AtMapKey("read_only"), pick[knownvalue.Check](e, knownvalue.Null(), knownvalue.Bool(false))),
					statecheck.ExpectKnownValue("echo.test", tfjsonpath.New("data").AtMapKey("expires_at"), tokTimeNear(func() time.Time { return e.clock.Now().Add(30 * time.Minute) })),
				},
				// Opened for the plan and for the apply, closed each time.
				Check: resource.ComposeTestCheckFunc(ephIssued(e, 2), ephNoneLeft(e)),
			}},
		})
	})
}

// TestAccPersonalAccessTokenEphemeral_feedsProvider configures a second
// provider with the ephemeral token: it authenticates as Alice, and no
// token value appears in the plan or the state.
func TestAccPersonalAccessTokenEphemeral_feedsProvider(t *testing.T) {
	forEachAPI(t, func(t *testing.T, e *testEnv) {
		cfg := e.config(`
ephemeral "gitpod_personal_access_token" "run" {
  name_prefix = "ci-run-"
}
`) + tokAliasCheck(e, "ci", "ephemeral.gitpod_personal_access_token.run.token")
		resource.ParallelTest(t, resource.TestCase{
			TerraformVersionChecks:   ephVersions,
			ProtoV6ProviderFactories: e.factories(),
			CheckDestroy:             ephNoneLeft(e),
			Steps: []resource.TestStep{{
				Config:           cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{tokPlanHasNoSecret{e}}},
				ConfigStateChecks: []statecheck.StateCheck{
					tokStateHasNoSecret{e},
					statecheck.ExpectKnownValue("data.gitpod_current_user.ci", tfjsonpath.New("id"), knownvalue.StringExact(mockapi.DemoAliceID)),
				},
				Check: resource.ComposeTestCheckFunc(ephIssued(e, 1), ephNoneLeft(e)),
			}},
		})
	})
}

// TestAccPersonalAccessTokenEphemeral_lostCreate drops the answer of the
// create in Open: the provider finds the token it made and either uses it
// (Classic, after regenerating it) or deletes it and makes another
// (gitpod.v1). The run succeeds and nothing is left behind.
func TestAccPersonalAccessTokenEphemeral_lostCreate(t *testing.T) {
	forEachAPI(t, func(t *testing.T, e *testEnv) {
		resource.ParallelTest(t, resource.TestCase{
			TerraformVersionChecks:   ephVersions,
			ProtoV6ProviderFactories: e.factories(),
			CheckDestroy:             ephNoneLeft(e),
			Steps: []resource.TestStep{{
				PreConfig: func() {
					e.mock.Inject("CreatePersonalAccessToken", mockapi.Fault{DropAfterWork: true, Times: 1})
				},
				Config: e.config(`
ephemeral "gitpod_personal_access_token" "run" {}

provider "echo" {
  data = ephemeral.gitpod_personal_access_token.run
}

resource "echo" "test" {}
`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("echo.test", tfjsonpath.New("data").AtMapKey("name"), knownvalue.StringRegexp(regexp.MustCompile(`^terraform-ephemeral-[0-9a-f]{8}$`))),
				},
				Check: resource.ComposeTestCheckFunc(ephNoneLeft(e), func(*terraform.State) error {
					// Plan and apply each create once; the lost answer adds
					// a second create on gitpod.v1.
					if n, want := e.mock.Calls("CreatePersonalAccessToken"), pick(e, 2, 3); n != want {
						return fmt.Errorf("CreatePersonalAccessToken was called %d time(s), want %d: the fault did not fire as expected", n, want)
					}
					return nil
				}),
			}},
		})
	})
}

// TestAccPersonalAccessTokenEphemeral_lostCreateFails loses a create answer
// and then cannot recover a value (Classic: regenerating the found token
// fails; gitpod.v1: the second create's answer is lost too): Open fails,
// and the tokens it made are deleted.
func TestAccPersonalAccessTokenEphemeral_lostCreateFails(t *testing.T) {
	forEachAPI(t, func(t *testing.T, e *testEnv) {
		resource.ParallelTest(t, resource.TestCase{
			TerraformVersionChecks:   ephVersions,
			ProtoV6ProviderFactories: e.factories(),
			Steps: []resource.TestStep{
				{
					PreConfig: func() {
						if e.classic() {
							// The token is found, but learning its value fails.
							e.mock.Inject("RegeneratePersonalAccessToken", mockapi.Fault{Code: connect.CodeInternal})
						}
						// gitpod.v1 deletes the token and tries once more.
						e.mock.Inject("CreatePersonalAccessToken", mockapi.Fault{DropAfterWork: true, Times: pick(e, 1, 2)})
					},
					Config: e.config(`
ephemeral "gitpod_personal_access_token" "run" {}

provider "echo" {
  data = ephemeral.gitpod_personal_access_token.run
}

resource "echo" "test" {}
`),
					ExpectError: errorMatching(pick(e, "Unable to learn the value of personal access token", "Unable to create personal access token")),
				},
				{
					PreConfig: e.mock.ClearFaults,
					Config:    e.config(""),
					Check: resource.ComposeTestCheckFunc(ephNoneLeft(e), func(*terraform.State) error {
						if n, want := e.mock.Calls("CreatePersonalAccessToken"), pick(e, 1, 2); n != want {
							return fmt.Errorf("CreatePersonalAccessToken was called %d time(s), want %d", n, want)
						}
						return nil
					}),
				},
			},
		})
	})
}

// TestAccPersonalAccessTokenEphemeral_rules: read_only is an error on
// Classic (and works on gitpod.v1); a prefix that makes a name Classic
// refuses is an error there.
func TestAccPersonalAccessTokenEphemeral_rules(t *testing.T) {
	forEachAPI(t, func(t *testing.T, e *testEnv) {
		readOnly := resource.TestStep{
			Config: e.config(`
ephemeral "gitpod_personal_access_token" "run" {
  read_only = true
}

provider "echo" {
  data = ephemeral.gitpod_personal_access_token.run
}

resource "echo" "test" {}
`),
		}
		if e.classic() {
			readOnly.ExpectError = errorMatching("Not available on this API", "always have all the rights of their user")
		} else {
			readOnly.ConfigStateChecks = []statecheck.StateCheck{
				statecheck.ExpectKnownValue("echo.test", tfjsonpath.New("data").AtMapKey("read_only"), knownvalue.Bool(true)),
			}
			readOnly.Check = ephNoneLeft(e)
		}
		badPrefix := resource.TestStep{
			Config: e.config(`
ephemeral "gitpod_personal_access_token" "run" {
  name_prefix = "ci/run:"
}

provider "echo" {
  data = ephemeral.gitpod_personal_access_token.run
}

resource "echo" "test2" {}
`),
		}
		if e.classic() {
			badPrefix.ExpectError = errorMatching("Invalid token name", "3 to 63 letters, digits")
		} else {
			badPrefix.Check = ephNoneLeft(e)
		}
		resource.ParallelTest(t, resource.TestCase{
			TerraformVersionChecks:   ephVersions,
			ProtoV6ProviderFactories: e.factories(),
			CheckDestroy:             ephNoneLeft(e),
			Steps:                    []resource.TestStep{readOnly, badPrefix},
		})
	})
}
