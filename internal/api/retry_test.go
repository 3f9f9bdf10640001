package api

import (
	"errors"
	"fmt"
	"net/http"
	"syscall"
	"testing"
	"time"

	"connectrpc.com/connect"
)

func TestIsReadProcedure(t *testing.T) {
	t.Parallel()
	cases := map[string]bool{
		"/gitpod.experimental.v1.TeamsService/GetTeam":                        true,
		"/gitpod.experimental.v1.TeamsService/ListTeams":                      true,
		"/gitpod.experimental.v1.TeamsService/CreateTeam":                     false,
		"/gitpod.experimental.v1.TokensService/RegeneratePersonalAccessToken": false,
		"/gitpod.experimental.v1.TeamsService/DeleteTeamMember":               false,
	}
	for proc, want := range cases {
		if got := IsReadProcedure(proc); got != want {
			t.Errorf("IsReadProcedure(%q) = %v, want %v", proc, got, want)
		}
	}
}

func TestRetryable(t *testing.T) {
	t.Parallel()
	refused := connect.NewError(connect.CodeUnavailable, fmt.Errorf("dial: %w", syscall.ECONNREFUSED))
	cases := []struct {
		name string
		read bool
		err  error
		want bool
	}{
		{"read unavailable", true, connect.NewError(connect.CodeUnavailable, errors.New("x")), true},
		{"read rate limited", true, connect.NewError(connect.CodeResourceExhausted, errors.New("x")), true},
		{"read deadline", true, connect.NewError(connect.CodeDeadlineExceeded, errors.New("x")), true},
		{"read not found", true, connect.NewError(connect.CodeNotFound, errors.New("x")), false},
		{"read internal", true, connect.NewError(connect.CodeInternal, errors.New("x")), false},
		{"write unavailable may have been processed", false, connect.NewError(connect.CodeUnavailable, errors.New("x")), false},
		{"write deadline may have been processed", false, connect.NewError(connect.CodeDeadlineExceeded, errors.New("x")), false},
		{"write rate limited was not processed", false, connect.NewError(connect.CodeResourceExhausted, errors.New("x")), true},
		{"write connection refused never arrived", false, refused, true},
		{"write invalid", false, connect.NewError(connect.CodeInvalidArgument, errors.New("x")), false},
		{"nil", true, nil, false},
	}
	for _, tc := range cases {
		if got := Retryable(tc.read, tc.err); got != tc.want {
			t.Errorf("%s: Retryable = %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestBackoff(t *testing.T) {
	t.Parallel()
	p := RetryPolicy{MinBackoff: 100 * time.Millisecond, MaxBackoff: time.Second}
	cases := []struct {
		attempt int
		rnd     float64
		want    time.Duration
	}{
		{1, 0, 50 * time.Millisecond},
		{1, 0.999999, 99_999_950 * time.Nanosecond},
		{2, 0, 100 * time.Millisecond},
		{3, 0, 200 * time.Millisecond},
		{5, 0, 500 * time.Millisecond},
		{10, 0, 500 * time.Millisecond},
		{10, 1, time.Second},
	}
	for _, tc := range cases {
		got := p.Backoff(tc.attempt, func() float64 { return tc.rnd })
		if got != tc.want {
			t.Errorf("Backoff(%d, %v) = %v, want %v", tc.attempt, tc.rnd, got, tc.want)
		}
	}
}

func TestRetryAfterHeader(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	cases := map[string]time.Duration{
		"":                              0,
		"3":                             3 * time.Second,
		"-1":                            0,
		"soon":                          0,
		"Thu, 01 Jan 2026 00:00:10 GMT": 10 * time.Second,
		"Wed, 31 Dec 2025 23:59:00 GMT": 0,
	}
	for v, want := range cases {
		h := http.Header{}
		if v != "" {
			h.Set("Retry-After", v)
		}
		if got := RetryAfter(h, now); got != want {
			t.Errorf("RetryAfter(%q) = %v, want %v", v, got, want)
		}
	}
}

func TestNextWait(t *testing.T) {
	t.Parallel()
	p := RetryPolicy{MaxRetries: 2, MinBackoff: 100 * time.Millisecond, MaxBackoff: 2 * time.Second, MaxElapsed: 5 * time.Second}
	half := func() float64 { return 0.5 }
	now := time.Now()
	unavailable := connect.NewError(connect.CodeUnavailable, errors.New("x"))
	limited := connect.NewError(connect.CodeResourceExhausted, errors.New("slow down"))
	limited.Meta().Set("Retry-After", "1")
	tooLong := connect.NewError(connect.CodeResourceExhausted, errors.New("slow down"))
	tooLong.Meta().Set("Retry-After", "60")
	cases := []struct {
		name      string
		read      bool
		attempt   int
		err       error
		elapsed   time.Duration
		wantWait  time.Duration
		wantRetry bool
	}{
		{"first retry uses backoff", true, 1, unavailable, 0, 75 * time.Millisecond, true},
		{"retry after wins over backoff", false, 1, limited, 0, time.Second, true},
		{"retry budget spent", true, 3, unavailable, 0, 0, false},
		{"time budget spent", true, 1, unavailable, 5 * time.Second, 0, false},
		{"retry after beyond max backoff gives up", true, 1, tooLong, 0, 0, false},
		{"write unavailable is not retried", false, 1, unavailable, 0, 0, false},
	}
	for _, tc := range cases {
		wait, retry := p.NextWait(tc.read, tc.attempt, tc.err, tc.elapsed, now, half)
		if wait != tc.wantWait || retry != tc.wantRetry {
			t.Errorf("%s: NextWait = (%v, %v), want (%v, %v)", tc.name, wait, retry, tc.wantWait, tc.wantRetry)
		}
	}
}

func TestValidateHost(t *testing.T) {
	t.Parallel()
	cases := map[string]bool{
		"https://api.gitpod.io":    true,
		"http://127.0.0.1:8787":    true,
		"http://localhost:1234":    true,
		"http://[::1]:80":          true,
		"http://api.gitpod.io":     false,
		"http://127.0.0.1.evil.io": false,
		"ftp://api.gitpod.io":      false,
		"api.gitpod.io":            false,
		"":                         false,
	}
	for host, ok := range cases {
		if err := ValidateHost(host); (err == nil) != ok {
			t.Errorf("ValidateHost(%q) = %v, want ok=%v", host, err, ok)
		}
	}
}
