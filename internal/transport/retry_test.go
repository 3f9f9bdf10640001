package transport

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"connectrpc.com/connect"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/durationpb"
	"google.golang.org/protobuf/types/known/emptypb"
)

var epoch = time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)

func TestSafeToRepeat(t *testing.T) {
	t.Parallel()
	cases := map[string]bool{
		"/gitpod.v1.TeamService/GetTeam":                                        true,
		"/gitpod.v1.TeamService/ListTeams":                                      true,
		"/gitpod.v1.TeamService/DeleteTeam":                                     true,
		"/gitpod.v1.TeamService/RemoveTeamMember":                               true,
		"/gitpod.v1.TeamService/UpdateTeam":                                     true,
		"/gitpod.experimental.v1.TeamsService/UpdateTeamMember":                 true,
		"/gitpod.v1.UserService/SetPreference":                                  true,
		"/gitpod.v1.EnvironmentService/StopEnvironment":                         true,
		"/gitpod.experimental.v1.TokensService/RegeneratePersonalAccessToken":   true,
		"/gitpod.experimental.v1.TeamsService/ResetTeamInvitation":              true,
		"/gitpod.v1.IdentityService/GetAuthenticatedIdentity":                   true,
		"/gitpod.v1.TeamService/CreateTeam":                                     false,
		"/gitpod.v1.TeamService/AddTeamMember":                                  false,
		"/gitpod.experimental.v1.TeamsService/JoinTeam":                         false,
		"/gitpod.experimental.v1.TokensService/CreatePersonalAccessToken":       false,
		"/gitpod.v1.UserService/CreatePersonalAccessToken":                      false,
		"/gitpod.v1.EnvironmentService/StartEnvironment":                        false,
		"/gitpod.v1.TeamService/getTeam":                                        false,
		"/gitpod.v1.GetService/CreateTeam":                                      false,
		"":                                                                      false,
		"/":                                                                     false,
		"GetTeam":                                                               true,
		"/gitpod.experimental.v1.WorkspacesService/StopWorkspace":               true,
		"/gitpod.experimental.v1.TokensService/UpdatePersonalAccessToken":       true,
		"/gitpod.experimental.v1.TeamsService/DeleteTeamMember":                 true,
		"/gitpod.v1.OrganizationService/ListMembers":                            true,
		"/gitpod.v1.UserService/DeletePersonalAccessToken":                      true,
		"/gitpod.experimental.v1.WorkspacesService/CreateAndStartWorkspace":     false,
		"/gitpod.experimental.v1.TokensService/ListPersonalAccessTokens":        true,
		"/gitpod.v1.TeamService/ListTeamMembers":                                true,
		"/gitpod.v1.EnvironmentService/ListEnvironments":                        true,
		"/gitpod.experimental.v1.UserService/GetAuthenticatedUser":              true,
		"/gitpod.experimental.v1.TeamsService/GetTeamInvitation":                true,
		"/gitpod.experimental.v1.TokensService/GetPersonalAccessToken":          true,
		"/gitpod.experimental.v1.TeamsService/CreateTeam":                       false,
		"/gitpod.experimental.v1.WorkspacesService/GetWorkspace":                true,
		"/gitpod.experimental.v1.WorkspacesService/ListWorkspaces":              true,
		"/gitpod.v1.UserService/GetPersonalAccessToken":                         true,
		"/gitpod.v1.UserService/ListPersonalAccessTokens":                       true,
		"/gitpod.v1.EnvironmentService/GetEnvironment":                          true,
		"/gitpod.v1.UserService/GetAuthenticatedUser":                           true,
		"/gitpod.experimental.v1.TeamsService/ListTeamMembers":                  true,
		"/gitpod.experimental.v1.TeamsService/ListTeams":                        true,
		"/gitpod.experimental.v1.TeamsService/DeleteTeam":                       true,
		"/gitpod.experimental.v1.TeamsService/GetTeam":                          true,
		"/gitpod.experimental.v1.TokensService/DeletePersonalAccessToken":       true,
		"/gitpod.experimental.v1.TokensService/RegeneratePersonalAccessTokenXY": true,
	}
	for p, want := range cases {
		if got := SafeToRepeat(p); got != want {
			t.Errorf("SafeToRepeat(%q) = %v, want %v", p, got, want)
		}
	}
}

func TestRetryable(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		err                    error
		repeatable, onlyRepeat bool // retried for repeatable calls; for the others too
	}{
		{connect.NewWireError(connect.CodeResourceExhausted, errors.New("slow down")), true, true},
		{&HTTPStatusError{Status: http.StatusTooManyRequests}, true, true},
		{fmt.Errorf("dial: %w", syscall.ECONNREFUSED), true, true},
		{connect.NewWireError(connect.CodeUnavailable, errors.New("down")), true, false},
		{&HTTPStatusError{Status: http.StatusServiceUnavailable}, true, false},
		{connect.NewError(connect.CodeUnavailable, io.ErrUnexpectedEOF), true, false},
		{context.DeadlineExceeded, true, false},
		{connect.NewWireError(connect.CodePermissionDenied, errors.New("no")), false, false},
		{connect.NewWireError(connect.CodeNotFound, errors.New("no")), false, false},
		{connect.NewWireError(connect.CodeInternal, errors.New("oops")), false, false},
		{context.Canceled, false, false},
		{&TooLargeError{Limit: 1}, false, false},
		{&BadAnswerError{Procedure: "X", Missing: "id"}, false, false},
		{&RedirectError{}, false, false},
	} {
		if got := Retryable(true, tc.err); got != tc.repeatable {
			t.Errorf("Retryable(true, %v) = %v", tc.err, got)
		}
		if got := Retryable(false, tc.err); got != (tc.repeatable && tc.onlyRepeat) {
			t.Errorf("Retryable(false, %v) = %v", tc.err, got)
		}
	}
}

func TestSecondsDelay(t *testing.T) {
	t.Parallel()
	maxSecs := fmt.Sprint(int64(maxDelay / time.Second))
	for in, want := range map[string]time.Duration{
		"0":                           0,
		"5":                           5 * time.Second,
		"\t7\n":                       7 * time.Second,
		"0007":                        7 * time.Second,
		"120":                         2 * time.Minute,
		maxSecs:                       maxDelay,
		maxSecs + "0":                 maxDelay,
		"10000000000":                 maxDelay,
		"9223372036854775807":         maxDelay,
		"9223372036854775808":         maxDelay,
		"99999999999999999999":        maxDelay,
		strings.Repeat("9", 40):       maxDelay,
		strings.Repeat("0", 39) + "1": time.Second,
	} {
		got, ok := secondsDelay(in)
		if !ok || got != want {
			t.Errorf("secondsDelay(%q) = %v, %v; want %v", in, got, ok, want)
		}
	}
	for _, in := range []string{"", " ", "-5", "+5", "1.5", "5s", "0x10", "1e3", "\u0663", "5 5", strings.Repeat("9", 41), "-0", "∞"} {
		if got, ok := secondsDelay(in); ok {
			t.Errorf("secondsDelay(%q) = %v, want no delay", in, got)
		}
	}
}

func TestRetryAfter(t *testing.T) {
	t.Parallel()
	h := func(kv ...string) http.Header {
		out := http.Header{}
		for i := 0; i < len(kv); i += 2 {
			out.Set(kv[i], kv[i+1])
		}
		return out
	}
	for _, tc := range []struct {
		name string
		h    http.Header
		want time.Duration
		ok   bool
	}{
		{"nil", nil, 0, false},
		{"none", h(), 0, false},
		{"seconds", h("Retry-After", "120"), 2 * time.Minute, true},
		{"zero", h("Retry-After", "0"), 0, true},
		{"date", h("Retry-After", epoch.Add(90*time.Second).Format(http.TimeFormat)), 90 * time.Second, true},
		{"past date", h("Retry-After", epoch.Add(-time.Hour).Format(http.TimeFormat)), 0, true},
		{"far date", h("Retry-After", "Fri, 31 Dec 9999 23:59:59 GMT"), maxDelay, true},
		{"huge seconds", h("Retry-After", "10000000000"), maxDelay, true},
		{"ratelimit", h("RateLimit-RetryAfter", "3"), 3 * time.Second, true},
		{"huge ratelimit", h("RateLimit-RetryAfter", "99999999999999999999"), maxDelay, true},
		{"bad retry-after falls back", h("Retry-After", "soon", "RateLimit-RetryAfter", "4"), 4 * time.Second, true},
		{"retry-after first", h("Retry-After", "1", "RateLimit-RetryAfter", "4"), time.Second, true},
		{"negative", h("Retry-After", "-5"), 0, false},
		{"negative ratelimit", h("RateLimit-RetryAfter", "-5"), 0, false},
		{"fraction", h("Retry-After", "1.5"), 0, false},
		{"ratelimit date is not a date", h("RateLimit-RetryAfter", epoch.Format(http.TimeFormat)), 0, false},
	} {
		got, ok := RetryAfter(tc.h, epoch)
		if got != tc.want || ok != tc.ok {
			t.Errorf("%s: RetryAfter = %v, %v; want %v, %v", tc.name, got, ok, tc.want, tc.ok)
		}
	}
}

// wireError is a server's error answer as the client sees it.
func wireError(code connect.Code, delay *durationpb.Duration, kv ...string) *connect.Error {
	ce := connect.NewWireError(code, errors.New("slow down"))
	if delay != nil {
		d, err := connect.NewErrorDetail(&errdetails.RetryInfo{RetryDelay: delay})
		if err != nil {
			panic(err)
		}
		ce.AddDetail(d)
	}
	for i := 0; i < len(kv); i += 2 {
		ce.Meta().Set(kv[i], kv[i+1])
	}
	return ce
}

func TestServerDelay(t *testing.T) {
	t.Parallel()
	local := connect.NewError(connect.CodeResourceExhausted, errors.New("local"))
	local.Meta().Set("Retry-After", "5")
	for _, tc := range []struct {
		name string
		err  error
		want time.Duration
		ok   bool
	}{
		{"plain error", errors.New("x"), 0, false},
		{"retry info", wireError(connect.CodeResourceExhausted, &durationpb.Duration{Seconds: 2, Nanos: 5e8}), 2500 * time.Millisecond, true},
		{"retry info wins over headers", wireError(connect.CodeResourceExhausted, &durationpb.Duration{Seconds: 2}, "Retry-After", "9"), 2 * time.Second, true},
		{"retry info 10^12 s", wireError(connect.CodeResourceExhausted, &durationpb.Duration{Seconds: 1e12}), maxDelay, true},
		{"retry info max int64", wireError(connect.CodeResourceExhausted, &durationpb.Duration{Seconds: math.MaxInt64, Nanos: math.MaxInt32}), maxDelay, true},
		{"retry info at the cap with nanos", wireError(connect.CodeResourceExhausted, &durationpb.Duration{Seconds: int64(maxDelay / time.Second), Nanos: math.MaxInt32}), maxDelay, true},
		{"retry info negative", wireError(connect.CodeResourceExhausted, &durationpb.Duration{Seconds: -5}), 0, true},
		{"retry info negative nanos", wireError(connect.CodeResourceExhausted, &durationpb.Duration{Nanos: -1}), 0, true},
		{"retry info min int64", wireError(connect.CodeResourceExhausted, &durationpb.Duration{Seconds: math.MinInt64}), 0, true},
		{"header", wireError(connect.CodeUnavailable, nil, "Retry-After", "7"), 7 * time.Second, true},
		{"ratelimit header", wireError(connect.CodeUnavailable, nil, "RateLimit-RetryAfter", "8"), 8 * time.Second, true},
		{"no delay", wireError(connect.CodeUnavailable, nil), 0, false},
		{"local error headers are not the server's", local, 0, false},
		{"http status", &HTTPStatusError{Status: 429, Header: http.Header{"Retry-After": {"6"}}}, 6 * time.Second, true},
		{"wrapped", &CallError{Err: wireError(connect.CodeResourceExhausted, nil, "Retry-After", "3")}, 3 * time.Second, true},
	} {
		got, ok := ServerDelay(tc.err, epoch)
		if got != tc.want || ok != tc.ok {
			t.Errorf("%s: ServerDelay = %v, %v; want %v, %v", tc.name, got, ok, tc.want, tc.ok)
		}
	}
}

func TestBackoff(t *testing.T) {
	t.Parallel()
	p := RetryPolicy{MinBackoff: 250 * time.Millisecond, MaxBackoff: 10 * time.Second}
	zero := func() float64 { return 0 }
	top := func() float64 { return 0.9999999 }
	for _, tc := range []struct {
		p       RetryPolicy
		attempt int
		lo, hi  time.Duration
	}{
		{p, 1, 125 * time.Millisecond, 250 * time.Millisecond},
		{p, 2, 250 * time.Millisecond, 500 * time.Millisecond},
		{p, 3, 500 * time.Millisecond, time.Second},
		{p, 6, 4 * time.Second, 8 * time.Second},
		{p, 7, 5 * time.Second, 10 * time.Second},
		{p, 1000, 5 * time.Second, 10 * time.Second},
		{p, math.MaxInt, 5 * time.Second, 10 * time.Second},
		{p, 0, 125 * time.Millisecond, 250 * time.Millisecond},
		{p, -3, 125 * time.Millisecond, 250 * time.Millisecond},
		{RetryPolicy{MinBackoff: 0, MaxBackoff: time.Second}, math.MaxInt, 500 * time.Millisecond, time.Second},
		{RetryPolicy{MinBackoff: -time.Second, MaxBackoff: time.Second}, 3, 500 * time.Millisecond, time.Second},
		{RetryPolicy{MinBackoff: time.Hour, MaxBackoff: math.MaxInt64}, math.MaxInt, 0, math.MaxInt64},
		{RetryPolicy{MinBackoff: 3 * time.Second, MaxBackoff: time.Second}, 1, 500 * time.Millisecond, time.Second},
	} {
		for _, rnd := range []func() float64{zero, top} {
			got := tc.p.Backoff(tc.attempt, rnd)
			if got < tc.lo || got > tc.hi {
				t.Errorf("%+v.Backoff(%d) = %v, want in [%v, %v]", tc.p, tc.attempt, got, tc.lo, tc.hi)
			}
		}
	}
	if got := p.Backoff(1, zero); got != 125*time.Millisecond {
		t.Errorf("Backoff(1) with no jitter = %v", got)
	}
}

func TestNext(t *testing.T) {
	t.Parallel()
	p := RetryPolicy{MaxRetries: 3, MinBackoff: 100 * time.Millisecond, MaxBackoff: 10 * time.Second, MaxElapsed: time.Minute}
	half := func() float64 { return 0.5 }
	unavailable := wireError(connect.CodeUnavailable, nil)
	limited := func(kv ...string) error { return wireError(connect.CodeResourceExhausted, nil, kv...) }
	for _, tc := range []struct {
		name       string
		p          RetryPolicy
		repeatable bool
		attempt    int
		err        error
		elapsed    time.Duration
		want       Decision
		why        string
	}{
		{"not retryable", p, true, 1, wireError(connect.CodePermissionDenied, nil), 0, Decision{}, ""},
		{"not repeatable", p, false, 1, unavailable, 0, Decision{}, ""},
		{"backoff", p, true, 1, unavailable, 0, Decision{Retry: true, Wait: 75 * time.Millisecond}, ""},
		{"exhausted", p, true, 4, unavailable, 0, Decision{}, "retries exhausted"},
		{"no retries", RetryPolicy{MaxBackoff: time.Second}, true, 1, unavailable, 0, Decision{}, "retries exhausted"},
		{"server delay", p, false, 1, limited("Retry-After", "3"), 0, Decision{Retry: true, Wait: 3 * time.Second}, ""},
		{"server delay zero", p, false, 1, limited("Retry-After", "0"), 0, Decision{Retry: true, Wait: 75 * time.Millisecond / 4}, ""},
		{"server delay at the cap", p, false, 1, limited("Retry-After", "10"), 0, Decision{Retry: true, Wait: 10 * time.Second}, ""},
		{"server delay too long", p, false, 1, limited("Retry-After", "11"), 0, Decision{}, "the server asked to wait 11s, longer than retry_max_backoff (10s)"},
		{"server delay absurd", p, false, 1, limited("Retry-After", "10000000000"), 0, Decision{}, "the server asked to wait at least 876000h0m0s"},
		{"ratelimit absurd", p, false, 1, limited("RateLimit-RetryAfter", "99999999999999999999"), 0, Decision{}, "at least 876000h0m0s"},
		{"retry info absurd", p, false, 1, wireError(connect.CodeResourceExhausted, &durationpb.Duration{Seconds: 1e12}), 0, Decision{}, "at least 876000h0m0s"},
		{"negative delay ignored", p, false, 1, limited("Retry-After", "-10"), 0, Decision{Retry: true, Wait: 75 * time.Millisecond}, ""},
		{"time used up", p, true, 1, unavailable, time.Minute - time.Millisecond, Decision{}, "used up"},
		{"time over", p, true, 1, unavailable, 2 * time.Minute, Decision{}, "used up"},
		{"no overflow", RetryPolicy{MaxRetries: 3, MinBackoff: time.Hour, MaxBackoff: math.MaxInt64, MaxElapsed: math.MaxInt64}, true, 3, unavailable, math.MaxInt64 - time.Hour, Decision{}, "used up"},
		{"no time cap", RetryPolicy{MaxRetries: 3, MinBackoff: 100 * time.Millisecond, MaxBackoff: time.Second}, true, 1, unavailable, 1000 * time.Hour, Decision{Retry: true, Wait: 75 * time.Millisecond}, ""},
	} {
		got := tc.p.Next(tc.repeatable, tc.attempt, tc.err, tc.elapsed, epoch, half)
		if got.Retry != tc.want.Retry || got.Wait != tc.want.Wait || !strings.Contains(got.Why, tc.why) || (tc.why == "" && got.Why != "") {
			t.Errorf("%s: Next = %+v, want %+v with Why containing %q", tc.name, got, tc.want, tc.why)
		}
		if got.Wait < 0 {
			t.Errorf("%s: negative wait %v", tc.name, got.Wait)
		}
	}
}

// ---- the retry loop against servers ----

// flaky fails the first attempt of every procedure with fail and answers
// "{}" after; it counts attempts per procedure and records when the first
// failure was sent and how early each retry came.
type flaky struct {
	srv   *httptest.Server
	delay time.Duration // the wait the failure asks for

	mu       sync.Mutex
	attempts map[string]int
	failedAt map[string]time.Time
	early    int
}

func newFlaky(t *testing.T, delay time.Duration, fail func(w http.ResponseWriter, r *http.Request)) *flaky {
	t.Helper()
	f := &flaky{delay: delay, attempts: map[string]int{}, failedAt: map[string]time.Time{}}
	f.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		now := time.Now()
		f.mu.Lock()
		f.attempts[r.URL.Path]++
		n := f.attempts[r.URL.Path]
		if n == 1 {
			f.failedAt[r.URL.Path] = now
		} else if now.Sub(f.failedAt[r.URL.Path]) < f.delay {
			f.early++
		}
		f.mu.Unlock()
		if n == 1 {
			fail(w, r)
			return
		}
		writeJSON(w, http.StatusOK, "{}")
	}))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *flaky) count(procedure string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.attempts[procedure]
}

// call makes a unary call of any procedure through tr.
func call(ctx context.Context, tr *Transport, procedure string) error {
	c := connect.NewClient[emptypb.Empty, emptypb.Empty](tr.HTTPClient(), tr.BaseURL("")+procedure, tr.ClientOptions()...)
	_, err := c.CallUnary(ctx, connect.NewRequest(&emptypb.Empty{}))
	return err
}

func dropConnection(w http.ResponseWriter, _ *http.Request) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err == nil {
		_ = conn.Close()
	}
}

var procedures = map[string]bool{ // procedure: safe to repeat
	"/gitpod.v1.TeamService/GetTeam":                                      true,
	"/gitpod.v1.TeamService/ListTeams":                                    true,
	"/gitpod.v1.TeamService/DeleteTeam":                                   true,
	"/gitpod.v1.TeamService/RemoveTeamMember":                             true,
	"/gitpod.v1.TeamService/UpdateTeam":                                   true,
	"/gitpod.v1.UserService/SetPreference":                                true,
	"/gitpod.v1.EnvironmentService/StopEnvironment":                       true,
	"/gitpod.experimental.v1.TokensService/RegeneratePersonalAccessToken": true,
	"/gitpod.experimental.v1.TeamsService/ResetTeamInvitation":            true,
	"/gitpod.v1.TeamService/CreateTeam":                                   false,
	"/gitpod.v1.TeamService/AddTeamMember":                                false,
	"/gitpod.experimental.v1.TeamsService/JoinTeam":                       false,
	"/gitpod.v1.UserService/CreatePersonalAccessToken":                    false,
}

// TestDroppedConnectionRepeatsOnlySafeCalls: a connection dropped after the
// request arrived is retried for reads and state-setting writes, never for
// creates, adds and joins (which may have been processed).
func TestDroppedConnectionRepeatsOnlySafeCalls(t *testing.T) {
	t.Parallel()
	f := newFlaky(t, 0, dropConnection)
	tr := newTestTransport(t, f.srv.URL, nil)
	for p, safe := range procedures {
		err := call(t.Context(), tr, p)
		want := 1
		if safe {
			want = 2
			if err != nil {
				t.Errorf("%s: %v", p, err)
			}
		} else {
			if ClassOf(err) != ClassNetwork {
				t.Errorf("%s: class %v, want %v (%v)", p, ClassOf(err), ClassNetwork, err)
			}
			if !MayHaveBeenProcessed(err) {
				t.Errorf("%s: a dropped create is reported as surely not processed", p)
			}
		}
		if got := f.count(p); got != want {
			t.Errorf("%s: %d attempts, want %d", p, got, want)
		}
	}
}

// TestRateLimitedIsRetriedForAll: 429 means the server did nothing, so
// every call is retried, creates included.
func TestRateLimitedIsRetriedForAll(t *testing.T) {
	t.Parallel()
	for name, fail := range map[string]func(http.ResponseWriter, *http.Request){
		"connect": func(w http.ResponseWriter, _ *http.Request) {
			writeJSON(w, http.StatusTooManyRequests, `{"code":"resource_exhausted","message":"slow down"}`)
		},
		"http": func(w http.ResponseWriter, _ *http.Request) {
			http.Error(w, "slow down", http.StatusTooManyRequests)
		},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			f := newFlaky(t, 0, fail)
			tr := newTestTransport(t, f.srv.URL, nil)
			for p := range procedures {
				if err := call(t.Context(), tr, p); err != nil {
					t.Errorf("%s: %v", p, err)
				}
				if got := f.count(p); got != 2 {
					t.Errorf("%s: %d attempts, want 2", p, got)
				}
			}
		})
	}
}

func retryInfoBody(d time.Duration) string {
	b, err := proto.Marshal(&errdetails.RetryInfo{RetryDelay: durationpb.New(d)})
	if err != nil {
		panic(err)
	}
	return fmt.Sprintf(`{"code":"resource_exhausted","message":"slow down","details":[{"type":"google.rpc.RetryInfo","value":%q}]}`, base64.RawStdEncoding.EncodeToString(b))
}

// TestServerDelayIsHonoured: a retry never comes before the wait the
// server asked for, however it asked.
func TestServerDelayIsHonoured(t *testing.T) {
	t.Parallel()
	for name, tc := range map[string]struct {
		delay time.Duration
		fail  func(http.ResponseWriter, *http.Request)
	}{
		"Retry-After": {time.Second, func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Retry-After", "1")
			writeJSON(w, http.StatusTooManyRequests, `{"code":"resource_exhausted","message":"slow down"}`)
		}},
		"Retry-After on a plain 429": {time.Second, func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Retry-After", "1")
			http.Error(w, "slow down", http.StatusTooManyRequests)
		}},
		"Retry-After on 503": {time.Second, func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Retry-After", "1")
			writeJSON(w, http.StatusServiceUnavailable, `{"code":"unavailable","message":"busy"}`)
		}},
		"RateLimit-RetryAfter": {time.Second, func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("RateLimit-RetryAfter", "1")
			writeJSON(w, http.StatusTooManyRequests, `{"code":"resource_exhausted","message":"slow down"}`)
		}},
		"RetryInfo": {300 * time.Millisecond, func(w http.ResponseWriter, _ *http.Request) {
			writeJSON(w, http.StatusTooManyRequests, retryInfoBody(300*time.Millisecond))
		}},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			f := newFlaky(t, tc.delay, tc.fail)
			tr := newTestTransport(t, f.srv.URL, nil)
			if _, err := getTeam(t.Context(), tr); err != nil {
				t.Fatal(err)
			}
			if n := f.count(getTeamPath); n != 2 {
				t.Errorf("%d attempts, want 2", n)
			}
			f.mu.Lock()
			defer f.mu.Unlock()
			if f.early != 0 {
				t.Errorf("%d retries came before the %v the server asked for", f.early, tc.delay)
			}
		})
	}
}

// TestTooLongServerDelayEndsRetries: a wait longer than MaxBackoff is not
// made; the error says how long the server asked for.
func TestTooLongServerDelayEndsRetries(t *testing.T) {
	t.Parallel()
	limited := `{"code":"resource_exhausted","message":"slow down"}`
	for name, tc := range map[string]struct {
		want string
		fail func(http.ResponseWriter, *http.Request)
	}{
		"Retry-After 10^10": {"at least 876000h0m0s", func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Retry-After", "10000000000")
			writeJSON(w, http.StatusTooManyRequests, limited)
		}},
		"Retry-After date": {"at least 876000h0m0s", func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Retry-After", "Fri, 31 Dec 9999 23:59:59 GMT")
			writeJSON(w, http.StatusTooManyRequests, limited)
		}},
		"Retry-After 60": {"1m0s", func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Retry-After", "60")
			http.Error(w, "slow down", http.StatusTooManyRequests)
		}},
		"RateLimit-RetryAfter 10^20": {"at least 876000h0m0s", func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("RateLimit-RetryAfter", "99999999999999999999")
			writeJSON(w, http.StatusTooManyRequests, limited)
		}},
		"RetryInfo 10^12 s": {"at least 876000h0m0s", func(w http.ResponseWriter, _ *http.Request) {
			writeJSON(w, http.StatusTooManyRequests, retryInfoSeconds(1e12))
		}},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			f := newFlaky(t, 0, tc.fail)
			tr := newTestTransport(t, f.srv.URL, nil)
			start := time.Now()
			_, err := createTeam(t.Context(), tr)
			within(t, "giving up", time.Since(start), 5*time.Second)
			var ce *CallError
			if !errors.As(err, &ce) {
				t.Fatalf("%v is not a CallError", err)
			}
			mustContain(t, "GaveUp", ce.GaveUp, "the server asked to wait "+tc.want, "retry_max_backoff")
			if ce.Attempts != 1 || f.count(createPath) != 1 {
				t.Errorf("%d attempts (server saw %d), want 1", ce.Attempts, f.count(createPath))
			}
			if d, ok := ServerDelay(err, time.Now()); !ok || d < time.Minute {
				t.Errorf("ServerDelay = %v, %v; the error does not carry the requested delay", d, ok)
			}
		})
	}
}

func retryInfoSeconds(secs int64) string {
	b, err := proto.Marshal(&errdetails.RetryInfo{RetryDelay: &durationpb.Duration{Seconds: secs}})
	if err != nil {
		panic(err)
	}
	return fmt.Sprintf(`{"code":"resource_exhausted","message":"slow down","details":[{"type":"google.rpc.RetryInfo","value":%q}]}`, base64.RawStdEncoding.EncodeToString(b))
}

// TestNegativeServerDelayIsIgnored: negative delays neither stop retries
// nor make a negative wait.
func TestNegativeServerDelayIsIgnored(t *testing.T) {
	t.Parallel()
	for name, fail := range map[string]func(http.ResponseWriter, *http.Request){
		"Retry-After": func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Retry-After", "-5")
			writeJSON(w, http.StatusTooManyRequests, `{"code":"resource_exhausted","message":"slow down"}`)
		},
		"RateLimit-RetryAfter": func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("RateLimit-RetryAfter", "-99999999999999999999")
			writeJSON(w, http.StatusTooManyRequests, `{"code":"resource_exhausted","message":"slow down"}`)
		},
		"RetryInfo": func(w http.ResponseWriter, _ *http.Request) {
			writeJSON(w, http.StatusTooManyRequests, retryInfoSeconds(-1e12))
		},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			f := newFlaky(t, 0, fail)
			if _, err := createTeam(t.Context(), newTestTransport(t, f.srv.URL, nil)); err != nil {
				t.Fatal(err)
			}
			if n := f.count(createPath); n != 2 {
				t.Errorf("%d attempts, want 2", n)
			}
		})
	}
}

// TestStalledServerFailsInTime: a server that accepts and never answers
// fails the call after about request_timeout × attempts, naming the host.
func TestStalledServerFailsInTime(t *testing.T) {
	t.Parallel()
	const timeout = 200 * time.Millisecond
	for _, tc := range []struct {
		name     string
		call     func(context.Context, *Transport) (any, error)
		attempts int
	}{
		{"read", func(ctx context.Context, tr *Transport) (any, error) { return getTeam(ctx, tr) }, 2},
		{"create", func(ctx context.Context, tr *Transport) (any, error) { return createTeam(ctx, tr) }, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := newStallListener(t)
			tr := newTestTransport(t, s.URL(), func(c *Config) { c.Timeout = timeout })
			start := time.Now()
			_, err := tc.call(t.Context(), tr)
			elapsed := time.Since(start)
			t.Logf("%s against a stalled server: %v", tc.name, elapsed)
			within(t, "the stalled call", elapsed, time.Duration(tc.attempts)*timeout+time.Second)
			if ClassOf(err) != ClassTimeout {
				t.Fatalf("class %v, want %v (%v)", ClassOf(err), ClassTimeout, err)
			}
			var ce *CallError
			if !errors.As(err, &ce) || ce.Attempts != tc.attempts || ce.Timeout != timeout {
				t.Errorf("%#v, want %d attempts of %v", ce, tc.attempts, timeout)
			}
			mustContain(t, "error", err.Error(), s.URL())
			if n := s.conns.Load(); n != int64(tc.attempts) {
				t.Errorf("%d connections, want %d", n, tc.attempts)
			}
		})
	}
	t.Run("time cap", func(t *testing.T) {
		t.Parallel()
		s := newStallListener(t)
		tr := newTestTransport(t, s.URL(), func(c *Config) {
			c.Timeout = timeout
			c.Retry = RetryPolicy{MaxRetries: MaxRetriesLimit, MinBackoff: time.Millisecond, MaxBackoff: time.Millisecond, MaxElapsed: 3 * timeout}
		})
		start := time.Now()
		_, err := getTeam(t.Context(), tr)
		within(t, "the capped call", time.Since(start), 4*timeout+time.Second)
		var ce *CallError
		if !errors.As(err, &ce) || !strings.Contains(ce.GaveUp, "used up") {
			t.Errorf("%v: want a call that gave up when its time was used up", err)
		}
	})
}

// TestRefusedIsRetriedForAll: a refused connection never reached the
// server, so even a create is tried again.
func TestRefusedIsRetriedForAll(t *testing.T) {
	t.Parallel()
	tr := newTestTransport(t, refusedURL(t), nil)
	_, err := createTeam(t.Context(), tr)
	var ce *CallError
	if !errors.As(err, &ce) || ce.Attempts != 2 {
		t.Fatalf("%v: want 2 attempts", err)
	}
	if ClassOf(err) != ClassRefused || MayHaveBeenProcessed(err) {
		t.Errorf("class %v, may have been processed %v", ClassOf(err), MayHaveBeenProcessed(err))
	}
}

// TestCancelStopsTheCall: cancelling the context ends a call promptly,
// whether it is on the wire or waiting to retry.
func TestCancelStopsTheCall(t *testing.T) {
	t.Parallel()
	t.Run("on the wire", func(t *testing.T) {
		t.Parallel()
		arrived := make(chan struct{})
		var once sync.Once
		srv := httptest.NewServer(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
			_, _ = io.Copy(io.Discard, r.Body) // so that the server notices the client leaving
			once.Do(func() { close(arrived) })
			<-r.Context().Done()
		}))
		t.Cleanup(srv.Close)
		tr := newTestTransport(t, srv.URL, nil)
		cancelAfter(t, tr, arrived)
	})
	t.Run("waiting to retry", func(t *testing.T) {
		t.Parallel()
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Retry-After", "4")
			writeJSON(w, http.StatusTooManyRequests, `{"code":"resource_exhausted","message":"slow down"}`)
		}))
		t.Cleanup(srv.Close)
		tr := newTestTransport(t, srv.URL, nil)
		waiting := make(chan struct{})
		tr.sleep = func(ctx context.Context, d time.Duration) error {
			if d < 4*time.Second {
				t.Errorf("waiting %v, less than the server asked for", d)
			}
			close(waiting)
			return sleepCtx(ctx, d)
		}
		cancelAfter(t, tr, waiting)
	})
}

// cancelAfter starts a call, cancels it once ready is closed, and checks
// that it ends promptly as canceled.
func cancelAfter(t *testing.T, tr *Transport, ready <-chan struct{}) {
	t.Helper()
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() { _, err := getTeam(ctx, tr); done <- err }()
	<-ready
	start := time.Now()
	cancel()
	err := <-done
	within(t, "returning after cancel", time.Since(start), time.Second)
	if ClassOf(err) != ClassCanceled {
		t.Errorf("class %v, want %v (%v)", ClassOf(err), ClassCanceled, err)
	}
}

// TestTokenIsRedacted: a server that echoes the token does not get it into
// error texts or the server message shown to the user.
func TestTokenIsRedacted(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusUnauthorized, fmt.Sprintf(`{"code":"unauthenticated","message":"bad token: %s"}`, r.Header.Get("Authorization")))
	}))
	t.Cleanup(srv.Close)
	_, err := getTeam(t.Context(), newTestTransport(t, srv.URL, nil))
	if ClassOf(err) != ClassUnauthenticated {
		t.Fatalf("class %v (%v)", ClassOf(err), err)
	}
	for what, s := range map[string]string{"Error": err.Error(), "ServerMessage": ServerMessage(err)} {
		if strings.Contains(s, testToken) {
			t.Errorf("%s %q shows the token", what, s)
		}
		mustContain(t, what, s, "[REDACTED]")
	}
}

// TestCreateCheck: a create the server answered unavailable is repeated
// only when its check shows nothing was made; lost answers never are.
func TestCreateCheck(t *testing.T) {
	t.Parallel()
	unavailable := func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusServiceUnavailable, `{"code":"unavailable","message":"try again"}`)
	}
	plain503 := func(w http.ResponseWriter, _ *http.Request) {
		http.Error(w, "busy", http.StatusServiceUnavailable)
	}
	for _, tc := range []struct {
		name     string
		fail     func(http.ResponseWriter, *http.Request)
		made     bool
		checkErr error
		attempts int
		checks   int
	}{
		{"nothing made", unavailable, false, nil, 2, 1},
		{"made", unavailable, true, nil, 1, 1},
		{"check failed", unavailable, false, errors.New("list failed"), 1, 1},
		{"dropped connection", dropConnection, false, nil, 1, 0},
		{"proxy 503", plain503, false, nil, 1, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := newFlaky(t, 0, tc.fail)
			tr := newTestTransport(t, f.srv.URL, nil)
			checks := 0
			ctx := WithCreateCheck(t.Context(), func(context.Context) (bool, error) {
				checks++
				return tc.made, tc.checkErr
			})
			_, err := createTeam(ctx, tr)
			if (err == nil) != (tc.attempts == 2) {
				t.Errorf("err = %v", err)
			}
			if n := f.count(createPath); n != tc.attempts || checks != tc.checks {
				t.Errorf("%d attempts and %d checks, want %d and %d", n, checks, tc.attempts, tc.checks)
			}
		})
	}
}
