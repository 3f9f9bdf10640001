package v1mock_test

import (
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"connectrpc.com/connect"

	"github.com/gitpod-community/terraform-provider-gitpod/internal/gen/gitpod/v1/gitpodv1connect"
	"github.com/gitpod-community/terraform-provider-gitpod/internal/mockapi"
)

// The fixture world: organization A (Alice admin; Bob and Carol members;
// Dave a collaborator; Bob signs in with Google, Carol's account is owned
// by the organization (SSO), the others use GitHub) with teams Platform (Bob) and Frontend; organization
// B (Eve admin, Alice a member) with team Ops (Eve).
const (
	orgA = "a0000000-0000-4000-8000-000000000001"
	orgB = "b0000000-0000-4000-8000-000000000002"

	alice = "00000000-0000-4000-8000-0000000000a1"
	bob   = "00000000-0000-4000-8000-0000000000b2"
	carol = "00000000-0000-4000-8000-0000000000c3"
	dave  = "00000000-0000-4000-8000-0000000000d4"
	eve   = "00000000-0000-4000-8000-0000000000e5"

	aliceTok = "tok-alice"
	bobTok   = "tok-bob"
	carolTok = "tok-carol"
	daveTok  = "tok-dave"
	eveTok   = "tok-eve"

	teamPlatform = "7ea00000-0000-4000-8000-000000000001"
	teamFrontend = "7ea00000-0000-4000-8000-000000000002"
	teamOps      = "7ea00000-0000-4000-8000-000000000003"

	envAliceRunning = "e0000000-0000-4000-8000-000000000001"
	envAliceStopped = "e0000000-0000-4000-8000-000000000002"
	envBobRunning   = "e0000000-0000-4000-8000-000000000003"
	envAliceArchive = "e0000000-0000-4000-8000-000000000004"
	envEve          = "e0000000-0000-4000-8000-000000000005"
	envCarolContext = "e0000000-0000-4000-8000-000000000006"

	project1 = "9a000000-0000-4000-8000-000000000001"

	missing = "ffffffff-ffff-4fff-8fff-ffffffffffff"
)

// epoch is the test clock's start. It lies after the real time at which
// mockapi.New loads the fixtures (teams and organizations get their
// creation time from the real clock then), so the test clock never runs
// behind those times.
var epoch = time.Now().UTC().Truncate(time.Hour).Add(24 * time.Hour)

func fixtures() mockapi.Fixtures {
	return mockapi.Fixtures{
		Users: []mockapi.UserFixture{
			{ID: alice, Name: "Alice Able", Email: "alice@example.com", AvatarURL: "https://avatars.example/alice", Token: aliceTok, CreatedAt: epoch.Add(-100 * time.Hour)},
			{ID: bob, Name: "bob Baker", Email: "bob@example.com", Token: bobTok},
			{ID: carol, Name: "Carol Cole", Email: "carol@other.example", Token: carolTok},
			{ID: dave, Name: "Dave Dunn", Email: "dave@example.com", Token: daveTok},
			{ID: eve, Name: "Eve Evans", Email: "eve@example.com", Token: eveTok},
		},
		Organizations: []mockapi.OrganizationFixture{
			{ID: orgA, Name: "Org A", Members: []mockapi.OrgMemberFixture{
				{UserID: alice, Role: "owner", MemberSince: epoch.Add(-90 * time.Hour)},
				{UserID: bob, Role: "member", MemberSince: epoch.Add(-80 * time.Hour), LoginProvider: "google"},
				{UserID: carol, Role: "member", MemberSince: epoch.Add(-70 * time.Hour), OwnedByOrganization: true},
				{UserID: dave, Role: "collaborator", MemberSince: epoch.Add(-60 * time.Hour)},
			}},
			{ID: orgB, Name: "Org B", Members: []mockapi.OrgMemberFixture{
				{UserID: eve, Role: "owner"},
				{UserID: alice, Role: "member"},
			}},
		},
		Teams: []mockapi.TeamFixture{
			{ID: teamPlatform, OrganizationID: orgA, Name: "Platform", Members: []string{bob}},
			{ID: teamFrontend, OrganizationID: orgA, Name: "Frontend"},
			{ID: teamOps, OrganizationID: orgB, Name: "Ops", Members: []string{eve}},
		},
		Environments: []mockapi.EnvironmentFixture{
			{ID: envAliceRunning, OrganizationID: orgA, CreatorID: alice, ProjectID: project1, Name: "api", ContextURL: "https://github.com/acme/api", GitRemote: "https://github.com/acme/api.git", Branch: "main", Phase: "running", CreatedAt: epoch.Add(-5 * time.Hour)},
			{ID: envAliceStopped, OrganizationID: orgA, CreatorID: alice, Name: "web", ContextURL: "https://github.com/acme/web", GitRemote: "https://github.com/acme/web.git", Branch: "develop", Phase: "stopped", CreatedAt: epoch.Add(-4 * time.Hour)},
			{ID: envBobRunning, OrganizationID: orgA, CreatorID: bob, Name: "api-fix", ContextURL: "https://github.com/acme/api/tree/fix", GitRemote: "https://github.com/acme/api.git", Branch: "fix", Phase: "running", CreatedAt: epoch.Add(-3 * time.Hour)},
			{ID: envAliceArchive, OrganizationID: orgA, CreatorID: alice, Name: "old", ContextURL: "https://github.com/acme/old", Phase: "stopped", Archived: true, CreatedAt: epoch.Add(-2 * time.Hour)},
			{ID: envEve, OrganizationID: orgB, CreatorID: eve, Name: "ops", ContextURL: "https://github.com/acme/ops", Phase: "running", CreatedAt: epoch.Add(-1 * time.Hour)},
			{ID: envCarolContext, OrganizationID: orgA, CreatorID: carol, Name: "notes", ContextURL: "https://gitlab.example/acme/notes", Phase: "creating", CreatedAt: epoch.Add(-30 * time.Minute)},
		},
	}
}

// clock is a test clock the store reads.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

type harness struct {
	srv *mockapi.Server
	url string
	clk *clock
}

// start serves the fixtures on a fresh mock with a test clock at epoch.
func start(t *testing.T) *harness {
	t.Helper()
	return startWith(t, fixtures())
}

func startWith(t *testing.T, f mockapi.Fixtures) *harness {
	t.Helper()
	srv, err := mockapi.New(f)
	if err != nil {
		t.Fatal(err)
	}
	clk := &clock{t: epoch}
	srv.SetClock(clk.now)
	ts := srv.Start(t)
	return &harness{srv: srv, url: ts.URL + "/api", clk: clk}
}

// clients are the five gitpod.v1 clients acting with one Bearer token.
type clients struct {
	id   gitpodv1connect.IdentityServiceClient
	user gitpodv1connect.UserServiceClient
	team gitpodv1connect.TeamServiceClient
	org  gitpodv1connect.OrganizationServiceClient
	env  gitpodv1connect.EnvironmentServiceClient
}

type bearer struct {
	token string
	next  http.RoundTripper
}

func (b bearer) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	if b.token != "" {
		r.Header.Set("Authorization", "Bearer "+b.token)
	}
	return b.next.RoundTrip(r)
}

// as returns binary-codec clients sending token (none when empty).
func (h *harness) as(token string) *clients { return h.with(token) }

// asJSON returns JSON-codec clients.
func (h *harness) asJSON(token string) *clients { return h.with(token, connect.WithProtoJSON()) }

func (h *harness) with(token string, opts ...connect.ClientOption) *clients {
	hc := &http.Client{Transport: bearer{token: token, next: http.DefaultTransport}}
	return &clients{
		id:   gitpodv1connect.NewIdentityServiceClient(hc, h.url, opts...),
		user: gitpodv1connect.NewUserServiceClient(hc, h.url, opts...),
		team: gitpodv1connect.NewTeamServiceClient(hc, h.url, opts...),
		org:  gitpodv1connect.NewOrganizationServiceClient(hc, h.url, opts...),
		env:  gitpodv1connect.NewEnvironmentServiceClient(hc, h.url, opts...),
	}
}

// result is a call's answer; ok fails the test on an error and returns
// the message.
type result[T any] struct {
	resp *connect.Response[T]
	err  error
}

func res[T any](resp *connect.Response[T], err error) result[T] { return result[T]{resp, err} }

func (r result[T]) ok(t *testing.T) *T {
	t.Helper()
	if r.err != nil {
		t.Fatalf("unexpected error: %v", r.err)
	}
	return r.resp.Msg
}

// wantErr checks an error's Connect code and that its message holds each
// of the given parts.
func wantErr(t *testing.T, err error, code connect.Code, parts ...string) {
	t.Helper()
	if err == nil {
		t.Fatalf("want %v, got success", code)
	}
	var ce *connect.Error
	if !errors.As(err, &ce) {
		t.Fatalf("want a Connect error %v, got %v", code, err)
	}
	if ce.Code() != code {
		t.Fatalf("want %v, got %v: %s", code, ce.Code(), ce.Message())
	}
	for _, p := range parts {
		if !strings.Contains(ce.Message(), p) {
			t.Fatalf("message %q does not contain %q", ce.Message(), p)
		}
	}
}

func req[T any](m *T) *connect.Request[T] { return connect.NewRequest(m) }

// userFixture is a new member of organization A, for AddUser.
func userFixture(name string) mockapi.UserFixture {
	return mockapi.UserFixture{
		Name:           name,
		Email:          strings.ToLower(strings.ReplaceAll(name, " ", ".")) + "@example.com",
		OrganizationID: orgA,
	}
}
