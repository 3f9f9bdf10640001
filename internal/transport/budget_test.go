package transport

import (
	"context"
	"errors"
	"testing"
	"time"
)

// TestWholeCallBudget checks that a call against a stalled server ends
// within MaxElapsed, even when one attempt alone could run longer (an
// attempt may take 2 s here, the whole call 500 ms), and says why it
// stopped.
func TestWholeCallBudget(t *testing.T) {
	t.Parallel()
	stall := newStallListener(t)
	tr := newTestTransport(t, stall.URL(), func(c *Config) {
		c.Timeout = 2 * time.Second
		c.Retry = RetryPolicy{MaxRetries: 3, MinBackoff: 50 * time.Millisecond, MaxBackoff: time.Second, MaxElapsed: 500 * time.Millisecond}
	})
	start := time.Now()
	_, err := getTeam(context.Background(), tr)
	elapsed := time.Since(start)
	var ce *CallError
	if !errors.As(err, &ce) {
		t.Fatalf("err = %v, want a CallError", err)
	}
	if ce.GaveUp == "" || ClassOf(err) != ClassTimeout {
		t.Fatalf("gave up %q, class %s; want the budget named and a timeout", ce.GaveUp, ClassOf(err))
	}
	within(t, "a stalled call with a 500ms budget", elapsed, 1500*time.Millisecond)
	if elapsed < 450*time.Millisecond {
		t.Fatalf("the call ended after %v, before its budget", elapsed)
	}
}
