package mockapi_test

import (
	"strings"
	"testing"

	"github.com/gitpod-community/terraform-provider-gitpod/internal/mockapi"
	"github.com/gitpod-community/terraform-provider-gitpod/internal/mockapi/store"
)

// memberFixtures is goodFixtures with a second user, Bob, a member.
const memberFixtures = `{
  "users": [{"id": "0f9a3a4e-6d0c-4f0f-9d8e-4a1e6f0c1a01", "name": "Alice", "email": "a@example.com", "token": "t-alice"},
            {"id": "1b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c02", "name": "Bob", "email": "b@example.com", "token": "t-bob"}],
  "organizations": [{"id": "5b0e7c1d-2f3a-4b5c-8d9e-0a1b2c3d4e5f", "name": "Platform",
    "members": [{"userId": "0f9a3a4e-6d0c-4f0f-9d8e-4a1e6f0c1a01", "role": "owner", "loginProvider": "google"},
                {"userId": "1b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c02", "role": "member", "status": "suspended", "loginProvider": "custom"}]}]
}`

const (
	fxOrg   = "5b0e7c1d-2f3a-4b5c-8d9e-0a1b2c3d4e5f"
	fxAlice = "0f9a3a4e-6d0c-4f0f-9d8e-4a1e6f0c1a01"
	fxBob   = "1b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c02"
)

// withBobInATeam adds a team with Bob to a fixtures document.
func withBobInATeam(doc string) string {
	doc = strings.TrimSuffix(strings.TrimSpace(doc), "}")
	return doc + `, "teams": [{"id": "7d8e9f00-1a2b-4c3d-9e4f-5a6b7c8d9e0f", "organizationId": "` + fxOrg + `", "name": "Backend", "members": ["` + fxBob + `"]}]}`
}

func loadMembers(t *testing.T, doc string) (*mockapi.Server, error) {
	t.Helper()
	f, err := mockapi.ParseFixtures(strings.NewReader(doc))
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	return mockapi.New(f)
}

// The fixtures' status and loginProvider: spelled as the API's clients
// spell them, checked, with defaults.
func TestFixturesMemberStatusAndLoginProvider(t *testing.T) {
	t.Parallel()
	srv, err := loadMembers(t, memberFixtures)
	if err != nil {
		t.Fatal(err)
	}
	if m := srv.OrgMember(fxOrg, fxAlice); m.CurrentStatus() != "active" || m.Provider() != "google" {
		t.Fatalf("alice %+v", m)
	}
	if m := srv.OrgMember(fxOrg, fxBob); m.CurrentStatus() != "suspended" || m.Provider() != "custom" {
		t.Fatalf("bob %+v", m)
	}
	// Defaults: github, or custom for an account the organization owns.
	plain := strings.NewReplacer(`, "loginProvider": "google"`, ``, `, "status": "suspended", "loginProvider": "custom"`, `, "ownedByOrganization": true`).Replace(memberFixtures)
	srv, err = loadMembers(t, plain)
	if err != nil {
		t.Fatal(err)
	}
	if m := srv.OrgMember(fxOrg, fxAlice); m.CurrentStatus() != "active" || m.Provider() != "github" {
		t.Fatalf("alice by default %+v", m)
	}
	if m := srv.OrgMember(fxOrg, fxBob); m.Provider() != "custom" {
		t.Fatalf("bob by default %+v", m)
	}
	for name, doc := range map[string]string{
		"oidc is no provider":       strings.Replace(memberFixtures, `"loginProvider": "google"`, `"loginProvider": "oidc"`, 1),
		"providers are lower-case":  strings.Replace(memberFixtures, `"loginProvider": "google"`, `"loginProvider": "Google"`, 1),
		"sso is spelled custom":     strings.Replace(memberFixtures, `"loginProvider": "custom"`, `"loginProvider": "sso"`, 1),
		"unknown status":            strings.Replace(memberFixtures, `"status": "suspended"`, `"status": "blocked"`, 1),
		"enum names are not states": strings.Replace(memberFixtures, `"status": "suspended"`, `"status": "USER_STATUS_SUSPENDED"`, 1),
		"org-owned needs custom":    strings.Replace(memberFixtures, `"role": "owner", "loginProvider": "google"`, `"role": "owner", "ownedByOrganization": true, "loginProvider": "google"`, 1),
		"left owner is no owner":    strings.Replace(memberFixtures, `"role": "owner", "loginProvider": "google"`, `"role": "owner", "status": "left"`, 1),
		"left member in a team":     withBobInATeam(strings.Replace(memberFixtures, `"status": "suspended"`, `"status": "left"`, 1)),
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			if _, err := loadMembers(t, doc); err == nil {
				t.Fatal("accepted")
			}
		})
	}
	// The keys are strict like every other.
	for _, doc := range []string{
		strings.Replace(memberFixtures, `"loginProvider": "google"`, `"login_provider": "google"`, 1),
		strings.Replace(memberFixtures, `"loginProvider": "google"`, `"loginprovider": "google"`, 1),
		strings.Replace(memberFixtures, `"status": "suspended"`, `"Status": "suspended"`, 1),
	} {
		if _, err := mockapi.ParseFixtures(strings.NewReader(doc)); err == nil {
			t.Fatalf("accepted %s", doc)
		}
	}
	// A suspended member may be in a team (one who left may not, above).
	if _, err := loadMembers(t, withBobInATeam(memberFixtures)); err != nil {
		t.Fatalf("suspended member in a team: %v", err)
	}
}

// The demo data gives its users real providers, and a member who left.
func TestDemoMembers(t *testing.T) {
	t.Parallel()
	srv, err := mockapi.New(mockapi.DemoFixtures())
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][2]string{
		mockapi.DemoAliceID:  {"active", "github"},
		mockapi.DemoBobID:    {"active", "google"},
		mockapi.DemoCarolID:  {"active", "custom"},
		mockapi.DemoFormerID: {"left", "github"},
	}
	for id, w := range want {
		if m := srv.OrgMember(mockapi.DemoOrgID, id); m.CurrentStatus() != w[0] || m.Provider() != w[1] {
			t.Fatalf("%s: %+v, want %v", id, m, w)
		}
	}
	// The one who left is no member: the organization's members are the
	// three others.
	o := srv.Organization(mockapi.DemoOrgID)
	if len(o.Members) != 3 || o.Member(mockapi.DemoFormerID) != nil {
		t.Fatalf("members %+v", o.Members)
	}
}

// The out-of-band member helpers check what the fixtures check.
func TestOutOfBandMembers(t *testing.T) {
	t.Parallel()
	srv, err := loadMembers(t, memberFixtures)
	if err != nil {
		t.Fatal(err)
	}
	u, err := srv.AddOrgMember(fxOrg, mockapi.UserFixture{Name: "Carol", Email: "c@example.com"}, mockapi.OrgMemberFixture{LoginProvider: "custom", Status: "left"})
	if err != nil {
		t.Fatal(err)
	}
	if !store.ValidUUID(u.ID) || u.Token == "" || u.OrganizationID != fxOrg {
		t.Fatalf("added %+v", u)
	}
	m := srv.OrgMember(fxOrg, u.ID)
	if m.Role != "member" || m.CurrentStatus() != "left" || m.Provider() != "custom" || m.MemberSince.IsZero() {
		t.Fatalf("membership %+v", m)
	}
	for name, call := range map[string]func() error{
		"unknown organization": func() error {
			_, err := srv.AddOrgMember(store.New().NewID(), mockapi.UserFixture{}, mockapi.OrgMemberFixture{})
			return err
		},
		"existing user id": func() error {
			_, err := srv.AddOrgMember(fxOrg, mockapi.UserFixture{ID: fxBob}, mockapi.OrgMemberFixture{})
			return err
		},
		"token in use": func() error {
			_, err := srv.AddOrgMember(fxOrg, mockapi.UserFixture{Token: "t-bob"}, mockapi.OrgMemberFixture{})
			return err
		},
		"bad role": func() error {
			_, err := srv.AddOrgMember(fxOrg, mockapi.UserFixture{}, mockapi.OrgMemberFixture{Role: "admin"})
			return err
		},
		"bad status": func() error {
			_, err := srv.AddOrgMember(fxOrg, mockapi.UserFixture{}, mockapi.OrgMemberFixture{Status: "gone"})
			return err
		},
		"bad provider": func() error {
			_, err := srv.AddOrgMember(fxOrg, mockapi.UserFixture{}, mockapi.OrgMemberFixture{LoginProvider: "oidc"})
			return err
		},
		"set bad status":   func() error { return srv.SetMemberStatus(fxOrg, fxBob, "deleted") },
		"status, no user":  func() error { return srv.SetMemberStatus(fxOrg, store.New().NewID(), "active") },
		"set bad provider": func() error { return srv.SetLoginProvider(fxOrg, fxBob, "gitlab") },
		"provider, no org": func() error { return srv.SetLoginProvider(store.New().NewID(), fxBob, "github") },
	} {
		if err := call(); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	// A failed add leaves nothing behind (Carol left: she is no current
	// member, but on record).
	if n := len(srv.Organization(fxOrg).Members); n != 2 || srv.OrgMember(fxOrg, u.ID) == nil {
		t.Fatalf("%d members after failed adds", n)
	}
	if err := srv.SetLoginProvider(fxOrg, fxBob, "github"); err != nil {
		t.Fatal(err)
	}
	if err := srv.SetMemberStatus(fxOrg, fxBob, "active"); err != nil {
		t.Fatal(err)
	}
	if m := srv.OrgMember(fxOrg, fxBob); m.Provider() != "github" || m.CurrentStatus() != "active" {
		t.Fatalf("bob %+v", m)
	}
	// The one who left comes back through SetOrgMember, once.
	if err := srv.SetOrgMember(fxOrg, u.ID, "owner"); err != nil {
		t.Fatal(err)
	}
	st := srv.Store()
	st.Mu.Lock()
	n := len(st.Org(fxOrg).Members)
	st.Mu.Unlock()
	if m := srv.OrgMember(fxOrg, u.ID); m.CurrentStatus() != "active" || m.Role != "owner" || n != 3 {
		t.Fatalf("back: %+v", m)
	}
}
