package main

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gitpod-community/terraform-provider-gitpod/internal/mockapi"
)

// startRun runs the command in the background and returns its URL, a reader
// of the rest of its output, and a stop function that waits for it.
func startRun(t *testing.T, o options) (string, *bufio.Scanner, func() error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, pw, o)
		_ = pw.Close()
	}()
	lines := bufio.NewScanner(pr)
	if !lines.Scan() {
		t.Fatal("no output")
	}
	url, ok := strings.CutPrefix(lines.Text(), "gitpod-mock listening on ")
	if !ok || !strings.HasPrefix(url, "http://127.0.0.1:") {
		t.Fatalf("first line = %q", lines.Text())
	}
	stop := func() error {
		cancel()
		select {
		case err := <-done:
			return err
		case <-time.After(10 * time.Second):
			t.Fatal("run did not stop after cancel")
			return nil
		}
	}
	t.Cleanup(func() { cancel() })
	return url, lines, stop
}

func call(t *testing.T, url, path string) int {
	t.Helper()
	req, _ := http.NewRequestWithContext(context.Background(), http.MethodPost, url+path, strings.NewReader("{}"))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+mockapi.DemoAliceToken)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return -1
	}
	_ = resp.Body.Close()
	return resp.StatusCode
}

func TestRunServesBothGenerationsAndPrintsItsAddress(t *testing.T) {
	t.Parallel()
	url, lines, stop := startRun(t, options{listen: "127.0.0.1:0"})
	if !lines.Scan() || !strings.Contains(lines.Text(), "token "+mockapi.DemoAliceToken) {
		t.Fatalf("second line = %q, want the demo user's token", lines.Text())
	}
	go func() {
		for lines.Scan() {
		}
	}()
	if got := call(t, url, "/gitpod.experimental.v1.TeamsService/ListTeams"); got != http.StatusOK {
		t.Fatalf("Classic ListTeams: status %d", got)
	}
	if got := call(t, url, "/api/gitpod.v1.IdentityService/GetAuthenticatedIdentity"); got != http.StatusOK {
		t.Fatalf("v1 GetAuthenticatedIdentity: status %d", got)
	}
	if err := stop(); err != nil {
		t.Fatalf("run returned %v after cancel", err)
	}
}

func TestRunClassicOnlyAnswers404ForV1(t *testing.T) {
	t.Parallel()
	url, lines, stop := startRun(t, options{listen: "127.0.0.1:0", api: "classic"})
	go func() {
		for lines.Scan() {
		}
	}()
	if got := call(t, url, "/api/gitpod.v1.IdentityService/GetAuthenticatedIdentity"); got != http.StatusNotFound {
		t.Fatalf("v1 path on a Classic-only mock: status %d, want 404", got)
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
}

// TestRunInjectsFaultsFromFlags proves a -fault flag takes effect for the
// number of calls it names, and -calls prints the counters.
func TestRunInjectsFaultsFromFlags(t *testing.T) {
	t.Parallel()
	url, lines, stop := startRun(t, options{
		listen: "127.0.0.1:0",
		faults: []string{"ListTeams:code=unavailable,times=2", "GetAuthenticatedIdentity:code=resource_exhausted,retry-after=1s,signal=ratelimit,times=1"},
		calls:  true,
	})
	var rest []string
	collected := make(chan struct{})
	go func() {
		for lines.Scan() {
			rest = append(rest, lines.Text())
		}
		close(collected)
	}()
	path := "/gitpod.experimental.v1.TeamsService/ListTeams"
	got := []int{call(t, url, path), call(t, url, path), call(t, url, path)}
	if got[0] != http.StatusServiceUnavailable || got[1] != http.StatusServiceUnavailable || got[2] != http.StatusOK {
		t.Fatalf("statuses %v, want 503, 503, 200", got)
	}
	req, _ := http.NewRequestWithContext(context.Background(), http.MethodPost, url+"/api/gitpod.v1.IdentityService/GetAuthenticatedIdentity", strings.NewReader("{}"))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+mockapi.DemoAliceToken)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	if resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("RateLimit-RetryAfter") != "1" {
		t.Fatalf("rate limit: status %d, RateLimit-RetryAfter %q", resp.StatusCode, resp.Header.Get("RateLimit-RetryAfter"))
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	<-collected
	if !slicesContain(rest, "calls /gitpod.experimental.v1.TeamsService/ListTeams 3") {
		t.Fatalf("-calls output %q lacks the ListTeams counter", rest)
	}
}

func slicesContain(lines []string, want string) bool {
	for _, l := range lines {
		if l == want {
			return true
		}
	}
	return false
}

func TestRunRejectsBadArguments(t *testing.T) {
	t.Parallel()
	for name, o := range map[string]options{
		"missing fixtures": {listen: "127.0.0.1:0", fixtures: "does-not-exist.json"},
		"bad fault":        {listen: "127.0.0.1:0", faults: []string{"ListTeams:code=nope"}},
		"fault without :":  {listen: "127.0.0.1:0", faults: []string{"ListTeams"}},
		"bad chaos":        {listen: "127.0.0.1:0", chaos: "unavailable=2"},
		"chaos over 1":     {listen: "127.0.0.1:0", chaos: "unavailable=0.6,dropped=0.6"},
		"bad api":          {listen: "127.0.0.1:0", api: "v2"},
	} {
		t.Run(name, func(t *testing.T) {
			if err := run(context.Background(), io.Discard, o); err == nil {
				t.Fatal("accepted")
			}
		})
	}
}

// TestREADMEFixturesExample loads the fixtures example the README shows, so
// the documented format stays valid.
func TestREADMEFixturesExample(t *testing.T) {
	t.Parallel()
	b, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, after, ok := strings.Cut(string(b), "### Fixtures format\n\n```json\n")
	if !ok {
		t.Fatal("README has no fixtures example")
	}
	doc, _, _ := strings.Cut(after, "```")
	f, err := mockapi.ParseFixtures(strings.NewReader(doc))
	if err != nil {
		t.Fatalf("README fixtures do not parse: %v", err)
	}
	if _, err := mockapi.New(f); err != nil {
		t.Fatalf("README fixtures do not load: %v", err)
	}
}
