package provider_test

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/gitpod-community/terraform-provider-gitpod/internal/mockapi"
)

// stateIDs reads `terraform show -json` and returns the ids of every
// managed resource instance by type.
func stateIDs(t *testing.T, r *cliRun) map[string][]string {
	t.Helper()
	out := r.must(0, "show", "-json")
	var doc struct {
		Values struct {
			RootModule struct {
				Resources []struct {
					Type   string         `json:"type"`
					Mode   string         `json:"mode"`
					Values map[string]any `json:"values"`
				} `json:"resources"`
			} `json:"root_module"`
		} `json:"values"`
	}
	_, body, ok := strings.Cut(out, "{")
	if !ok {
		t.Fatalf("terraform show -json printed no JSON:\n%s", out)
	}
	if err := json.Unmarshal([]byte("{"+body), &doc); err != nil {
		t.Fatalf("terraform show -json: %v", err)
	}
	ids := map[string][]string{}
	for _, res := range doc.Values.RootModule.Resources {
		if res.Mode == "managed" {
			id, _ := res.Values["id"].(string)
			ids[res.Type] = append(ids[res.Type], id)
		}
	}
	return ids
}

// noDuplicates fails when two resource instances hold the same id.
func noDuplicates(t *testing.T, ids map[string][]string) {
	t.Helper()
	for typ, list := range ids {
		seen := map[string]bool{}
		for _, id := range list {
			if id == "" || seen[id] {
				t.Errorf("%s: id %q is empty or held twice", typ, id)
			}
			seen[id] = true
		}
	}
}

// mockHoldings counts Alice's teams (organizations besides the demo one on
// Classic) and tokens of the API in use, by name.
func mockHoldings(e *testEnv) (teams, tokens map[string]int) {
	teams, tokens = map[string]int{}, map[string]int{}
	if e.classic() {
		for _, o := range e.mock.Organizations() {
			if o.ID != mockapi.DemoOrgID {
				teams[o.Name]++
			}
		}
	} else {
		for _, tm := range e.mock.Teams() {
			teams[tm.Name]++
		}
	}
	for _, tk := range e.liveTokens() {
		tokens[tk.Name]++
	}
	return teams, tokens
}

// exactlyOnce fails unless every name in want is held once and nothing else.
func exactlyOnce(t *testing.T, what string, held map[string]int, want []string) {
	t.Helper()
	for _, n := range want {
		if held[n] != 1 {
			t.Errorf("%s %q is held %d times, want once", what, n, held[n])
		}
		delete(held, n)
	}
	for n, c := range held {
		t.Errorf("%s %q is left over (%d)", what, n, c)
	}
}

// applyInterrupted runs terraform apply in r, sends Ctrl-C once
// allInFlight is closed (the held creates have reached the server), and
// fails unless Terraform stops well before the held answers (hold) would
// come and says it saw the interrupt. It returns the output and how long
// Terraform took to stop.
func applyInterrupted(t *testing.T, r *cliRun, allInFlight <-chan struct{}, hold time.Duration) (string, time.Duration) {
	t.Helper()
	cmd := exec.Command(terraformPath(t), "apply", "-auto-approve", "-input=false", "-no-color") //nolint:gosec // the CLI under test
	cmd.Dir, cmd.Env = r.dir, r.env
	var out strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	select {
	case <-allInFlight:
	case err := <-exited:
		t.Fatalf("apply ended before every create was on the wire: %v\n%s", err, out.String())
	}
	start := time.Now()
	if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-exited:
		t.Logf("the interrupted apply ended with %v", err)
	case <-time.After(hold / 2):
		_ = cmd.Process.Kill()
		t.Fatalf("terraform did not stop within %s of Ctrl-C: the provider waited for the held answers\n%s", hold/2, out.String())
	}
	took := time.Since(start).Round(10 * time.Millisecond)
	if !strings.Contains(out.String(), "Interrupt received") {
		t.Fatalf("terraform did not see the interrupt:\n%s", out.String())
	}
	return out.String(), took
}

// TestCLI_interruptMidApply sends Ctrl-C while creates are on the wire: the
// server has done the work but holds the answers for a minute. Terraform
// must stop promptly, long before the answers would come, and save what was
// created; the next apply manages those objects instead of duplicating
// them, and destroy leaves nothing.
func TestCLI_interruptMidApply(t *testing.T) {
	for _, api := range apis {
		t.Run(api, func(t *testing.T) {
			t.Parallel()
			e := newTestEnv(t, api)
			const n = 4
			cfg := fmt.Sprintf(`
resource "gitpod_team" "t" {
  count = %[1]d
  name  = "Interrupted ${count.index}"
}

resource "gitpod_personal_access_token" "k" {
  count = %[1]d
  name  = "interrupted-${count.index}"
}
`, n)
			var teamNames, tokenNames []string
			for i := range n {
				teamNames = append(teamNames, fmt.Sprintf("Interrupted %d", i))
				tokenNames = append(tokenNames, fmt.Sprintf("interrupted-%d", i))
			}
			r := newCLIRun(t, e, cfg)
			hold := time.Minute
			// The hook runs as each held create reaches the server.
			var mu sync.Mutex
			arrived := 0
			allInFlight := make(chan struct{})
			notify := func() {
				mu.Lock()
				defer mu.Unlock()
				if arrived++; arrived == 2*n {
					close(allInFlight)
				}
			}
			e.mock.Inject(pick(e, "TeamsService/CreateTeam", "TeamService/CreateTeam"), mockapi.Fault{LatencyAfter: hold, Hook: notify})
			e.mock.Inject(pick(e, "TokensService/CreatePersonalAccessToken", "UserService/CreatePersonalAccessToken"), mockapi.Fault{LatencyAfter: hold, Hook: notify})

			out, took := applyInterrupted(t, r, allInFlight, hold)
			t.Logf("%s: terraform exited %s after Ctrl-C with %d creates held on the server", api, took, 2*n)
			e.mock.ClearFaults()

			saved := stateIDs(t, r)
			if len(saved["gitpod_team"]) == 0 || len(saved["gitpod_personal_access_token"]) == 0 {
				t.Fatalf("nothing created before the interrupt was saved to state: %v\n%s", saved, out)
			}
			r.must(0, "apply", "-auto-approve", "-input=false")
			noDuplicates(t, stateIDs(t, r))
			teams, tokens := mockHoldings(e)
			exactlyOnce(t, "team", teams, teamNames)
			exactlyOnce(t, "token", tokens, tokenNames)
			r.must(0, "plan", "-input=false", "-detailed-exitcode")
			r.must(0, "destroy", "-auto-approve", "-input=false")
			teams, tokens = mockHoldings(e)
			exactlyOnce(t, "team", teams, nil)
			exactlyOnce(t, "token", tokens, nil)
		})
	}
}

// TestCLI_soak applies about 200 resources (20 teams, 60 tokens, 120
// memberships) at parallelism 20 while the mock injects random 503s, 429s
// with Retry-After, answers dropped after the work, and latency. Every
// apply must converge within a few tries, with no duplicate and no two
// resources sharing an id; the next plan (faults still on) must be empty;
// destroy must leave nothing.
func TestCLI_soak(t *testing.T) {
	for _, api := range apis {
		t.Run(api, func(t *testing.T) {
			t.Parallel()
			e := newTestEnv(t, api)
			const teams, tokens, perTeam = 20, 60, 6
			var users []string
			for i := range teams * perTeam {
				u := e.mock.AddUser(mockapi.UserFixture{Name: fmt.Sprintf("Soak User %d", i), Email: fmt.Sprintf("soak%d@example.com", i), OrganizationID: mockapi.DemoOrgID})
				users = append(users, u.ID)
			}
			role := pick(e, `role = "member"`, "")
			cfg := fmt.Sprintf(`
variable "users" { type = list(string) }

resource "gitpod_team" "t" {
  count = %[1]d
  name  = "Soak Team ${count.index}"
}

resource "gitpod_personal_access_token" "k" {
  count = %[2]d
  name  = "soak-${count.index}"
}

resource "gitpod_team_member" "m" {
  count   = length(var.users)
  team_id = gitpod_team.t[count.index %% %[1]d].id
  user_id = var.users[count.index]
  %[3]s
}
`, teams, tokens, role)
			r := newCLIRun(t, e, cfg)
			usersJSON, _ := json.Marshal(users)
			r.env = append(r.env, "TF_VAR_users="+string(usersJSON))
			var teamNames, tokenNames []string
			for i := range teams {
				teamNames = append(teamNames, fmt.Sprintf("Soak Team %d", i))
			}
			for i := range tokens {
				tokenNames = append(tokenNames, fmt.Sprintf("soak-%d", i))
			}
			e.mock.SetChaos(mockapi.Chaos{Seed: map[string]uint64{"classic": 11, "v1": 12}[api], Unavailable: 0.04, RateLimited: 0.03, Dropped: 0.03, RetryAfter: time.Second, MaxLatency: 20 * time.Millisecond})

			converge := func(args ...string) int {
				for try := 1; try <= 6; try++ {
					out, code := r.run(args...)
					if code == 0 {
						return try
					}
					if try == 6 {
						t.Fatalf("terraform %s did not converge in 6 tries; last output:\n%s", args[0], out)
					}
					var errs []string
					for _, line := range strings.Split(out, "\n") {
						if strings.HasPrefix(line, "Error: ") {
							errs = append(errs, strings.TrimPrefix(line, "Error: "))
						}
					}
					t.Logf("%s try %d failed: %s", args[0], try, strings.Join(errs, "; "))
					if os.Getenv("SOAK_DEBUG") != "" {
						t.Log(out)
					}
				}
				return 0
			}
			start := time.Now()
			applyTries := converge("apply", "-auto-approve", "-input=false", "-parallelism=20")
			ids := stateIDs(t, r)
			noDuplicates(t, ids)
			if got := len(ids["gitpod_team"]) + len(ids["gitpod_personal_access_token"]) + len(ids["gitpod_team_member"]); got != teams+tokens+len(users) {
				t.Fatalf("state holds %d resources, want %d", got, teams+tokens+len(users))
			}
			heldTeams, heldTokens := mockHoldings(e)
			exactlyOnce(t, "team", heldTeams, teamNames)
			exactlyOnce(t, "token", heldTokens, tokenNames)
			// Every user in exactly one team, the one configured.
			teamOf := map[string]string{}
			for i, id := range ids["gitpod_team_member"] {
				_ = i
				team, user, _ := strings.Cut(id, "/")
				if prev, dup := teamOf[user]; dup {
					t.Errorf("user %s held twice (teams %s and %s)", user, prev, team)
				}
				teamOf[user] = team
			}
			r.must(0, "plan", "-input=false", "-detailed-exitcode", "-parallelism=20")
			destroyTries := converge("destroy", "-auto-approve", "-input=false", "-parallelism=20")
			heldTeams, heldTokens = mockHoldings(e)
			orphans := len(heldTeams) + len(heldTokens)
			exactlyOnce(t, "team", heldTeams, nil)
			exactlyOnce(t, "token", heldTokens, nil)
			st := e.mock.ChaosStats()
			t.Logf("soak %s: %d resources at parallelism 20 in %s; %d calls, %d answered 503, %d answered 429 (Retry-After 1s), %d answers dropped after the work; apply converged in %d tries, destroy in %d; duplicates 0, orphans %d",
				api, teams+tokens+len(users), time.Since(start).Round(time.Second), st.Calls, st.Unavailable, st.RateLimited, st.Dropped, applyTries, destroyTries, orphans)
		})
	}
}
