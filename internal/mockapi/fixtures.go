package mockapi

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/gitpod-community/terraform-provider-gitpod/internal/mockapi/store"
)

// UserFixture is an account. Token is a Bearer token that never expires (a
// stand-in for a token made in Gitpod's UI); it acts in OrganizationID
// (default: the first organization the user belongs to).
type UserFixture struct {
	ID             string    `json:"id"`
	Name           string    `json:"name"`
	Username       string    `json:"username,omitempty"`
	Email          string    `json:"email"`
	AvatarURL      string    `json:"avatarUrl,omitempty"`
	Token          string    `json:"token"`
	OrganizationID string    `json:"organizationId,omitempty"`
	CreatedAt      time.Time `json:"createdAt,omitzero"`
}

// OrgMemberFixture is a user's membership of an organization. Role is
// owner (a Classic team owner, a gitpod.v1 organization admin), member or
// collaborator. Status is the gitpod.v1 membership state: active (the
// default), suspended or left; a member who left is no member any more
// (on either API) and only shows in gitpod.v1's ListMembers, to admins.
// LoginProvider is how the user signs in, as gitpod.v1's
// OrganizationMember.login_provider spells it: github, google or custom
// (SSO); the default is custom for accounts the organization owns and
// github otherwise. An account the organization owns signs in through its
// SSO, so it must be custom.
type OrgMemberFixture struct {
	UserID              string    `json:"userId"`
	Role                string    `json:"role"`
	MemberSince         time.Time `json:"memberSince,omitzero"`
	OwnedByOrganization bool      `json:"ownedByOrganization,omitempty"`
	Status              string    `json:"status,omitempty"`
	LoginProvider       string    `json:"loginProvider,omitempty"`
}

// OrganizationFixture is an organization: on Classic, a team.
type OrganizationFixture struct {
	ID      string             `json:"id"`
	Name    string             `json:"name"`
	Members []OrgMemberFixture `json:"members"`
}

// TeamFixture is a gitpod.v1 team. Members are user ids; each must belong
// to the organization and to no other team of it.
type TeamFixture struct {
	ID             string   `json:"id"`
	OrganizationID string   `json:"organizationId"`
	Name           string   `json:"name"`
	Members        []string `json:"members"`
}

// WorkspaceFixture is a Classic workspace. Phase is the latest instance's
// phase (preparing ... running, stopping, stopped); empty means it never
// started.
type WorkspaceFixture struct {
	ID             string `json:"id"`
	OwnerID        string `json:"ownerId"`
	OrganizationID string `json:"organizationId,omitempty"`
	Description    string `json:"description"`
	ContextURL     string `json:"contextUrl"`
	Phase          string `json:"phase,omitempty"`
	Shared         bool   `json:"shared,omitempty"`
}

// EnvironmentFixture is a gitpod.v1 environment. Phase is creating,
// starting, running, updating, stopping, stopped, deleting or deleted.
type EnvironmentFixture struct {
	ID             string    `json:"id"`
	OrganizationID string    `json:"organizationId"`
	CreatorID      string    `json:"creatorId"`
	ProjectID      string    `json:"projectId,omitempty"`
	Name           string    `json:"name"`
	ContextURL     string    `json:"contextUrl,omitempty"`
	GitRemote      string    `json:"gitRemote,omitempty"`
	Branch         string    `json:"branch,omitempty"`
	MachineClass   string    `json:"machineClass,omitempty"`
	Phase          string    `json:"phase"`
	Archived       bool      `json:"archived,omitempty"`
	CreatedAt      time.Time `json:"createdAt,omitzero"`
}

// Fixtures is the JSON document the mock starts from.
type Fixtures struct {
	Users         []UserFixture         `json:"users"`
	Organizations []OrganizationFixture `json:"organizations,omitempty"`
	Teams         []TeamFixture         `json:"teams,omitempty"`
	Workspaces    []WorkspaceFixture    `json:"workspaces,omitempty"`
	Environments  []EnvironmentFixture  `json:"environments,omitempty"`
	// ServiceAccounts: fixtures_service_accounts.go.
	ServiceAccounts []ServiceAccountFixture `json:"serviceAccounts,omitempty"`
}

// MaxFixturesBytes bounds a fixtures file.
const MaxFixturesBytes = 64 << 20

// ParseFixtures reads fixtures strictly: unknown fields (with any
// spelling: field names are matched exactly), trailing data and wrong
// types are errors.
func ParseFixtures(r io.Reader) (Fixtures, error) {
	var f Fixtures
	b, err := io.ReadAll(io.LimitReader(r, MaxFixturesBytes+1))
	if err != nil {
		return f, err
	}
	if len(b) > MaxFixturesBytes {
		return f, fmt.Errorf("fixtures are larger than %d bytes", MaxFixturesBytes)
	}
	if err := checkExactKeys(b); err != nil {
		return f, err
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return f, err
	}
	if dec.More() {
		return f, errors.New("unexpected data after the fixtures object")
	}
	return f, nil
}

// LoadFixtures reads a fixtures file.
func LoadFixtures(path string) (Fixtures, error) {
	fh, err := os.Open(filepath.Clean(path))
	if err != nil {
		return Fixtures{}, err
	}
	defer func() { _ = fh.Close() }()
	f, err := ParseFixtures(fh)
	if err != nil {
		return f, fmt.Errorf("parse %s: %w", path, err)
	}
	return f, nil
}

// checkExactKeys rejects object keys that encoding/json would only match
// case-insensitively ("avatarURL" for "avatarUrl"): every key must be
// spelled exactly like a fixtures field.
func checkExactKeys(b []byte) error {
	known := map[string]bool{}
	for _, t := range []reflect.Type{
		reflect.TypeFor[Fixtures](), reflect.TypeFor[UserFixture](), reflect.TypeFor[OrgMemberFixture](),
		reflect.TypeFor[OrganizationFixture](), reflect.TypeFor[TeamFixture](), reflect.TypeFor[WorkspaceFixture](),
		reflect.TypeFor[EnvironmentFixture](), reflect.TypeFor[ServiceAccountFixture](), reflect.TypeFor[ServiceAccountTokenFixture](),
	} {
		for i := range t.NumField() {
			name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
			known[name] = true
		}
	}
	var doc any
	if err := json.Unmarshal(b, &doc); err != nil {
		return err
	}
	var walk func(v any, depth int) error
	walk = func(v any, depth int) error {
		if depth > 16 {
			return errors.New("fixtures are nested too deeply")
		}
		switch x := v.(type) {
		case map[string]any:
			for k, child := range x {
				if !known[k] {
					return fmt.Errorf("unknown field %q (field names are case-sensitive)", k)
				}
				if err := walk(child, depth+1); err != nil {
					return err
				}
			}
		case []any:
			for _, child := range x {
				if err := walk(child, depth+1); err != nil {
					return err
				}
			}
		}
		return nil
	}
	return walk(doc, 0)
}

var (
	workspaceIDPattern = regexp.MustCompile(`^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-z]{2,16}-[0-9a-z]{2,16}-[0-9a-z]{8,11})$`)
	classicPhases      = []string{"preparing", "imagebuild", "pending", "creating", "initializing", "running", "interrupted", "stopping", "stopped"}
	v1Phases           = []string{"creating", "starting", "running", "updating", "stopping", "stopped", "deleting", "deleted"}
)

// load puts fixtures into an empty store, checking the rules a real
// server keeps.
func load(st *store.Store, f Fixtures) error {
	st.Mu.Lock()
	defer st.Mu.Unlock()
	tokens := map[string]bool{}
	for _, u := range f.Users {
		if err := addUser(st, u, tokens); err != nil {
			return err
		}
	}
	for _, o := range f.Organizations {
		if err := addOrganization(st, o); err != nil {
			return err
		}
	}
	// Credentials act in an organization: the users' come after them.
	for _, u := range f.Users {
		org := u.OrganizationID
		if org == "" {
			org = st.DefaultOrg(u.ID)
		} else if o := st.Org(org); o == nil || o.Record(u.ID) == nil {
			return fmt.Errorf("user %s: organizationId %s is not an organization the user belongs to", u.ID, org)
		}
		st.Credentials[u.Token] = &store.Credential{Token: u.Token, UserID: u.ID, OrgID: org}
	}
	for _, t := range f.Teams {
		if err := addTeam(st, t); err != nil {
			return err
		}
	}
	for _, w := range f.Workspaces {
		if err := addWorkspace(st, w); err != nil {
			return err
		}
	}
	for _, e := range f.Environments {
		if err := addEnvironment(st, e); err != nil {
			return err
		}
	}
	for _, a := range f.ServiceAccounts {
		if err := addServiceAccount(st, a, tokens); err != nil {
			return err
		}
	}
	return nil
}

// addUser adds a fixture user; tokens are the tokens used so far.
func addUser(st *store.Store, u UserFixture, tokens map[string]bool) error {
	if !store.ValidUUID(u.ID) {
		return fmt.Errorf("user %q: id must be a lower-case UUID", u.ID)
	}
	if st.Users[u.ID] != nil {
		return fmt.Errorf("user %s: listed twice", u.ID)
	}
	if u.Token == "" || strings.TrimSpace(u.Token) != u.Token || strings.ContainsAny(u.Token, " \t\r\n") {
		return fmt.Errorf("user %s: token is required and must not contain white space", u.ID)
	}
	if tokens[u.Token] {
		return fmt.Errorf("user %s: token is used twice", u.ID)
	}
	tokens[u.Token] = true
	created := u.CreatedAt
	if created.IsZero() {
		created = st.Now()
	}
	username := u.Username
	if username == "" {
		username = strings.ToLower(strings.Fields(u.Name + " user")[0])
	}
	st.Users[u.ID] = &store.User{ID: u.ID, Name: u.Name, Username: username, Email: u.Email, AvatarURL: u.AvatarURL, CreatedAt: created.UTC()}
	return nil
}

// addOrganization adds a fixture organization with its members.
func addOrganization(st *store.Store, o OrganizationFixture) error {
	if !store.ValidUUID(o.ID) {
		return fmt.Errorf("organization %q: id must be a lower-case UUID", o.ID)
	}
	if st.Org(o.ID) != nil {
		return fmt.Errorf("organization %s: listed twice", o.ID)
	}
	if n := len([]rune(strings.TrimSpace(o.Name))); n < 3 || n > 64 {
		return fmt.Errorf("organization %s: name must be 3 to 64 characters", o.ID)
	}
	org := &store.Organization{ID: o.ID, Name: strings.TrimSpace(o.Name), CreatedAt: st.Now(), Invitation: st.NewID()}
	for _, m := range o.Members {
		if st.Users[m.UserID] == nil {
			return fmt.Errorf("organization %s: member %s is not a user", o.ID, m.UserID)
		}
		if org.Record(m.UserID) != nil {
			return fmt.Errorf("organization %s: member %s listed twice", o.ID, m.UserID)
		}
		member, err := orgMember(st, m)
		if err != nil {
			return fmt.Errorf("organization %s: member %s: %w", o.ID, m.UserID, err)
		}
		org.Members = append(org.Members, member)
	}
	if org.Owners() == 0 {
		return fmt.Errorf("organization %s: needs at least one owner who has not left", o.ID)
	}
	st.Organizations = append(st.Organizations, org)
	return nil
}

// addTeam adds a fixture gitpod.v1 team with its members.
func addTeam(st *store.Store, t TeamFixture) error {
	if !store.ValidUUID(t.ID) || st.Team(t.ID) != nil {
		return fmt.Errorf("team %q: id must be a unique lower-case UUID", t.ID)
	}
	org := st.Org(t.OrganizationID)
	if org == nil {
		return fmt.Errorf("team %s: organizationId %q is not an organization", t.ID, t.OrganizationID)
	}
	if n := len([]rune(t.Name)); n < 3 || n > 80 {
		return fmt.Errorf("team %s: name must be 3 to 80 characters", t.ID)
	}
	for _, other := range st.Teams {
		if other.OrgID == org.ID && strings.EqualFold(other.Name, t.Name) {
			return fmt.Errorf("team %s: name %q is already used in organization %s", t.ID, t.Name, org.ID)
		}
	}
	now := st.Now()
	team := &store.Team{ID: t.ID, OrgID: org.ID, Name: t.Name, CreatedAt: now, UpdatedAt: now}
	for _, uid := range t.Members {
		if org.Member(uid) == nil {
			return fmt.Errorf("team %s: member %s does not belong to organization %s", t.ID, uid, org.ID)
		}
		if other := st.TeamOf(org.ID, uid); other != nil || team.Membership(uid) != nil {
			return fmt.Errorf("team %s: user %s is already in a team of organization %s", t.ID, uid, org.ID)
		}
		team.Members = append(team.Members, &store.Membership{ID: st.NewID(), UserID: uid, CreatedAt: st.Tick()})
	}
	st.Teams = append(st.Teams, team)
	return nil
}

var (
	memberStatuses = []string{store.StatusActive, store.StatusSuspended, store.StatusLeft}
	loginProviders = []string{store.ProviderGitHub, store.ProviderGoogle, store.ProviderCustom}
)

// orgMember checks a membership fixture (its user exists) and makes the
// store's membership. Mu held.
func orgMember(st *store.Store, m OrgMemberFixture) (*store.OrgMember, error) {
	if !slices.Contains([]string{store.RoleOwner, store.RoleMember, store.RoleCollaborator}, m.Role) {
		return nil, errors.New("role must be owner, member or collaborator")
	}
	if err := checkStatus(m.Status); err != nil {
		return nil, err
	}
	if err := checkProvider(m.LoginProvider, m.OwnedByOrganization); err != nil {
		return nil, err
	}
	since := m.MemberSince
	if since.IsZero() {
		since = st.Tick()
	}
	return &store.OrgMember{
		UserID: m.UserID, Role: m.Role, MemberSince: since.UTC(), OwnedByOrg: m.OwnedByOrganization,
		Status: cmp.Or(m.Status, store.StatusActive), LoginProvider: m.LoginProvider,
	}, nil
}

func checkStatus(status string) error {
	if status != "" && !slices.Contains(memberStatuses, status) {
		return fmt.Errorf("status must be one of %s, not %q", strings.Join(memberStatuses, ", "), status)
	}
	return nil
}

// checkProvider checks a login provider; an account the organization owns
// signs in through its SSO (inferred: such accounts are made by the SSO).
func checkProvider(provider string, ownedByOrg bool) error {
	if provider != "" && !slices.Contains(loginProviders, provider) {
		return fmt.Errorf("loginProvider must be one of %s (custom is SSO), not %q", strings.Join(loginProviders, ", "), provider)
	}
	if ownedByOrg && provider != "" && provider != store.ProviderCustom {
		return fmt.Errorf("loginProvider %q: an account the organization owns signs in with its SSO (custom)", provider)
	}
	return nil
}

func addWorkspace(st *store.Store, w WorkspaceFixture) error {
	if !workspaceIDPattern.MatchString(w.ID) {
		return fmt.Errorf("workspace %q: id must be a lower-case UUID or look like color-animal-abcdefgh", w.ID)
	}
	if st.Workspace(w.ID) != nil {
		return fmt.Errorf("workspace %s: listed twice", w.ID)
	}
	if st.Users[w.OwnerID] == nil {
		return fmt.Errorf("workspace %s: owner %s is not a user", w.ID, w.OwnerID)
	}
	if w.Phase != "" && !slices.Contains(classicPhases, w.Phase) {
		return fmt.Errorf("workspace %s: phase must be one of %s", w.ID, strings.Join(classicPhases, ", "))
	}
	ws := &store.Workspace{ID: w.ID, OwnerID: w.OwnerID, OrgID: w.OrganizationID, Description: w.Description, ContextURL: w.ContextURL, Phase: w.Phase, Shared: w.Shared, LastActivity: st.Tick()}
	if w.Phase != "" {
		ws.InstanceID = st.NewID()
		ws.InstanceCreatedAt = ws.LastActivity
		ws.Branch = "main"
		if w.Phase == "running" {
			ws.Ports = []store.Port{{Port: 3000, Policy: "private", URL: "https://3000-" + w.ID + ".ws.gitpod.example", Protocol: "http"}}
		}
	}
	st.Workspaces = append(st.Workspaces, ws)
	return nil
}

func addEnvironment(st *store.Store, e EnvironmentFixture) error {
	if !store.ValidUUID(e.ID) || st.Environment(e.ID) != nil {
		return fmt.Errorf("environment %q: id must be a unique lower-case UUID", e.ID)
	}
	if st.Org(e.OrganizationID) == nil {
		return fmt.Errorf("environment %s: organizationId %q is not an organization", e.ID, e.OrganizationID)
	}
	if st.Users[e.CreatorID] == nil {
		return fmt.Errorf("environment %s: creator %s is not a user", e.ID, e.CreatorID)
	}
	if !slices.Contains(v1Phases, e.Phase) {
		return fmt.Errorf("environment %s: phase must be one of %s", e.ID, strings.Join(v1Phases, ", "))
	}
	if e.ProjectID != "" && !store.ValidUUID(e.ProjectID) {
		return fmt.Errorf("environment %s: projectId must be a lower-case UUID", e.ID)
	}
	created := e.CreatedAt
	if created.IsZero() {
		created = st.Tick()
	}
	env := &store.Environment{
		ID: e.ID, OrgID: e.OrganizationID, CreatorID: e.CreatorID, ProjectID: e.ProjectID, Name: e.Name,
		ContextURL: e.ContextURL, GitRemote: e.GitRemote, Branch: e.Branch, MachineClass: e.MachineClass,
		Phase: e.Phase, CreatedAt: created.UTC(), LastStartedAt: created.UTC(),
	}
	if env.MachineClass == "" {
		env.MachineClass = "d2c4e6f8-0a1b-4c3d-8e5f-6a7b8c9d0e1f"
	}
	if e.Archived {
		env.ArchivedAt = created.UTC()
	}
	if env.Phase == "running" {
		env.Ports = []store.Port{{Port: 3000, URL: "https://3000--" + e.ID + ".gitpod.example"}}
	}
	st.Environments = append(st.Environments, env)
	return nil
}
