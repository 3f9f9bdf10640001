package gitpod

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"connectrpc.com/connect"

	gitpodv1 "github.com/gitpod-community/terraform-provider-gitpod/internal/gen/gitpod/v1"
	"github.com/gitpod-community/terraform-provider-gitpod/internal/gen/gitpod/v1/gitpodv1connect"
	"github.com/gitpod-community/terraform-provider-gitpod/internal/transport"
)

// teamAdapter is an Adapter that can only read teams, over the real
// transport; the other methods are never called here.
type teamAdapter struct {
	Adapter
	Teams
	host  string
	teams gitpodv1connect.TeamServiceClient
}

func (a *teamAdapter) API() API               { return V1 }
func (a *teamAdapter) Host() string           { return a.host }
func (a *teamAdapter) TeamTraits() TeamTraits { return TeamTraits{} }

func (a *teamAdapter) GetTeam(ctx context.Context, id string) (Team, error) {
	resp, err := a.teams.GetTeam(ctx, connect.NewRequest(&gitpodv1.GetTeamRequest{TeamId: id}))
	if err != nil {
		return Team{}, err
	}
	return Team{ID: resp.Msg.GetTeam().GetId(), Name: resp.Msg.GetTeam().GetName()}, nil
}

// heldServer answers GetTeam only when released. It counts the calls,
// reports each arrival, and reports when a held call's request context
// ends (the client went away).
type heldServer struct {
	srv     *httptest.Server
	calls   atomic.Int64
	arrived chan struct{}
	gone    chan struct{}
	release chan struct{}
}

func newHeldServer(t *testing.T) *heldServer {
	t.Helper()
	h := &heldServer{arrived: make(chan struct{}, 100), gone: make(chan struct{}, 100), release: make(chan struct{})}
	h.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body) // read first, so that a client leaving is noticed
		n := h.calls.Add(1)
		h.arrived <- struct{}{}
		select {
		case <-h.release:
			w.Header().Set("Content-Type", "application/json")
			_, _ = io.WriteString(w, `{"team":{"id":"team-1","name":"call `+strconv.FormatInt(n, 10)+`"}}`)
		case <-r.Context().Done():
			h.gone <- struct{}{}
		}
	}))
	t.Cleanup(func() {
		select {
		case <-h.release:
		default:
			close(h.release)
		}
		h.srv.Close()
	})
	return h
}

func newTeamClient(t *testing.T, host string) *Client {
	t.Helper()
	tr, err := transport.New(transport.Config{Host: host, Token: "gitpod_pat_test", Timeout: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	a := &teamAdapter{host: tr.Host(), teams: gitpodv1connect.NewTeamServiceClient(tr.HTTPClient(), tr.BaseURL("/api"), tr.ClientOptions()...)}
	// No cache: only reads in flight together are shared.
	return NewClient(a, Options{CacheTTL: -1})
}

// waitForWaiters spins until n readers wait on the team read of id. It
// yields instead of sleeping and gives up after a few seconds.
func waitForWaiters(t *testing.T, c *Client, id string, n int) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		c.teams.mu.Lock()
		got := 0
		for key, f := range c.teams.inflight {
			if key == id+"#"+strconv.FormatUint(c.teams.gen, 10) {
				got = f.waiters
			}
		}
		c.teams.mu.Unlock()
		if got == n {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d readers wait, want %d", got, n)
		}
		runtime.Gosched()
	}
}

// receive waits for a value on ch, failing the test after a few seconds.
func receive[V any](t *testing.T, what string, ch <-chan V) V {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(5 * time.Second):
		t.Fatalf("%s did not happen", what)
		panic("unreachable")
	}
}

// TestConcurrentTeamReadsShareOneCall: many readers of one team make one
// API call and all get its answer.
func TestConcurrentTeamReadsShareOneCall(t *testing.T) {
	t.Parallel()
	const readers = 50
	h := newHeldServer(t)
	c := newTeamClient(t, h.srv.URL)
	var wg sync.WaitGroup
	results := make(chan Team, readers)
	for range readers {
		wg.Go(func() {
			team, err := c.Team(t.Context(), "team-1")
			if err != nil {
				t.Error(err)
			}
			results <- team
		})
	}
	receive(t, "the call", h.arrived)
	waitForWaiters(t, c, "team-1", readers)
	close(h.release)
	wg.Wait()
	close(results)
	for team := range results {
		if team.ID != "team-1" || team.Name != "call 1" {
			t.Errorf("reader got %+v", team)
		}
	}
	if n := h.calls.Load(); n != 1 {
		t.Errorf("%d calls for %d concurrent readers, want 1", n, readers)
	}
}

// TestCanceledReaderReturnsPromptly: a reader whose context ends returns
// at once although the server has not answered, and the others still get
// the shared answer.
func TestCanceledReaderReturnsPromptly(t *testing.T) {
	t.Parallel()
	h := newHeldServer(t)
	c := newTeamClient(t, h.srv.URL)
	ctx, cancel := context.WithCancel(t.Context())
	impatient := make(chan error, 1)
	go func() { _, err := c.Team(ctx, "team-1"); impatient <- err }()
	patient := make(chan error, 1)
	go func() { _, err := c.Team(t.Context(), "team-1"); patient <- err }()
	receive(t, "the call", h.arrived)
	waitForWaiters(t, c, "team-1", 2)

	start := time.Now()
	cancel()
	err := receive(t, "the canceled reader returning", impatient)
	if d := time.Since(start); d > 100*time.Millisecond {
		t.Errorf("the canceled reader returned after %v, want under 100ms", d)
	}
	if KindOf(err) != KindCanceled || !errors.Is(err, context.Canceled) {
		t.Errorf("canceled reader: %v (kind %v)", err, KindOf(err))
	}
	close(h.release)
	if err := receive(t, "the remaining reader returning", patient); err != nil {
		t.Errorf("the remaining reader: %v", err)
	}
	if n := h.calls.Load(); n != 1 {
		t.Errorf("%d calls", n)
	}
}

// TestSharedCallEndsWhenAllReadersLeave: when the last reader has gone,
// the call itself is canceled (the server sees its request end), and a
// later read makes a new call.
func TestSharedCallEndsWhenAllReadersLeave(t *testing.T) {
	t.Parallel()
	const readers = 3
	h := newHeldServer(t)
	c := newTeamClient(t, h.srv.URL)
	ctx, cancel := context.WithCancel(t.Context())
	errs := make(chan error, readers)
	for range readers {
		go func() { _, err := c.Team(ctx, "team-1"); errs <- err }()
	}
	receive(t, "the call", h.arrived)
	waitForWaiters(t, c, "team-1", readers)
	start := time.Now()
	cancel()
	for range readers {
		if err := receive(t, "a reader returning", errs); KindOf(err) != KindCanceled {
			t.Errorf("reader: %v", err)
		}
	}
	if d := time.Since(start); d > 100*time.Millisecond {
		t.Errorf("readers returned after %v, want under 100ms", d)
	}
	receive(t, "the server seeing the call end", h.gone)

	close(h.release)
	team, err := c.Team(t.Context(), "team-1")
	if err != nil || team.Name != "call 2" {
		t.Errorf("a later read got %+v, %v; want a new call", team, err)
	}
}
