package mockapi

// Demo users. Their tokens are fixed so that the demo and hand-testing can
// use them; they are only valid against this mock.
const (
	DemoAliceID    = "0f9a3a4e-6d0c-4f0f-9d8e-4a1e6f0c1a01"
	DemoAliceToken = "demo-token-alice"
	DemoBobID      = "1b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c02"
	DemoBobToken   = "demo-token-bob"
)

// DemoFixtures is the data set served when no fixtures file is given.
func DemoFixtures() Fixtures {
	return Fixtures{
		Users: []User{
			{ID: DemoAliceID, Name: "Alice Example", Email: "alice@example.com", Token: DemoAliceToken},
			{ID: DemoBobID, Name: "Bob Example", Email: "bob@example.com", Token: DemoBobToken},
		},
		Workspaces: []Workspace{
			{ID: "alice-demo-api-7f3k2", OwnerID: DemoAliceID, Description: "API service", ContextURL: "https://github.com/example/api", Phase: "PHASE_RUNNING"},
			{ID: "alice-demo-web-9q8w1", OwnerID: DemoAliceID, Description: "Web frontend", ContextURL: "https://github.com/example/web", Phase: "PHASE_STOPPED"},
			{ID: "alice-demo-docs-4m5n6", OwnerID: DemoAliceID, Description: "Docs", ContextURL: "https://gitlab.com/example/docs"},
			{ID: "bob-demo-api-1a2b3", OwnerID: DemoBobID, Description: "Bob's API", ContextURL: "https://github.com/example/api", Phase: "PHASE_RUNNING"},
		},
	}
}
