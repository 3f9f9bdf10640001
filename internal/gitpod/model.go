// Package gitpod is the provider's backend-neutral model of Gitpod: teams,
// members, personal access tokens, workspaces and the caller's identity, as
// plain Go values, with typed errors. Each API generation is an Adapter
// (packages classic and v1); Client wraps an adapter with what is written
// once for both: read coalescing, lost-create reconciliation and claims.
// Nothing here knows Terraform or generated message types.
package gitpod

import "time"

// API names an API generation.
type API string

// The API generations.
const (
	// Classic is gitpod.experimental.v1, served by Gitpod Classic.
	Classic API = "classic"
	// V1 is gitpod.v1, served by today's Gitpod (Ona).
	V1 API = "v1"
)

// Describe is the API's name for people.
func (a API) Describe() string {
	switch a {
	case Classic:
		return "Gitpod Classic (gitpod.experimental.v1)"
	case V1:
		return "today's Gitpod (gitpod.v1)"
	default:
		return string(a)
	}
}

// Identity is who the provider's token belongs to.
type Identity struct {
	UserID    string
	Name      string
	Email     string
	AvatarURL string
	CreatedAt time.Time
	// OrganizationID is the token's organization (v1 only).
	OrganizationID string
	// Principal is what kind of identity the token acts as: "user" (and
	// on Classic always), or "service_account" (v1).
	Principal string
}

// Role is a member's role in a team. Only Classic has team roles.
type Role string

// Team roles.
const (
	RoleNone   Role = ""
	RoleOwner  Role = "owner"
	RoleMember Role = "member"
	// RoleCollaborator is what Classic reports for organization
	// collaborators (TEAM_ROLE_UNSPECIFIED on the wire).
	RoleCollaborator Role = "collaborator"
)

// Team is a team. On Classic a team is an organization.
type Team struct {
	ID             string
	Name           string
	OrganizationID string // v1
	CreatedAt      time.Time
	UpdatedAt      time.Time
	CreatorID      string // v1, when known
	MemberCount    int    // v1
	// InvitationID is Classic's invitation; empty when the caller may
	// not see it (only owners can).
	InvitationID string
	// Members is filled when the API returns them with the team
	// (Classic); see Capabilities.TeamIncludesMembers.
	Members []Member
}

// Member is one user's membership of a team.
type Member struct {
	// MembershipID identifies the membership itself (v1); empty on Classic,
	// where the user id does.
	MembershipID string
	TeamID       string
	UserID       string
	Role         Role
	FullName     string
	Email        string
	AvatarURL    string
	MemberSince  time.Time
	// OwnedByOrganization is set for Classic accounts that the
	// organization owns (single sign-on users).
	OwnedByOrganization bool
}

// User is a person the provider can name: on gitpod.v1 a member of the
// token's organization, with what the organization knows of them; on
// Classic the caller or a member of one of its teams.
type User struct {
	ID        string
	Email     string
	FullName  string
	AvatarURL string
	// Role is the organization role ("admin", "member"; gitpod.v1).
	Role string
	// Status is "active", "suspended" or "left" (gitpod.v1).
	Status string
	// LoginProvider is how the user signs in: "github", "google" or
	// "custom" (the organization's single sign-on; gitpod.v1).
	LoginProvider string
	// MemberSince is when the user joined the organization (gitpod.v1).
	MemberSince time.Time
}

// UserFilter narrows a listing of an organization's members (gitpod.v1:
// the server applies all of it).
type UserFilter struct {
	// Search matches names and email addresses, ignoring case.
	Search string
	// Roles and Statuses keep users with one of these values.
	Roles, Statuses []string
	// UserIDs keeps only these users.
	UserIDs []string
	// ExcludeMembersInAnyTeam leaves out users who belong to a team.
	ExcludeMembersInAnyTeam bool
}

// UserRoles and UserStatuses are the values gitpod.v1 has.
var (
	UserRoles    = []string{"admin", "member"}
	UserStatuses = []string{"active", "suspended", "left"}
)

// Token is a personal access token, never with its value.
type Token struct {
	ID     string
	UserID string
	// Name is Classic's name, or v1's description.
	Name string
	// Scopes are Classic's scopes (empty or the full-access pair).
	Scopes []string
	// ReadOnly is v1's read-only flag.
	ReadOnly  bool
	ExpiresAt time.Time
	CreatedAt time.Time
	LastUsed  time.Time // v1
	// CreatorID and CreatorPrincipal say who made the token (v1).
	CreatorID        string
	CreatorPrincipal string
}

// FullAccessScopes is the one scope set (besides none) that Classic accepts:
// everything the token's user may do.
var FullAccessScopes = []string{"function:*", "resource:default"}

// TokenSpec is what a new token is asked for.
type TokenSpec struct {
	Name string
	// ExpiresAt is the expiry asked for (Classic takes it as is).
	ExpiresAt time.Time
	// ValidFor is the validity asked for (v1 takes a period, counted from
	// when the server makes the token).
	ValidFor time.Duration
	ReadOnly bool
}

// Workspace is a Classic workspace or a v1 environment.
type Workspace struct {
	ID             string
	OrganizationID string
	OwnerID        string // Classic owner, v1 creator
	ProjectID      string
	Name           string // v1 name, Classic description
	ContextURL     string
	RepoOwner      string
	RepoName       string
	GitProvider    string
	GitHost        string
	GitRemote      string // v1 clone URL
	Branch         string
	// Phase is lower case without the enum prefix ("running"); empty when
	// a Classic workspace has no instance.
	Phase             string
	InstanceID        string
	InstanceCreatedAt time.Time
	URL               string
	Admission         string
	Ports             []Port
	MachineClass      string
	SSHURL            string
	CreatedAt         time.Time
	LastStartedAt     time.Time
	ArchivedAt        time.Time
}

// Port is a port a workspace exposes.
type Port struct {
	Port     int64
	Policy   string
	URL      string
	Protocol string
}

// WorkspaceFilter narrows a workspace listing on the server side, as far
// as the API allows; the provider filters the rest.
type WorkspaceFilter struct {
	OrganizationID string   // Classic
	Phases         []string // v1
	CreatorIDs     []string // v1
	ProjectIDs     []string // v1
	Search         string   // v1
	Archived       bool     // v1: include archived environments
}

// ListInfo says how complete a listing is.
type ListInfo struct {
	Pages int
	// Truncated is set when the API may hold more than it returned
	// (Classic serves at most one page of 100).
	Truncated bool
}

// ClassicWorkspacePhases are the phases of a Classic workspace instance.
var ClassicWorkspacePhases = []string{"preparing", "imagebuild", "pending", "creating", "initializing", "running", "interrupted", "stopping", "stopped"}

// V1EnvironmentPhases are the phases of a v1 environment.
var V1EnvironmentPhases = []string{"creating", "starting", "running", "updating", "stopping", "stopped", "deleting", "deleted"}

// ServiceAccount is a gitpod.v1 service account: an identity of an
// organization that belongs to no person, for CI and automation.
type ServiceAccount struct {
	ID             string
	OrganizationID string
	Name           string
	Description    string
	// CreatorID is the user who made it; empty for system-managed ones.
	CreatorID string
	CreatedAt time.Time
	// ValidUntil is when the account, and everything it authenticates,
	// stops working. It cannot change.
	ValidUntil time.Time
	// Suspended is set once the account is deleted (a soft delete).
	Suspended bool
	// SystemManaged accounts are made by the platform and cannot be
	// changed, deleted or impersonated.
	SystemManaged bool
}

// Inactive says why the account authenticates nothing at now, or "" when
// it works: deleted (suspended) or expired.
func (a ServiceAccount) Inactive(now time.Time) string {
	switch {
	case a.Suspended:
		return "it was deleted (it is suspended)"
	case !a.ValidUntil.IsZero() && !now.Before(a.ValidUntil):
		return "it expired at " + a.ValidUntil.UTC().Format(time.RFC3339)
	}
	return ""
}

// ServiceAccountSpec is what a new service account is asked for.
type ServiceAccountSpec struct {
	Name        string
	Description string
	ValidUntil  time.Time
}

// ServiceAccountFilter narrows a listing of service accounts.
type ServiceAccountFilter struct {
	// Search is a case-insensitive substring of the name, the description
	// or the ID.
	Search string
	// IncludeSuspended lists deleted accounts too.
	IncludeSuspended bool
	IDs              []string
}

// ServiceAccountToken is a long-lived token of a service account, never
// with its value.
type ServiceAccountToken struct {
	ID               string
	ServiceAccountID string
	Description      string
	// CreatorID and CreatorPrincipal say who made it (the account itself
	// when made through impersonation).
	CreatorID        string
	CreatorPrincipal string
	CreatedAt        time.Time
	ExpiresAt        time.Time
	LastUsed         time.Time
}

// ServiceAccountTokenSpec is what a new service account token is asked
// for.
type ServiceAccountTokenSpec struct {
	Description string
	// ValidFor is the validity asked for; the server caps it to the
	// account's ValidUntil.
	ValidFor time.Duration
}
