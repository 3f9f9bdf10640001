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
		{"a second outside the window", Input{Now: t0.Add(3*Day - time.Second), ExpiresAt: exp, RotateBeforeDays: 7}, NoRotation},
		{"window edge", Input{Now: t0, ExpiresAt: exp, RotateBeforeDays: 10}, InWindow},
		{"inside the window", Input{Now: t0.Add(5 * Day), ExpiresAt: exp, RotateBeforeDays: 7}, InWindow},
		{"triggers", Input{Now: t0, ExpiresAt: exp, TriggersChanged: true}, TriggersChanged},
		{"expiry arguments win over triggers", Input{Now: t0, ExpiresAt: exp, ExpiryChanged: true, TriggersChanged: true}, ExpiryChanged},
		{"triggers win over an in-place change", Input{Now: t0, ExpiresAt: exp, TriggersChanged: true, ChangedInPlace: true}, TriggersChanged},
		{"replaced when the API cannot change it", Input{Now: t0, ExpiresAt: exp, ChangedInPlace: true}, Replaced},
		{"in-place change wins over the window", Input{Now: t0.Add(5 * Day), ExpiresAt: exp, RotateBeforeDays: 7, ChangedInPlace: true}, Replaced},
		{"expired without rotation configured", Input{Now: exp, ExpiresAt: exp}, Expired},
		{"long expired, whatever else changed", Input{Now: exp.Add(Day), ExpiresAt: exp, TriggersChanged: true, ExpiryChanged: true, ChangedInPlace: true}, Expired},
		{"stale wins over everything", Input{Now: exp.Add(Day), ExpiresAt: exp, Stale: true, TriggersChanged: true}, Stale},
		{"stale fresh token", Input{Now: t0, ExpiresAt: exp, Stale: true}, Stale},
	}
	for _, tc := range cases {
		if got := RotationReason(tc.in); got != tc.want {
			t.Errorf("%s: RotationReason = %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestExpiryWarning(t *testing.T) {
	t.Parallel()
	days30 := Setup{Days: 30}
	cases := []struct {
		name  string
		left  time.Duration
		setup Setup
		// want are phrases the warning must hold; nil means no warning.
		want []string
		// never are phrases it must not hold.
		never []string
	}{
		{"far away", 8 * Day, days30, nil, nil},
		{"just outside the window", WarnWindow + time.Minute, days30, nil, nil},
		{"within 7 days", 3 * Day, days30, []string{"in 3 days", "Set rotate_before_days (1 to 29)", "rotation_triggers"}, nil},
		{"rounded to the nearest day", 3*Day - time.Minute, days30, []string{"in 3 days"}, nil},
		{"one day", 30 * time.Hour, days30, []string{"in 1 day,"}, nil},
		{"within a day", 90 * time.Minute, days30, []string{"in 1 hour 30 minutes"}, nil},
		{"names the expiry", 3 * Day, days30, []string{t0.Add(3 * Day).Format(time.RFC3339)}, nil},
		{"rotation configured", 3 * Day, Setup{Days: 30, Rotating: true}, nil, nil},
		{"already expired is rotated, not warned", -time.Hour, days30, nil, nil},
		{"exactly expired", 0, days30, nil, nil},
		{
			"fixed expiry: never rotate_before_days with expires_at", 3 * Day, Setup{Fixed: true},
			[]string{"Set a later expires_at", "use expires_in_days with rotate_before_days"},
			[]string{"Set rotate_before_days"},
		},
		{
			"one-day validity is too short for rotate_before_days", 5 * time.Hour, Setup{Days: 1},
			[]string{"too short", "rotation_triggers", "longer expires_in_days"},
			[]string{"Set rotate_before_days"},
		},
		{"one-day validity warns only in its last quarter", 7 * time.Hour, Setup{Days: 1}, nil, nil},
		{"two-day validity allows rotate_before_days 1", 10 * time.Hour, Setup{Days: 2}, []string{"Set rotate_before_days (1 to 1)"}, nil},
		{"two-day validity: not in the first three quarters", 13 * time.Hour, Setup{Days: 2}, nil, nil},
		{"28 days is a full 7-day window", 7 * Day, Setup{Days: 28}, []string{"in 7 days"}, nil},
		{"20 days warns from day 15", 5*Day + time.Hour, Setup{Days: 20}, nil, nil},
	}
	for _, tc := range cases {
		got := ExpiryWarning(t0, t0.Add(tc.left), tc.setup)
		if tc.want == nil {
			if got != "" {
				t.Errorf("%s: ExpiryWarning = %q, want none", tc.name, got)
			}
			continue
		}
		if got == "" {
			t.Errorf("%s: no warning, want one with %q", tc.name, tc.want)
			continue
		}
		for _, w := range tc.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s: ExpiryWarning = %q, want it to contain %q", tc.name, got, w)
			}
		}
		for _, n := range tc.never {
			if strings.Contains(got, n) {
				t.Errorf("%s: ExpiryWarning = %q, must not contain %q", tc.name, got, n)
			}
		}
	}
}

// TestHumanDuration: the time left reads as people say it, never "0s" or
// "2h0m0s".
func TestHumanDuration(t *testing.T) {
	for d, want := range map[time.Duration]string{
		20 * time.Second:                      "20 seconds",
		time.Second:                           "1 second",
		200 * time.Millisecond:                "less than a second",
		59*time.Second + 700*time.Millisecond: "1 minute",
		90 * time.Second:                      "2 minutes",
		45 * time.Minute:                      "45 minutes",
		59*time.Minute + 50*time.Second:       "1 hour",
		2 * time.Hour:                         "2 hours",
		23*time.Hour + 40*time.Minute:         "1 day",
		36 * time.Hour:                        "2 days",
		6 * Day:                               "6 days",
	} {
		if got := humanDuration(d); got != want {
			t.Errorf("humanDuration(%s) = %q, want %q", d, got, want)
		}
	}
	w := ExpiryWarning(time.Unix(0, 0), time.Unix(20, 0), Setup{Days: 30})
	if !strings.Contains(w, "in 20 seconds") {
		t.Errorf("warning %q, want it to say the 20 seconds left", w)
	}
}

func TestExpiresSoon(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		left time.Duration
		days int64
		want bool
	}{
		{"a week left", WarnWindow, 30, true},
		{"a week and a minute left", WarnWindow + time.Minute, 30, false},
		{"expired", 0, 30, false},
		{"a short-lived token warns in its last quarter only", 2 * Day, 4, false},
		{"the last quarter of a short-lived token", Day, 4, true},
		{"no validity known: the week", 6 * Day, 0, true},
	}
	for _, tc := range cases {
		if got := ExpiresSoon(t0, t0.Add(tc.left), tc.days); got != tc.want {
			t.Errorf("%s: ExpiresSoon = %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestWindowReaches(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name         string
		end          time.Duration
		rotateBefore int64
		want         bool
	}{
		{"the end inside the window", 6 * Day, 7, true},
		{"the end at the window's edge", 7 * Day, 7, true},
		{"the end past the window", 7*Day + time.Minute, 7, false},
		{"no window", Day, 0, false},
	}
	for _, tc := range cases {
		if got := WindowReaches(t0, t0.Add(tc.end), tc.rotateBefore); got != tc.want {
			t.Errorf("%s: WindowReaches = %v, want %v", tc.name, got, tc.want)
		}
	}
	if got := Left(t0, t0.Add(3*Day+time.Hour)); got != "3 days" {
		t.Errorf("Left = %q", got)
	}
}
