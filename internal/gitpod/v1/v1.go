// Package v1 is the adapter for today's Gitpod: the gitpod.v1 API mapped
// onto the provider's model. Calls go to {host}/api/gitpod.v1.<Service>/<Method>,
// as the vendor's own tools do.
package v1

import (
	"context"
	"net/url"
	"strings"
	"time"

	"connectrpc.com/connect"
	"google.golang.org/protobuf/types/known/durationpb"
	"google.golang.org/protobuf/types/known/timestamppb"

	gitpodv1 "github.com/gitpod-community/terraform-provider-gitpod/internal/gen/gitpod/v1"
	"github.com/gitpod-community/terraform-provider-gitpod/internal/gen/gitpod/v1/gitpodv1connect"
	"github.com/gitpod-community/terraform-provider-gitpod/internal/gitpod"
	"github.com/gitpod-community/terraform-provider-gitpod/internal/transport"
)

// PathPrefix is where gitpod.v1 is served under the host.
const PathPrefix = "/api"

// PageSize is the largest page gitpod.v1 serves.
const PageSize = 100

// MaxPages bounds a paged listing: a server that always offers another page
// cannot keep the provider busy for ever.
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
}

var _ gitpod.Adapter = (*Adapter)(nil)

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
	}
}

// API implements gitpod.Adapter.
func (a *Adapter) API() gitpod.API { return gitpod.V1 }

// Host implements gitpod.Adapter.
func (a *Adapter) Host() string { return a.host }

// Capabilities implements gitpod.Adapter.
func (a *Adapter) Capabilities() gitpod.Capabilities {
	return gitpod.Capabilities{
		TeamRename:            true,
		TeamNameMin:           3,
		TeamNameMax:           80,
		TokenReadOnly:         true,
		TokenMaxValidity:      MaxTokenValidity,
		WorkspaceListComplete: true,
		Organizations:         true,
	}
}

func bad(procedure, missing string) error {
	return &transport.BadAnswerError{Procedure: procedure, Missing: missing}
}

// pager walks a token-paged listing and refuses one that repeats a token
// or does not end.
type pager struct {
	procedure string
	token     string
	seen      map[string]bool
	pages     int
}

func (p *pager) request() *gitpodv1.PaginationRequest {
	return &gitpodv1.PaginationRequest{PageSize: PageSize, Token: p.token}
}

// next records a page's next token and reports whether to go on.
func (p *pager) next(resp *gitpodv1.PaginationResponse) (bool, error) {
	p.pages++
	next := resp.GetNextToken()
	if next == "" {
		return false, nil
	}
	if p.seen == nil {
		p.seen = map[string]bool{}
	}
	if p.seen[next] || next == p.token {
		return false, bad(p.procedure, "an end to the listing (a page token repeated)")
	}
	if p.pages >= MaxPages {
		return false, bad(p.procedure, "an end to the listing (more than 1000 pages)")
	}
	p.seen[next] = true
	p.token = next
	return true, nil
}

// ---- identity ----

// Whoami implements gitpod.Adapter.
func (a *Adapter) Whoami(ctx context.Context) (gitpod.Identity, error) {
	idr, err := a.identity.GetAuthenticatedIdentity(ctx, connect.NewRequest(&gitpodv1.GetAuthenticatedIdentityRequest{}))
	if err != nil {
		return gitpod.Identity{}, err
	}
	if idr.Msg.GetSubject().GetId() == "" {
		return gitpod.Identity{}, bad("IdentityService/GetAuthenticatedIdentity", "subject id")
	}
	out := gitpod.Identity{UserID: idr.Msg.GetSubject().GetId(), OrganizationID: idr.Msg.GetOrganizationId()}
	if idr.Msg.GetSubject().GetPrincipal() != gitpodv1.Principal_PRINCIPAL_USER {
		return out, nil
	}
	ur, err := a.users.GetAuthenticatedUser(ctx, connect.NewRequest(&gitpodv1.GetAuthenticatedUserRequest{}))
	if err != nil {
		return gitpod.Identity{}, err
	}
	u := ur.Msg.GetUser()
	out.Name, out.Email, out.AvatarURL, out.CreatedAt = u.GetName(), u.GetEmail(), u.GetAvatarUrl(), timeOf(u.GetCreatedAt())
	if out.OrganizationID == "" {
		out.OrganizationID = u.GetOrganizationId()
	}
	return out, nil
}

// ---- teams ----

func teamFrom(procedure string, t *gitpodv1.Team) (gitpod.Team, error) {
	if t.GetId() == "" {
		return gitpod.Team{}, bad(procedure, "team id")
	}
	if t.GetName() == "" {
		return gitpod.Team{}, bad(procedure, "team name")
	}
	return gitpod.Team{
		ID:             t.GetId(),
		Name:           t.GetName(),
		OrganizationID: t.GetOrganizationId(),
		CreatedAt:      timeOf(t.GetCreatedAt()),
		UpdatedAt:      timeOf(t.GetUpdatedAt()),
		CreatorID:      t.GetCreatorId(),
		MemberCount:    int(t.GetMemberCount()),
	}, nil
}

// CreateTeam implements gitpod.Adapter.
func (a *Adapter) CreateTeam(ctx context.Context, orgID, name string) (gitpod.Team, error) {
	resp, err := a.teams.CreateTeam(ctx, connect.NewRequest(&gitpodv1.CreateTeamRequest{OrganizationId: orgID, Name: name}))
	if err != nil {
		return gitpod.Team{}, err
	}
	return teamFrom("TeamService/CreateTeam", resp.Msg.GetTeam())
}

// GetTeam implements gitpod.Adapter.
func (a *Adapter) GetTeam(ctx context.Context, id string) (gitpod.Team, error) {
	resp, err := a.teams.GetTeam(ctx, connect.NewRequest(&gitpodv1.GetTeamRequest{TeamId: id}))
	if err != nil {
		return gitpod.Team{}, err
	}
	return teamFrom("TeamService/GetTeam", resp.Msg.GetTeam())
}

// ListTeams implements gitpod.Adapter: every page, filtered by a name
// substring on the server.
func (a *Adapter) ListTeams(ctx context.Context, search string) ([]gitpod.Team, error) {
	var out []gitpod.Team
	p := pager{procedure: "TeamService/ListTeams"}
	for {
		req := &gitpodv1.ListTeamsRequest{Pagination: p.request()}
		if search != "" {
			req.Filter = &gitpodv1.ListTeamsRequest_Filter{Search: search}
		}
		resp, err := a.teams.ListTeams(ctx, connect.NewRequest(req))
		if err != nil {
			return nil, err
		}
		for _, t := range resp.Msg.GetTeams() {
			tt, err := teamFrom(p.procedure, t)
			if err != nil {
				return nil, err
			}
			out = append(out, tt)
		}
		more, err := p.next(resp.Msg.GetPagination())
		if err != nil || !more {
			return out, err
		}
	}
}

// RenameTeam implements gitpod.Adapter.
func (a *Adapter) RenameTeam(ctx context.Context, id, name string) (gitpod.Team, error) {
	resp, err := a.teams.UpdateTeam(ctx, connect.NewRequest(&gitpodv1.UpdateTeamRequest{TeamId: id, Name: &name}))
	if err != nil {
		return gitpod.Team{}, err
	}
	return teamFrom("TeamService/UpdateTeam", resp.Msg.GetTeam())
}

// DeleteTeam implements gitpod.Adapter.
func (a *Adapter) DeleteTeam(ctx context.Context, id string) error {
	_, err := a.teams.DeleteTeam(ctx, connect.NewRequest(&gitpodv1.DeleteTeamRequest{TeamId: id}))
	return err
}

// ResetTeamInvitation implements gitpod.Adapter; v1 teams have none.
func (a *Adapter) ResetTeamInvitation(context.Context, string) (string, error) {
	return "", gitpod.New(gitpod.KindUnsupported, "reset the invitation of", "team", "teams of today's Gitpod have no invitation")
}

// GetTeamInvitation implements gitpod.Adapter; v1 teams have none.
func (a *Adapter) GetTeamInvitation(context.Context, string) (string, error) {
	return "", nil
}

func memberFrom(procedure string, m *gitpodv1.TeamMember) (gitpod.Member, error) {
	if m.GetId() == "" || m.GetUserId() == "" {
		return gitpod.Member{}, bad(procedure, "membership or user id")
	}
	return gitpod.Member{
		MembershipID: m.GetId(),
		TeamID:       m.GetTeamId(),
		UserID:       m.GetUserId(),
		FullName:     m.GetName(),
		AvatarURL:    m.GetAvatarUrl(),
		MemberSince:  timeOf(m.GetCreatedAt()),
	}, nil
}

// ListTeamMembers implements gitpod.Adapter.
func (a *Adapter) ListTeamMembers(ctx context.Context, teamID string) ([]gitpod.Member, error) {
	var out []gitpod.Member
	p := pager{procedure: "TeamService/ListTeamMembers"}
	for {
		resp, err := a.teams.ListTeamMembers(ctx, connect.NewRequest(&gitpodv1.ListTeamMembersRequest{Pagination: p.request(), TeamId: teamID}))
		if err != nil {
			return nil, err
		}
		for _, m := range resp.Msg.GetMembers() {
			mm, err := memberFrom(p.procedure, m)
			if err != nil {
				return nil, err
			}
			if mm.TeamID == "" {
				mm.TeamID = teamID
			}
			out = append(out, mm)
		}
		more, err := p.next(resp.Msg.GetPagination())
		if err != nil || !more {
			return out, err
		}
	}
}

// AddTeamMember implements gitpod.Adapter; v1 has no team roles.
func (a *Adapter) AddTeamMember(ctx context.Context, teamID, userID string, _ gitpod.Role) (gitpod.Member, error) {
	resp, err := a.teams.AddTeamMember(ctx, connect.NewRequest(&gitpodv1.AddTeamMemberRequest{TeamId: teamID, UserId: userID}))
	if err != nil {
		return gitpod.Member{}, err
	}
	return memberFrom("TeamService/AddTeamMember", resp.Msg.GetMember())
}

// SetTeamMemberRole implements gitpod.Adapter; v1 has no team roles.
func (a *Adapter) SetTeamMemberRole(context.Context, string, string, gitpod.Role) error {
	return gitpod.New(gitpod.KindUnsupported, "set the role of", "team member", "teams of today's Gitpod have no roles")
}

// RemoveTeamMember implements gitpod.Adapter. It needs the membership id;
// when the caller does not have it, it is looked up.
func (a *Adapter) RemoveTeamMember(ctx context.Context, teamID string, m gitpod.Member) error {
	id := m.MembershipID
	if id == "" {
		ms, err := a.ListTeamMembers(ctx, teamID)
		if err != nil {
			return err
		}
		found, ok := gitpod.FindMember(ms, m.UserID)
		if !ok {
			return gitpod.New(gitpod.KindNotFound, "remove", "team member", "the user is not a member of the team")
		}
		id = found.MembershipID
	}
	_, err := a.teams.RemoveTeamMember(ctx, connect.NewRequest(&gitpodv1.RemoveTeamMemberRequest{TeamMemberId: id}))
	return err
}

// Profiles implements gitpod.Adapter: OrganizationService/ListMembers, at
// most MaxFilterIDs user ids per call.
func (a *Adapter) Profiles(ctx context.Context, orgID string, userIDs []string) (map[string]gitpod.Profile, error) {
	out := make(map[string]gitpod.Profile, len(userIDs))
	for start := 0; start < len(userIDs); start += MaxFilterIDs {
		batch := userIDs[start:min(start+MaxFilterIDs, len(userIDs))]
		p := pager{procedure: "OrganizationService/ListMembers"}
		for {
			resp, err := a.organizations.ListMembers(ctx, connect.NewRequest(&gitpodv1.ListMembersRequest{
				Pagination:     p.request(),
				OrganizationId: orgID,
				Filter:         &gitpodv1.ListMembersRequest_Filter{UserIds: batch},
			}))
			if err != nil {
				return nil, err
			}
			for _, m := range resp.Msg.GetMembers() {
				out[m.GetUserId()] = gitpod.Profile{
					UserID:    m.GetUserId(),
					FullName:  m.GetFullName(),
					Email:     m.GetEmail(),
					AvatarURL: m.GetAvatarUrl(),
					Role:      strings.ToLower(strings.TrimPrefix(m.GetRole().String(), "ORGANIZATION_ROLE_")),
				}
			}
			more, err := p.next(resp.Msg.GetPagination())
			if err != nil {
				return nil, err
			}
			if !more {
				break
			}
		}
	}
	return out, nil
}

// ---- tokens ----

func tokenFrom(procedure string, t *gitpodv1.PersonalAccessToken) (gitpod.Token, error) {
	if t.GetId() == "" {
		return gitpod.Token{}, bad(procedure, "token id")
	}
	return gitpod.Token{
		ID:               t.GetId(),
		UserID:           t.GetUserId(),
		Name:             t.GetDescription(),
		ReadOnly:         t.GetReadOnly(),
		ExpiresAt:        timeOf(t.GetExpiresAt()),
		CreatedAt:        timeOf(t.GetCreatedAt()),
		LastUsed:         timeOf(t.GetLastUsed()),
		CreatorID:        t.GetCreator().GetId(),
		CreatorPrincipal: strings.ToLower(strings.TrimPrefix(t.GetCreator().GetPrincipal().String(), "PRINCIPAL_")),
	}, nil
}

// CreateToken implements gitpod.Adapter. The answer holds the value and
// nothing else: the returned Token has no ID (Client finds it).
func (a *Adapter) CreateToken(ctx context.Context, userID string, spec gitpod.TokenSpec) (gitpod.Token, string, error) {
	validFor := spec.ValidFor
	if validFor <= 0 && !spec.ExpiresAt.IsZero() {
		validFor = time.Until(spec.ExpiresAt).Round(time.Second)
	}
	req := &gitpodv1.CreatePersonalAccessTokenRequest{UserId: userID, Description: spec.Name, ReadOnly: spec.ReadOnly}
	if validFor > 0 {
		req.ValidFor = durationpb.New(validFor)
	}
	resp, err := a.users.CreatePersonalAccessToken(ctx, connect.NewRequest(req))
	if err != nil {
		return gitpod.Token{}, "", err
	}
	if resp.Msg.GetToken() == "" {
		return gitpod.Token{}, "", bad("UserService/CreatePersonalAccessToken", "token value")
	}
	return gitpod.Token{UserID: userID, Name: spec.Name, ReadOnly: spec.ReadOnly}, resp.Msg.GetToken(), nil
}

// GetToken implements gitpod.Adapter.
func (a *Adapter) GetToken(ctx context.Context, id string) (gitpod.Token, error) {
	resp, err := a.users.GetPersonalAccessToken(ctx, connect.NewRequest(&gitpodv1.GetPersonalAccessTokenRequest{PersonalAccessTokenId: id}))
	if err != nil {
		return gitpod.Token{}, err
	}
	return tokenFrom("UserService/GetPersonalAccessToken", resp.Msg.GetPat())
}

// ListTokens implements gitpod.Adapter: the tokens of userIDs, every page,
// at most MaxFilterIDs users per call.
func (a *Adapter) ListTokens(ctx context.Context, userIDs []string) ([]gitpod.Token, error) {
	var out []gitpod.Token
	for start := 0; start < len(userIDs) || start == 0; start += MaxFilterIDs {
		var batch []string
		if len(userIDs) > 0 {
			batch = userIDs[start:min(start+MaxFilterIDs, len(userIDs))]
		}
		p := pager{procedure: "UserService/ListPersonalAccessTokens"}
		for {
			req := &gitpodv1.ListPersonalAccessTokensRequest{Pagination: p.request()}
			if len(batch) > 0 {
				req.Filter = &gitpodv1.ListPersonalAccessTokensRequest_Filter{UserIds: batch}
			}
			resp, err := a.users.ListPersonalAccessTokens(ctx, connect.NewRequest(req))
			if err != nil {
				return nil, err
			}
			for _, t := range resp.Msg.GetPersonalAccessTokens() {
				tt, err := tokenFrom(p.procedure, t)
				if err != nil {
					return nil, err
				}
				out = append(out, tt)
			}
			more, err := p.next(resp.Msg.GetPagination())
			if err != nil {
				return nil, err
			}
			if !more {
				break
			}
		}
		if len(userIDs) == 0 {
			break
		}
	}
	return out, nil
}

// RenameToken implements gitpod.Adapter; v1 tokens cannot be changed.
func (a *Adapter) RenameToken(context.Context, string, string) (gitpod.Token, error) {
	return gitpod.Token{}, gitpod.New(gitpod.KindUnsupported, "update", "personal access token", "tokens of today's Gitpod cannot be changed")
}

// RegenerateToken implements gitpod.Adapter; v1 tokens cannot be
// regenerated.
func (a *Adapter) RegenerateToken(context.Context, string, time.Time) (gitpod.Token, string, error) {
	return gitpod.Token{}, "", gitpod.New(gitpod.KindUnsupported, "regenerate", "personal access token", "tokens of today's Gitpod cannot be regenerated")
}

// DeleteToken implements gitpod.Adapter.
func (a *Adapter) DeleteToken(ctx context.Context, id string) error {
	_, err := a.users.DeletePersonalAccessToken(ctx, connect.NewRequest(&gitpodv1.DeletePersonalAccessTokenRequest{PersonalAccessTokenId: id}))
	return err
}

// ---- environments ----

// GetWorkspace implements gitpod.Adapter with GetEnvironment.
func (a *Adapter) GetWorkspace(ctx context.Context, id string) (gitpod.Workspace, error) {
	resp, err := a.environments.GetEnvironment(ctx, connect.NewRequest(&gitpodv1.GetEnvironmentRequest{EnvironmentId: id}))
	if err != nil {
		return gitpod.Workspace{}, err
	}
	return environmentFrom("EnvironmentService/GetEnvironment", resp.Msg.GetEnvironment())
}

// PhaseValue maps a phase name ("running") to the API's enum, or false.
func PhaseValue(name string) (gitpodv1.EnvironmentPhase, bool) {
	v, ok := gitpodv1.EnvironmentPhase_value["ENVIRONMENT_PHASE_"+strings.ToUpper(name)]
	return gitpodv1.EnvironmentPhase(v), ok && v != 0
}

// ListWorkspaces implements gitpod.Adapter with ListEnvironments: every
// page, newest first, each page handed to visit as it arrives.
func (a *Adapter) ListWorkspaces(ctx context.Context, f gitpod.WorkspaceFilter, visit func([]gitpod.Workspace) error) (gitpod.ListInfo, error) {
	filter := &gitpodv1.ListEnvironmentsRequest_Filter{
		CreatorIds: f.CreatorIDs,
		ProjectIds: f.ProjectIDs,
		Search:     f.Search,
	}
	archival := gitpodv1.ListEnvironmentsRequest_ARCHIVAL_STATUS_ACTIVE
	if f.Archived {
		archival = gitpodv1.ListEnvironmentsRequest_ARCHIVAL_STATUS_ALL
	}
	filter.ArchivalStatus = &archival
	for _, name := range f.Phases {
		if v, ok := PhaseValue(name); ok {
			filter.StatusPhases = append(filter.StatusPhases, v)
		}
	}
	p := pager{procedure: "EnvironmentService/ListEnvironments"}
	for {
		resp, err := a.environments.ListEnvironments(ctx, connect.NewRequest(&gitpodv1.ListEnvironmentsRequest{Pagination: p.request(), Filter: filter}))
		if err != nil {
			return gitpod.ListInfo{Pages: p.pages}, err
		}
		page := make([]gitpod.Workspace, 0, len(resp.Msg.GetEnvironments()))
		for _, e := range resp.Msg.GetEnvironments() {
			w, err := environmentFrom(p.procedure, e)
			if err != nil {
				return gitpod.ListInfo{Pages: p.pages}, err
			}
			page = append(page, w)
		}
		if err := visit(page); err != nil {
			return gitpod.ListInfo{Pages: p.pages}, err
		}
		more, err := p.next(resp.Msg.GetPagination())
		if err != nil || !more {
			return gitpod.ListInfo{Pages: p.pages}, err
		}
	}
}

// StopWorkspace implements gitpod.Adapter with StopEnvironment.
func (a *Adapter) StopWorkspace(ctx context.Context, id string) error {
	_, err := a.environments.StopEnvironment(ctx, connect.NewRequest(&gitpodv1.StopEnvironmentRequest{EnvironmentId: id}))
	return err
}

func environmentFrom(procedure string, e *gitpodv1.Environment) (gitpod.Workspace, error) {
	if e.GetId() == "" {
		return gitpod.Workspace{}, bad(procedure, "environment id")
	}
	md, spec, st := e.GetMetadata(), e.GetSpec(), e.GetStatus()
	out := gitpod.Workspace{
		ID:             e.GetId(),
		OrganizationID: md.GetOrganizationId(),
		OwnerID:        md.GetCreator().GetId(),
		ProjectID:      md.GetProjectId(),
		Name:           md.GetName(),
		ContextURL:     md.GetOriginalContextUrl(),
		Phase:          strings.ToLower(strings.TrimPrefix(st.GetPhase().String(), "ENVIRONMENT_PHASE_")),
		MachineClass:   spec.GetMachine().GetClass(),
		SSHURL:         st.GetEnvironmentUrls().GetSsh().GetUrl(),
		Admission:      strings.ToLower(strings.TrimPrefix(spec.GetAdmission().String(), "ADMISSION_LEVEL_")),
		CreatedAt:      timeOf(md.GetCreatedAt()),
		LastStartedAt:  timeOf(md.GetLastStartedAt()),
		ArchivedAt:     timeOf(md.GetArchivedAt()),
	}
	if out.Phase == "unspecified" {
		out.Phase = ""
	}
	if out.Admission == "unspecified" {
		out.Admission = ""
	}
	for _, s := range spec.GetContent().GetInitializer().GetSpecs() {
		if g := s.GetGit(); g != nil && out.GitRemote == "" {
			out.GitRemote = g.GetRemoteUri()
		}
		if c := s.GetContextUrl(); c != nil && out.ContextURL == "" {
			out.ContextURL = c.GetUrl()
		}
	}
	if g := st.GetContent().GetGit(); g != nil {
		out.Branch = g.GetBranch()
		if out.GitRemote == "" {
			out.GitRemote = g.GetCloneUrl()
		}
	}
	out.GitHost, out.RepoOwner, out.RepoName = parseRemote(out.GitRemote)
	if out.GitHost == "" {
		out.GitHost, out.RepoOwner, out.RepoName = parseRemote(out.ContextURL)
	}
	out.GitProvider = providerOf(out.GitHost)
	for _, p := range st.GetEnvironmentUrls().GetPorts() {
		out.Ports = append(out.Ports, gitpod.Port{Port: int64(p.GetPort()), URL: p.GetUrl()})
	}
	return out, nil
}

// parseRemote splits https://host/owner/repo(.git) into its parts.
func parseRemote(raw string) (host, owner, repo string) {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return "", "", ""
	}
	parts := strings.Split(strings.Trim(u.Path, "/"), "/")
	if len(parts) < 2 {
		return u.Hostname(), "", ""
	}
	return u.Hostname(), parts[0], strings.TrimSuffix(parts[1], ".git")
}

func providerOf(host string) string {
	switch {
	case host == "github.com" || strings.HasPrefix(host, "github."):
		return "github"
	case host == "gitlab.com" || strings.HasPrefix(host, "gitlab."):
		return "gitlab"
	case host == "bitbucket.org" || strings.HasPrefix(host, "bitbucket."):
		return "bitbucket"
	default:
		return ""
	}
}

func timeOf(ts *timestamppb.Timestamp) time.Time {
	if ts == nil || ts.CheckValid() != nil {
		return time.Time{}
	}
	return ts.AsTime().UTC()
}
