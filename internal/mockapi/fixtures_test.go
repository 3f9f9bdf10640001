package mockapi_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gitpod-community/terraform-provider-gitpod/internal/mockapi"
)

// testdata/fixtures.json is the example from the README, so this test keeps
// the documented format honest.
func TestLoadFixturesReadmeExample(t *testing.T) {
	t.Parallel()
	f, err := mockapi.LoadFixtures("testdata/fixtures.json")
	if err != nil {
		t.Fatal(err)
	}
	srv, err := mockapi.New(f)
	if err != nil {
		t.Fatal(err)
	}
	team := srv.Team("5b0e7c1d-2f3a-4b5c-8d9e-0a1b2c3d4e5f")
	if team == nil || team.GetSlug() != "platform" || len(team.GetMembers()) != 1 {
		t.Fatalf("team from fixtures: %v", team)
	}
	if srv.TokenOf("0f9a3a4e-6d0c-4f0f-9d8e-4a1e6f0c1a01") != "alice-bearer-token" {
		t.Fatal("user token not loaded")
	}
}

func TestFixturesAreChecked(t *testing.T) {
	t.Parallel()
	cases := map[string]string{
		`{"users": [{"id": "1", "token": "t"}]}`:                                                  "must be a UUID",
		`{"users": [{"id": "0f9a3a4e-6d0c-4f0f-9d8e-4a1e6f0c1a01"}]}`:                             "token is required",
		`{"teams": [{"id": "5b0e7c1d-2f3a-4b5c-8d9e-0a1b2c3d4e5f", "name": "x", "members": []}]}`: "at least one owner",
		`{"users": [], "unknown": 1}`:                                                             "unknown field",
		`{"workspaces": [{"id": "w-123", "ownerId": "0f9a3a4e-6d0c-4f0f-9d8e-4a1e6f0c1a01"}]}`:    "not a user",
	}
	for doc, want := range cases {
		path := filepath.Join(t.TempDir(), "f.json")
		if err := os.WriteFile(path, []byte(doc), 0o600); err != nil {
			t.Fatal(err)
		}
		f, err := mockapi.LoadFixtures(path)
		if err == nil {
			_, err = mockapi.New(f)
		}
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: got %v, want an error containing %q", doc, err, want)
		}
	}
}
