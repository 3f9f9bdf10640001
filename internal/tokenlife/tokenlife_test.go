package tokenlife

import (
	"strings"
	"testing"
	"time"
)

var t0 = time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)

func TestExpiryFor(t *testing.T) {
	t.Parallel()
	abs := time.Date(2027, 1, 1, 0, 0, 0, 0, time.FixedZone("CET", 3600))
	cases := []struct {
		name     string
		days     int64
		absolute *time.Time
		want     time.Time
	}{
		{"days", 30, nil, t0.Add(30 * Day)},
		{"absolute wins and is UTC", 30, &abs, abs.UTC()},
	}
	for _, tc := range cases {
		if got := ExpiryFor(t0, tc.days, tc.absolute); !got.Equal(tc.want) || got.Location() != time.UTC {
			t.Errorf("%s: ExpiryFor = %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestWholeDays(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name   string
		d      time.Duration
		days   int64
		wholly bool
	}{
		{"30 days", 30 * Day, 30, true},
		{"30 days and a few seconds", 30*Day + 3*time.Second, 30, true},
		{"30 days minus a few seconds", 30*Day - 3*time.Second, 30, true},
		{"30 and a half days", 30*Day + 12*time.Hour, 0, false},
		{"an hour", time.Hour, 0, false},
	}
	for _, tc := range cases {
		days, ok := WholeDays(t0, t0.Add(tc.d))
		if days != tc.days || ok != tc.wholly {
			t.Errorf("%s: WholeDays = (%d, %v), want (%d, %v)", tc.name, days, ok, tc.days, tc.wholly)
		}
	}
}

func TestRotationReason(t *testing.T) {
	t.Parallel()
	exp := t0.Add(10 * Day)
	cases := []struct {
		name string
		in   Input
		want Reason
	}{
		{"fresh token is kept", Input{Now: t0, ExpiresAt: exp}, NoRotation},
		{"outside the window", Input{Now: t0, ExpiresAt: exp, RotateBeforeDays: 9}, NoRotation},
		{"window edge", Input{Now: t0, ExpiresAt: exp, RotateBeforeDays: 10}, InWindow},
		{"inside the window", Input{Now: t0.Add(5 * Day), ExpiresAt: exp, RotateBeforeDays: 7}, InWindow},
		{"triggers", Input{Now: t0, ExpiresAt: exp, TriggersChanged: true}, TriggersChanged},
		{"expiry arguments", Input{Now: t0, ExpiresAt: exp, ExpiryChanged: true, TriggersChanged: true}, ExpiryChanged},
		{"expired without rotation configured", Input{Now: exp, ExpiresAt: exp}, Expired},
		{"long expired", Input{Now: exp.Add(Day), ExpiresAt: exp, TriggersChanged: true}, Expired},
	}
	for _, tc := range cases {
		if got := RotationReason(tc.in); got != tc.want {
			t.Errorf("%s: RotationReason = %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestExpiryWarning(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name     string
		left     time.Duration
		rotation bool
		want     string
	}{
		{"far away", 8 * Day, false, ""},
		{"within 7 days", 3 * Day, false, "in 3 days"},
		{"rounded to the nearest day", 3*Day - time.Minute, false, "in 3 days"},
		{"one day", 30 * time.Hour, false, "in 1 day,"},
		{"within a day", 90 * time.Minute, false, "in 1h30m0s"},
		{"rotation configured", 3 * Day, true, ""},
		{"already expired is rotated, not warned", -time.Hour, false, ""},
	}
	for _, tc := range cases {
		got := ExpiryWarning(t0, t0.Add(tc.left), tc.rotation)
		if (tc.want == "") != (got == "") || !strings.Contains(got, tc.want) {
			t.Errorf("%s: ExpiryWarning = %q, want it to contain %q", tc.name, got, tc.want)
		}
	}
}
