package gitpod_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/gitpod-community/terraform-provider-gitpod/internal/gitpod"
	"github.com/gitpod-community/terraform-provider-gitpod/internal/gitpod/classic"
	v1 "github.com/gitpod-community/terraform-provider-gitpod/internal/gitpod/v1"
	"github.com/gitpod-community/terraform-provider-gitpod/internal/transport"
)

// quick is a retry policy fast enough for tests: one retry, short waits,
// and a server delay over a second ends the retries.
var quick = transport.RetryPolicy{MaxRetries: 1, MinBackoff: time.Millisecond, MaxBackoff: time.Second, MaxElapsed: time.Minute}

func newClient(t *testing.T, host string, edit func(*transport.Config)) *gitpod.Client {
	t.Helper()
	cfg := transport.Config{Host: host, Token: "gitpod_pat_messages-test", Timeout: 5 * time.Second, Retry: quick}
	if edit != nil {
		edit(&cfg)
	}
	tr, err := transport.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return gitpod.NewClient(v1.New(tr), gitpod.Options{CacheTTL: -1})
}

// noProxy sends requests directly, whatever the environment says, so that
// the name lookup is this machine's.
func noProxy(c *transport.Config) { c.RoundTripper = &http.Transport{} }

func serve(t *testing.T, h http.HandlerFunc) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

func answer(status int, body string, kv ...string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		for i := 0; i < len(kv); i += 2 {
			w.Header().Set(kv[i], kv[i+1])
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = io.WriteString(w, body)
	}
}

func refusedHost(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	host := "http://" + ln.Addr().String()
	if err := ln.Close(); err != nil {
		t.Fatal(err)
	}
	return host
}

// stalled accepts connections and never answers.
func stalled(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	wg.Go(func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			wg.Go(func() { _, _ = io.Copy(io.Discard, c); _ = c.Close() })
		}
	})
	t.Cleanup(func() { _ = ln.Close(); wg.Wait() })
	return "http://" + ln.Addr().String()
}

// asError is the *gitpod.Error in err.
func asError(t *testing.T, err error) *gitpod.Error {
	t.Helper()
	var ge *gitpod.Error
	if !errors.As(err, &ge) {
		t.Fatalf("%v (%T) is not a *gitpod.Error", err, err)
	}
	return ge
}

// checkClean fails if s has characters that could draw on a terminal.
func checkClean(t *testing.T, what, s string) {
	t.Helper()
	if !utf8.ValidString(s) {
		t.Errorf("%s %q is not valid UTF-8", what, s)
	}
	for _, r := range s {
		if unicode.In(r, unicode.Cc, unicode.Cf, unicode.Zl, unicode.Zp) {
			t.Errorf("%s %q contains %U", what, s, r)
			return
		}
	}
}

// TestFailureMessages: every class of failure reaches the user as an
// error of its own kind that names the host and gives advice that fits.
func TestFailureMessages(t *testing.T) {
	t.Parallel()
	untrusted := httptest.NewUnstartedServer(answer(http.StatusOK, `{"team":{"id":"t","name":"n"}}`))
	untrusted.Config.ErrorLog = log.New(io.Discard, "", 0)
	untrusted.StartTLS()
	t.Cleanup(untrusted.Close)
	plain := serve(t, answer(http.StatusOK, `{"team":{"id":"t","name":"n"}}`))

	type check struct {
		kind      gitpod.Kind
		what      []string // in What(), besides the host
		advice    []string // in Advice()
		notAdvice []string // not in Advice()
	}
	noTimeout := []string{"request_timeout"}
	for _, tc := range []struct {
		name string
		host func(t *testing.T) string
		edit func(*transport.Config)
		want check
	}{
		{"connection refused", refusedHost, nil,
			check{gitpod.KindRefused, []string{"refused"}, []string{"host", "port", "running"}, noTimeout}},
		{"unknown host", func(*testing.T) string { return "https://gitpod-provider-test.invalid" }, noProxy,
			check{gitpod.KindDNS, []string{"could not be resolved"}, []string{"host", "DNS"}, noTimeout}},
		{"untrusted certificate", func(*testing.T) string { return untrusted.URL }, nil,
			check{gitpod.KindTLS, []string{"TLS"}, []string{"certificate"}, noTimeout}},
		{"https to a plain http server", func(*testing.T) string { return strings.Replace(plain.URL, "http:", "https:", 1) }, nil,
			check{gitpod.KindTLS, []string{"TLS"}, []string{"HTTPS"}, noTimeout}},
		{"404 without a Connect body", func(t *testing.T) string { return serve(t, http.NotFound).URL }, nil,
			check{gitpod.KindWrongPath, []string{"TeamService/GetTeam"}, []string{"host", "api", "v1", "classic"}, noTimeout}},
		{"Connect unimplemented", func(t *testing.T) string {
			return serve(t, answer(http.StatusNotFound, `{"code":"unimplemented","message":"no such method"}`)).URL
		}, nil, check{gitpod.KindWrongPath, []string{"TeamService/GetTeam"}, []string{"host", "api"}, noTimeout}},
		{"unauthenticated", func(t *testing.T) string {
			return serve(t, answer(http.StatusUnauthorized, `{"code":"unauthenticated","message":"invalid token"}`)).URL
		}, nil, check{gitpod.KindUnauthenticated, []string{"token"}, []string{"token", "GITPOD_TOKEN"}, noTimeout}},
		{"permission denied", func(t *testing.T) string {
			return serve(t, answer(http.StatusForbidden, `{"code":"permission_denied","message":"not an owner"}`)).URL
		}, nil, check{gitpod.KindPermissionDenied, []string{"permission"}, []string{"owner"}, noTimeout}},
		{"rate limited", func(t *testing.T) string {
			return serve(t, answer(http.StatusTooManyRequests, `{"code":"resource_exhausted","message":"slow down"}`, "Retry-After", "30")).URL
		}, nil, check{gitpod.KindRateLimited, []string{"rate limiting"}, []string{"The server asked to wait 30s", "retry_max_backoff"}, noTimeout}},
		{"stalled server", stalled, func(c *transport.Config) { c.Timeout = 200 * time.Millisecond },
			check{gitpod.KindTimeout, []string{"request_timeout (200ms) in 2 attempts"}, []string{"request_timeout", "reachable"}, nil}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			host := tc.host(t)
			c := newClient(t, host, tc.edit)
			start := time.Now()
			_, err := c.Team(t.Context(), "team-1")
			if d := time.Since(start); tc.want.kind == gitpod.KindTimeout && d > 2*200*time.Millisecond+1500*time.Millisecond {
				t.Errorf("the stalled call took %v, want about 2 × 200ms", d)
			}
			ge := asError(t, err)
			if ge.Kind != tc.want.kind {
				t.Fatalf("kind %v, want %v: %v", ge.Kind, tc.want.kind, err)
			}
			what, advice := ge.What(), ge.Advice()
			t.Logf("Error: %s\nAdvice: %s", err, advice)
			mustHave(t, "What()", what, append([]string{c.Host()}, tc.want.what...)...)
			mustHave(t, "Advice()", advice, tc.want.advice...)
			for _, s := range tc.want.notAdvice {
				if strings.Contains(advice, s) {
					t.Errorf("Advice() %q mentions %q", advice, s)
				}
			}
			mustHave(t, "Error()", err.Error(), "read team team-1", c.Host())
			checkClean(t, "Error()", err.Error())
		})
	}
}

func mustHave(t *testing.T, what, s string, subs ...string) {
	t.Helper()
	for _, sub := range subs {
		if !strings.Contains(s, sub) {
			t.Errorf("%s = %q, want it to contain %q", what, s, sub)
		}
	}
}

// TestCanceledMidCall: an interrupt while the call is on the wire is
// reported as an interruption of the call to the host, never as an answer.
func TestCanceledMidCall(t *testing.T) {
	t.Parallel()
	arrived := make(chan struct{}, 1)
	srv := serve(t, func(_ http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		arrived <- struct{}{}
		<-r.Context().Done()
	})
	c := newClient(t, srv.URL, nil)
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() { _, err := c.Team(ctx, "team-1"); done <- err }()
	<-arrived
	cancel()
	ge := asError(t, <-done)
	if ge.Kind != gitpod.KindCanceled {
		t.Fatalf("kind %v: %v", ge.Kind, ge)
	}
	for name, s := range map[string]string{"What()": ge.What(), "Error()": ge.Error()} {
		if strings.Contains(s, "answered") || strings.Contains(s, "canceled:") {
			t.Errorf("%s = %q reads like a server answer", name, s)
		}
		mustHave(t, name, s, "interrupted", c.Host())
	}
	if strings.Contains(ge.Advice(), "request_timeout") {
		t.Errorf("Advice() %q", ge.Advice())
	}
}

// TestCanceledAnswerIsNotAnInterrupt: a server that itself answers
// "canceled" did not see the user interrupt anything.
func TestCanceledAnswerIsNotAnInterrupt(t *testing.T) {
	t.Parallel()
	srv := serve(t, answer(499, `{"code":"canceled","message":"shutting down"}`))
	_, err := newClient(t, srv.URL, nil).Team(t.Context(), "team-1")
	ge := asError(t, err)
	if ge.Kind == gitpod.KindCanceled || strings.Contains(ge.What(), "interrupted") {
		t.Errorf("a server's canceled answer reads as a user interrupt: %v", ge)
	}
}

// TestRedirectMessage: a refused redirect names the target and tells the
// user to set host.
func TestRedirectMessage(t *testing.T) {
	t.Parallel()
	other := serve(t, answer(http.StatusOK, `{"team":{"id":"t","name":"n"}}`))
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, other.URL+r.URL.Path, http.StatusTemporaryRedirect)
	})
	c := newClient(t, srv.URL, nil)
	_, err := c.Team(t.Context(), "team-1")
	ge := asError(t, err)
	if ge.Kind != gitpod.KindRedirect {
		t.Fatalf("kind %v: %v", ge.Kind, err)
	}
	mustHave(t, "Error()", err.Error(), other.URL, "set the provider's host to "+other.URL, c.Host())
	mustHave(t, "Advice()", ge.Advice(), "host")
}

// TestTooLargeMessage: an answer over the limit names the limit.
func TestTooLargeMessage(t *testing.T) {
	t.Parallel()
	srv := serve(t, answer(http.StatusOK, `{"team":{"id":"t","name":"`+strings.Repeat("x", 4096)+`"}}`))
	c := newClient(t, srv.URL, func(c *transport.Config) { c.MaxAnswerBytes = 1024 })
	_, err := c.Team(t.Context(), "team-1")
	ge := asError(t, err)
	if ge.Kind != gitpod.KindTooLarge {
		t.Fatalf("kind %v: %v", ge.Kind, err)
	}
	mustHave(t, "Error()", err.Error(), "1024 bytes", c.Host())
}

// TestServerTextIsEscapedInErrors: control characters and bidi overrides
// from a server never reach the terminal through any part of an error.
func TestServerTextIsEscapedInErrors(t *testing.T) {
	t.Parallel()
	evil := "\x1b[2J\x1b[1;31mALL GOOD\x1b[0m\r\u202eexe.\u2066\u200b\x07\u009b\x00 done"
	msg, err := json.Marshal(evil)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		status int
		code   string
	}{
		{http.StatusForbidden, "permission_denied"},
		{http.StatusBadRequest, "invalid_argument"},
		{http.StatusInternalServerError, "internal"},
		{http.StatusNotFound, "not_found"},
		{http.StatusConflict, "already_exists"},
		{http.StatusTooManyRequests, "resource_exhausted"},
		{http.StatusUnauthorized, "unauthenticated"},
		{http.StatusInternalServerError, "unknown"},
		{http.StatusNotFound, "unimplemented"},
		{http.StatusServiceUnavailable, "unavailable"},
		{http.StatusBadRequest, "failed_precondition"},
	} {
		t.Run(tc.code, func(t *testing.T) {
			t.Parallel()
			srv := serve(t, answer(tc.status, fmt.Sprintf(`{"code":%q,"message":%s}`, tc.code, msg)))
			_, err := newClient(t, srv.URL, func(c *transport.Config) { c.Retry.MaxRetries = 0 }).Team(t.Context(), "team-1")
			ge := asError(t, err)
			for name, s := range map[string]string{"Error()": ge.Error(), "What()": ge.What(), "Message": ge.Message, "Advice()": ge.Advice()} {
				checkClean(t, name, s)
			}
			mustHave(t, "Message", ge.Message, "ALL GOOD", "done")
		})
	}
	t.Run("content type", func(t *testing.T) {
		t.Parallel()
		srv := serve(t, func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "text/html\u202e\u0085")
			w.WriteHeader(http.StatusBadGateway)
		})
		_, err := newClient(t, srv.URL, func(c *transport.Config) { c.Retry.MaxRetries = 0 }).Team(t.Context(), "team-1")
		ge := asError(t, err)
		for name, s := range map[string]string{"Error()": ge.Error(), "What()": ge.What(), "Message": ge.Message} {
			checkClean(t, name, s)
		}
	})
	t.Run("wrapped directly", func(t *testing.T) {
		t.Parallel()
		ge := asError(t, gitpod.Wrap(errors.New(evil), "read", "team x"))
		for name, s := range map[string]string{"Error()": ge.Error(), "What()": ge.What(), "Message": ge.Message} {
			checkClean(t, name, s)
		}
	})
}

// TestEmptyAnswerIsBadAnswer: "{}" where an object is due is an error
// through the Client too, never a team without an id.
func TestEmptyAnswerIsBadAnswer(t *testing.T) {
	t.Parallel()
	srv := serve(t, answer(http.StatusOK, `{}`))
	for name, c := range map[string]*gitpod.Client{
		"v1":      newClient(t, srv.URL, nil),
		"classic": classicClient(t, srv.URL),
	} {
		team, err := c.Team(t.Context(), "team-1")
		ge := asError(t, err)
		if ge.Kind != gitpod.KindBadAnswer || team.ID != "" {
			t.Errorf("%s: %+v, %v", name, team, err)
		}
		mustHave(t, name+" Error()", err.Error(), "team id", c.Host())
		mustHave(t, name+" Advice()", ge.Advice(), "host")
	}
}

func classicClient(t *testing.T, host string) *gitpod.Client {
	t.Helper()
	tr, err := transport.New(transport.Config{Host: host, Token: "gitpod_pat_messages-test", Timeout: 5 * time.Second, Retry: quick})
	if err != nil {
		t.Fatal(err)
	}
	return gitpod.NewClient(classic.New(tr), gitpod.Options{CacheTTL: -1})
}

// TestBadTokenIsRefusedBeforeSending: a token with a trailing newline is
// refused with a message about the token, not a network failure.
func TestBadTokenIsRefusedBeforeSending(t *testing.T) {
	t.Parallel()
	_, err := transport.New(transport.Config{Host: "https://app.gitpod.io", Token: "gitpod_pat_x\n"})
	if err == nil {
		t.Fatal("a token with a newline was accepted")
	}
	mustHave(t, "error", err.Error(), "white space", "trailing newline")
	if strings.Contains(err.Error(), "answer") {
		t.Errorf("error %q", err)
	}
}
