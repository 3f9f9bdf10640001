package poll_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/gitpod-community/terraform-provider-gitpod/internal/poll"
)

// fakeClock advances only when the wait sleeps.
type fakeClock struct {
	now    time.Time
	sleeps []time.Duration
}

func (f *fakeClock) Now() time.Time { return f.now }

func (f *fakeClock) Sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	f.sleeps = append(f.sleeps, d)
	f.now = f.now.Add(d)
	return nil
}

func TestUntil(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		phases     []string // what each check sees; "stopped" is done
		timeout    time.Duration
		wantErr    error
		wantSleeps []time.Duration
		wantSeen   []string
	}{
		{name: "done at once", phases: []string{"stopped"}, wantSeen: []string{"stopped"}},
		{
			name:       "backs off and reports changes once",
			phases:     []string{"running", "stopping", "stopping", "stopping", "stopped"},
			wantSleeps: []time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 4 * time.Second},
			wantSeen:   []string{"running", "stopping", "stopped"},
		},
		{
			name:       "times out without overshooting",
			phases:     []string{"stopping", "stopping", "stopping", "stopping"},
			timeout:    5 * time.Second,
			wantErr:    poll.ErrTimeout,
			wantSleeps: []time.Duration{time.Second, 2 * time.Second, 2 * time.Second},
			wantSeen:   []string{"stopping"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			clock := &fakeClock{now: time.Unix(0, 0)}
			i := 0
			var seen []string
			_, err := poll.Until(context.Background(), func(context.Context) (bool, string, error) {
				p := tt.phases[min(i, len(tt.phases)-1)]
				i++
				return p == "stopped", p, nil
			}, func(s string) { seen = append(seen, s) }, poll.Options{Timeout: tt.timeout, First: time.Second, Max: 4 * time.Second, Now: clock.Now, Sleep: clock.Sleep})
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
			if !slices.Equal(clock.sleeps, tt.wantSleeps) {
				t.Fatalf("sleeps = %v, want %v", clock.sleeps, tt.wantSleeps)
			}
			if !slices.Equal(seen, tt.wantSeen) {
				t.Fatalf("seen = %v, want %v", seen, tt.wantSeen)
			}
		})
	}
}

func TestUntilStopsOnErrorAndCancel(t *testing.T) {
	t.Parallel()
	boom := errors.New("boom")
	if _, err := poll.Until(context.Background(), func(context.Context) (bool, string, error) { return false, "", boom }, nil, poll.Options{}); !errors.Is(err, boom) {
		t.Fatalf("err = %v, want the check's error", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	clock := &fakeClock{now: time.Unix(0, 0)}
	if _, err := poll.Until(ctx, func(context.Context) (bool, string, error) { return false, "running", nil }, nil, poll.Options{Sleep: clock.Sleep, Now: clock.Now}); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want canceled", err)
	}
}
