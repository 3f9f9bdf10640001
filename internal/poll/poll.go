// Package poll waits for a condition, checking it with a growing interval,
// until it holds, the time allowed is used up, or the context ends.
package poll

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Options bound a wait.
type Options struct {
	// Timeout is the time allowed; zero means no limit but the context's.
	Timeout time.Duration
	// First is the first interval; each next one doubles, up to Max.
	First, Max time.Duration
	// Now and Sleep replace the clock in tests.
	Now   func() time.Time
	Sleep func(ctx context.Context, d time.Duration) error
}

// ErrTimeout is returned (wrapped) when the time allowed is used up.
var ErrTimeout = errors.New("timed out")

// Check reports whether the condition holds, and a status for people
// ("stopping"); an error ends the wait.
type Check func(ctx context.Context) (done bool, status string, err error)

// Until calls check until it reports done. It calls onChange whenever the
// status differs from the previous one. It returns the last status.
func Until(ctx context.Context, check Check, onChange func(status string), o Options) (string, error) {
	if o.First <= 0 {
		o.First = 250 * time.Millisecond
	}
	if o.Max < o.First {
		o.Max = o.First
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Sleep == nil {
		o.Sleep = sleep
	}
	start := o.Now()
	interval := o.First
	last, first := "", true
	for {
		done, status, err := check(ctx)
		if err != nil {
			return last, err
		}
		if first || status != last {
			if onChange != nil {
				onChange(status)
			}
			last, first = status, false
		}
		if done {
			return last, nil
		}
		wait := interval
		if o.Timeout > 0 {
			left := o.Timeout - o.Now().Sub(start)
			if left <= 0 {
				return last, fmt.Errorf("%w after %s", ErrTimeout, o.Timeout)
			}
			wait = min(wait, left)
		}
		if err := o.Sleep(ctx, wait); err != nil {
			return last, err
		}
		interval = min(interval*2, o.Max)
	}
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
