package provider_test

import (
	"context"
	"encoding/json"
	"fmt"
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
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/gitpod-community/terraform-provider-gitpod/internal/mockapi"
)

// noSecretIn fails when any token value the mock ever issued appears in v
// once marshalled to JSON. It also requires that at least one was issued,
// so that it cannot pass vacuously.
func noSecretIn(e *testEnv, what string, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	secrets := e.mock.IssuedSecrets()
	if len(secrets) == 0 {
		return fmt.Errorf("no token was issued, so the %s check proves nothing", what)
	}
	for _, s := range secrets {
		if strings.Contains(string(b), s) {
			return fmt.Errorf("a token value appears in the %s", what)
		}
	}
	return nil
}

type planHasNoSecret struct{ e *testEnv }

func (c planHasNoSecret) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	resp.Error = noSecretIn(c.e, "plan JSON", req.Plan)
}

type stateHasNoSecret struct{ e *testEnv }

func (c stateHasNoSecret) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	resp.Error = noSecretIn(c.e, "state JSON", req.State)
}

func noLeftoverTokens(e *testEnv) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if left := e.mock.PATs(mockapi.DemoAliceID); len(left) != 0 {
			return fmt.Errorf("%d ephemeral token(s) were not deleted when closed, first %q", len(left), left[0].GetName())
		}
		return nil
	}
}

func TestAccPersonalAccessTokenEphemeral_echo(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_10_0)},
		ProtoV6ProviderFactories: e.factories(),
		CheckDestroy:             noLeftoverTokens(e),
		Steps: []resource.TestStep{{
			Config: e.config(`
ephemeral "gitpod_personal_access_token" "run" {
  name_prefix = "ci-run-"
  description = "one CI run"
  scopes      = ["*"]
  expires_in  = "30m"
}

provider "echo" {
  data = ephemeral.gitpod_personal_access_token.run
}

resource "echo" "test" {}
`),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("echo.test", tfjsonpath.New("data").AtMapKey("token"), knownvalue.StringRegexp(patValueRE)),
				statecheck.ExpectKnownValue("echo.test", tfjsonpath.New("data").AtMapKey("name"), knownvalue.StringRegexp(regexp.MustCompile(`^ci-run-[0-9a-f]{8}$`))),
				statecheck.ExpectKnownValue("echo.test", tfjsonpath.New("data").AtMapKey("id"), knownvalue.StringRegexp(uuidRE)),
				statecheck.ExpectKnownValue("echo.test", tfjsonpath.New("data").AtMapKey("expires_at"), knownvalue.StringExact(rfc3339(e.clock.Now().Add(30*time.Minute)))),
			},
			// Every token opened during plan and apply was closed again.
			Check: noLeftoverTokens(e),
		}},
	})
}

func TestAccPersonalAccessTokenEphemeral_feedsProviderWithoutStateOrPlan(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	cfg := e.config(fmt.Sprintf(`
ephemeral "gitpod_personal_access_token" "run" {
  name_prefix = "ci-run-"
  scopes      = ["*"]
}

# A second provider configuration authenticates with the ephemeral token.
provider "gitpod" {
  alias = "ci"
  host  = %q
  token = ephemeral.gitpod_personal_access_token.run.token
}

data "gitpod_personal_access_tokens" "seen_by_ci" {
  provider   = gitpod.ci
  name_regex = "^ci-run-"
}

resource "gitpod_team" "test" {
  provider = gitpod.ci
  name     = "Made with an ephemeral token"
}
`, e.url))
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_10_0)},
		ProtoV6ProviderFactories: e.factories(),
		CheckDestroy:             resource.ComposeAggregateTestCheckFunc(noLeftoverTokens(e), teamsDestroyed(e)),
		Steps: []resource.TestStep{{
			Config: cfg,
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply:             []plancheck.PlanCheck{planHasNoSecret{e}},
				PostApplyPostRefresh: []plancheck.PlanCheck{planHasNoSecret{e}},
			},
			ConfigStateChecks: []statecheck.StateCheck{
				stateHasNoSecret{e},
				// The token authenticated: it sees itself.
				statecheck.ExpectKnownValue("data.gitpod_personal_access_tokens.seen_by_ci", tfjsonpath.New("ids"), knownvalue.ListSizeExact(1)),
			},
			Check: resource.ComposeAggregateTestCheckFunc(noLeftoverTokens(e), teamMatchesMock(e)),
		}},
	})
}

func TestAccPersonalAccessTokenEphemeral_lostCreateAnswer(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_10_0)},
		ProtoV6ProviderFactories: e.factories(),
		CheckDestroy:             noLeftoverTokens(e),
		Steps: []resource.TestStep{{
			// The first open's answer is dropped after the token was made:
			// the provider finds it by its unique name, and closing deletes it.
			PreConfig: func() {
				e.mock.Inject("CreatePersonalAccessToken", mockapi.Fault{DropAfterWork: true, Times: 1})
			},
			Config: e.config(`
ephemeral "gitpod_personal_access_token" "run" {
  scopes = ["*"]
}

provider "echo" {
  data = ephemeral.gitpod_personal_access_token.run
}

resource "echo" "test" {}
`),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("echo.test", tfjsonpath.New("data").AtMapKey("token"), knownvalue.StringRegexp(patValueRE)),
				statecheck.ExpectKnownValue("echo.test", tfjsonpath.New("data").AtMapKey("name"), knownvalue.StringRegexp(regexp.MustCompile(`^terraform-ephemeral-[0-9a-f]{8}$`))),
			},
			Check: resource.ComposeAggregateTestCheckFunc(noLeftoverTokens(e), func(*terraform.State) error {
				if got := e.mock.Calls("RegeneratePersonalAccessToken"); got != 1 {
					return fmt.Errorf("RegeneratePersonalAccessToken calls = %d, want 1 (the recovered token)", got)
				}
				return nil
			}),
		}},
	})
}

func TestAccPersonalAccessTokenEphemeral_validation(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	step := func(args string, want ...string) resource.TestStep {
		return resource.TestStep{
			Config: e.config(fmt.Sprintf(`
ephemeral "gitpod_personal_access_token" "run" {
  %s
}
`, args)),
			ExpectError: errorMatching(want...),
		}
	}
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_10_0)},
		ProtoV6ProviderFactories: e.factories(),
		Steps: []resource.TestStep{
			step(`expires_in = "1s"`, "Duration out of range", "between 5m0s and 24h0m0s"),
			step(`expires_in = "48h"`, "Duration out of range"),
			step(`expires_in = "an hour"`, "Invalid Time Duration String Value"),
			step(`name_prefix = ""`, "name_prefix string length must be between 1 and 200"),
			step(`scopes = [""]`, "string length must be at least 1"),
		},
	})
}
