package provider_test

import (
	"fmt"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/gitpod-community/terraform-provider-gitpod/internal/mockapi"
)

// TestCLI_interruptServiceAccountTokens sends Ctrl-C while token creates
// are on the wire: the server has made the tokens but holds the answers
// for a minute. Terraform must stop promptly and save the tokens it can
// find (acting as the account on the short clean-up context), without
// their values; the next apply rotates them (their values are unknown)
// instead of making more, the plan after it is empty, and destroy leaves
// no token.
func TestCLI_interruptServiceAccountTokens(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t, "v1")
	accountID := saOutOfBand(t, e, "ci")
	const n = 3
	cfg := fmt.Sprintf(`
resource "gitpod_service_account_token" "k" {
  count              = %d
  service_account_id = %q
  description        = "interrupted-${count.index}"
}
`, n, accountID)
	var want []string
	for i := range n {
		want = append(want, fmt.Sprintf("interrupted-%d", i))
	}
	held := func() map[string]int {
		m := map[string]int{}
		for _, tok := range saLiveTokens(e, accountID) {
			m[tok.Description]++
		}
		return m
	}
	r := newCLIRun(t, e, cfg)
	hold := time.Minute
	var mu sync.Mutex
	arrived := 0
	allInFlight := make(chan struct{})
	e.mock.Inject("ServiceAccountService/CreateServiceAccountToken", mockapi.Fault{LatencyAfter: hold, Hook: func() {
		mu.Lock()
		defer mu.Unlock()
		if arrived++; arrived == n {
			close(allInFlight)
		}
	}})
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
		t.Logf("the interrupted apply ended with %v, %s after Ctrl-C", err, time.Since(start).Round(10*time.Millisecond))
	case <-time.After(hold / 2):
		_ = cmd.Process.Kill()
		t.Fatalf("terraform did not stop within %s of Ctrl-C: the provider waited for the held answers\n%s", hold/2, out.String())
	}
	if !strings.Contains(out.String(), "Interrupt received") {
		t.Fatalf("terraform did not see the interrupt:\n%s", out.String())
	}
	e.mock.ClearFaults()

	saved := stateIDs(t, r)["gitpod_service_account_token"]
	if len(saved) == 0 {
		t.Fatalf("no token created before the interrupt was saved to state\n%s", out.String())
	}
	t.Logf("%d of %d tokens saved to state after the interrupt", len(saved), n)
	r.must(0, "apply", "-auto-approve", "-input=false")
	if got := e.mock.Calls("CreateServiceAccountToken"); got != n+len(saved) {
		t.Errorf("CreateServiceAccountToken was called %d times, want %d: one per token, and one per saved token rotated for its lost value", got, n+len(saved))
	}
	noDuplicates(t, stateIDs(t, r))
	exactlyOnce(t, "service account token", held(), want)
	r.must(0, "plan", "-input=false", "-detailed-exitcode")
	r.must(0, "destroy", "-auto-approve", "-input=false")
	exactlyOnce(t, "service account token", held(), nil)
}
