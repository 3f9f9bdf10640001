// Command bench measures, on both API generations, how long a refreshing
// `terraform plan` over 990 resources (900 gitpod_team_member in 10 teams,
// 90 gitpod_personal_access_token) takes through mock latency, and how many
// API calls it makes, next to a plan over as many resources of a no-op
// terraform-plugin-framework provider measured in the same run. It also
// reads gitpod_workspaces over 10,000 gitpod.v1 environments and reports
// the provider's peak memory. Run it with `make bench`; it prints tables and
// asserts nothing.
package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"

	"github.com/gitpod-community/terraform-provider-gitpod/internal/mockapi"
)

func main() {
	members := flag.Int("members", 900, "team memberships")
	teams := flag.Int("teams", 10, "teams the memberships are spread over")
	tokens := flag.Int("tokens", 90, "personal access tokens")
	envs := flag.Int("environments", 10000, "gitpod.v1 environments for the gitpod_workspaces read")
	applyTeams := flag.Int("apply-teams", 10, "teams the measured apply creates (0: no apply measured)")
	applyMembers := flag.Int("apply-members", 30, "members the measured apply adds to each team")
	latency := flag.Duration("latency", 20*time.Millisecond, "latency the mock adds to every call during the measured plans")
	runs := flag.Int("runs", 3, "measured plans per configuration (the median is reported)")
	apis := flag.String("api", "v1,classic", "API generations to measure")
	terraform := flag.String("terraform", "", "the terraform CLI to run (default: terraform on PATH; scripts/bench.sh passes the one it chose)")
	flag.Parse()
	if err := run(*terraform, *members, *teams, *tokens, *envs, *applyTeams, *applyMembers, *latency, *runs, strings.Split(*apis, ",")); err != nil {
		log.Fatal(err)
	}
}

type bench struct {
	tf, work, rc string
	env          []string
	latency      time.Duration
	runs         int
}

func run(tf string, members, teams, tokens, envs, applyTeams, applyMembers int, latency time.Duration, runs int, apis []string) error {
	if tf == "" {
		found, err := exec.LookPath("terraform")
		if err != nil {
			return errors.New("terraform is not on PATH: pass -terraform, or run scripts/bench.sh (make bench), which falls back to the Terraform scripts/build-clis.sh builds")
		}
		tf = found
	}
	work, err := os.MkdirTemp("", "gitpod-bench-")
	if err != nil {
		return err
	}
	defer func() { _ = os.RemoveAll(work) }()
	bin := filepath.Join(work, "bin")
	for _, b := range [][2]string{{"terraform-provider-gitpod", "."}, {"terraform-provider-noop", "./scripts/bench/noop"}} {
		build := exec.Command("go", "build", "-o", filepath.Join(bin, b[0]), b[1]) //nolint:gosec // builds this repository's programs into a temp dir
		if out, err := build.CombinedOutput(); err != nil {
			return fmt.Errorf("go build %s: %w\n%s", b[1], err, out)
		}
	}
	rc := filepath.Join(work, "terraformrc")
	if err := os.WriteFile(rc, fmt.Appendf(nil, "provider_installation {\n  dev_overrides {\n    \"gitpod-community/gitpod\" = %q\n    \"bench/noop\" = %q\n  }\n  direct {}\n}\n", bin, bin), 0o600); err != nil {
		return err
	}
	b := &bench{tf: tf, work: work, rc: rc, latency: latency, runs: runs}
	// The same logging settings for every provider: Terraform discards
	// provider logs unless asked, so the SDKs' own trace lines are off.
	b.env = append(os.Environ(), "TF_CLI_CONFIG_FILE="+rc, "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1",
		"TF_LOG_SDK=OFF", "TF_LOG_SDK_PROTO=OFF", "TF_LOG_SDK_FRAMEWORK=OFF")

	n := members + tokens
	noop, err := b.noop("noop_item", n)
	if err != nil {
		return err
	}
	wide, err := b.noop("noop_wide", n)
	if err != nil {
		return err
	}
	fmt.Printf("Refreshing `terraform plan` (no changes) over %d resources: %d gitpod_team_member in %d teams and %d gitpod_personal_access_token,\n", n, members, teams, tokens)
	fmt.Printf("mock latency %s, median of %d plans. Baselines: %d resources of a no-op terraform-plugin-framework provider: %s with 2 attributes each, %s with 9 (as many as gitpod_team_member).\n\n",
		latency, runs, n, noop.Round(10*time.Millisecond), wide.Round(10*time.Millisecond))
	fmt.Println("| API | plan | ratio to no-op (2 attributes) | ratio to no-op (9 attributes) | API calls in the plan | calls by method |")
	fmt.Println("|---|---|---|---|---|---|")
	for _, api := range apis {
		if api == "" {
			continue
		}
		r, err := b.refresh(api, members, teams, tokens)
		if err != nil {
			return fmt.Errorf("%s: %w", api, err)
		}
		fmt.Printf("| %s | %s | %.2f | %.2f | %d | %s |\n", api, r.plan.Round(10*time.Millisecond), r.plan.Seconds()/noop.Seconds(), r.plan.Seconds()/wide.Seconds(), r.calls, r.byMethod)
	}
	if applyTeams > 0 {
		fmt.Printf("\n`terraform apply` creating %d gitpod_team with %d members each on gitpod.v1 (mock latency %s, default parallelism, median of %d runs, each on a fresh mock; the plan after each is checked empty):\n\n",
			applyTeams, applyMembers, latency, runs)
		fmt.Println("| members as | apply | API calls | calls by method |")
		fmt.Println("|---|---|---|---|")
		for _, shape := range []string{"member", "members"} {
			a, err := b.applyCreate(shape, applyTeams, applyMembers)
			if err != nil {
				return err
			}
			fmt.Printf("| gitpod_team_%s | %s | %d | %s |\n", shape, a.apply.Round(10*time.Millisecond), a.calls, a.byMethod)
		}
	}
	if envs > 0 {
		w, err := b.workspaces(envs)
		if err != nil {
			return err
		}
		fmt.Printf("\ngitpod_workspaces over %d gitpod.v1 environments (mock latency %s): plan %s, %d ListEnvironments calls, provider peak RSS %.1f MB.\n",
			envs, latency, w.plan.Round(10*time.Millisecond), w.calls, float64(w.peakKB)/1024)
	}
	return nil
}

// refreshFixtures are an organization with members spread over teams (on
// Classic, teams are organizations), and the (team, user) pairs as HCL.
func refreshFixtures(api string, members, teams int) (mockapi.Fixtures, string) {
	orgID := uuid.NewString()
	f := mockapi.Fixtures{
		Users:         []mockapi.UserFixture{{ID: mockapi.DemoAliceID, Name: "Alice", Email: "alice@example.com", Token: mockapi.DemoAliceToken, OrganizationID: orgID}},
		Organizations: []mockapi.OrganizationFixture{{ID: orgID, Name: "Bench", Members: []mockapi.OrgMemberFixture{{UserID: mockapi.DemoAliceID, Role: "owner"}}}},
	}
	teamIDs := make([]string, teams)
	for i := range teamIDs {
		teamIDs[i] = uuid.NewString()
		if api == "classic" {
			// A Classic team is an organization.
			f.Organizations = append(f.Organizations, mockapi.OrganizationFixture{ID: teamIDs[i], Name: fmt.Sprintf("Team %d", i), Members: []mockapi.OrgMemberFixture{{UserID: mockapi.DemoAliceID, Role: "owner"}}})
		} else {
			f.Teams = append(f.Teams, mockapi.TeamFixture{ID: teamIDs[i], OrganizationID: orgID, Name: fmt.Sprintf("Team %d", i)})
		}
	}
	var pairs strings.Builder
	for i := range members {
		u := mockapi.UserFixture{ID: uuid.NewString(), Name: fmt.Sprintf("User %d", i), Email: fmt.Sprintf("u%d@example.com", i), Token: uuid.NewString()}
		f.Users = append(f.Users, u)
		f.Organizations[0].Members = append(f.Organizations[0].Members, mockapi.OrgMemberFixture{UserID: u.ID, Role: "member"})
		t := i % teams
		if api == "classic" {
			f.Organizations[1+t].Members = append(f.Organizations[1+t].Members, mockapi.OrgMemberFixture{UserID: u.ID, Role: "member"})
		} else {
			f.Teams[t].Members = append(f.Teams[t].Members, u.ID)
		}
		fmt.Fprintf(&pairs, "    { team = %q, user = %q },\n", teamIDs[t], u.ID)
	}
	return f, pairs.String()
}

// serve starts a mock for fixtures and returns its URL and a stop function.
func serve(f mockapi.Fixtures) (*mockapi.Server, string, func(), error) {
	srv, err := mockapi.New(f)
	if err != nil {
		return nil, "", nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, "", nil, err
	}
	hs := &http.Server{Handler: srv.Handler(), ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = hs.Serve(ln) }()
	return srv, "http://" + ln.Addr().String(), func() { _ = hs.Close() }, nil
}

type refreshResult struct {
	plan     time.Duration
	calls    int
	byMethod string
}

func (b *bench) refresh(api string, members, teams, tokens int) (refreshResult, error) {
	var r refreshResult
	f, pairs := refreshFixtures(api, members, teams)
	srv, url, stop, err := serve(f)
	if err != nil {
		return r, err
	}
	defer stop()
	role := `role = "member"`
	if api != "classic" {
		role = ""
	}
	cfg := fmt.Sprintf(`terraform {
  required_providers {
    gitpod = { source = "gitpod-community/gitpod" }
  }
}

provider "gitpod" {
  host = %q
  api  = %q
}

locals {
  pairs = [
%s  ]
}

resource "gitpod_team_member" "m" {
  count   = length(local.pairs)
  team_id = local.pairs[count.index].team
  user_id = local.pairs[count.index].user
  %s
}

resource "gitpod_personal_access_token" "t" {
  count           = %d
  name            = "bench-${count.index}"
  expires_in_days = 30
}
`, url, api, pairs, role, tokens)
	dir := filepath.Join(b.work, "refresh-"+api)
	env := slices.Concat(b.env, []string{"GITPOD_TOKEN=" + mockapi.DemoAliceToken})
	if err := b.apply(dir, cfg, env); err != nil {
		return r, err
	}
	srv.SetLatency(b.latency)
	var times []time.Duration
	for range b.runs {
		srv.ResetCalls()
		d, err := b.plan(dir, env, nil)
		if err != nil {
			return r, err
		}
		times = append(times, d)
	}
	r.plan = median(times)
	calls := srv.AllCalls()
	r.calls, r.byMethod = total(calls), byMethod(calls)
	return r, nil
}

func (b *bench) noop(typ string, n int) (time.Duration, error) {
	cfg := fmt.Sprintf(`terraform {
  required_providers {
    noop = { source = "bench/noop" }
  }
}

resource %q "i" {
  count = %d
  input = "item-${count.index}"
}
`, typ, n)
	dir := filepath.Join(b.work, typ)
	if err := b.apply(dir, cfg, b.env); err != nil {
		return 0, err
	}
	var times []time.Duration
	for range b.runs {
		d, err := b.plan(dir, b.env, nil)
		if err != nil {
			return 0, err
		}
		times = append(times, d)
	}
	return median(times), nil
}

type workspacesResult struct {
	plan   time.Duration
	calls  int
	peakKB int64
}

func (b *bench) workspaces(n int) (workspacesResult, error) {
	var r workspacesResult
	f := mockapi.DemoFixtures()
	f.Environments = nil
	base := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range n {
		f.Environments = append(f.Environments, mockapi.EnvironmentFixture{
			ID: uuid.NewString(), OrganizationID: mockapi.DemoOrgID, CreatorID: mockapi.DemoAliceID,
			Name: fmt.Sprintf("env-%05d", i), ContextURL: fmt.Sprintf("https://github.com/acme/repo-%d", i%50),
			GitRemote: fmt.Sprintf("https://github.com/acme/repo-%d.git", i%50), Branch: "main",
			Phase: []string{"running", "stopped"}[i%2], CreatedAt: base.Add(time.Duration(i) * time.Minute),
		})
	}
	srv, url, stop, err := serve(f)
	if err != nil {
		return r, err
	}
	defer stop()
	srv.SetLatency(b.latency)
	cfg := fmt.Sprintf(`terraform {
  required_providers {
    gitpod = { source = "gitpod-community/gitpod" }
  }
}

provider "gitpod" {
  host = %q
  api  = "v1"
}

data "gitpod_workspaces" "all" {}
`, url)
	dir := filepath.Join(b.work, "workspaces")
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return r, err
	}
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(cfg), 0o600); err != nil {
		return r, err
	}
	env := slices.Concat(b.env, []string{"GITPOD_TOKEN=" + mockapi.DemoAliceToken})
	srv.ResetCalls()
	peak := &peakRSS{}
	r.plan, err = b.plan(dir, env, peak)
	if err != nil {
		return r, err
	}
	r.calls = srv.Calls("ListEnvironments")
	r.peakKB = peak.max()
	if r.peakKB == 0 {
		return r, errors.New("could not read the provider's memory use from /proc")
	}
	return r, nil
}

func (b *bench) apply(dir, cfg string, env []string) error {
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(cfg), 0o600); err != nil {
		return err
	}
	if out, err := command(b.tf, dir, env, "apply", "-auto-approve", "-input=false", "-parallelism=20").CombinedOutput(); err != nil {
		return fmt.Errorf("terraform apply: %w\n%s", err, out)
	}
	return nil
}

// plan returns the wall time of a refreshing plan that must find no
// changes; with peak set, it samples the provider's peak memory meanwhile.
func (b *bench) plan(dir string, env []string, peak *peakRSS) (time.Duration, error) {
	done := make(chan struct{})
	var wg sync.WaitGroup
	if peak != nil {
		wg.Add(1)
		go func() { defer wg.Done(); peak.watch(done) }()
	}
	start := time.Now()
	args := []string{"plan", "-input=false", "-detailed-exitcode"}
	if extra := os.Getenv("BENCH_PLAN_ARGS"); extra != "" {
		args = append(args, strings.Fields(extra)...)
	}
	out, err := command(b.tf, dir, env, args...).CombinedOutput()
	d := time.Since(start)
	close(done)
	wg.Wait()
	var exit *exec.ExitError
	if errors.As(err, &exit) && exit.ExitCode() == 2 {
		return d, fmt.Errorf("plan in %s was not empty:\n%s", dir, out)
	}
	if err != nil {
		return d, fmt.Errorf("terraform plan: %w\n%s", err, out)
	}
	return d, nil
}

// peakRSS samples the peak resident set (VmHWM) of every running
// terraform-provider-gitpod process.
type peakRSS struct {
	mu   sync.Mutex
	peak int64
}

func (p *peakRSS) max() int64 {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.peak
}

func (p *peakRSS) watch(done <-chan struct{}) {
	t := time.NewTicker(10 * time.Millisecond)
	defer t.Stop()
	for {
		p.sample()
		select {
		case <-done:
			return
		case <-t.C:
		}
	}
}

func (p *peakRSS) sample() {
	procs, _ := filepath.Glob("/proc/[0-9]*/comm")
	for _, comm := range procs {
		name, err := os.ReadFile(comm) //nolint:gosec // reads /proc
		if err != nil || !strings.HasPrefix(string(name), "terraform-provi") {
			continue
		}
		fh, err := os.Open(filepath.Join(filepath.Dir(comm), "status")) //nolint:gosec // reads /proc
		if err != nil {
			continue
		}
		sc := bufio.NewScanner(fh)
		for sc.Scan() {
			if v, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
				kb, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
				p.mu.Lock()
				p.peak = max(p.peak, kb)
				p.mu.Unlock()
			}
		}
		_ = fh.Close()
	}
}

func median(ds []time.Duration) time.Duration {
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return s[len(s)/2]
}

func command(tf, dir string, env []string, args ...string) *exec.Cmd {
	cmd := exec.Command(tf, append(args, "-no-color")...) //nolint:gosec // runs the terraform CLI chosen by -terraform or found on PATH, by design
	cmd.Dir, cmd.Env = dir, env
	return cmd
}
