// Package tokenlife holds the pure rules of a personal access token's life:
// when it expires, when it must be rotated and when to warn about it.
package tokenlife

import (
	"fmt"
	"math"
	"time"
)

const (
	// DefaultDays is the validity used when no expiry is configured: the
	// shortest period Gitpod's UI offers.
	DefaultDays = 30
	// WarnWindow is how close to expiry an unrotated token draws a warning.
	WarnWindow = 7 * 24 * time.Hour
	// Day is the unit of the *_days arguments.
	Day = 24 * time.Hour
)

// ExpiryFor returns when a token issued at now expires: the absolute time
// when one is given, otherwise now plus days.
func ExpiryFor(now time.Time, days int64, absolute *time.Time) time.Time {
	if absolute != nil {
		return absolute.UTC()
	}
	return now.Add(time.Duration(days) * Day).UTC()
}

// WholeDays returns the validity between created and expires in whole days,
// and whether it is a whole number of days (to within a minute).
func WholeDays(created, expires time.Time) (int64, bool) {
	d := expires.Sub(created)
	days := math.Round(d.Hours() / 24)
	if days < 1 {
		return 0, false
	}
	diff := d - time.Duration(days)*Day
	if diff < -time.Minute || diff > time.Minute {
		return 0, false
	}
	return int64(days), true
}

// Reason says why a token is rotated; the zero value means it is not.
type Reason string

// The reasons for a rotation.
const (
	NoRotation      Reason = ""
	Stale           Reason = "the value in state no longer works"
	Expired         Reason = "the token has expired"
	InWindow        Reason = "the token is inside its rotate_before_days window"
	TriggersChanged Reason = "rotation_triggers changed"
	ExpiryChanged   Reason = "the expiry arguments changed"
	Replaced        Reason = "the API cannot change a token in place, so a new token replaces it"
)

// Input is what a rotation decision looks at.
type Input struct {
	Now              time.Time
	ExpiresAt        time.Time
	RotateBeforeDays int64 // 0 when not set
	TriggersChanged  bool
	ExpiryChanged    bool
	// Stale is set when the value in state can no longer be valid (the
	// answer of its rotation was lost, or it was regenerated elsewhere).
	Stale bool
	// ChangedInPlace is set when an argument changed that the API cannot
	// change on an existing token (gitpod.v1).
	ChangedInPlace bool
}

// RotationReason decides whether a token must get a new value now. An expired
// token is always rotated: it is never silently kept.
func RotationReason(in Input) Reason {
	switch {
	case in.Stale:
		return Stale
	case !in.Now.Before(in.ExpiresAt):
		return Expired
	case in.ExpiryChanged:
		return ExpiryChanged
	case in.TriggersChanged:
		return TriggersChanged
	case in.ChangedInPlace:
		return Replaced
	case in.RotateBeforeDays > 0 && !in.Now.Before(in.ExpiresAt.Add(-time.Duration(in.RotateBeforeDays)*Day)):
		return InWindow
	default:
		return NoRotation
	}
}

// Setup is how a token's expiry is configured, for advice that fits it.
type Setup struct {
	// Fixed is set when the expiry is an absolute expires_at.
	Fixed bool
	// Days is the validity in days (0 with a fixed expiry).
	Days int64
	// Rotating is set when rotate_before_days is set.
	Rotating bool
}

// ExpiryWarning returns a warning when a token that is kept will expire
// within WarnWindow and nothing will rotate it, or "" otherwise. Its advice
// fits the setup: rotate_before_days only where it is valid.
func ExpiryWarning(now, expiresAt time.Time, s Setup) string {
	if s.Rotating || !ExpiresSoon(now, expiresAt, s.Days) {
		return ""
	}
	msg := fmt.Sprintf("it expires at %s, in %s, and nothing will renew it before it stops working", expiresAt.UTC().Format(time.RFC3339), Left(now, expiresAt))
	switch {
	case s.Fixed:
		return msg + ". Set a later expires_at (or use expires_in_days with rotate_before_days) to rotate it"
	case s.Days <= 1:
		return msg + ". rotate_before_days must be smaller than the validity, which is too short for it: change rotation_triggers to rotate it now, or use a longer expires_in_days"
	default:
		return msg + fmt.Sprintf(". Set rotate_before_days (1 to %d) to rotate it automatically, or change rotation_triggers to rotate it now", s.Days-1)
	}
}

// ExpiresSoon reports whether a token that has not expired yet expires
// within WarnWindow, or for a token valid for days within its last quarter
// when that is shorter (a short-lived token is always close to its end).
func ExpiresSoon(now, expiresAt time.Time, days int64) bool {
	left := expiresAt.Sub(now)
	window := WarnWindow
	if days > 0 && time.Duration(days)*Day/4 < window {
		window = time.Duration(days) * Day / 4
	}
	return left > 0 && left <= window
}

// WindowReaches reports whether a token that ends at end at the latest
// (its service account's end) would be inside a rotate_before_days window
// at now from the start: then rotating it cannot move it out.
func WindowReaches(now, end time.Time, rotateBeforeDays int64) bool {
	return rotateBeforeDays > 0 && !now.Before(end.Add(-time.Duration(rotateBeforeDays)*Day))
}

// Left says, for people, how long from now until t: "3 days", "5 hours".
func Left(now, t time.Time) string { return humanDuration(t.Sub(now)) }

// humanDuration says how long d is as people would: "20 seconds",
// "45 minutes", "1 hour 30 minutes", "2 days" (rounded to the smallest
// unit it names).
func humanDuration(d time.Duration) string {
	plural := func(n int64, unit string) string {
		if n == 1 {
			return "1 " + unit
		}
		return fmt.Sprintf("%d %ss", n, unit)
	}
	switch {
	case d >= Day-Day/48:
		return plural(int64((d+Day/2)/Day), "day")
	case d >= time.Hour-30*time.Second:
		minutes := int64((d + 30*time.Second) / time.Minute)
		h, m := minutes/60, minutes%60
		if m == 0 {
			return plural(h, "hour")
		}
		return plural(h, "hour") + " " + plural(m, "minute")
	case d >= time.Minute-time.Second/2:
		return plural(int64((d+30*time.Second)/time.Minute), "minute")
	case d >= time.Second/2:
		return plural(int64((d+time.Second/2)/time.Second), "second")
	default:
		return "less than a second"
	}
}
