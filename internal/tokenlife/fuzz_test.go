package tokenlife_test

import (
	"testing"
	"time"

	"github.com/gitpod-community/terraform-provider-gitpod/internal/tokenlife"
)

// FuzzTimestamps feeds the expiry rules arbitrary instants: whole days are
// whole, a rotation is never planned for a live token without a reason, and
// nothing panics or overflows.
func FuzzTimestamps(f *testing.F) {
	f.Add(int64(1_800_000_000), int64(30*24*3600), int64(7), int64(3600))
	f.Add(int64(-62135596800), int64(1), int64(0), int64(0))
	f.Add(int64(253402300799), int64(365*24*3600+59), int64(364), int64(-5))
	f.Fuzz(func(t *testing.T, created, validity, rotateBefore, sinceCreated int64) {
		c := time.Unix(created, 0).UTC()
		e := c.Add(time.Duration(validity) * time.Second)
		if days, ok := tokenlife.WholeDays(c, e); ok {
			diff := e.Sub(c) - time.Duration(days)*tokenlife.Day
			if days < 1 || diff < -time.Minute || diff > time.Minute {
				t.Fatalf("WholeDays(%v, %v) = %d, true", c, e, days)
			}
		}
		now := c.Add(time.Duration(sinceCreated) * time.Second)
		reason := tokenlife.RotationReason(tokenlife.Input{Now: now, ExpiresAt: e, RotateBeforeDays: rotateBefore})
		if now.Before(e) && rotateBefore <= 0 && reason != tokenlife.NoRotation {
			t.Fatalf("a live token with nothing to rotate it is rotated: %s", reason)
		}
		if !now.Before(e) && reason != tokenlife.Expired {
			t.Fatalf("an expired token is kept: %q", reason)
		}
		_ = tokenlife.ExpiryWarning(now, e, tokenlife.Setup{Days: validity / 86400})
	})
}
