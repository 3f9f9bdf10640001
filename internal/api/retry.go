package api

import (
	"errors"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"syscall"
	"time"

	"connectrpc.com/connect"
)

// RetryPolicy bounds how often and how long a call is retried.
type RetryPolicy struct {
	// MaxRetries is the number of retries after the first attempt.
	MaxRetries int
	// MinBackoff is the first backoff step; each further step doubles it.
	MinBackoff time.Duration
	// MaxBackoff caps a single wait, whether from backoff or Retry-After.
	MaxBackoff time.Duration
	// MaxElapsed caps the total time spent on one call, waits included.
	MaxElapsed time.Duration
}

// DefaultRetryPolicy is used when the caller sets no policy.
var DefaultRetryPolicy = RetryPolicy{
	MaxRetries: 4,
	MinBackoff: 250 * time.Millisecond,
	MaxBackoff: 10 * time.Second,
	MaxElapsed: 2 * time.Minute,
}

// IsReadProcedure reports whether a Connect procedure only reads. Reads are
// safe to repeat; writes are repeated only when they were provably not done.
func IsReadProcedure(procedure string) bool {
	method := procedure[strings.LastIndex(procedure, "/")+1:]
	return strings.HasPrefix(method, "Get") || strings.HasPrefix(method, "List")
}

// Retryable reports whether err from a call to a read (or write) procedure may
// be retried.
//
// Reads are retried on unavailable, resource_exhausted, deadline_exceeded and
// network errors. Writes are retried only when the server provably did not
// process them: resource_exhausted (rejected by rate limiting before any
// work) or a refused connection (the request never arrived).
func Retryable(read bool, err error) bool {
	if err == nil {
		return false
	}
	if errors.Is(err, syscall.ECONNREFUSED) {
		return true
	}
	code := connect.CodeOf(err)
	if code == connect.CodeResourceExhausted {
		return true
	}
	if !read {
		return false
	}
	switch code {
	case connect.CodeUnavailable, connect.CodeDeadlineExceeded:
		// Connect reports transport failures (reset or dropped connections)
		// as unavailable.
		return true
	default:
		return false
	}
}

// Backoff returns the wait before retry number attempt (1-based): full jitter
// over an exponentially growing window, capped at MaxBackoff. rnd returns a
// float in [0,1); it is a parameter so that tests can fix it.
func (p RetryPolicy) Backoff(attempt int, rnd func() float64) time.Duration {
	window := p.MinBackoff
	for i := 1; i < attempt && window < p.MaxBackoff; i++ {
		window *= 2
	}
	if window > p.MaxBackoff {
		window = p.MaxBackoff
	}
	// Keep at least half the window so that retries are never immediate.
	return window/2 + time.Duration(rnd()*float64(window/2))
}

// RetryAfter parses a Retry-After header given in seconds or as an HTTP date.
// It returns zero when the header is missing or malformed.
func RetryAfter(h http.Header, now time.Time) time.Duration {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0
	}
	if secs, err := strconv.Atoi(v); err == nil {
		if secs < 0 {
			return 0
		}
		return time.Duration(secs) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil && t.After(now) {
		return t.Sub(now)
	}
	return 0
}

// retryAfterOf extracts Retry-After from a Connect error's metadata.
func retryAfterOf(err error, now time.Time) time.Duration {
	var ce *connect.Error
	if errors.As(err, &ce) {
		return RetryAfter(ce.Meta(), now)
	}
	return 0
}

// NextWait decides whether to retry after attempt number attempt (1-based)
// failed with err, elapsed after the call began. It returns the wait and true
// to retry, or false to give up.
func (p RetryPolicy) NextWait(read bool, attempt int, err error, elapsed time.Duration, now time.Time, rnd func() float64) (time.Duration, bool) {
	if attempt > p.MaxRetries || !Retryable(read, err) {
		return 0, false
	}
	wait := p.Backoff(attempt, rnd)
	if ra := retryAfterOf(err, now); ra > 0 {
		if ra > p.MaxBackoff {
			// The server asks for longer than we are willing to wait.
			return 0, false
		}
		wait = ra
	}
	if p.MaxElapsed > 0 && elapsed+wait > p.MaxElapsed {
		return 0, false
	}
	return wait, true
}

func defaultRand() float64 { return rand.Float64() } //nolint:gosec // jitter needs no cryptographic randomness
