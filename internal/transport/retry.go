package transport

import (
	"errors"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"

	"connectrpc.com/connect"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
)

// RetryPolicy bounds how often and how long a call is retried.
type RetryPolicy struct {
	// MaxRetries is the number of retries after the first attempt.
	MaxRetries int
	// MinBackoff is the first backoff step; each further step doubles it.
	MinBackoff time.Duration
	// MaxBackoff caps a single wait. A server asking for a longer wait
	// (Retry-After, RateLimit-RetryAfter or a RetryInfo detail) ends the
	// retries instead.
	MaxBackoff time.Duration
	// MaxElapsed caps the time spent on one call, attempts and waits
	// included; zero means no cap beyond the attempts.
	MaxElapsed time.Duration
}

// MaxRetriesLimit is the most retries a policy may ask for.
const MaxRetriesLimit = 10

// DefaultRetryPolicy is used when the caller sets no policy.
var DefaultRetryPolicy = RetryPolicy{
	MaxRetries: 4,
	MinBackoff: 250 * time.Millisecond,
	MaxBackoff: 10 * time.Second,
	MaxElapsed: 2 * time.Minute,
}

// repeatable are the method prefixes whose calls have the same effect when
// repeated: reads, and writes that set a state rather than add something
// (a repeated delete answers not_found, which callers take as done; a
// repeated regenerate or reset leaves the last answer's value valid).
var repeatable = []string{"Get", "List", "Delete", "Remove", "Update", "Set", "Stop", "Regenerate", "Reset"}

// SafeToRepeat reports whether a Connect procedure may be sent again after
// its answer was lost. Creates, adds and joins are not: a repeat could make
// a second object; lost creates are reconciled above the transport.
func SafeToRepeat(procedure string) bool {
	method := procedure[strings.LastIndex(procedure, "/")+1:]
	for _, p := range repeatable {
		if strings.HasPrefix(method, p) {
			return true
		}
	}
	return false
}

// Retryable reports whether a failed call may be tried again.
//
// Calls that are safe to repeat are retried on rate limiting, refused
// connections, unavailable servers, timeouts and dropped connections.
// Others are retried only when the server provably did not process them:
// rate limiting (refused before any work) or a refused connection (the
// request never arrived).
func Retryable(repeatable bool, err error) bool {
	switch ClassOf(err) {
	case ClassRateLimited, ClassRefused:
		return true
	case ClassUnavailable, ClassNetwork, ClassTimeout:
		return repeatable
	default:
		return false
	}
}

// Backoff returns the wait before retry number attempt (1-based): at least
// half of an exponentially growing window, plus jitter over the other half,
// capped at MaxBackoff. rnd returns a float in [0,1).
func (p RetryPolicy) Backoff(attempt int, rnd func() float64) time.Duration {
	window := p.MinBackoff
	for i := 1; i < attempt && window > 0 && window < p.MaxBackoff; i++ {
		window *= 2
	}
	if window > p.MaxBackoff || window <= 0 {
		window = p.MaxBackoff
	}
	return window/2 + time.Duration(rnd()*float64(window/2))
}

// maxDelay is what an absurdly long server delay is clipped to, so that no
// arithmetic on it can overflow.
const maxDelay = 100 * 365 * 24 * time.Hour

// secondsDelay parses a non-negative whole number of seconds without
// overflowing: anything longer than maxDelay is maxDelay.
func secondsDelay(v string) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" || len(v) > 40 {
		return 0, false
	}
	for _, c := range v {
		if c < '0' || c > '9' {
			return 0, false
		}
	}
	secs, err := strconv.ParseInt(v, 10, 64)
	if err != nil || secs > int64(maxDelay/time.Second) {
		// All digits, so the only failure left is a value out of range.
		return maxDelay, true
	}
	return time.Duration(secs) * time.Second, true
}

// RetryAfter parses the delay a server asks for in HTTP headers:
// Retry-After (seconds or an HTTP date) or RateLimit-RetryAfter (seconds).
func RetryAfter(h http.Header, now time.Time) (time.Duration, bool) {
	if h == nil {
		return 0, false
	}
	if v := h.Get("Retry-After"); v != "" {
		if d, ok := secondsDelay(v); ok {
			return d, true
		}
		if t, err := http.ParseTime(v); err == nil {
			if !t.After(now) {
				return 0, true
			}
			d := t.Sub(now)
			if d > maxDelay || d < 0 {
				d = maxDelay
			}
			return d, true
		}
	}
	if v := h.Get("RateLimit-RetryAfter"); v != "" {
		if d, ok := secondsDelay(v); ok {
			return d, true
		}
	}
	return 0, false
}

// ServerDelay returns the delay a failed call's answer asked for, from a
// google.rpc.RetryInfo detail or the headers above.
func ServerDelay(err error, now time.Time) (time.Duration, bool) {
	var ce *connect.Error
	if errors.As(err, &ce) {
		for _, d := range ce.Details() {
			if d.Type() != "google.rpc.RetryInfo" {
				continue
			}
			v, derr := d.Value()
			if derr != nil {
				continue
			}
			if ri, ok := v.(*errdetails.RetryInfo); ok && ri.GetRetryDelay() != nil {
				return retryInfoDelay(ri.GetRetryDelay().GetSeconds(), ri.GetRetryDelay().GetNanos()), true
			}
		}
		if connect.IsWireError(ce) {
			if d, ok := RetryAfter(ce.Meta(), now); ok {
				return d, true
			}
		}
	}
	var se *HTTPStatusError
	if errors.As(err, &se) {
		return RetryAfter(se.Header, now)
	}
	return 0, false
}

// retryInfoDelay turns a RetryInfo's delay into a Duration without
// overflowing: negative delays are no wait, long ones are maxDelay, and
// nanoseconds out of the protobuf range count for what they say.
func retryInfoDelay(secs int64, nanos int32) time.Duration {
	if secs < 0 || nanos < 0 {
		return 0
	}
	if secs > int64(maxDelay/time.Second) {
		return maxDelay
	}
	return min(time.Duration(secs)*time.Second+time.Duration(nanos), maxDelay)
}

// describeDelay shows a server's requested delay; one clipped to maxDelay
// was at least that long.
func describeDelay(d time.Duration) string {
	if d >= maxDelay {
		return "at least " + maxDelay.String()
	}
	if d >= time.Second {
		d = d.Round(time.Second)
	}
	return d.String()
}

// Decision is what the retry loop does after a failed attempt.
type Decision struct {
	Retry bool
	Wait  time.Duration
	// Why explains a decision not to retry a retryable error.
	Why string
}

// Next decides whether to retry after attempt number attempt (1-based)
// failed with err, elapsed after the call began.
func (p RetryPolicy) Next(repeatable bool, attempt int, err error, elapsed time.Duration, now time.Time, rnd func() float64) Decision {
	if !Retryable(repeatable, err) {
		return Decision{}
	}
	if attempt > p.MaxRetries {
		return Decision{Why: "retries exhausted"}
	}
	wait := p.Backoff(attempt, rnd)
	if d, ok := ServerDelay(err, now); ok {
		if d > p.MaxBackoff {
			return Decision{Why: "the server asked to wait " + describeDelay(d) + ", longer than retry_max_backoff (" + p.MaxBackoff.String() + ")"}
		}
		wait = max(d, wait/4)
	}
	// Written so that it cannot overflow, whatever the durations.
	if p.MaxElapsed > 0 && (elapsed >= p.MaxElapsed || wait > p.MaxElapsed-elapsed) {
		return Decision{Why: "the time allowed for one call is used up"}
	}
	return Decision{Retry: true, Wait: wait}
}

func defaultRand() float64 { return rand.Float64() } //nolint:gosec // jitter needs no cryptographic randomness
