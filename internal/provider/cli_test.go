package provider_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/go-version"

	"github.com/gitpod-community/terraform-provider-gitpod/internal/mockapi"
)

// The tests in this file drive the terraform CLI directly, with the
// provider built as a binary and installed through dev_overrides: they read
// what a person sees (plan warnings, command output) and use commands that
// terraform-plugin-testing does not run (query -generate-config-out,
// apply -invoke).

var (
	buildOnce sync.Once
	buildDir  string
	buildErr  error
)

// builtProvider compiles the provider once per test binary, into a
// directory TestMain removes.
func builtProvider(t *testing.T) string {
	t.Helper()
	buildOnce.Do(buildProvider)
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return buildDir
}

func buildProvider() {
	buildDir, buildErr = os.MkdirTemp("", "gitpod-provider-build-")
	if buildErr != nil {
		return
	}
	out, err := exec.Command("go", "build", "-o", filepath.Join(buildDir, "terraform-provider-gitpod"), "../..").CombinedOutput()
	if err != nil {
		buildErr = fmt.Errorf("go build: %w\n%s", err, out)
	}
}

// terraformPath finds the CLI: TF_ACC_TERRAFORM_PATH, or terraform on PATH.
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

// cliVersion is the CLI's version (OpenTofu reports its own number).
func cliVersion(t *testing.T) (*version.Version, bool) {
	t.Helper()
	out, err := exec.Command(terraformPath(t), "version", "-json").Output() //nolint:gosec // the CLI under test
	if err != nil {
		t.Fatalf("terraform version: %v", err)
	}
	var v struct {
		Version string `json:"terraform_version"`
	}
	if err := json.Unmarshal(out, &v); err != nil {
		t.Fatalf("terraform version -json: %v", err)
	}
	parsed, err := version.NewVersion(v.Version)
	if err != nil {
		t.Fatalf("terraform version %q: %v", v.Version, err)
	}
	return parsed, strings.Contains(string(out), "tofu") || strings.Contains(strings.ToLower(terraformPath(t)), "tofu")
}

// requireCLI leaves a test out under CLIs that lack the commands it drives;
// `make test` runs every test under Terraform 1.15, which has them all.
func requireCLI(t *testing.T, least string) {
	t.Helper()
	v, tofu := cliVersion(t)
	if tofu || v.LessThan(version.Must(version.NewVersion(least))) {
		t.Skipf("needs Terraform %s or later (this CLI: %s); make test runs it under Terraform 1.15", least, v)
	}
}

// cliRun is a working directory that uses the built provider through
// dev_overrides and the test's mock through the environment.
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
	r := &cliRun{t: t, dir: dir, env: append(os.Environ(), "TF_CLI_CONFIG_FILE="+rc, "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1",
		"GITPOD_HOST="+e.url, "GITPOD_TOKEN="+mockapi.DemoAliceToken, "GITPOD_API="+e.api, "TF_LOG=", "TF_LOG_PATH=")}
	r.write("main.tf", "terraform {\n  required_providers {\n    gitpod = { source = \"gitpod-community/gitpod\" }\n  }\n}\n\nprovider \"gitpod\" {}\n"+config)
	return r
}

func (r *cliRun) write(name, content string) {
	r.t.Helper()
	if err := os.WriteFile(filepath.Join(r.dir, name), []byte(content), 0o600); err != nil {
		r.t.Fatal(err)
	}
}

// run runs terraform and returns its combined output and exit code.
func (r *cliRun) run(args ...string) (string, int) {
	r.t.Helper()
	cmd := exec.Command(terraformPath(r.t), append(args, "-no-color")...) //nolint:gosec // the CLI under test
	cmd.Dir, cmd.Env = r.dir, r.env
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	switch {
	case err == nil:
		return string(out), 0
	case errors.As(err, &exit):
		return string(out), exit.ExitCode()
	default:
		r.t.Fatalf("terraform %s: %v", strings.Join(args, " "), err)
		return "", -1
	}
}

// must runs terraform and fails the test unless it exits with want.
func (r *cliRun) must(want int, args ...string) string {
	r.t.Helper()
	out, code := r.run(args...)
	if code != want {
		r.t.Fatalf("terraform %s exited %d, want %d:\n%s", strings.Join(args, " "), code, want, out)
	}
	return out
}

// containsAll fails unless out contains every phrase; Terraform wraps lines,
// so white space in phrases matches any white space.
func containsAll(t *testing.T, out string, phrases ...string) {
	t.Helper()
	flat := strings.Join(strings.Fields(out), " ")
	for _, p := range phrases {
		if !strings.Contains(flat, strings.Join(strings.Fields(p), " ")) {
			t.Errorf("output lacks %q:\n%s", p, out)
		}
	}
}

func containsNone(t *testing.T, out string, phrases ...string) {
	t.Helper()
	flat := strings.Join(strings.Fields(out), " ")
	for _, p := range phrases {
		if strings.Contains(flat, strings.Join(strings.Fields(p), " ")) {
			t.Errorf("output contains %q:\n%s", p, out)
		}
	}
}

// TestCLI_planWarnings checks the warnings a person reads in a plan: why a
// token rotates, that a Classic rename replaces the team (and that a v1
// rename does not), who gitpod_team_members removes (names and emails), and
// that the provider's user gives up its owner rights.
func TestCLI_planWarnings(t *testing.T) {
	for _, api := range apis {
		t.Run(api, func(t *testing.T) {
			t.Parallel()
			e := newTestEnv(t, api)
			role := func(r string) string { return pick(e, fmt.Sprintf("role = %q", r), "") }
			members := func(list string) string {
				return fmt.Sprintf(`
resource "gitpod_team_members" "m" {
  team_id = gitpod_team.t.id
  members = [%s]
}
`, list)
			}
			bob := fmt.Sprintf("{ user_id = %q, %s }", mockapi.DemoBobID, role("owner"))
			carol := fmt.Sprintf("{ user_id = %q, %s }", mockapi.DemoCarolID, role("member"))
			alice := fmt.Sprintf("{ user_id = %q, %s }", mockapi.DemoAliceID, role("owner"))
			aliceMember := fmt.Sprintf("{ user_id = %q, %s }", mockapi.DemoAliceID, role("member"))
			token := func(trigger string) string {
				return fmt.Sprintf(`
resource "gitpod_personal_access_token" "ci" {
  name              = "ci-token"
  rotation_triggers = { n = %q }
}
`, trigger)
			}
			team := func(name string) string {
				return fmt.Sprintf("resource \"gitpod_team\" \"t\" {\n  name = %q\n}\n", name)
			}

			r := newCLIRun(t, e, team("Platform")+members(strings.Join([]string{alice, bob, carol}, ", "))+token("1"))
			r.must(0, "apply", "-auto-approve", "-input=false")

			header := "terraform {\n  required_providers {\n    gitpod = { source = \"gitpod-community/gitpod\" }\n  }\n}\n\nprovider \"gitpod\" {}\n"
			// The rotation's reason, and a removal named with the member's
			// name and email.
			r.write("main.tf", header+team("Platform")+members(strings.Join([]string{alice, bob}, ", "))+token("2"))
			out := r.must(2, "plan", "-input=false", "-detailed-exitcode")
			containsAll(t, out, "Personal access token will be rotated", "because rotation_triggers changed",
				"1 member(s) will be removed from team", "Carol Example <carol@example.com>")

			// A rename: a replacement with a warning on Classic, in place on v1.
			r.write("main.tf", header+team("Platform Two")+members(strings.Join([]string{alice, bob, carol}, ", "))+token("1"))
			out = r.must(2, "plan", "-input=false", "-detailed-exitcode")
			if e.classic() {
				containsAll(t, out, "Renaming this team replaces it", "deletes it and creates a new one", "must be replaced")
			} else {
				containsAll(t, out, "updated in-place")
				containsNone(t, out, "Renaming this team replaces it", "must be replaced")
			}

			// The provider's own user gives up its owner rights (Classic).
			if e.classic() {
				r.write("main.tf", header+team("Platform")+members(strings.Join([]string{aliceMember, bob, carol}, ", "))+token("1"))
				out = r.must(2, "plan", "-input=false", "-detailed-exitcode")
				containsAll(t, out, "The provider's user gives up its owner rights", mockapi.DemoAliceID)
			}
			r.must(0, "destroy", "-auto-approve", "-input=false")
		})
	}
}

// TestCLI_outputHidesSecrets greps everything a person sees (apply, plan,
// show, output, state) for the token values the mock issued.
func TestCLI_outputHidesSecrets(t *testing.T) {
	for _, api := range apis {
		t.Run(api, func(t *testing.T) {
			t.Parallel()
			e := newTestEnv(t, api)
			cfg := `
resource "gitpod_personal_access_token" "ci" {
  name              = "ci-token"
  rotation_triggers = { n = "1" }
}

output "token" {
  value     = gitpod_personal_access_token.ci.token
  sensitive = true
}
`
			r := newCLIRun(t, e, cfg)
			var seen strings.Builder
			seen.WriteString(r.must(0, "apply", "-auto-approve", "-input=false"))
			r.write("main.tf", "terraform {\n  required_providers {\n    gitpod = { source = \"gitpod-community/gitpod\" }\n  }\n}\n\nprovider \"gitpod\" {}\n"+strings.Replace(cfg, `n = "1"`, `n = "2"`, 1))
			seen.WriteString(r.must(0, "apply", "-auto-approve", "-input=false"))
			seen.WriteString(r.must(0, "plan", "-input=false"))
			seen.WriteString(r.must(0, "show"))
			seen.WriteString(r.must(0, "output"))
			seen.WriteString(r.must(0, "state", "show", "gitpod_personal_access_token.ci"))
			secrets := e.mock.IssuedSecrets()
			if len(secrets) < 2 {
				t.Fatalf("only %d values issued: the test did not create and rotate", len(secrets))
			}
			if !strings.Contains(seen.String(), "(sensitive value)") {
				t.Fatal("the output never shows a sensitive placeholder, so it proves nothing")
			}
			for _, s := range secrets {
				if strings.Contains(seen.String(), s) {
					t.Fatal("a token value appears in the CLI's output")
				}
			}
			r.must(0, "destroy", "-auto-approve", "-input=false")
		})
	}
}

// TestCLI_queryGenerateConfig adopts teams, memberships and tokens made
// outside Terraform: terraform query writes resource and import blocks,
// apply imports them, and the next plan is empty.
func TestCLI_queryGenerateConfig(t *testing.T) {
	requireCLI(t, "1.14.0")
	for _, api := range apis {
		t.Run(api, func(t *testing.T) {
			t.Parallel()
			e := newTestEnv(t, api)
			// Objects made outside this configuration, through the API as
			// Alice would, in another working directory.
			made := newCLIRun(t, e, fmt.Sprintf(`
resource "gitpod_team" "a" {
  name = "Adopt Me"
}

resource "gitpod_team_member" "bob" {
  team_id = gitpod_team.a.id
  user_id = %q
  %s
}

output "team_id" {
  value = gitpod_team.a.id
}
`, mockapi.DemoBobID, pick(e, `role = "owner"`, "")))
			made.must(0, "apply", "-auto-approve", "-input=false")
			teamID := strings.TrimSpace(made.must(0, "output", "-raw", "team_id"))
			e.mock.CreateToken(e.generation(), mockapi.DemoAliceID, "adopt-token", e.clock.Now().Add(30*24*time.Hour))

			r := newCLIRun(t, e, "")
			r.write("adopt.tfquery.hcl", fmt.Sprintf(`
list "gitpod_team" "found" {
  provider         = gitpod
  include_resource = true
  config {
    search = "adopt"
  }
}

list "gitpod_team_member" "found" {
  provider         = gitpod
  include_resource = true
  config {
    team_id = %q
  }
}

list "gitpod_personal_access_token" "found" {
  provider         = gitpod
  include_resource = true
  config {
    name_regex = "^adopt-"
  }
}
`, teamID))
			out := r.must(0, "query", "-generate-config-out=generated.tf")
			containsAll(t, out, "Adopt Me", "adopt-token", "Bob Example")
			gen, err := os.ReadFile(filepath.Join(r.dir, "generated.tf"))
			if err != nil {
				t.Fatal(err)
			}
			containsAll(t, string(gen), `resource "gitpod_team"`, `resource "gitpod_team_member"`, `resource "gitpod_personal_access_token"`, `import {`, `name = "Adopt Me"`)
			r.must(0, "apply", "-auto-approve", "-input=false")
			r.must(0, "plan", "-input=false", "-detailed-exitcode")
			ids := stateIDs(t, r)
			if len(ids["gitpod_team"]) != 1 || len(ids["gitpod_team_member"]) != 1 || len(ids["gitpod_personal_access_token"]) != 1 {
				t.Fatalf("adopted %v, want one of each", ids)
			}
		})
	}
}

// TestCLI_invokeAction stops every running workspace found by
// gitpod_workspaces with one `apply -invoke` of a for_each action, as the
// action's documentation shows.
func TestCLI_invokeAction(t *testing.T) {
	requireCLI(t, "1.14.0")
	for _, api := range apis {
		t.Run(api, func(t *testing.T) {
			t.Parallel()
			e := newTestEnv(t, api)
			running := pick(e, []string{"amber-heron-k2f9x1qz7mw", "olive-finch-3jd7r5yu1oc"}, []string{"01970a4e-8b2c-7d3e-9f40-a1b2c3d4e5f6", "01970a50-2d4e-7f50-9b62-c3d4e5f60718"})
			phase := func(id string) string {
				if e.classic() {
					return e.mock.Workspace(id).Phase
				}
				return e.mock.Environment(id).Phase
			}
			r := newCLIRun(t, e, `
data "gitpod_workspaces" "running" {
  phase = "running"
}

action "gitpod_workspace_stop" "running" {
  for_each = toset(data.gitpod_workspaces.running.ids)
  config {
    workspace_id = each.key
  }
}
`)
			// Classic lists only the caller's own workspaces: Alice's.
			want := running
			if e.classic() {
				want = running[:1]
			}
			out := r.must(0, "apply", "-auto-approve", "-input=false", "-invoke=action.gitpod_workspace_stop.running")
			containsAll(t, out, fmt.Sprintf("Actions: %d invoked", len(want)))
			for _, id := range want {
				containsAll(t, out, "asked workspace "+id+" to stop", "workspace "+id+": stopped")
				if p := phase(id); p != "stopped" {
					t.Errorf("workspace %s is %q after the action, want stopped", id, p)
				}
			}
		})
	}
}
