// Package mockapi is an in-memory implementation of the parts of Gitpod's
// public API (gitpod.experimental.v1) that the provider uses. It speaks the
// real Connect protocol, so the provider's generated clients talk to it
// unchanged, and it enforces the API's rules: authentication, per-user
// visibility, owner-only team operations, a team keeping at least one owner,
// and token values shown only once.
//
// Tests drive it from Go: they change objects out of band, read per-method call
// counters, control the clock and inject faults (latency, error codes, rate
// limits with Retry-After, a connection dropped after the work was done).
package mockapi

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"time"

	"connectrpc.com/connect"
	"github.com/google/uuid"
	"google.golang.org/protobuf/types/known/timestamppb"

	gitpodv1 "github.com/gitpod-community/terraform-provider-gitpod/internal/api/gen/gitpod/experimental/v1"
	"github.com/gitpod-community/terraform-provider-gitpod/internal/api/gen/gitpod/experimental/v1/gitpodv1connect"
)

// User is an account known to the mock. Token is a Bearer token that never
// expires, standing in for a token created in Gitpod's UI.
type User struct {
	ID        string `json:"id"`
	Name      string `json:"name"`
	Email     string `json:"email"`
	AvatarURL string `json:"avatarUrl,omitempty"`
	Token     string `json:"token"`
}

// Member is a team membership in fixtures.
type Member struct {
	UserID      string    `json:"userId"`
	Role        string    `json:"role"`
	MemberSince time.Time `json:"memberSince,omitzero"`
}

// Team is a team in fixtures.
type Team struct {
	ID      string   `json:"id"`
	Name    string   `json:"name"`
	Slug    string   `json:"slug,omitempty"`
	Members []Member `json:"members"`
}

// Workspace is a workspace in fixtures. An empty Phase means no instance:
// the workspace is not running.
type Workspace struct {
	ID             string `json:"id"`
	OwnerID        string `json:"ownerId"`
	OrganizationID string `json:"organizationId,omitempty"`
	ProjectID      string `json:"projectId"`
	Description    string `json:"description"`
	ContextURL     string `json:"contextUrl"`
	Phase          string `json:"phase"`
}

// Fixtures is the JSON document the mock can start from.
type Fixtures struct {
	Users      []User      `json:"users"`
	Teams      []Team      `json:"teams"`
	Workspaces []Workspace `json:"workspaces"`
}

// LoadFixtures reads a fixtures file.
func LoadFixtures(path string) (Fixtures, error) {
	var f Fixtures
	b, err := os.ReadFile(filepath.Clean(path))
	if err != nil {
		return f, err
	}
	dec := json.NewDecoder(strings.NewReader(string(b)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return f, fmt.Errorf("parse %s: %w", path, err)
	}
	return f, nil
}

type team struct {
	id         string
	name       string
	slug       string
	invitation string
	members    []*gitpodv1.TeamMember
}

type pat struct {
	owner string
	msg   *gitpodv1.PersonalAccessToken // Value is always empty here
	value string
}

type workspace struct {
	orgID string
	msg   *gitpodv1.Workspace
}

// Server is the mock API. Its zero value is not usable; call New.
type Server struct {
	mu         sync.Mutex
	now        func() time.Time
	users      map[string]*User
	teams      []*team
	pats       []*pat
	workspaces []*workspace
	issued     []string
	calls      map[string]int
	faults     map[string][]*Fault
	limited    map[string]time.Time
	early      map[string]int
	latency    time.Duration
	mux        *http.ServeMux
}

// New returns a mock serving the given fixtures.
func New(f Fixtures) (*Server, error) {
	s := &Server{
		now:     time.Now,
		users:   map[string]*User{},
		calls:   map[string]int{},
		faults:  map[string][]*Fault{},
		limited: map[string]time.Time{},
		early:   map[string]int{},
	}
	for i := range f.Users {
		u := f.Users[i]
		if _, err := uuid.Parse(u.ID); err != nil {
			return nil, fmt.Errorf("user %q: id must be a UUID", u.ID)
		}
		if u.Token == "" {
			return nil, fmt.Errorf("user %s: token is required", u.ID)
		}
		s.users[u.ID] = &u
	}
	for _, t := range f.Teams {
		if _, err := uuid.Parse(t.ID); err != nil {
			return nil, fmt.Errorf("team %q: id must be a UUID", t.ID)
		}
		tm := &team{id: t.ID, name: t.Name, slug: t.Slug, invitation: uuid.NewString()}
		if tm.slug == "" {
			tm.slug = s.uniqueSlug(t.Name)
		}
		owners := 0
		for _, m := range t.Members {
			if s.users[m.UserID] == nil {
				return nil, fmt.Errorf("team %s: member %s is not a user", t.ID, m.UserID)
			}
			role := gitpodv1.TeamRole(gitpodv1.TeamRole_value[m.Role])
			if role == gitpodv1.TeamRole_TEAM_ROLE_UNSPECIFIED {
				return nil, fmt.Errorf("team %s: member %s: role must be TEAM_ROLE_OWNER or TEAM_ROLE_MEMBER", t.ID, m.UserID)
			}
			if role == gitpodv1.TeamRole_TEAM_ROLE_OWNER {
				owners++
			}
			since := m.MemberSince
			if since.IsZero() {
				since = s.now()
			}
			tm.members = append(tm.members, s.memberMsg(m.UserID, role, since))
		}
		if owners == 0 {
			return nil, fmt.Errorf("team %s: a team needs at least one owner", t.ID)
		}
		s.teams = append(s.teams, tm)
	}
	for _, w := range f.Workspaces {
		if s.users[w.OwnerID] == nil {
			return nil, fmt.Errorf("workspace %s: owner %s is not a user", w.ID, w.OwnerID)
		}
		ws, err := s.workspaceFromFixture(w)
		if err != nil {
			return nil, err
		}
		s.workspaces = append(s.workspaces, ws)
	}
	s.mux = http.NewServeMux()
	opts := connect.WithInterceptors(connect.UnaryInterceptorFunc(s.authenticate))
	s.mux.Handle(gitpodv1connect.NewTeamsServiceHandler(teamsService{s}, opts))
	s.mux.Handle(gitpodv1connect.NewTokensServiceHandler(tokensService{s}, opts))
	s.mux.Handle(gitpodv1connect.NewWorkspacesServiceHandler(workspacesService{s}, opts))
	s.mux.Handle(gitpodv1connect.NewUserServiceHandler(userService{s}, opts))
	return s, nil
}

// Handler returns the HTTP handler, with call counting and fault injection.
func (s *Server) Handler() http.Handler { return http.HandlerFunc(s.serveHTTP) }

// Start serves the mock on a loopback port until the test ends.
func (s *Server) Start(t interface {
	Helper()
	Cleanup(func())
},
) *httptest.Server {
	t.Helper()
	ts := httptest.NewServer(s.Handler())
	t.Cleanup(ts.Close)
	return ts
}

// SetClock replaces the mock's clock, which decides creation times, expiry
// and membership dates. Tests share one clock with the provider.
func (s *Server) SetClock(now func() time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.now = now
}

// ---- authentication ----

type callerKey struct{}

func callerOf(ctx context.Context) string { id, _ := ctx.Value(callerKey{}).(string); return id }

func (s *Server) authenticate(next connect.UnaryFunc) connect.UnaryFunc {
	return func(ctx context.Context, req connect.AnyRequest) (connect.AnyResponse, error) {
		auth := req.Header().Get("Authorization")
		bearer, ok := strings.CutPrefix(auth, "Bearer ")
		if !ok || bearer == "" {
			return nil, connect.NewError(connect.CodeUnauthenticated, fmt.Errorf("missing Bearer token"))
		}
		userID, scoped, err := s.resolveToken(bearer)
		if err != nil {
			return nil, err
		}
		if !scoped {
			return nil, connect.NewError(connect.CodePermissionDenied, fmt.Errorf("the personal access token has no scopes, so it grants no access"))
		}
		return next(context.WithValue(ctx, callerKey{}, userID), req)
	}
}

// resolveToken maps a Bearer token to its user. The second result is false
// for a personal access token without scopes.
func (s *Server) resolveToken(bearer string) (string, bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, u := range s.users {
		if u.Token == bearer {
			return u.ID, true, nil
		}
	}
	for _, p := range s.pats {
		if p.value == bearer {
			if !s.now().Before(p.msg.GetExpirationTime().AsTime()) {
				return "", false, connect.NewError(connect.CodeUnauthenticated, fmt.Errorf("the personal access token has expired"))
			}
			return p.owner, len(p.msg.GetScopes()) > 0, nil
		}
	}
	return "", false, connect.NewError(connect.CodeUnauthenticated, fmt.Errorf("unknown Bearer token"))
}

// ---- helpers ----

var slugChars = regexp.MustCompile(`[^a-z0-9]+`)

func (s *Server) uniqueSlug(name string) string {
	base := strings.Trim(slugChars.ReplaceAllString(strings.ToLower(name), "-"), "-")
	if base == "" {
		base = "team"
	}
	slug := base
	for i := 2; s.teamBySlug(slug) != nil; i++ {
		slug = fmt.Sprintf("%s-%d", base, i)
	}
	return slug
}

func (s *Server) teamBySlug(slug string) *team {
	for _, t := range s.teams {
		if t.slug == slug {
			return t
		}
	}
	return nil
}

func (s *Server) memberMsg(userID string, role gitpodv1.TeamRole, since time.Time) *gitpodv1.TeamMember {
	u := s.users[userID]
	return &gitpodv1.TeamMember{
		UserId:       userID,
		Role:         role,
		MemberSince:  timestamppb.New(since),
		AvatarUrl:    u.AvatarURL,
		FullName:     u.Name,
		PrimaryEmail: u.Email,
	}
}

func newSecret() string {
	b := make([]byte, 24)
	_, _ = rand.Read(b)
	return "gitpod_pat_" + hex.EncodeToString(b)
}

func hashOf(value string) string {
	sum := sha256.Sum256([]byte(value))
	return hex.EncodeToString(sum[:])
}

func invalid(format string, a ...any) error {
	return connect.NewError(connect.CodeInvalidArgument, fmt.Errorf(format, a...))
}

func notFound(format string, a ...any) error {
	return connect.NewError(connect.CodeNotFound, fmt.Errorf(format, a...))
}

func requireUUID(field, v string) error {
	if v == "" {
		return invalid("%s is required", field)
	}
	if _, err := uuid.Parse(v); err != nil {
		return invalid("%s must be a UUID, got %q", field, v)
	}
	return nil
}
