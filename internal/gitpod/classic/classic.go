// Package classic is the Gitpod Classic adapter: the gitpod.experimental.v1
// API mapped onto the provider's model. Calls go to
// {host}/gitpod.experimental.v1.<Service>/<Method>.
package classic

import (
	"regexp"
	"time"

	"github.com/gitpod-community/terraform-provider-gitpod/internal/gen/gitpod/experimental/v1/experimentalv1connect"
	"github.com/gitpod-community/terraform-provider-gitpod/internal/gitpod"
	"github.com/gitpod-community/terraform-provider-gitpod/internal/transport"
)

// PageSize is the largest page Classic serves.
const PageSize = 100

// tokenName is Classic's rule for token names (after trimming): letters,
// digits, '-', '_' and spaces, 3 to 63 of them.
var tokenName = regexp.MustCompile(`^[a-zA-Z0-9-_ ]{3,63}$`)

// MaxPages bounds a paged listing, so a server that always has another
// page cannot keep the provider busy for ever.
const MaxPages = 1000

// listBounds are the bounds of a listing (gitpod.DefaultListBounds, with
// MaxPages).
var listBounds = gitpod.ListBounds{Pages: MaxPages, Items: gitpod.DefaultListBounds.Items, Bytes: gitpod.DefaultListBounds.Bytes}

// Adapter speaks Classic.
type Adapter struct {
	host       string
	teams      experimentalv1connect.TeamsServiceClient
	tokens     experimentalv1connect.TokensServiceClient
	workspaces experimentalv1connect.WorkspacesServiceClient
	users      experimentalv1connect.UserServiceClient
}

// What Classic offers: everything but organizations, renaming teams, and
// read-only tokens.
var (
	_ gitpod.Adapter          = (*Adapter)(nil)
	_ gitpod.Teams            = (*Adapter)(nil)
	_ gitpod.TeamInvitations  = (*Adapter)(nil)
	_ gitpod.Members          = (*Adapter)(nil)
	_ gitpod.MemberRoles      = (*Adapter)(nil)
	_ gitpod.Tokens           = (*Adapter)(nil)
	_ gitpod.TokenRenamer     = (*Adapter)(nil)
	_ gitpod.TokenRegenerator = (*Adapter)(nil)
	_ gitpod.Workspaces       = (*Adapter)(nil)
)

// New returns the Classic adapter over t.
func New(t *transport.Transport) *Adapter {
	base := t.BaseURL("")
	hc := t.HTTPClient()
	opts := t.ClientOptions()
	return &Adapter{
		host:       t.Host(),
		teams:      experimentalv1connect.NewTeamsServiceClient(hc, base, opts...),
		tokens:     experimentalv1connect.NewTokensServiceClient(hc, base, opts...),
		workspaces: experimentalv1connect.NewWorkspacesServiceClient(hc, base, opts...),
		users:      experimentalv1connect.NewUserServiceClient(hc, base, opts...),
	}
}

// API implements gitpod.Adapter.
func (a *Adapter) API() gitpod.API { return gitpod.Classic }

// Host implements gitpod.Adapter.
func (a *Adapter) Host() string { return a.host }

// TeamTraits implements gitpod.Teams: names of 3 to 64 characters
// (trimmed, checked after authentication) as JavaScript counts them, in
// UTF-16 code units (components/gitpod-db/src/typeorm/team-db-impl.ts);
// members are read with the team.
func (a *Adapter) TeamTraits() gitpod.TeamTraits {
	return gitpod.TeamTraits{NameMin: 3, NameMax: 64, NameUTF16: true, IncludesMembers: true}
}

// MemberTraits implements gitpod.Members: members carry their email.
func (a *Adapter) MemberTraits() gitpod.MemberTraits { return gitpod.MemberTraits{Email: true} }

// TokenTraits implements gitpod.Tokens: a fixed expiry up to a year ahead;
// the caller's own tokens only.
func (a *Adapter) TokenTraits() gitpod.TokenTraits {
	return gitpod.TokenTraits{MaxValidity: 365 * 24 * time.Hour, FixedExpiry: true, NamePattern: tokenName, NameRule: "3 to 63 letters, digits, '-', '_' or spaces"}
}

// WorkspaceTraits implements gitpod.Workspaces: one listing of at most
// PageSize, by organization.
func (a *Adapter) WorkspaceTraits() gitpod.WorkspaceTraits {
	return gitpod.WorkspaceTraits{PageSize: PageSize, OrganizationFilter: true, Phases: gitpod.ClassicWorkspacePhases}
}

func bad(procedure, missing string) error {
	return &transport.BadAnswerError{Procedure: procedure, Missing: missing}
}
