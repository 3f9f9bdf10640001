package main

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/gitpod-community/terraform-provider-gitpod/internal/mockapi"
)

func TestRunServesAndPrintsItsAddress(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, pw, "127.0.0.1:0", "", 0)
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
	if !lines.Scan() || !strings.Contains(lines.Text(), "token "+mockapi.DemoAliceToken) {
		t.Fatalf("second line = %q, want the demo user's token", lines.Text())
	}
	go func() { _, _ = io.Copy(io.Discard, pr) }()

	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, url+"/gitpod.experimental.v1.TeamsService/ListTeams", strings.NewReader("{}"))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+mockapi.DemoAliceToken)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("ListTeams status %d", resp.StatusCode)
	}

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("run returned %v after cancel", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("run did not stop after cancel")
	}
}

func TestRunRejectsBadFixtures(t *testing.T) {
	t.Parallel()
	if err := run(context.Background(), io.Discard, "127.0.0.1:0", "does-not-exist.json", 0); err == nil {
		t.Fatal("missing fixtures file accepted")
	}
}
