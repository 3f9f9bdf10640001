package provider_test

import (
	"context"
	"fmt"
	"maps"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/gitpod-community/terraform-provider-gitpod/internal/mockapi"
)

// Extra fixtures some tests add to the demo data.
const (
	// Globex is a second organization, with Dave as its only member.
	globexOrgID = "7d2e3b0f-5c8e-4f3b-8d40-9e6f8b2c3d4e"
	daveID      = "3d4e5f60-7182-4c9d-8ebf-2a3b4c5d6e04"
	daveToken   = "demo-token-dave"
	// Classic teams (organizations) Alice owns besides the demo one.
	platformOrgID = "8e3f4a1b-6d9f-4a4c-9e51-0a7f9c3d4e5f"
	infraOrgID    = "9f405b2c-7ea0-4b5d-8f62-1b8a0d4e5f60"
	// gitpod.v1 teams of the demo organization.
	platformTeamID = "a0516c3d-8fb1-4c6e-9a73-2c9b1e5f6071"
	infraTeamID    = "b1627d4e-90c2-4d7f-8b84-3d0c2f607182"
)

// withGlobex adds the Globex organization and its user Dave.
func withGlobex(f *mockapi.Fixtures) {
	f.Users = append(f.Users, mockapi.UserFixture{ID: daveID, Name: "Dave Example", Username: "dave", Email: "dave@globex.example", Token: daveToken})
	f.Organizations = append(f.Organizations, mockapi.OrganizationFixture{
		ID: globexOrgID, Name: "Globex", Members: []mockapi.OrgMemberFixture{{UserID: daveID, Role: "owner"}},
	})
}

// withClassicTeam adds a Classic team (organization) with Alice as owner
// and the given plain members.
func withClassicTeam(id, name string, members ...string) func(*mockapi.Fixtures) {
	return func(f *mockapi.Fixtures) {
		o := mockapi.OrganizationFixture{ID: id, Name: name, Members: []mockapi.OrgMemberFixture{{UserID: mockapi.DemoAliceID, Role: "owner"}}}
		for _, m := range members {
			o.Members = append(o.Members, mockapi.OrgMemberFixture{UserID: m, Role: "member"})
		}
		// The demo organization stays the first one, so that the demo
		// users' tokens keep acting in it.
		f.Organizations = append(f.Organizations, o)
	}
}

// withV1Team adds a gitpod.v1 team to the demo organization.
func withV1Team(id, name string, members ...string) func(*mockapi.Fixtures) {
	return func(f *mockapi.Fixtures) {
		f.Teams = append(f.Teams, mockapi.TeamFixture{ID: id, OrganizationID: mockapi.DemoOrgID, Name: name, Members: members})
	}
}

// newTestEnvWith is newTestEnv with extra fixtures.
func newTestEnvWith(t *testing.T, api string, edits ...func(*mockapi.Fixtures)) *testEnv {
	t.Helper()
	f := mockapi.DemoFixtures()
	for _, edit := range edits {
		edit(&f)
	}
	clock := newTestClock()
	mock, err := mockapi.New(f, mockapi.WithClock(clock.Now))
	if err != nil {
		t.Fatal(err)
	}
	mock.SetStopDelay(0)
	return &testEnv{api: api, mock: mock, url: mock.Start(t).URL, clock: clock}
}

// forEachAPIWith is forEachAPI with extra fixtures for each generation.
func forEachAPIWith(t *testing.T, edits func(api string) []func(*mockapi.Fixtures), f func(t *testing.T, e *testEnv)) {
	t.Helper()
	for _, api := range apis {
		t.Run(api, func(t *testing.T) {
			f(t, newTestEnvWith(t, api, edits(api)...))
		})
	}
}

// configAs prefixes a configuration with the provider block for a token.
func (e *testEnv) configAs(token, body string) string {
	return e.providerBlock(token) + body
}

// ---- what the provider told Terraform ----

// diagRecorder keeps the diagnostics the provider returned and counts data
// source reads, since terraform-plugin-testing cannot assert warnings.
type diagRecorder struct {
	mu      sync.Mutex
	diags   []recorded
	reads   map[string]int
	applied []appliedState
}

// appliedState is the state an apply returned: its string attributes,
// and whether it came with an error.
type appliedState struct {
	typeName string
	attrs    map[string]string
	failed   bool
}

type recorded struct {
	rpc, typeName string
	severity      tfprotov6.DiagnosticSeverity
	summary       string
	detail        string
}

func newDiagRecorder() *diagRecorder { return &diagRecorder{reads: map[string]int{}} }

func (r *diagRecorder) add(rpc, typeName string, ds []*tfprotov6.Diagnostic) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, d := range ds {
		r.diags = append(r.diags, recorded{rpc: rpc, typeName: typeName, severity: d.Severity, summary: d.Summary, detail: d.Detail})
	}
}

// reset forgets everything recorded so far (call it in PreConfig).
func (r *diagRecorder) reset() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.diags = nil
	r.applied = nil
	clear(r.reads)
}

// appliedStates returns the states the applies of a type returned.
func (r *diagRecorder) appliedStates(typeName string) []appliedState {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []appliedState
	for _, a := range r.applied {
		if a.typeName == typeName {
			out = append(out, a)
		}
	}
	return out
}

// readsOf is how many times a data source was read.
func (r *diagRecorder) readsOf(typeName string) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.reads[typeName]
}

// warning returns the first warning of an RPC ("plan", "apply", "read",
// "data") for a type whose summary contains summary.
func (r *diagRecorder) warning(rpc, typeName, summary string) (recorded, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, d := range r.diags {
		if d.rpc == rpc && d.typeName == typeName && d.severity == tfprotov6.DiagnosticSeverityWarning && strings.Contains(d.summary, summary) {
			return d, true
		}
	}
	return recorded{}, false
}

// expectWarning is a Check that a warning was recorded whose detail
// contains every phrase.
func (r *diagRecorder) expectWarning(rpc, typeName, summary string, phrases ...string) func(*terraform.State) error {
	return func(*terraform.State) error {
		d, ok := r.warning(rpc, typeName, summary)
		if !ok {
			return fmt.Errorf("no %s warning %q for %s was recorded", rpc, summary, typeName)
		}
		for _, p := range phrases {
			if !strings.Contains(d.detail, p) {
				return fmt.Errorf("%s warning %q does not mention %q:\n%s", rpc, d.summary, p, d.detail)
			}
		}
		return nil
	}
}

// expectNoWarning is a Check that no such warning was recorded.
func (r *diagRecorder) expectNoWarning(rpc, typeName, summary string) func(*terraform.State) error {
	return func(*terraform.State) error {
		if d, ok := r.warning(rpc, typeName, summary); ok {
			return fmt.Errorf("unexpected %s warning for %s: %s: %s", rpc, typeName, d.summary, d.detail)
		}
		return nil
	}
}

// recordingServer passes every call to the provider and records what
// plans, applies and reads answered.
type recordingServer struct {
	tfprotov6.ProviderServer
	rec *diagRecorder
}

func (s recordingServer) PlanResourceChange(ctx context.Context, req *tfprotov6.PlanResourceChangeRequest) (*tfprotov6.PlanResourceChangeResponse, error) {
	resp, err := s.ProviderServer.PlanResourceChange(ctx, req)
	if resp != nil {
		s.rec.add("plan", req.TypeName, resp.Diagnostics)
	}
	return resp, err
}

func (s recordingServer) ApplyResourceChange(ctx context.Context, req *tfprotov6.ApplyResourceChangeRequest) (*tfprotov6.ApplyResourceChangeResponse, error) {
	resp, err := s.ProviderServer.ApplyResourceChange(ctx, req)
	if resp != nil {
		s.rec.add("apply", req.TypeName, resp.Diagnostics)
		s.recordState(ctx, req.TypeName, resp)
	}
	return resp, err
}

// recordState decodes the string attributes of the state an apply returned.
func (s recordingServer) recordState(ctx context.Context, typeName string, resp *tfprotov6.ApplyResourceChangeResponse) {
	if resp.NewState == nil {
		return
	}
	schemas, err := s.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil || schemas.ResourceSchemas[typeName] == nil {
		return
	}
	v, err := resp.NewState.Unmarshal(schemas.ResourceSchemas[typeName].ValueType())
	var obj map[string]tftypes.Value
	if err != nil || v.IsNull() || v.As(&obj) != nil {
		return
	}
	a := appliedState{typeName: typeName, attrs: map[string]string{}}
	for _, d := range resp.Diagnostics {
		a.failed = a.failed || d.Severity == tfprotov6.DiagnosticSeverityError
	}
	for k, av := range obj {
		var str string
		if av.Type().Is(tftypes.String) && av.IsKnown() && !av.IsNull() && av.As(&str) == nil {
			a.attrs[k] = str
		}
	}
	s.rec.mu.Lock()
	defer s.rec.mu.Unlock()
	s.rec.applied = append(s.rec.applied, a)
}

func (s recordingServer) ReadResource(ctx context.Context, req *tfprotov6.ReadResourceRequest) (*tfprotov6.ReadResourceResponse, error) {
	resp, err := s.ProviderServer.ReadResource(ctx, req)
	if resp != nil {
		s.rec.add("read", req.TypeName, resp.Diagnostics)
	}
	return resp, err
}

func (s recordingServer) ReadDataSource(ctx context.Context, req *tfprotov6.ReadDataSourceRequest) (*tfprotov6.ReadDataSourceResponse, error) {
	resp, err := s.ProviderServer.ReadDataSource(ctx, req)
	s.rec.mu.Lock()
	s.rec.reads[req.TypeName]++
	s.rec.mu.Unlock()
	if resp != nil {
		s.rec.add("data", req.TypeName, resp.Diagnostics)
	}
	return resp, err
}

// recordingFactories are the test's provider factories, with the Gitpod
// provider's answers recorded in rec.
func (e *testEnv) recordingFactories(rec *diagRecorder) map[string]func() (tfprotov6.ProviderServer, error) {
	fs := e.factories()
	inner := fs["gitpod"]
	fs["gitpod"] = func() (tfprotov6.ProviderServer, error) {
		s, err := inner()
		if err != nil {
			return nil, err
		}
		return recordingServer{ProviderServer: s, rec: rec}, nil
	}
	return fs
}

// ---- the mock's view of teams ----

// memberRoles is a team's members as the mock holds them: user id to role
// on Classic, to "" on gitpod.v1. Nil when the team does not exist.
func (e *testEnv) memberRoles(teamID string) map[string]string {
	out := map[string]string{}
	if e.classic() {
		o := e.mock.Organization(teamID)
		if o == nil {
			return nil
		}
		for _, m := range o.Members {
			out[m.UserID] = m.Role
		}
		return out
	}
	t := e.mock.Team(teamID)
	if t == nil {
		return nil
	}
	for _, m := range t.Members {
		out[m.UserID] = ""
	}
	return out
}

// expectMembers is a Check that a team has exactly these members (user id
// to role; roles are compared on Classic only). teamID may name a state
// attribute as "address.attribute".
func (e *testEnv) expectMembers(teamID string, want map[string]string) func(*terraform.State) error {
	return func(s *terraform.State) error {
		id := teamID
		if addr, name, ok := strings.Cut(teamID, ".id"); ok && name == "" {
			id, _ = attr(s, addr, "id")
		}
		return e.checkMembers(id, want)
	}
}

func (e *testEnv) checkMembers(teamID string, want map[string]string) error {
	got := e.memberRoles(teamID)
	if got == nil {
		return fmt.Errorf("team %s is not in the mock", teamID)
	}
	want = maps.Clone(want)
	if !e.classic() {
		for k := range want {
			want[k] = ""
		}
	}
	if len(got) != len(want) {
		return fmt.Errorf("team %s has members %v, want %v", teamID, got, want)
	}
	for k, v := range want {
		if r, ok := got[k]; !ok || r != v {
			return fmt.Errorf("team %s has members %v, want %v", teamID, got, want)
		}
	}
	return nil
}

// mutations counts the calls that change team members.
func (e *testEnv) mutations() int {
	return e.mock.Calls("UpdateTeamMember") + e.mock.Calls("DeleteTeamMember") + e.mock.Calls("AddTeamMember") + e.mock.Calls("RemoveTeamMember")
}

// flatList reads a list attribute's elements (or their field, when field
// is not empty) from the flat state.
func flatList(s *terraform.State, address, list, field string) ([]string, error) {
	n, err := attr(s, address, list+".#")
	if err != nil {
		return nil, err
	}
	count, err := strconv.Atoi(n)
	if err != nil {
		return nil, fmt.Errorf("%s.%s.#: %w", address, list, err)
	}
	out := make([]string, 0, count)
	for i := range count {
		key := fmt.Sprintf("%s.%d", list, i)
		if field != "" {
			key += "." + field
		}
		v, _ := attr(s, address, key)
		out = append(out, v)
	}
	return out, nil
}
