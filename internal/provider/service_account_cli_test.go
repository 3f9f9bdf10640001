package provider_test

import (
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"connectrpc.com/connect"

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
	out, took := applyInterrupted(t, r, allInFlight, hold)
	t.Logf("terraform exited %s after Ctrl-C with %d creates held on the server", took, n)
	e.mock.ClearFaults()

	saved := stateIDs(t, r)["gitpod_service_account_token"]
	if len(saved) == 0 {
		t.Fatalf("no token created before the interrupt was saved to state\n%s", out)
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

// TestCLI_serviceAccountOutputHidesSecrets greps everything a person sees
// (apply, including a failed one and its errors, plan, show, output,
// state) for every value the mock issued: the service account token's
// values and the access tokens the provider acted as the account with.
func TestCLI_serviceAccountOutputHidesSecrets(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t, "v1")
	cfg := func(n string) string {
		return fmt.Sprintf(`
resource "gitpod_service_account" "ci" {
  name        = "ci"
  valid_until = %q
}

resource "gitpod_service_account_token" "ci" {
  service_account_id = gitpod_service_account.ci.id
  description        = "deploy"
  rotation_triggers  = { n = %q }
}

output "token" {
  value     = gitpod_service_account_token.ci.token
  sensitive = true
}
`, saFar(e), n)
	}
	r := newCLIRun(t, e, cfg("1"))
	var seen strings.Builder
	seen.WriteString(r.must(0, "apply", "-auto-approve", "-input=false"))
	// A rotation whose delete of the old token fails: errors, with the
	// server's messages, and a pending revocation.
	e.mock.Inject("DeleteServiceAccountToken", mockapi.Fault{Code: connect.CodeUnavailable})
	r.write("main.tf", "terraform {\n  required_providers {\n    gitpod = { source = \"gitpod-community/gitpod\" }\n  }\n}\n\nprovider \"gitpod\" {}\n"+cfg("2"))
	out, code := r.run("apply", "-auto-approve", "-input=false")
	if code == 0 || !strings.Contains(out, "pending_revocations") {
		t.Fatalf("the rotation whose delete failed did not fail as expected (exit %d):\n%s", code, out)
	}
	seen.WriteString(out)
	e.mock.ClearFaults()
	seen.WriteString(r.must(0, "plan", "-input=false"))
	seen.WriteString(r.must(0, "apply", "-auto-approve", "-input=false"))
	seen.WriteString(r.must(0, "show"))
	seen.WriteString(r.must(0, "output"))
	seen.WriteString(r.must(0, "state", "show", "gitpod_service_account_token.ci"))
	secrets := e.mock.IssuedSecrets()
	if access := saAccessTokenValues(e); len(access) == 0 || len(secrets)-len(access) < 2 {
		t.Fatalf("%d values issued, %d of them access tokens: the test did not create and rotate", len(secrets), len(access))
	}
	if !strings.Contains(seen.String(), "(sensitive value)") {
		t.Fatal("the output never shows a sensitive placeholder, so it proves nothing")
	}
	for i, s := range secrets {
		if strings.Contains(seen.String(), s) {
			t.Fatalf("issued value #%d appears in the CLI's output", i)
		}
	}
	r.must(0, "destroy", "-auto-approve", "-input=false")
}
