package provider_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/gitpod-community/terraform-provider-gitpod/internal/mockapi"
)

// TestAccToken_secretsNeverLogged creates a token, rotates it and opens an
// ephemeral token that a second provider uses, with TF_LOG=trace for the
// provider under test and for Terraform, then searches the whole log for
// every value the mock issued. It sets environment variables, so it is not
// parallel (its subtests run before the parallel tests start).
func TestAccToken_secretsNeverLogged(t *testing.T) {
	for _, api := range apis {
		t.Run(api, func(t *testing.T) {
			e := newTestEnv(t, api)
			logPath := filepath.Join(t.TempDir(), "trace.log")
			t.Setenv("TF_LOG", "TRACE")
			t.Setenv("TF_LOG_PATH", logPath)     // the provider under test
			t.Setenv("TF_ACC_LOG_PATH", logPath) // Terraform itself
			ephemeral := `
ephemeral "gitpod_personal_access_token" "run" {
  name_prefix = "ci-run-"
}
` + tokAliasCheck(e, "ci", "ephemeral.gitpod_personal_access_token.run.token")
			resource.Test(t, resource.TestCase{
				TerraformVersionChecks:   ephVersions,
				ProtoV6ProviderFactories: e.factories(),
				CheckDestroy:             tokDestroyed(e),
				Steps: []resource.TestStep{
					{Config: tokConfig(e, `name = "ci-bot"`)},
					{Config: tokConfig(e, `
  name              = "ci-bot"
  rotation_triggers = { n = "1" }
`)},
					{
						Config: tokConfig(e, `
  name              = "ci-bot"
  rotation_triggers = { n = "1" }
`) + ephemeral,
						ConfigStateChecks: []statecheck.StateCheck{
							statecheck.ExpectKnownValue("data.gitpod_current_user.ci", tfjsonpath.New("id"), knownvalue.StringExact(mockapi.DemoAliceID)),
						},
					},
				},
			})
			raw, err := os.ReadFile(logPath)
			if err != nil {
				t.Fatal(err)
			}
			logs := string(raw)
			// The log must hold what it is searched for, or the search
			// proves nothing.
			if !strings.Contains(logs, "Terraform version:") && !strings.Contains(logs, "OpenTofu version:") {
				t.Fatal("the trace log has none of the CLI's own lines, so it proves nothing")
			}
			for _, want := range []string{
				"Gitpod API call",           // the provider's, one line per call
				"CreatePersonalAccessToken", // creates and the ephemeral open
				"DeletePersonalAccessToken", // the close and the destroy
				pick(e, "RegeneratePersonalAccessToken", "ListPersonalAccessTokens"),
			} {
				if !strings.Contains(logs, want) {
					t.Fatalf("the trace log has no %q, so it proves nothing", want)
				}
			}
			secrets := e.mock.IssuedSecrets()
			if len(secrets) < 4 {
				t.Fatalf("only %d token values were issued; the test did not create, rotate and open", len(secrets))
			}
			for i, s := range secrets {
				if strings.Contains(logs, s) {
					t.Fatalf("issued token value #%d appears in the TF_LOG=trace output", i)
				}
			}
		})
	}
}
