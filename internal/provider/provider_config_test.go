package provider_test

import (
	"fmt"
	"testing"
	"time"

	"connectrpc.com/connect"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/gitpod-community/terraform-provider-gitpod/internal/mockapi"
)

// TestAccProvider_missingToken clears GITPOD_TOKEN, so it cannot run in parallel.
func TestAccProvider_missingToken(t *testing.T) {
	e := newTestEnv(t)
	t.Setenv("GITPOD_TOKEN", "")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		Steps: []resource.TestStep{{
			Config:      fmt.Sprintf("provider \"gitpod\" {\n  host = %q\n}\n", e.url) + teamConfig("x", ""),
			ExpectError: errorMatching("Missing Gitpod token", "Set the GITPOD_TOKEN environment variable"),
		}},
	})
}

func TestAccProvider_arguments(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	withArg := func(arg string) string {
		return fmt.Sprintf("provider \"gitpod\" {\n  host = %q\n  token = \"demo-token-alice\"\n  %s\n}\n", e.url, arg)
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		Steps: []resource.TestStep{
			{Config: withArg(`request_timeout = "0s"`) + teamConfig("x", ""), PlanOnly: true, ExpectError: errorMatching("Duration out of range", "between 1s and 10m0s")},
			{Config: withArg(`request_timeout = "soon"`) + teamConfig("x", ""), PlanOnly: true, ExpectError: errorMatching("Invalid Time Duration String Value")},
			{Config: withArg(`retry_max_backoff = "1h"`) + teamConfig("x", ""), PlanOnly: true, ExpectError: errorMatching("Duration out of range")},
			{Config: withArg(`max_retries = 11`) + teamConfig("x", ""), PlanOnly: true, ExpectError: errorMatching("max_retries value must be between 0 and 10")},
			{
				// max_retries = 0: a single 503 is not retried.
				PreConfig: func() {
					e.mock.Inject("ListPersonalAccessTokens", mockapi.Fault{Code: connect.CodeUnavailable, Times: 1})
				},
				Config:      withArg("max_retries = 0") + `data "gitpod_personal_access_tokens" "x" {}`,
				ExpectError: errorMatching("answered unavailable"),
			},
			{
				// request_timeout bounds each attempt.
				PreConfig: func() {
					e.mock.Inject("ListPersonalAccessTokens", mockapi.Fault{Latency: 3 * time.Second, Times: 1})
				},
				Config:      withArg("request_timeout = \"1s\"\n  max_retries = 0") + `data "gitpod_personal_access_tokens" "x" {}`,
				ExpectError: errorMatching("answered deadline_exceeded"),
			},
			{
				// A provider argument that is only known after apply.
				Config: e.config(fmt.Sprintf(`
resource "terraform_data" "later" {
  input = "value"
}

provider "gitpod" {
  alias = "later"
  host  = %q
  token = terraform_data.later.output
}

data "gitpod_personal_access_tokens" "x" {
  provider = gitpod.later
}
`, e.url)),
				ExpectError: errorMatching("Unknown provider argument", `"token" depends on a value that is only known after apply`),
			},
		},
	})
}
