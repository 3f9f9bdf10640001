package transport

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"connectrpc.com/connect"

	gitpodv1 "github.com/gitpod-community/terraform-provider-gitpod/internal/gen/gitpod/v1"
	"github.com/gitpod-community/terraform-provider-gitpod/internal/gen/gitpod/v1/gitpodv1connect"
)

const (
	testToken   = "gitpod_pat_test-token-value"
	getTeamPath = "/api" + gitpodv1connect.TeamServiceGetTeamProcedure
	createPath  = "/api" + gitpodv1connect.TeamServiceCreateTeamProcedure
	teamAnswer  = `{"team":{"id":"team-1","name":"Platform"}}`
)

// quickRetry retries once, with waits short enough for tests.
var quickRetry = RetryPolicy{MaxRetries: 1, MinBackoff: time.Millisecond, MaxBackoff: 5 * time.Second, MaxElapsed: time.Minute}

// newTestTransport builds a Transport for host; edit adjusts the config.
func newTestTransport(t *testing.T, host string, edit func(*Config)) *Transport {
	t.Helper()
	cfg := Config{Host: host, Token: testToken, UserAgent: "transport-test", Timeout: 5 * time.Second, Retry: quickRetry}
	if edit != nil {
		edit(&cfg)
	}
	tr, err := New(cfg)
	if err != nil {
		t.Fatalf("New(%q): %v", host, err)
	}
	return tr
}

// teams is a gitpod.v1 TeamService client over tr.
func teams(tr *Transport) gitpodv1connect.TeamServiceClient {
	return gitpodv1connect.NewTeamServiceClient(tr.HTTPClient(), tr.BaseURL("/api"), tr.ClientOptions()...)
}

func getTeam(ctx context.Context, tr *Transport) (*gitpodv1.Team, error) {
	resp, err := teams(tr).GetTeam(ctx, connect.NewRequest(&gitpodv1.GetTeamRequest{TeamId: "team-1"}))
	if err != nil {
		return nil, err
	}
	return resp.Msg.GetTeam(), nil
}

func createTeam(ctx context.Context, tr *Transport) (*gitpodv1.Team, error) {
	resp, err := teams(tr).CreateTeam(ctx, connect.NewRequest(&gitpodv1.CreateTeamRequest{OrganizationId: "org-1", Name: "Platform"}))
	if err != nil {
		return nil, err
	}
	return resp.Msg.GetTeam(), nil
}

// writeJSON answers like a Connect handler: status and a JSON body.
func writeJSON(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = io.WriteString(w, body)
}

// recorder is a server that counts the requests it sees and the ones
// that carried an Authorization header.
type recorder struct {
	srv      *httptest.Server
	requests atomic.Int64
	withAuth atomic.Int64
}

func newRecorder(t *testing.T) *recorder {
	t.Helper()
	r := &recorder{}
	r.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		r.requests.Add(1)
		if req.Header.Get("Authorization") != "" {
			r.withAuth.Add(1)
		}
		writeJSON(w, http.StatusOK, teamAnswer)
	}))
	t.Cleanup(r.srv.Close)
	return r
}

// stallListener accepts connections, reads whatever arrives and never
// answers. It counts the connections.
type stallListener struct {
	ln    net.Listener
	conns atomic.Int64
	wg    sync.WaitGroup
}

func newStallListener(t *testing.T) *stallListener {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &stallListener{ln: ln}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			s.conns.Add(1)
			s.wg.Add(1)
			go func() {
				defer s.wg.Done()
				_, _ = io.Copy(io.Discard, c) // until the client hangs up
				_ = c.Close()
			}()
		}
	}()
	t.Cleanup(func() {
		_ = ln.Close()
		s.wg.Wait()
	})
	return s
}

func (s *stallListener) URL() string { return "http://" + s.ln.Addr().String() }

// refusedURL returns an http URL on a loopback port where nothing listens.
func refusedURL(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	if err := ln.Close(); err != nil {
		t.Fatal(err)
	}
	return "http://" + addr
}

// within fails the test if d is longer than limit: a loose upper bound.
func within(t *testing.T, what string, d, limit time.Duration) {
	t.Helper()
	if d > limit {
		t.Errorf("%s took %v, want under %v", what, d, limit)
	}
}

func mustContain(t *testing.T, what, s string, subs ...string) {
	t.Helper()
	for _, sub := range subs {
		if !strings.Contains(s, sub) {
			t.Errorf("%s = %q, want it to contain %q", what, s, sub)
		}
	}
}
