// Package store is the one in-memory store behind the mock of both API
// generations: users and their credentials, organizations (a Classic team
// is an organization), gitpod.v1 teams and memberships, personal access
// tokens, Classic workspaces, gitpod.v1 environments, and gitpod.v1 service
// accounts with their tokens (service_accounts.go).
//
// The handler packages (classicmock, v1mock) hold Mu while they read or
// change anything; methods documented as "Mu held" expect that. Methods
// without that note lock Mu themselves.
package store

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"math/big"
	"slices"
	"sync"
	"time"

	"github.com/google/uuid"
)

// Generation names an API generation.
type Generation string

// The generations.
const (
	Classic Generation = "classic"
	V1      Generation = "v1"
)

// Organization roles. An owner is a Classic team owner and a gitpod.v1
// organization admin.
const (
	RoleOwner        = "owner"
	RoleMember       = "member"
	RoleCollaborator = "collaborator"
)

// User is an account.
type User struct {
	ID        string
	Name      string // full name
	Username  string
	Email     string
	AvatarURL string
	CreatedAt time.Time
}

// Credential is a Bearer token made outside the API (in the UI, say). It
// never expires.
type Credential struct {
	Token  string
	UserID string
	OrgID  string // the organization it acts in (gitpod.v1)
}

// Membership states of a gitpod.v1 organization member
// (OrganizationMember.status, the descriptors' UserStatus without its
// prefix). An empty Status means active.
const (
	StatusActive    = "active"
	StatusSuspended = "suspended"
	StatusLeft      = "left"
)

// Login providers, as OrganizationMember.login_provider spells them:
// "custom" is the organization's own SSO.
const (
	ProviderGitHub = "github"
	ProviderGoogle = "google"
	ProviderCustom = "custom"
)

// OrgMember is a user's membership of an organization.
type OrgMember struct {
	UserID      string
	Role        string
	MemberSince time.Time
	// OwnedByOrg is set for accounts the organization owns (SSO).
	OwnedByOrg bool
	// Status is StatusActive (or empty), StatusSuspended or StatusLeft.
	// A member who left stays on record for gitpod.v1's member listing
	// and is no member for anything else (see Organization.Member).
	Status string
	// LoginProvider is how the user signs in (a Provider constant); empty
	// means custom for accounts the organization owns, else github.
	LoginProvider string
}

// Left reports whether the member left the organization.
func (m *OrgMember) Left() bool { return m.Status == StatusLeft }

// Suspended reports whether the member is suspended.
func (m *OrgMember) Suspended() bool { return m.Status == StatusSuspended }

// CurrentStatus is the member's status, StatusActive when unset.
func (m *OrgMember) CurrentStatus() string {
	if m.Status == "" {
		return StatusActive
	}
	return m.Status
}

// Provider is the member's login provider, with the default filled in.
func (m *OrgMember) Provider() string {
	switch {
	case m.LoginProvider != "":
		return m.LoginProvider
	case m.OwnedByOrg:
		return ProviderCustom
	default:
		return ProviderGitHub
	}
}

// Organization is an organization; on Classic, a team.
type Organization struct {
	ID        string
	Name      string
	CreatedAt time.Time
	// Members in the order they joined.
	Members []*OrgMember
	// Invitation is the current (Classic) invitation id.
	Invitation string
	// OldInvitations were reset; joining with them fails.
	OldInvitations []string
	Deleted        bool
}

// Team is a gitpod.v1 team, inside an organization.
type Team struct {
	ID        string
	OrgID     string
	Name      string
	CreatedAt time.Time
	UpdatedAt time.Time
	CreatorID string
	Members   []*Membership
}

// Membership is a user's membership of a gitpod.v1 team.
type Membership struct {
	ID        string
	UserID    string
	CreatedAt time.Time
}

// Token is a personal access token. The value itself is never kept: only
// its hash, as a real server does.
type Token struct {
	ID         string
	Generation Generation
	UserID     string
	OrgID      string
	Name       string   // Classic name, gitpod.v1 description
	Scopes     []string // Classic
	ReadOnly   bool     // gitpod.v1
	ExpiresAt  time.Time
	CreatedAt  time.Time
	LastUsed   time.Time
	CreatorID  string
	Hash       string
	Deleted    bool
}

// Port is a port a workspace or environment exposes.
type Port struct {
	Port     int32
	Policy   string // Classic: private or public
	URL      string
	Protocol string // Classic: http or https
}

// Workspace is a Classic workspace.
type Workspace struct {
	ID          string
	OwnerID     string
	OrgID       string
	Description string
	ContextURL  string
	// Phase is the latest instance's phase name without prefix
	// ("running"); empty when the workspace never started.
	Phase             string
	InstanceID        string
	InstanceCreatedAt time.Time
	LastActivity      time.Time
	Shared            bool
	Ports             []Port
	Branch            string
	// StopRequested is when a stop was asked for; the instance stays in
	// "stopping" for Store.StopDelay.
	StopRequested time.Time
	SoftDeleted   bool
}

// Environment is a gitpod.v1 environment.
type Environment struct {
	ID            string
	OrgID         string
	CreatorID     string
	ProjectID     string
	Name          string
	ContextURL    string
	GitRemote     string
	Branch        string
	MachineClass  string
	Phase         string // "running", "stopped", ...
	CreatedAt     time.Time
	LastStartedAt time.Time
	ArchivedAt    time.Time
	Ports         []Port
	StopRequested time.Time
}

// Store is the mock's state.
type Store struct {
	// Mu guards everything below.
	Mu sync.Mutex

	Users         map[string]*User
	Credentials   map[string]*Credential
	Organizations []*Organization
	Teams         []*Team
	Tokens        []*Token
	Workspaces    []*Workspace
	Environments  []*Environment
	// ServiceAccounts and their tokens: service_accounts.go.
	ServiceAccounts      []*ServiceAccount
	ServiceAccountTokens []*ServiceAccountToken
	// Issued holds every token value the mock ever handed out, so tests
	// can prove none leaked.
	Issued []string
	// StopDelay is how long a stopping workspace or environment stays in
	// the stopping phase.
	StopDelay time.Duration

	clock func() time.Time
	seq   int64
}

// New returns an empty store.
func New() *Store {
	return &Store{
		Users:       map[string]*User{},
		Credentials: map[string]*Credential{},
		StopDelay:   500 * time.Millisecond,
		clock:       time.Now,
	}
}

// SetClock replaces the clock (tests share one with the provider).
func (s *Store) SetClock(now func() time.Time) {
	s.Mu.Lock()
	defer s.Mu.Unlock()
	s.clock = now
}

// Now is the store's time. Mu held.
func (s *Store) Now() time.Time { return s.clock().UTC() }

// NewID returns a new lower-case UUID. Mu held.
func (s *Store) NewID() string { return uuid.NewString() }

// Tick returns a strictly increasing time from the store clock, so that
// objects made in one instant still order by creation. Mu held.
func (s *Store) Tick() time.Time {
	s.seq++
	return s.Now().Add(time.Duration(s.seq))
}

// ---- lookups (Mu held) ----

// User returns a user or nil.
func (s *Store) User(id string) *User { return s.Users[id] }

// Org returns a live organization or nil.
func (s *Store) Org(id string) *Organization {
	for _, o := range s.Organizations {
		if o.ID == id && !o.Deleted {
			return o
		}
	}
	return nil
}

// Member returns a user's membership of the organization, or nil; a
// member who left is no member.
func (o *Organization) Member(userID string) *OrgMember {
	if m := o.Record(userID); m != nil && !m.Left() {
		return m
	}
	return nil
}

// Record returns a user's membership record, left members included, or
// nil.
func (o *Organization) Record(userID string) *OrgMember {
	for _, m := range o.Members {
		if m.UserID == userID {
			return m
		}
	}
	return nil
}

// Owners counts the organization's owners who have not left.
func (o *Organization) Owners() int {
	n := 0
	for _, m := range o.Members {
		if m.Role == RoleOwner && !m.Left() {
			n++
		}
	}
	return n
}

// RemoveMember drops a user's membership.
func (o *Organization) RemoveMember(userID string) {
	o.Members = slices.DeleteFunc(o.Members, func(m *OrgMember) bool { return m.UserID == userID })
}

// Team returns a v1 team or nil.
func (s *Store) Team(id string) *Team {
	for _, t := range s.Teams {
		if t.ID == id {
			return t
		}
	}
	return nil
}

// Membership returns a user's membership of the team, or nil.
func (t *Team) Membership(userID string) *Membership {
	for _, m := range t.Members {
		if m.UserID == userID {
			return m
		}
	}
	return nil
}

// TeamOf returns the v1 team of an organization a user belongs to, or nil.
func (s *Store) TeamOf(orgID, userID string) *Team {
	for _, t := range s.Teams {
		if t.OrgID == orgID && t.Membership(userID) != nil {
			return t
		}
	}
	return nil
}

// RemoveTeam deletes a v1 team and its memberships.
func (s *Store) RemoveTeam(id string) bool {
	n := len(s.Teams)
	s.Teams = slices.DeleteFunc(s.Teams, func(t *Team) bool { return t.ID == id })
	return len(s.Teams) != n
}

// Token returns a live token or nil.
func (s *Store) Token(id string) *Token {
	for _, t := range s.Tokens {
		if t.ID == id && !t.Deleted {
			return t
		}
	}
	return nil
}

// Workspace returns a Classic workspace (soft-deleted ones included) or nil.
func (s *Store) Workspace(id string) *Workspace {
	for _, w := range s.Workspaces {
		if w.ID == id {
			return w
		}
	}
	return nil
}

// Environment returns an environment or nil.
func (s *Store) Environment(id string) *Environment {
	for _, e := range s.Environments {
		if e.ID == id {
			return e
		}
	}
	return nil
}

// Settle moves stopping workspaces and environments to stopped once
// StopDelay has passed since the stop was asked for. Mu held.
func (s *Store) Settle() {
	now := s.Now()
	for _, w := range s.Workspaces {
		if w.Phase == "stopping" && !w.StopRequested.IsZero() && !now.Before(w.StopRequested.Add(s.StopDelay)) {
			w.Phase = "stopped"
		}
	}
	for _, e := range s.Environments {
		if e.Phase == "stopping" && !e.StopRequested.IsZero() && !now.Before(e.StopRequested.Add(s.StopDelay)) {
			e.Phase = "stopped"
			e.Ports = nil
		}
	}
}

// ---- tokens and authentication ----

const alnum = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

func randomString(n int) string {
	b := make([]byte, n)
	for i := range b {
		k, err := rand.Int(rand.Reader, big.NewInt(int64(len(alnum))))
		if err != nil {
			panic(err)
		}
		b[i] = alnum[k.Int64()]
	}
	return string(b)
}

// HashOf is the hash a token value is stored under.
func HashOf(value string) string {
	sum := sha256.Sum256([]byte(value))
	return hex.EncodeToString(sum[:])
}

// Issue gives t a fresh value and returns it: Classic's shape
// gitpod_pat_<signature>.<40 alphanumerics>, or an opaque value on
// gitpod.v1 (its shape is not public). Mu held.
func (s *Store) Issue(t *Token) string {
	secret := randomString(40)
	sig := sha256.Sum256([]byte("mock-signing-key:" + secret))
	value := "gitpod_pat_" + base64.RawURLEncoding.EncodeToString(sig[:]) + "." + secret
	if t.Generation == V1 {
		value = "gitpod_v1_pat_" + randomString(48)
	}
	t.Hash = HashOf(value)
	s.Issued = append(s.Issued, value)
	return value
}

// Principal is who a request acts as.
type Principal struct {
	UserID string
	OrgID  string
	// Token is the personal access token used, or nil for a credential.
	Token *Token
}

// ErrUnknownToken and the other errors below say why a Bearer token was
// refused.
var (
	ErrUnknownToken = errors.New("unknown bearer token")
	ErrExpired      = errors.New("the personal access token has expired")
)

// Authenticate resolves a Bearer token. Mu held.
func (s *Store) Authenticate(bearer string) (Principal, error) {
	if c := s.Credentials[bearer]; c != nil {
		return Principal{UserID: c.UserID, OrgID: c.OrgID}, nil
	}
	h := HashOf(bearer)
	for _, t := range s.Tokens {
		if t.Hash != h || t.Deleted {
			continue
		}
		if !s.Now().Before(t.ExpiresAt) {
			return Principal{}, ErrExpired
		}
		t.LastUsed = s.Now()
		return Principal{UserID: t.UserID, OrgID: t.OrgID, Token: t}, nil
	}
	return Principal{}, ErrUnknownToken
}

// DefaultOrg is the organization a user's credential acts in when none is
// named: the first the user belongs to. Mu held.
func (s *Store) DefaultOrg(userID string) string {
	for _, o := range s.Organizations {
		if !o.Deleted && o.Member(userID) != nil {
			return o.ID
		}
	}
	return ""
}

// ---- validation helpers ----

// ValidUUID reports whether s is a UUID in canonical lower-case form.
func ValidUUID(s string) bool {
	u, err := uuid.Parse(s)
	return err == nil && u.String() == s
}

// Errorf is a small helper for out-of-band functions.
func Errorf(format string, a ...any) error { return fmt.Errorf(format, a...) }
