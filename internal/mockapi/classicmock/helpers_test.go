package classicmock_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"connectrpc.com/connect"
	"google.golang.org/protobuf/types/known/timestamppb"

	v1 "github.com/gitpod-community/terraform-provider-gitpod/internal/gen/gitpod/experimental/v1"
	"github.com/gitpod-community/terraform-provider-gitpod/internal/gen/gitpod/experimental/v1/experimentalv1connect"
	"github.com/gitpod-community/terraform-provider-gitpod/internal/mockapi"
)

// The test data: organization A (owner Alice, member Bob, collaborator
// Carol, Dave whose account A owns) and organization B (owner Erin, member
// Alice). B's id sorts before A's although B is listed second. Frank
// belongs to no organization.
const (
	orgA = "7f3c2b1a-0000-4000-8000-00000000000a"
	orgB = "1e2d3c4b-0000-4000-8000-00000000000b"

	aliceID = "a11ce000-0000-4000-8000-000000000001"
	bobID   = "b0b00000-0000-4000-8000-000000000002"
	carolID = "ca501000-0000-4000-8000-000000000003"
	daveID  = "da7e0000-0000-4000-8000-000000000004"
	erinID  = "e7140000-0000-4000-8000-000000000005"
	frankID = "f7a4c000-0000-4000-8000-000000000006"

	aliceTok = "tok-alice"
	bobTok   = "tok-bob"
	carolTok = "tok-carol"
	daveTok  = "tok-dave"
	erinTok  = "tok-erin"
	frankTok = "tok-frank"

	unknownTok = "no-such-token"

	wsRunning  = "amber-heron-k2f9x1qz7mw"              // Alice, A, running
	wsStopped  = "teal-otter-7hq3c8vb2ld"               // Alice, A, stopped
	wsNever    = "coral-lynx-p4n8w2ke6ta"               // Alice, A, never started
	wsUUID     = "e1f2a3b4-c5d6-4e7f-8a9b-0c1d2e3f4a5b" // Alice, B, running
	wsBob      = "olive-finch-3jd7r5yu1oc"              // Bob, A, running
	wsBobShare = "ruby-crane-8kd3m2xq9pl"               // Bob, A, running, shared
	wsFrank    = "plum-moth-2ws9e7ra3yk"                // Frank, no organization
)

var since = time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC)

func fixtures() mockapi.Fixtures {
	day := 24 * time.Hour
	return mockapi.Fixtures{
		Users: []mockapi.UserFixture{
			{ID: aliceID, Name: "Alice Example", Username: "alice", Email: "alice@example.com", AvatarURL: "https://avatars.example/alice", Token: aliceTok, OrganizationID: orgA, CreatedAt: since.Add(-day)},
			{ID: bobID, Name: "Bob Example", Username: "bob", Email: "bob@example.com", Token: bobTok},
			{ID: carolID, Name: "Carol Example", Username: "carol", Email: "carol@example.com", Token: carolTok},
			{ID: daveID, Name: "Dave Example", Username: "dave", Email: "dave@example.com", Token: daveTok},
			{ID: erinID, Name: "Erin Example", Username: "erin", Email: "erin@example.com", Token: erinTok},
			{ID: frankID, Name: "Frank Example", Username: "frank", Email: "frank@example.com", Token: frankTok},
		},
		Organizations: []mockapi.OrganizationFixture{
			{ID: orgA, Name: "Org A", Members: []mockapi.OrgMemberFixture{
				{UserID: aliceID, Role: "owner", MemberSince: since},
				{UserID: bobID, Role: "member", MemberSince: since.Add(day)},
				{UserID: carolID, Role: "collaborator", MemberSince: since.Add(2 * day)},
				{UserID: daveID, Role: "member", MemberSince: since.Add(3 * day), OwnedByOrganization: true},
			}},
			{ID: orgB, Name: "Org B", Members: []mockapi.OrgMemberFixture{
				{UserID: erinID, Role: "owner", MemberSince: since},
				{UserID: aliceID, Role: "member", MemberSince: since.Add(day)},
			}},
		},
		Workspaces: []mockapi.WorkspaceFixture{
			{ID: wsRunning, OwnerID: aliceID, OrganizationID: orgA, Description: "api", ContextURL: "https://github.com/acme/api", Phase: "running"},
			{ID: wsStopped, OwnerID: aliceID, OrganizationID: orgA, Description: "web", ContextURL: "https://gitlab.com/acme/web.git", Phase: "stopped"},
			{ID: wsNever, OwnerID: aliceID, OrganizationID: orgA, Description: "docs", ContextURL: "prebuild/https://github.com/acme/docs/tree/main"},
			{ID: wsUUID, OwnerID: aliceID, OrganizationID: orgB, Description: "b", ContextURL: "https://github.com/bee/hive", Phase: "running"},
			{ID: wsBob, OwnerID: bobID, OrganizationID: orgA, Description: "bob", ContextURL: "https://github.com/acme/api", Phase: "running"},
			{ID: wsBobShare, OwnerID: bobID, OrganizationID: orgA, Description: "shared", ContextURL: "https://github.com/acme/api", Phase: "running", Shared: true},
			{ID: wsFrank, OwnerID: frankID, Description: "frank", ContextURL: "https://github.com/frank/x", Phase: "running"},
		},
	}
}

// fakeClock is a clock tests move by hand.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

type env struct {
	srv   *mockapi.Server
	url   string
	clock *fakeClock
}

// newEnv starts a mock on the test data with a hand-moved clock.
func newEnv(t *testing.T) *env {
	t.Helper()
	srv, err := mockapi.New(fixtures())
	if err != nil {
		t.Fatal(err)
	}
	clock := &fakeClock{now: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)}
	srv.SetClock(clock.Now)
	return &env{srv: srv, url: srv.Start(t).URL, clock: clock}
}

// api is one caller's set of clients.
type api struct {
	teams  experimentalv1connect.TeamsServiceClient
	tokens experimentalv1connect.TokensServiceClient
	users  experimentalv1connect.UserServiceClient
	ws     experimentalv1connect.WorkspacesServiceClient
}

// withAuth sends a raw Authorization header (none when empty).
func withAuth(header string) connect.UnaryInterceptorFunc {
	return func(next connect.UnaryFunc) connect.UnaryFunc {
		return func(ctx context.Context, req connect.AnyRequest) (connect.AnyResponse, error) {
			if header != "" {
				req.Header().Set("Authorization", header)
			}
			return next(ctx, req)
		}
	}
}

func (e *env) clients(header string, extra ...connect.ClientOption) api {
	opts := append([]connect.ClientOption{connect.WithInterceptors(withAuth(header))}, extra...)
	return api{
		teams:  experimentalv1connect.NewTeamsServiceClient(http.DefaultClient, e.url, opts...),
		tokens: experimentalv1connect.NewTokensServiceClient(http.DefaultClient, e.url, opts...),
		users:  experimentalv1connect.NewUserServiceClient(http.DefaultClient, e.url, opts...),
		ws:     experimentalv1connect.NewWorkspacesServiceClient(http.DefaultClient, e.url, opts...),
	}
}

// as talks JSON with a Bearer token ("" sends no Authorization header).
func (e *env) as(tok string) api {
	if tok == "" {
		return e.clients("", connect.WithProtoJSON())
	}
	return e.clients("Bearer "+tok, connect.WithProtoJSON())
}

// binary talks the binary codec with a Bearer token.
func (e *env) binary(tok string) api { return e.clients("Bearer " + tok) }

func req[T any](m *T) *connect.Request[T] { return connect.NewRequest(m) }

var bg = context.Background()

func wantCode(t *testing.T, err error, want connect.Code) {
	t.Helper()
	if err == nil {
		t.Fatalf("want %v, got success", want)
	}
	if got := connect.CodeOf(err); got != want {
		t.Fatalf("want %v, got %v (%v)", want, got, err)
	}
}

// result holds a call's answer until the test checks it:
// try(c.Method(...)).must(t).
type result[T any] struct {
	v   T
	err error
}

func try[T any](v T, err error) result[T] { return result[T]{v, err} }

func (r result[T]) must(t *testing.T) T {
	t.Helper()
	if r.err != nil {
		t.Fatal(r.err)
	}
	return r.v
}

func noErr(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

var fullScopes = []string{"function:*", "resource:default"}

// createToken makes a Classic token through the API and returns it with
// its value.
func createToken(t *testing.T, c api, name string, scopes []string, expires time.Time) *v1.PersonalAccessToken {
	t.Helper()
	resp := try(c.tokens.CreatePersonalAccessToken(bg, req(&v1.CreatePersonalAccessTokenRequest{Token: &v1.PersonalAccessToken{
		Name: name, Scopes: scopes, ExpirationTime: timestamppb.New(expires),
	}}))).must(t)
	return resp.Msg.GetToken()
}

func memberIDs(ms []*v1.TeamMember) string {
	ids := make([]string, 0, len(ms))
	for _, m := range ms {
		ids = append(ids, m.GetUserId())
	}
	return strings.Join(ids, ",")
}

func errMessage(err error) string {
	var ce *connect.Error
	if errors.As(err, &ce) {
		return ce.Message()
	}
	return ""
}
