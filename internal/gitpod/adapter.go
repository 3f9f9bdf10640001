package gitpod

import (
	"context"
	"time"
)

// Capabilities says what an API generation can do, where the two differ.
type Capabilities struct {
	// TeamRename: teams can be renamed in place (v1). Classic replaces.
	TeamRename bool
	// TeamInvitation: teams have an invitation link (Classic).
	TeamInvitation bool
	// TeamRoles: members have an owner/member role (Classic).
	TeamRoles bool
	// TeamIncludesMembers: GetTeam returns the members (Classic).
	TeamIncludesMembers bool
	// TeamNameMin/Max bound team names.
	TeamNameMin, TeamNameMax int
	// MemberEmail: team members carry their email address (Classic).
	MemberEmail bool
	// TokenFixedExpiry: a token can be asked for an absolute expiry
	// (Classic); v1 takes a validity period.
	TokenFixedExpiry bool
	// TokenRegenerate: a token's value can be replaced in place, keeping
	// its id (Classic). On v1 a rotation is a new token.
	TokenRegenerate bool
	// TokenRename: a token's name can be changed in place (Classic).
	TokenRename bool
	// TokenReadOnly: tokens can be read-only (v1).
	TokenReadOnly bool
	// TokenMaxValidity is the longest validity a new token may have.
	TokenMaxValidity time.Duration
	// WorkspaceListComplete: listing workspaces pages through everything.
	// Classic serves one page of at most 100.
	WorkspaceListComplete bool
	// Organizations: the token belongs to an organization (v1).
	Organizations bool
}

// Adapter is one API generation, mapped onto the model. Adapters do one
// call (or one paged listing) per method and no caching; Client adds that.
// Every method returns errors that Wrap understands.
type Adapter interface {
	API() API
	Host() string
	Capabilities() Capabilities

	// Whoami returns who the token belongs to.
	Whoami(ctx context.Context) (Identity, error)

	// CreateTeam creates a team (in orgID, on v1).
	CreateTeam(ctx context.Context, orgID, name string) (Team, error)
	GetTeam(ctx context.Context, id string) (Team, error)
	// ListTeams lists every team the caller can see, filtered by a name
	// substring where the API can (v1); Classic ignores search.
	ListTeams(ctx context.Context, search string) ([]Team, error)
	RenameTeam(ctx context.Context, id, name string) (Team, error)
	DeleteTeam(ctx context.Context, id string) error
	ResetTeamInvitation(ctx context.Context, teamID string) (string, error)
	GetTeamInvitation(ctx context.Context, teamID string) (string, error)

	// ListTeamMembers lists every member of a team.
	ListTeamMembers(ctx context.Context, teamID string) ([]Member, error)
	// AddTeamMember adds a user to a team (Classic: with a role, through
	// UpdateTeamMember). The answer may not reflect the server's state;
	// Client checks.
	AddTeamMember(ctx context.Context, teamID, userID string, role Role) (Member, error)
	SetTeamMemberRole(ctx context.Context, teamID, userID string, role Role) error
	// RemoveTeamMember removes a membership (v1 needs m.MembershipID).
	RemoveTeamMember(ctx context.Context, teamID string, m Member) error
	// Profiles returns organization members' profiles by user id (v1).
	Profiles(ctx context.Context, orgID string, userIDs []string) (map[string]Profile, error)

	// CreateToken creates a token for the caller (userID) and returns it
	// with its value. On v1 the answer has no id: the Token's ID is empty.
	CreateToken(ctx context.Context, userID string, spec TokenSpec) (Token, string, error)
	GetToken(ctx context.Context, id string) (Token, error)
	// ListTokens lists every token of the given users (v1; Classic lists
	// the caller's own and ignores userIDs), every page.
	ListTokens(ctx context.Context, userIDs []string) ([]Token, error)
	// RenameToken changes a token's name and gives it full access (Classic).
	RenameToken(ctx context.Context, id, name string) (Token, error)
	// RegenerateToken replaces a token's value and expiry (Classic).
	RegenerateToken(ctx context.Context, id string, expires time.Time) (Token, string, error)
	DeleteToken(ctx context.Context, id string) error

	GetWorkspace(ctx context.Context, id string) (Workspace, error)
	// ListWorkspaces calls visit with each page of the caller's workspaces.
	ListWorkspaces(ctx context.Context, f WorkspaceFilter, visit func([]Workspace) error) (ListInfo, error)
	StopWorkspace(ctx context.Context, id string) error
}
