package provider_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"connectrpc.com/connect"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/gitpod-community/terraform-provider-gitpod/internal/mockapi"
)

// TestAccPersonalAccessToken_secretsNeverLogged runs a create, a rotation
// and an ephemeral open with TF_LOG=trace and greps the whole log (Terraform
// core and the provider) for every token value the mock issued. It sets
// environment variables, so it cannot run in parallel.
func TestAccPersonalAccessToken_secretsNeverLogged(t *testing.T) {
	e := newTestEnv(t)
	logPath := filepath.Join(t.TempDir(), "trace.log")
	t.Setenv("TF_LOG", "TRACE")
	t.Setenv("TF_ACC_LOG_PATH", logPath)
	ephemeralCfg := fmt.Sprintf(`
ephemeral "gitpod_personal_access_token" "run" {
  scopes = ["*"]
}

provider "gitpod" {
  alias = "ci"
  host  = %q
  token = ephemeral.gitpod_personal_access_token.run.token
}

data "gitpod_personal_access_tokens" "seen_by_ci" {
  provider = gitpod.ci
}
`, e.url)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		CheckDestroy:             patsDestroyed(e),
		Steps: []resource.TestStep{
			{Config: e.config(patConfig(`  scopes = ["*"]`))},
			{Config: e.config(patConfig(`  scopes = ["*"]
  rotation_triggers = { n = "2" }`))},
			{Config: e.config(patConfig(`  scopes = ["*"]
  rotation_triggers = { n = "2" }`) + ephemeralCfg)},
		},
	})
	logs, err := os.ReadFile(logPath)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"CreatePersonalAccessToken", "RegeneratePersonalAccessToken", "ListPersonalAccessTokens"} {
		if !strings.Contains(string(logs), want) {
			t.Fatalf("the trace log has no %s call line, so it proves nothing", want)
		}
	}
	secrets := e.mock.IssuedSecrets()
	if len(secrets) < 4 {
		t.Fatalf("only %d token values were issued; the test did not create, rotate and open", len(secrets))
	}
	for _, s := range secrets {
		if strings.Contains(string(logs), s) {
			t.Fatal("a token value appears in the TF_LOG=trace output")
		}
	}
}

// terraformPath finds terraform: TF_ACC_TERRAFORM_PATH, or PATH.
func terraformPath(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("TF_ACC_TERRAFORM_PATH"); p != "" {
		return p
	}
	p, err := exec.LookPath("terraform")
	if err != nil {
		t.Fatal("this test drives the terraform CLI: put terraform on PATH or set TF_ACC_TERRAFORM_PATH")
	}
	return p
}

// builtProvider compiles the provider, for tests that drive the terraform
// CLI directly to read its human-readable output.
func builtProvider(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	out, err := exec.Command("go", "build", "-o", filepath.Join(dir, "terraform-provider-gitpod"), "../..").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return dir
}

// cliRun is a terraform working directory that uses the built provider
// through dev_overrides and the test's mock through the environment.
type cliRun struct {
	t   *testing.T
	dir string
	env []string
}

func newCLIRun(t *testing.T, e *testEnv, config string) *cliRun {
	t.Helper()
	dir := t.TempDir()
	rc := filepath.Join(dir, "terraformrc")
	if err := os.WriteFile(rc, fmt.Appendf(nil, "provider_installation {\n  dev_overrides {\n    %q = %q\n  }\n  direct {}\n}\n", "gitpod-community/gitpod", builtProvider(t)), 0o600); err != nil {
		t.Fatal(err)
	}
	main := "terraform {\n  required_providers {\n    gitpod = { source = \"gitpod-community/gitpod\" }\n  }\n}\n" + config
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(main), 0o600); err != nil {
		t.Fatal(err)
	}
	env := append(os.Environ(), "TF_CLI_CONFIG_FILE="+rc, "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1",
		"GITPOD_HOST="+e.url, "GITPOD_TOKEN="+mockapi.DemoAliceToken, "TF_LOG=")
	return &cliRun{t: t, dir: dir, env: env}
}

// run runs terraform and returns everything it printed.
func (c *cliRun) run(wantOK bool, args ...string) string {
	c.t.Helper()
	cmd := exec.Command(terraformPath(c.t), append(args, "-no-color")...)
	cmd.Dir, cmd.Env = c.dir, c.env
	out, err := cmd.CombinedOutput()
	if (err == nil) != wantOK {
		c.t.Fatalf("terraform %s: err=%v, want ok=%v\n%s", strings.Join(args, " "), err, wantOK, out)
	}
	return string(out)
}

func (c *cliRun) write(config string) {
	c.t.Helper()
	main := "terraform {\n  required_providers {\n    gitpod = { source = \"gitpod-community/gitpod\" }\n  }\n}\n" + config
	if err := os.WriteFile(filepath.Join(c.dir, "main.tf"), []byte(main), 0o600); err != nil {
		c.t.Fatal(err)
	}
}

// TestAccPersonalAccessToken_cliOutputHidesSecrets drives the real terraform
// CLI and checks its human-readable plan, apply, show, output and error text
// for token values. It also checks the expiring-soon warning a person sees.
func TestAccPersonalAccessToken_cliOutputHidesSecrets(t *testing.T) {
	t.Parallel()
	// Unlike the resource.Test based tests, this one does not wait for
	// TF_ACC: it runs whenever the tests run, and needs terraform.
	terraformPath(t)
	e := newTestEnv(t)
	e.mock.SetClock(time.Now)
	soon := time.Now().Add(3 * 24 * time.Hour).UTC().Format(time.RFC3339)
	cfg := fmt.Sprintf(`
resource "gitpod_personal_access_token" "ci" {
  name       = "ci"
  scopes     = ["*"]
  expires_at = %q
}

output "ci_token" {
  value     = gitpod_personal_access_token.ci.token
  sensitive = true
}
`, soon)
	c := newCLIRun(t, e, cfg)
	var printed strings.Builder
	plan := c.run(true, "plan", "-input=false")
	if !strings.Contains(plan, "Personal access token expires soon") || !strings.Contains(plan, `Token "ci" (new)`) {
		t.Fatalf("the plan shows no expiry warning naming the token:\n%s", plan)
	}
	printed.WriteString(plan)
	printed.WriteString(c.run(true, "apply", "-auto-approve", "-input=false"))
	printed.WriteString(c.run(true, "show"))
	printed.WriteString(c.run(true, "output"))
	printed.WriteString(c.run(true, "plan", "-input=false"))

	// Expired outside Terraform: the plan says so and rotates, never keeps it.
	pats := e.mock.PATs(mockapi.DemoAliceID)
	if len(pats) != 1 {
		t.Fatalf("mock holds %d tokens, want 1", len(pats))
	}
	if err := e.mock.SetPATExpiry(pats[0].GetId(), time.Now().Add(-time.Hour)); err != nil {
		t.Fatal(err)
	}
	expired := c.run(true, "plan", "-input=false")
	if !strings.Contains(expired, "Personal access token has expired") || !strings.Contains(expired, "updated in-place") {
		t.Fatalf("the plan for an expired token shows no warning or no rotation:\n%s", expired)
	}
	printed.WriteString(expired)

	// A failing rotation: the error must not carry a value either.
	e.mock.Inject("RegeneratePersonalAccessToken", mockapi.Fault{Code: connect.CodeInternal, Times: 1})
	c.write(strings.Replace(cfg, `expires_at = `, "rotation_triggers = { n = \"2\" }\n  expires_at = ", 1))
	failed := c.run(false, "apply", "-auto-approve", "-input=false")
	if !strings.Contains(failed, "Unable to rotate personal access token") {
		t.Fatalf("the failed rotation shows no readable error:\n%s", failed)
	}
	printed.WriteString(failed)
	printed.WriteString(c.run(true, "destroy", "-auto-approve", "-input=false"))

	secrets := e.mock.IssuedSecrets()
	if len(secrets) == 0 {
		t.Fatal("no token was issued")
	}
	for _, s := range secrets {
		if strings.Contains(printed.String(), s) {
			t.Fatalf("a token value appears in terraform's output:\n%s", printed.String())
		}
	}
	if left := e.mock.PATs(mockapi.DemoAliceID); len(left) != 0 {
		t.Fatalf("%d token(s) left after destroy", len(left))
	}
}
