// Command bench measures how terraform plan scales with the number of
// gitpod_team_member resources against the mock API with added latency, and
// compares it with a plan over the same number of terraform_data resources.
// Run it with `make bench`. It prints a table; it asserts nothing.
package main

import (
	"errors"
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/gitpod-community/terraform-provider-gitpod/internal/mockapi"
)

func main() {
	sizes := flag.String("n", "100,500,1000", "comma-separated membership counts")
	teams := flag.Int("teams", 10, "teams the memberships are spread over")
	latency := flag.Duration("latency", 20*time.Millisecond, "latency the mock adds to every call")
	flag.Parse()
	if err := run(*sizes, *teams, *latency); err != nil {
		log.Fatal(err)
	}
}

func run(sizes string, teams int, latency time.Duration) error {
	tf, err := exec.LookPath("terraform")
	if err != nil {
		return errors.New("terraform is not on PATH")
	}
	work, err := os.MkdirTemp("", "gitpod-bench-")
	if err != nil {
		return err
	}
	defer func() { _ = os.RemoveAll(work) }()
	bin := filepath.Join(work, "bin")
	build := exec.Command("go", "build", "-o", filepath.Join(bin, "terraform-provider-gitpod"), ".") //nolint:gosec // builds this repository's provider into a temp dir
	if out, err := build.CombinedOutput(); err != nil {
		return fmt.Errorf("go build: %w\n%s", err, out)
	}
	rc := filepath.Join(work, "terraformrc")
	if err := os.WriteFile(rc, fmt.Appendf(nil, "provider_installation {\n  dev_overrides {\n    \"gitpod-community/gitpod\" = %q\n  }\n  direct {}\n}\n", bin), 0o600); err != nil {
		return err
	}

	fmt.Printf("terraform plan (with refresh), mock latency %s, memberships spread over %d teams\n\n", latency, teams)
	fmt.Printf("| N | plan, gitpod_team_member | API calls in that plan | GetTeam calls | plan, terraform_data | ratio |\n")
	fmt.Printf("|---|---|---|---|---|---|\n")
	for _, s := range strings.Split(sizes, ",") {
		var n int
		if _, err := fmt.Sscan(s, &n); err != nil || n < teams {
			return fmt.Errorf("bad size %q", s)
		}
		r, err := runSize(tf, rc, work, n, teams, latency)
		if err != nil {
			return err
		}
		fmt.Printf("| %d | %s | %d | %d | %s | %.2f |\n", n, r.plan.Round(10*time.Millisecond), r.calls, r.getTeam, r.baseline.Round(10*time.Millisecond), r.plan.Seconds()/r.baseline.Seconds())
	}
	return nil
}

type result struct {
	plan, baseline time.Duration
	calls, getTeam int
}

func runSize(tf, rc, work string, n, teams int, latency time.Duration) (result, error) {
	var r result
	f := mockapi.Fixtures{Users: []mockapi.User{{ID: mockapi.DemoAliceID, Name: "Alice", Email: "alice@example.com", Token: mockapi.DemoAliceToken}}}
	teamIDs := make([]string, teams)
	for i := range teamIDs {
		teamIDs[i] = uuid.NewString()
		f.Teams = append(f.Teams, mockapi.Team{ID: teamIDs[i], Name: fmt.Sprintf("Team %d", i), Members: []mockapi.Member{{UserID: mockapi.DemoAliceID, Role: "TEAM_ROLE_OWNER"}}})
	}
	var pairs strings.Builder
	for i := range n {
		u := mockapi.User{ID: uuid.NewString(), Name: fmt.Sprintf("User %d", i), Email: fmt.Sprintf("u%d@example.com", i), Token: uuid.NewString()}
		f.Users = append(f.Users, u)
		t := i % teams
		f.Teams[t].Members = append(f.Teams[t].Members, mockapi.Member{UserID: u.ID, Role: "TEAM_ROLE_MEMBER"})
		fmt.Fprintf(&pairs, "    { team = %q, user = %q },\n", teamIDs[t], u.ID)
	}
	srv, err := mockapi.New(f)
	if err != nil {
		return r, err
	}
	srv.SetLatency(latency)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return r, err
	}
	hs := &http.Server{Handler: srv.Handler(), ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = hs.Serve(ln) }()
	defer func() { _ = hs.Close() }()

	env := append(os.Environ(), "TF_CLI_CONFIG_FILE="+rc, "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1",
		"GITPOD_HOST=http://"+ln.Addr().String(), "GITPOD_TOKEN="+mockapi.DemoAliceToken)

	members := filepath.Join(work, fmt.Sprintf("members-%d", n))
	cfg := fmt.Sprintf(`terraform {
  required_providers {
    gitpod = { source = "gitpod-community/gitpod" }
  }
}

locals {
  pairs = [
%s  ]
}

resource "gitpod_team_member" "m" {
  count   = length(local.pairs)
  team_id = local.pairs[count.index].team
  user_id = local.pairs[count.index].user
  role    = "member"
}
`, pairs.String())
	if err := setup(tf, members, cfg, env); err != nil {
		return r, err
	}
	srv.ResetCalls()
	if r.plan, err = timedPlan(tf, members, env); err != nil {
		return r, err
	}
	for _, c := range srv.AllCalls() {
		r.calls += c
	}
	r.getTeam = srv.Calls("GetTeam")

	baseline := filepath.Join(work, fmt.Sprintf("baseline-%d", n))
	if err := setup(tf, baseline, fmt.Sprintf("resource \"terraform_data\" \"b\" {\n  count = %d\n  input = count.index\n}\n", n), env); err != nil {
		return r, err
	}
	r.baseline, err = timedPlan(tf, baseline, env)
	return r, err
}

func setup(tf, dir, cfg string, env []string) error {
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(cfg), 0o600); err != nil {
		return err
	}
	if !strings.Contains(cfg, "gitpod_team_member") {
		if out, err := command(tf, dir, env, "init", "-input=false").CombinedOutput(); err != nil {
			return fmt.Errorf("terraform init: %w\n%s", err, out)
		}
	}
	if out, err := command(tf, dir, env, "apply", "-auto-approve", "-input=false").CombinedOutput(); err != nil {
		return fmt.Errorf("terraform apply: %w\n%s", err, out)
	}
	return nil
}

// timedPlan returns the wall time of a refreshing plan that must find no
// changes.
func timedPlan(tf, dir string, env []string) (time.Duration, error) {
	start := time.Now()
	out, err := command(tf, dir, env, "plan", "-input=false", "-detailed-exitcode").CombinedOutput()
	d := time.Since(start)
	var exit *exec.ExitError
	if errors.As(err, &exit) && exit.ExitCode() == 2 {
		return d, fmt.Errorf("plan in %s was not empty:\n%s", dir, out)
	}
	if err != nil {
		return d, fmt.Errorf("terraform plan: %w\n%s", err, out)
	}
	return d, nil
}

func command(tf, dir string, env []string, args ...string) *exec.Cmd {
	cmd := exec.Command(tf, append(args, "-no-color")...) //nolint:gosec // runs the terraform found on PATH, by design
	cmd.Dir, cmd.Env = dir, env
	return cmd
}
