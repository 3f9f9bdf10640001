package mockapi

import "time"

// Demo users and their organization. Their tokens are fixed so that the
// demo and hand-testing can use them; they are only valid against this
// mock.
const (
	DemoOrgID      = "6c1f2a9e-4b7d-4e2a-9c3f-8d5e7a1b2c3d"
	DemoAliceID    = "0f9a3a4e-6d0c-4f0f-9d8e-4a1e6f0c1a01"
	DemoAliceToken = "demo-token-alice"
	DemoBobID      = "1b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c02"
	DemoBobToken   = "demo-token-bob"
	DemoCarolID    = "2c3d4e5f-6071-4b8c-9dae-1f2a3b4c5d03"
	DemoCarolToken = "demo-token-carol"
	// DemoFormerID is a user who left the organization: gitpod.v1 admins
	// still see the membership (status left); the token acts nowhere.
	DemoFormerID    = "9d0e1f2a-3b4c-4d5e-8f60-7a8b9c0d1e05"
	DemoFormerToken = "demo-token-former"
	// DemoSystemServiceAccountID is a system-managed gitpod.v1 service
	// account of the demo organization: listed, never changeable.
	DemoSystemServiceAccountID = "5ac0ffee-1d2e-4f3a-8b4c-5d6e7f8a9b0c"
)

// DemoFixtures is the data set served when no fixtures file is given:
// Alice owns the organization (a Classic team; she is an admin on
// gitpod.v1), Bob and Carol are members; Alice has workspaces on Classic
// and environments on gitpod.v1. Alice signs in with GitHub, Bob with
// Google, Carol through the organization's SSO ("custom"); Dan Former
// left the organization (a gitpod.v1 membership with status left, no
// member on either API). The organization has one system-managed service
// account (gitpod.v1).
func DemoFixtures() Fixtures {
	since := time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)
	return Fixtures{
		Users: []UserFixture{
			{ID: DemoAliceID, Name: "Alice Example", Username: "alice", Email: "alice@example.com", Token: DemoAliceToken},
			{ID: DemoBobID, Name: "Bob Example", Username: "bob", Email: "bob@example.com", Token: DemoBobToken},
			{ID: DemoCarolID, Name: "Carol Example", Username: "carol", Email: "carol@example.com", Token: DemoCarolToken},
			{ID: DemoFormerID, Name: "Dan Former", Username: "dan", Email: "dan@example.com", Token: DemoFormerToken},
		},
		Organizations: []OrganizationFixture{{
			ID:   DemoOrgID,
			Name: "Acme Engineering",
			Members: []OrgMemberFixture{
				{UserID: DemoAliceID, Role: "owner", MemberSince: since, LoginProvider: "github"},
				{UserID: DemoBobID, Role: "member", MemberSince: since.Add(24 * time.Hour), LoginProvider: "google"},
				{UserID: DemoCarolID, Role: "member", MemberSince: since.Add(48 * time.Hour), LoginProvider: "custom"},
				{UserID: DemoFormerID, Role: "member", MemberSince: since.Add(-30 * 24 * time.Hour), Status: "left", LoginProvider: "github"},
			},
		}},
		Workspaces: []WorkspaceFixture{
			{ID: "amber-heron-k2f9x1qz7mw", OwnerID: DemoAliceID, OrganizationID: DemoOrgID, Description: "api: main", ContextURL: "https://github.com/acme/api", Phase: "running"},
			{ID: "teal-otter-7hq3c8vb2ld", OwnerID: DemoAliceID, OrganizationID: DemoOrgID, Description: "web: main", ContextURL: "https://github.com/acme/web", Phase: "stopped"},
			{ID: "coral-lynx-p4n8w2ke6ta", OwnerID: DemoAliceID, OrganizationID: DemoOrgID, Description: "docs", ContextURL: "https://gitlab.com/acme/docs"},
			{ID: "olive-finch-3jd7r5yu1oc", OwnerID: DemoBobID, OrganizationID: DemoOrgID, Description: "api: fix", ContextURL: "https://github.com/acme/api/tree/fix", Phase: "running"},
		},
		Environments: []EnvironmentFixture{
			{ID: "01970a4e-8b2c-7d3e-9f40-a1b2c3d4e5f6", OrganizationID: DemoOrgID, CreatorID: DemoAliceID, Name: "api", ContextURL: "https://github.com/acme/api", GitRemote: "https://github.com/acme/api.git", Branch: "main", Phase: "running"},
			{ID: "01970a4f-1c3d-7e4f-8a51-b2c3d4e5f607", OrganizationID: DemoOrgID, CreatorID: DemoAliceID, Name: "web", ContextURL: "https://github.com/acme/web", GitRemote: "https://github.com/acme/web.git", Branch: "main", Phase: "stopped"},
			{ID: "01970a50-2d4e-7f50-9b62-c3d4e5f60718", OrganizationID: DemoOrgID, CreatorID: DemoBobID, Name: "api-fix", ContextURL: "https://github.com/acme/api/tree/fix", GitRemote: "https://github.com/acme/api.git", Branch: "fix", Phase: "running"},
		},
		ServiceAccounts: []ServiceAccountFixture{
			{ID: DemoSystemServiceAccountID, OrganizationID: DemoOrgID, Name: "platform-automation", Description: "Managed by the platform",
				ValidUntil: time.Date(2099, 12, 31, 0, 0, 0, 0, time.UTC), SystemManaged: true, CreatedAt: since},
		},
	}
}
