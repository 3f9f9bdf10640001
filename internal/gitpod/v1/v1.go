// Package v1 is the adapter for today's Gitpod: the gitpod.v1 API mapped
// onto the provider's model. Calls go to {host}/api/gitpod.v1.<Service>/<Method>,
// as the vendor's own tools do.
package v1

import (
	"time"

	"google.golang.org/protobuf/proto"

	gitpodv1 "github.com/gitpod-community/terraform-provider-gitpod/internal/gen/gitpod/v1"
	"github.com/gitpod-community/terraform-provider-gitpod/internal/gen/gitpod/v1/gitpodv1connect"
	"github.com/gitpod-community/terraform-provider-gitpod/internal/gitpod"
	"github.com/gitpod-community/terraform-provider-gitpod/internal/transport"
)

// PathPrefix is where gitpod.v1 is served under the host.
const PathPrefix = "/api"

// PageSize is the largest page gitpod.v1 serves.
const PageSize = 100

// MaxPages is the most pages a listing is read for
// (gitpod.DefaultListBounds).
const MaxPages = 1000

// MaxFilterIDs is the most ids a list filter takes.
const MaxFilterIDs = 25

// MaxTokenValidity is the longest validity of a personal access token.
const MaxTokenValidity = 90 * 24 * time.Hour

// Adapter speaks gitpod.v1.
type Adapter struct {
	host          string
	identity      gitpodv1connect.IdentityServiceClient
	users         gitpodv1connect.UserServiceClient
	teams         gitpodv1connect.TeamServiceClient
	organizations gitpodv1connect.OrganizationServiceClient
	environments  gitpodv1connect.EnvironmentServiceClient

	serviceAccounts gitpodv1connect.ServiceAccountServiceClient
}

// What gitpod.v1 offers: organizations, renaming teams, read-only tokens
// and service accounts, but no invitations, team roles, or changes to a
// token.
var (
	_ gitpod.Adapter             = (*Adapter)(nil)
	_ gitpod.IdentityDetails     = (*Adapter)(nil)
	_ gitpod.Teams               = (*Adapter)(nil)
	_ gitpod.TeamRenamer         = (*Adapter)(nil)
	_ gitpod.Members             = (*Adapter)(nil)
	_ gitpod.OrganizationMembers = (*Adapter)(nil)
	_ gitpod.Tokens              = (*Adapter)(nil)
	_ gitpod.Workspaces          = (*Adapter)(nil)
	_ gitpod.ServiceAccounts     = (*Adapter)(nil)
)

// New returns the gitpod.v1 adapter over t.
func New(t *transport.Transport) *Adapter {
	base := t.BaseURL(PathPrefix)
	hc := t.HTTPClient()
	opts := t.ClientOptions()
	return &Adapter{
		host:          t.Host(),
		identity:      gitpodv1connect.NewIdentityServiceClient(hc, base, opts...),
		users:         gitpodv1connect.NewUserServiceClient(hc, base, opts...),
		teams:         gitpodv1connect.NewTeamServiceClient(hc, base, opts...),
		organizations: gitpodv1connect.NewOrganizationServiceClient(hc, base, opts...),
		environments:  gitpodv1connect.NewEnvironmentServiceClient(hc, base, opts...),

		serviceAccounts: gitpodv1connect.NewServiceAccountServiceClient(hc, base, opts...),
	}
}

// API implements gitpod.Adapter.
func (a *Adapter) API() gitpod.API { return gitpod.V1 }

// Host implements gitpod.Adapter.
func (a *Adapter) Host() string { return a.host }

// TeamTraits implements gitpod.Teams: names of 3 to 80 characters; members
// are listed apart.
func (a *Adapter) TeamTraits() gitpod.TeamTraits { return gitpod.TeamTraits{NameMin: 3, NameMax: 80} }

// MemberTraits implements gitpod.Members: team members carry no email
// (the organization's member directory has it); AddTeamMember answers
// with the membership the server made.
func (a *Adapter) MemberTraits() gitpod.MemberTraits {
	return gitpod.MemberTraits{TrustedAnswers: true}
}

// TokenTraits implements gitpod.Tokens: a validity period of up to 90
// days, read-only tokens, and (for organization admins) other users'.
func (a *Adapter) TokenTraits() gitpod.TokenTraits {
	return gitpod.TokenTraits{MaxValidity: MaxTokenValidity, ReadOnly: true, OfOthers: true}
}

// WorkspaceTraits implements gitpod.Workspaces: every page of the token's
// organization's environments, archived ones on request.
func (a *Adapter) WorkspaceTraits() gitpod.WorkspaceTraits {
	return gitpod.WorkspaceTraits{PageSize: PageSize, ListComplete: true, Archived: true, Search: true, Phases: gitpod.V1EnvironmentPhases}
}

func bad(procedure, missing string) error {
	return &transport.BadAnswerError{Procedure: procedure, Missing: missing}
}

// pager walks a token-paged listing: it refuses one that repeats a page
// token, and bounds what the listing holds across its pages (items, bytes
// and pages, gitpod.DefaultListBounds).
type pager struct {
	procedure string
	token     string
	seen      map[string]bool
	tally     gitpod.ListTally
}

func (p *pager) request() *gitpodv1.PaginationRequest {
	return &gitpodv1.PaginationRequest{PageSize: PageSize, Token: p.token}
}

// pages is how many pages were read.
func (p *pager) pages() int { return p.tally.Pages() }

// next counts a page (its answer msg, with items items) and records its
// next token; it reports whether to go on.
func (p *pager) next(resp *gitpodv1.PaginationResponse, msg proto.Message, items int) (bool, error) {
	p.tally.Procedure = p.procedure
	next := resp.GetNextToken()
	if err := p.tally.Add(items, proto.Size(msg), next != ""); err != nil || next == "" {
		return false, err
	}
	if p.seen == nil {
		p.seen = map[string]bool{}
	}
	if p.seen[next] || next == p.token {
		return false, &transport.BadAnswerError{Procedure: p.procedure, Problem: "repeated a page token, so its listing would never end"}
	}
	p.seen[next] = true
	p.token = next
	return true, nil
}
