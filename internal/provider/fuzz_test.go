package provider

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// FuzzParseMemberID checks the import ID parser of gitpod_team_member: it
// accepts exactly two canonical UUIDs around one slash, and what it returns
// puts the ID back together.
func FuzzParseMemberID(f *testing.F) {
	f.Add("5b0e7c1d-2f3a-4b5c-8d9e-0a1b2c3d4e5f/1b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c02")
	f.Add("5B0E7C1D-2F3A-4B5C-8D9E-0A1B2C3D4E5F/1b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c02")
	f.Add("{5b0e7c1d-2f3a-4b5c-8d9e-0a1b2c3d4e5f}/x")
	f.Add("urn:uuid:5b0e7c1d-2f3a-4b5c-8d9e-0a1b2c3d4e5f/1b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c02")
	f.Add("a/b/c")
	f.Add("")
	f.Fuzz(func(t *testing.T, id string) {
		team, user, ok := parseMemberID(id)
		if !ok {
			if team != "" || user != "" {
				t.Fatalf("%q refused but returned %q, %q", id, team, user)
			}
			return
		}
		if team+"/"+user != id || !uuidPattern.MatchString(team) || !uuidPattern.MatchString(user) || strings.ToLower(id) != id {
			t.Fatalf("%q accepted as %q / %q", id, team, user)
		}
	})
}

// FuzzDurationBetween checks the duration validator never panics, and that
// it accepts a parsable duration exactly when it lies within its range.
func FuzzDurationBetween(f *testing.F) {
	for _, s := range []string{"30s", "1m", "10m0s", "9m59.999s", "0s", "-1s", "1h", "1e3s", "999999999999h", "", " 5s", "1ns"} {
		f.Add(s)
	}
	v := durationBetween(time.Second, 10*time.Minute)
	f.Fuzz(func(t *testing.T, s string) {
		resp := &validator.StringResponse{}
		v.ValidateString(context.Background(), validator.StringRequest{Path: path.Root("request_timeout"), ConfigValue: types.StringValue(s)}, resp)
		d, err := time.ParseDuration(s)
		wantError := err == nil && (d < time.Second || d > 10*time.Minute)
		if resp.Diagnostics.HasError() != wantError {
			t.Fatalf("%q: error %v, want %v", s, resp.Diagnostics.HasError(), wantError)
		}
	})
}

// FuzzWorkspaceID checks the workspace ID validator against the two
// formats the APIs use, written out independently.
func FuzzWorkspaceID(f *testing.F) {
	for _, s := range []string{"amber-heron-k2f9x1qz7mw", "01970a4e-8b2c-7d3e-9f40-a1b2c3d4e5f6", "Amber-heron-k2f9x1qz7mw", "a-b-c", "amber-heron-k2f9x1qz7mw\n", "01970A4E-8B2C-7D3E-9F40-A1B2C3D4E5F6"} {
		f.Add(s)
	}
	v := workspaceIDValidator()
	f.Fuzz(func(t *testing.T, s string) {
		resp := &validator.StringResponse{}
		v.ValidateString(context.Background(), validator.StringRequest{Path: path.Root("id"), ConfigValue: types.StringValue(s)}, resp)
		if resp.Diagnostics.HasError() == (isLowerUUID(s) || isClassicID(s)) {
			t.Fatalf("%q: error %v", s, resp.Diagnostics.HasError())
		}
	})
}

func isLowerUUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i, c := range s {
		switch i {
		case 8, 13, 18, 23:
			if c != '-' {
				return false
			}
		default:
			if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
				return false
			}
		}
	}
	return true
}

func isClassicID(s string) bool {
	parts := strings.Split(s, "-")
	if len(parts) != 3 {
		return false
	}
	for i, p := range parts {
		lo, hi := 2, 16
		if i == 2 {
			lo, hi = 8, 11
		}
		if len(p) < lo || len(p) > hi {
			return false
		}
		for _, c := range p {
			if (c < '0' || c > '9') && (c < 'a' || c > 'z') {
				return false
			}
		}
	}
	return true
}
