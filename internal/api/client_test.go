package api_test

import (
	"context"
	"net"
	"net/http"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"connectrpc.com/connect"

	"github.com/gitpod-community/terraform-provider-gitpod/internal/api"
	gitpodv1 "github.com/gitpod-community/terraform-provider-gitpod/internal/api/gen/gitpod/experimental/v1"
	"github.com/gitpod-community/terraform-provider-gitpod/internal/mockapi"
)

var fastRetry = api.RetryPolicy{MaxRetries: 4, MinBackoff: time.Millisecond, MaxBackoff: 2 * time.Second, MaxElapsed: 10 * time.Second}

func newMock(t *testing.T) (*mockapi.Server, string) {
	t.Helper()
	srv, err := mockapi.New(mockapi.DemoFixtures())
	if err != nil {
		t.Fatal(err)
	}
	return srv, srv.Start(t).URL
}

func newClient(t *testing.T, url string) *api.Client {
	t.Helper()
	c, err := api.New(api.Config{Host: url, Token: mockapi.DemoAliceToken, UserAgent: "terraform-provider-gitpod/test", Retry: fastRetry})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestReadsRetryThroughUnavailableBurst(t *testing.T) {
	t.Parallel()
	srv, url := newMock(t)
	c := newClient(t, url)
	srv.Inject("ListTeams", mockapi.Fault{Code: connect.CodeUnavailable, Times: 3})
	if _, err := c.Teams.ListTeams(context.Background(), connect.NewRequest(&gitpodv1.ListTeamsRequest{})); err != nil {
		t.Fatalf("read did not survive a 503 burst: %v", err)
	}
	if got := srv.Calls("ListTeams"); got != 4 {
		t.Fatalf("ListTeams calls = %d, want 4", got)
	}
}

func TestRetriesAreBounded(t *testing.T) {
	t.Parallel()
	srv, url := newMock(t)
	c := newClient(t, url)
	srv.Inject("ListTeams", mockapi.Fault{Code: connect.CodeUnavailable})
	_, err := c.Teams.ListTeams(context.Background(), connect.NewRequest(&gitpodv1.ListTeamsRequest{}))
	if connect.CodeOf(err) != connect.CodeUnavailable {
		t.Fatalf("want unavailable, got %v", err)
	}
	if got := srv.Calls("ListTeams"); got != 1+fastRetry.MaxRetries {
		t.Fatalf("calls = %d, want %d", got, 1+fastRetry.MaxRetries)
	}
}

func TestWritesAreNotRetriedWhenTheyMayHaveBeenProcessed(t *testing.T) {
	t.Parallel()
	srv, url := newMock(t)
	c := newClient(t, url)
	srv.Inject("CreateTeam", mockapi.Fault{Code: connect.CodeUnavailable, Times: 1})
	if _, err := c.Teams.CreateTeam(context.Background(), connect.NewRequest(&gitpodv1.CreateTeamRequest{Name: "x"})); connect.CodeOf(err) != connect.CodeUnavailable {
		t.Fatalf("want unavailable, got %v", err)
	}
	srv.Inject("CreateTeam", mockapi.Fault{DropAfterWork: true, Times: 1})
	if _, err := c.Teams.CreateTeam(context.Background(), connect.NewRequest(&gitpodv1.CreateTeamRequest{Name: "y"})); err == nil {
		t.Fatal("dropped create reported success")
	}
	if got := srv.Calls("CreateTeam"); got != 2 {
		t.Fatalf("CreateTeam calls = %d, want 2 (no retries)", got)
	}
	if got := len(srv.Teams()); got != 1 {
		t.Fatalf("teams = %d, want exactly 1 (no duplicate)", got)
	}
}

func TestWritesRetryRateLimitHonouringRetryAfter(t *testing.T) {
	t.Parallel()
	srv, url := newMock(t)
	c := newClient(t, url)
	srv.Inject("CreateTeam", mockapi.Fault{Code: connect.CodeResourceExhausted, RetryAfter: time.Second, Times: 1})
	if _, err := c.Teams.CreateTeam(context.Background(), connect.NewRequest(&gitpodv1.CreateTeamRequest{Name: "x"})); err != nil {
		t.Fatalf("rate-limited write not retried: %v", err)
	}
	if got := srv.Calls("CreateTeam"); got != 2 {
		t.Fatalf("CreateTeam calls = %d, want 2", got)
	}
	if got := srv.EarlyRetries("CreateTeam"); got != 0 {
		t.Fatalf("client retried %d times before Retry-After passed", got)
	}
}

func TestWritesRetryConnectionRefused(t *testing.T) {
	t.Parallel()
	// A port nobody listens on: the request provably never arrived.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	_ = ln.Close()
	var attempts int
	var mu sync.Mutex
	hc := &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
		mu.Lock()
		attempts++
		mu.Unlock()
		return http.DefaultTransport.RoundTrip(r)
	})}
	c, err := api.New(api.Config{Host: "http://" + addr, Token: "t", Retry: api.RetryPolicy{MaxRetries: 2, MinBackoff: time.Millisecond, MaxBackoff: time.Millisecond}, HTTPClient: hc})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Teams.CreateTeam(context.Background(), connect.NewRequest(&gitpodv1.CreateTeamRequest{Name: "x"}))
	if err == nil || attempts != 3 {
		t.Fatalf("attempts = %d (err %v), want 3", attempts, err)
	}
}

func TestCancelStopsRetrying(t *testing.T) {
	t.Parallel()
	srv, url := newMock(t)
	c, err := api.New(api.Config{Host: url, Token: mockapi.DemoAliceToken, Retry: api.RetryPolicy{MaxRetries: 100, MinBackoff: time.Hour, MaxBackoff: time.Hour}})
	if err != nil {
		t.Fatal(err)
	}
	srv.Inject("ListTeams", mockapi.Fault{Code: connect.CodeUnavailable})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		_, err := c.Teams.ListTeams(ctx, connect.NewRequest(&gitpodv1.ListTeamsRequest{}))
		done <- err
	}()
	// Wait until the first attempt failed, then cancel during the hour-long backoff.
	for srv.Calls("ListTeams") == 0 {
		runtime.Gosched()
	}
	cancel()
	if err := <-done; err == nil {
		t.Fatal("cancelled call succeeded")
	}
	if got := srv.Calls("ListTeams"); got != 1 {
		t.Fatalf("calls = %d, want 1", got)
	}
}

func TestHeadersAndRedaction(t *testing.T) {
	t.Parallel()
	var got http.Header
	var mu sync.Mutex
	hc := &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
		mu.Lock()
		got = r.Header.Clone()
		mu.Unlock()
		return http.DefaultTransport.RoundTrip(r)
	})}
	_, url := newMock(t)
	c, err := api.New(api.Config{Host: url, Token: "secret-value-123", UserAgent: "terraform-provider-gitpod/1.2.3 Terraform/1.11.4", HTTPClient: hc, Retry: fastRetry})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Teams.ListTeams(context.Background(), connect.NewRequest(&gitpodv1.ListTeamsRequest{}))
	if !api.IsUnauthenticated(err) {
		t.Fatalf("want unauthenticated, got %v", err)
	}
	if strings.Contains(err.Error(), "secret-value-123") {
		t.Fatalf("error leaks the token: %v", err)
	}
	if got.Get("Authorization") != "Bearer secret-value-123" || !strings.HasPrefix(got.Get("User-Agent"), "terraform-provider-gitpod/1.2.3 Terraform/1.11.4") {
		t.Fatalf("headers: %v", got)
	}
}

func TestTeamReadsAreCoalesced(t *testing.T) {
	t.Parallel()
	srv, url := newMock(t)
	c := newClient(t, url)
	ctx := context.Background()
	created, err := c.Teams.CreateTeam(ctx, connect.NewRequest(&gitpodv1.CreateTeamRequest{Name: "Big"}))
	if err != nil {
		t.Fatal(err)
	}
	id := created.Msg.GetTeam().GetId()
	srv.Inject("GetTeam", mockapi.Fault{Latency: 50 * time.Millisecond})
	var wg sync.WaitGroup
	for range 50 {
		wg.Go(func() {
			if _, err := c.GetTeam(ctx, id); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if got := srv.Calls("GetTeam"); got != 1 {
		t.Fatalf("50 concurrent reads made %d GetTeam calls, want 1", got)
	}
	// A write invalidates: the next read is fresh.
	if _, err := c.Teams.ResetTeamInvitation(ctx, connect.NewRequest(&gitpodv1.ResetTeamInvitationRequest{TeamId: id})); err != nil {
		t.Fatal(err)
	}
	team, err := c.GetTeam(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if got := srv.Calls("GetTeam"); got != 2 {
		t.Fatalf("read after write made %d calls in all, want 2", got)
	}
	if team.GetTeamInvitation().GetId() != srv.Team(id).GetTeamInvitation().GetId() {
		t.Fatal("read after write returned stale data")
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }
