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

const (
	NoRotation      Reason = ""
	Expired         Reason = "the token has expired"
	InWindow        Reason = "the token is inside its rotate_before_days window"
	TriggersChanged Reason = "rotation_triggers changed"
	ExpiryChanged   Reason = "the expiry arguments changed"
)

// Input is what a rotation decision looks at.
type Input struct {
	Now              time.Time
	ExpiresAt        time.Time
	RotateBeforeDays int64 // 0 when not set
	TriggersChanged  bool
	ExpiryChanged    bool
}

// RotationReason decides whether a token must get a new value now. An expired
// token is always rotated: it is never silently kept.
func RotationReason(in Input) Reason {
	switch {
	case !in.Now.Before(in.ExpiresAt):
		return Expired
	case in.ExpiryChanged:
		return ExpiryChanged
	case in.TriggersChanged:
		return TriggersChanged
	case in.RotateBeforeDays > 0 && !in.Now.Before(in.ExpiresAt.Add(-time.Duration(in.RotateBeforeDays)*Day)):
		return InWindow
	default:
		return NoRotation
	}
}

// ExpiryWarning returns a warning when a token that is kept will expire
// within WarnWindow and nothing will rotate it, or "" otherwise.
func ExpiryWarning(now, expiresAt time.Time, rotationConfigured bool) string {
	left := expiresAt.Sub(now)
	if rotationConfigured || left <= 0 || left > WarnWindow {
		return ""
	}
	return fmt.Sprintf("it expires at %s, in %s, and no rotate_before_days is set, so nothing will renew it before it stops working",
		expiresAt.UTC().Format(time.RFC3339), humanDuration(left))
}

func humanDuration(d time.Duration) string {
	if d >= Day {
		days := int((d + Day/2) / Day)
		if days == 1 {
			return "1 day"
		}
		return fmt.Sprintf("%d days", days)
	}
	return d.Round(time.Minute).String()
}
