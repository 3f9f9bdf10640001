// Package classic is the Gitpod Classic adapter: the gitpod.experimental.v1
// API mapped onto the provider's model. Calls go to
// {host}/gitpod.experimental.v1.<Service>/<Method>.
package classic

import (
	"context"
	"strings"
	"time"

	"connectrpc.com/connect"
	"google.golang.org/protobuf/types/known/fieldmaskpb"
	"google.golang.org/protobuf/types/known/timestamppb"

	expv1 "github.com/gitpod-community/terraform-provider-gitpod/internal/gen/gitpod/experimental/v1"
	"github.com/gitpod-community/terraform-provider-gitpod/internal/gen/gitpod/experimental/v1/experimentalv1connect"
	"github.com/gitpod-community/terraform-provider-gitpod/internal/gitpod"
	"github.com/gitpod-community/terraform-provider-gitpod/internal/transport"
)

// PageSize is the largest page Classic serves.
const PageSize = 100

// MaxPages bounds a paged listing, so a server that always has another
// page cannot keep the provider busy for ever.
const MaxPages = 1000

// Adapter speaks Classic.
type Adapter struct {
	host       string
	teams      experimentalv1connect.TeamsServiceClient
	tokens     experimentalv1connect.TokensServiceClient
	workspaces experimentalv1connect.WorkspacesServiceClient
	users      experimentalv1connect.UserServiceClient
}

var _ gitpod.Adapter = (*Adapter)(nil)

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

// Capabilities implements gitpod.Adapter.
func (a *Adapter) Capabilities() gitpod.Capabilities {
	return gitpod.Capabilities{
		TeamInvitation:      true,
		TeamRoles:           true,
		TeamIncludesMembers: true,
		TeamNameMin:         3,
		TeamNameMax:         64,
		MemberEmail:         true,
		TokenFixedExpiry:    true,
		TokenRegenerate:     true,
		TokenRename:         true,
		TokenMaxValidity:    365 * 24 * time.Hour,
	}
}

func bad(procedure, missing string) error {
	return &transport.BadAnswerError{Procedure: procedure, Missing: missing}
}

// ---- identity ----

// Whoami implements gitpod.Adapter.
func (a *Adapter) Whoami(ctx context.Context) (gitpod.Identity, error) {
	resp, err := a.users.GetAuthenticatedUser(ctx, connect.NewRequest(&expv1.GetAuthenticatedUserRequest{}))
	if err != nil {
		return gitpod.Identity{}, err
	}
	u := resp.Msg.GetUser()
	if u.GetId() == "" {
		return gitpod.Identity{}, bad("UserService/GetAuthenticatedUser", "user id")
	}
	return gitpod.Identity{UserID: u.GetId(), Name: u.GetName(), AvatarURL: u.GetAvatarUrl(), CreatedAt: timeOf(u.GetCreatedAt())}, nil
}

// ---- teams ----

func teamFrom(procedure string, t *expv1.Team) (gitpod.Team, error) {
	if t.GetId() == "" {
		return gitpod.Team{}, bad(procedure, "team id")
	}
	out := gitpod.Team{ID: t.GetId(), Name: t.GetName(), InvitationID: t.GetTeamInvitation().GetId()}
	for _, m := range t.GetMembers() {
		mm, err := memberFrom(procedure, t.GetId(), m)
		if err != nil {
			return gitpod.Team{}, err
		}
		out.Members = append(out.Members, mm)
	}
	out.MemberCount = len(out.Members)
	return out, nil
}

func memberFrom(procedure, teamID string, m *expv1.TeamMember) (gitpod.Member, error) {
	if m.GetUserId() == "" {
		return gitpod.Member{}, bad(procedure, "member user id")
	}
	return gitpod.Member{
		TeamID:              teamID,
		UserID:              m.GetUserId(),
		Role:                roleFrom(m.GetRole()),
		FullName:            m.GetFullName(),
		Email:               m.GetPrimaryEmail(),
		AvatarURL:           m.GetAvatarUrl(),
		MemberSince:         timeOf(m.GetMemberSince()),
		OwnedByOrganization: m.GetOwnedByOrganization(),
	}, nil
}

func roleFrom(r expv1.TeamRole) gitpod.Role {
	switch r {
	case expv1.TeamRole_TEAM_ROLE_OWNER:
		return gitpod.RoleOwner
	case expv1.TeamRole_TEAM_ROLE_MEMBER:
		return gitpod.RoleMember
	default:
		return gitpod.RoleCollaborator
	}
}

func roleTo(r gitpod.Role) expv1.TeamRole {
	if r == gitpod.RoleOwner {
		return expv1.TeamRole_TEAM_ROLE_OWNER
	}
	return expv1.TeamRole_TEAM_ROLE_MEMBER
}

// CreateTeam implements gitpod.Adapter.
func (a *Adapter) CreateTeam(ctx context.Context, _ string, name string) (gitpod.Team, error) {
	resp, err := a.teams.CreateTeam(ctx, connect.NewRequest(&expv1.CreateTeamRequest{Name: name}))
	if err != nil {
		return gitpod.Team{}, err
	}
	return teamFrom("TeamsService/CreateTeam", resp.Msg.GetTeam())
}

// GetTeam implements gitpod.Adapter.
func (a *Adapter) GetTeam(ctx context.Context, id string) (gitpod.Team, error) {
	resp, err := a.teams.GetTeam(ctx, connect.NewRequest(&expv1.GetTeamRequest{TeamId: id}))
	if err != nil {
		return gitpod.Team{}, err
	}
	return teamFrom("TeamsService/GetTeam", resp.Msg.GetTeam())
}

// ListTeams implements gitpod.Adapter. Classic cannot search: every team
// the caller belongs to is returned.
func (a *Adapter) ListTeams(ctx context.Context, _ string) ([]gitpod.Team, error) {
	resp, err := a.teams.ListTeams(ctx, connect.NewRequest(&expv1.ListTeamsRequest{}))
	if err != nil {
		return nil, err
	}
	out := make([]gitpod.Team, 0, len(resp.Msg.GetTeams()))
	for _, t := range resp.Msg.GetTeams() {
		tt, err := teamFrom("TeamsService/ListTeams", t)
		if err != nil {
			return nil, err
		}
		out = append(out, tt)
	}
	return out, nil
}

// RenameTeam implements gitpod.Adapter; Classic has no rename.
func (a *Adapter) RenameTeam(context.Context, string, string) (gitpod.Team, error) {
	return gitpod.Team{}, gitpod.New(gitpod.KindUnsupported, "rename", "team", "Gitpod Classic cannot rename a team")
}

// DeleteTeam implements gitpod.Adapter.
func (a *Adapter) DeleteTeam(ctx context.Context, id string) error {
	_, err := a.teams.DeleteTeam(ctx, connect.NewRequest(&expv1.DeleteTeamRequest{TeamId: id}))
	return err
}

// ResetTeamInvitation implements gitpod.Adapter.
func (a *Adapter) ResetTeamInvitation(ctx context.Context, teamID string) (string, error) {
	resp, err := a.teams.ResetTeamInvitation(ctx, connect.NewRequest(&expv1.ResetTeamInvitationRequest{TeamId: teamID}))
	if err != nil {
		return "", err
	}
	if resp.Msg.GetTeamInvitation().GetId() == "" {
		return "", bad("TeamsService/ResetTeamInvitation", "invitation id")
	}
	return resp.Msg.GetTeamInvitation().GetId(), nil
}

// GetTeamInvitation implements gitpod.Adapter.
func (a *Adapter) GetTeamInvitation(ctx context.Context, teamID string) (string, error) {
	resp, err := a.teams.GetTeamInvitation(ctx, connect.NewRequest(&expv1.GetTeamInvitationRequest{TeamId: teamID}))
	if err != nil {
		return "", err
	}
	return resp.Msg.GetTeamInvitation().GetId(), nil
}

// ListTeamMembers implements gitpod.Adapter.
func (a *Adapter) ListTeamMembers(ctx context.Context, teamID string) ([]gitpod.Member, error) {
	resp, err := a.teams.ListTeamMembers(ctx, connect.NewRequest(&expv1.ListTeamMembersRequest{TeamId: teamID}))
	if err != nil {
		return nil, err
	}
	out := make([]gitpod.Member, 0, len(resp.Msg.GetMembers()))
	for _, m := range resp.Msg.GetMembers() {
		mm, err := memberFrom("TeamsService/ListTeamMembers", teamID, m)
		if err != nil {
			return nil, err
		}
		out = append(out, mm)
	}
	return out, nil
}

// AddTeamMember implements gitpod.Adapter. Classic has no add call for
// other users; an owner's UpdateTeamMember adds a user who is not yet a
// member (the server's add-or-update path). Its answer only echoes the
// request, so the caller checks the result with a fresh read.
func (a *Adapter) AddTeamMember(ctx context.Context, teamID, userID string, role gitpod.Role) (gitpod.Member, error) {
	if role == gitpod.RoleNone {
		role = gitpod.RoleMember
	}
	err := a.SetTeamMemberRole(ctx, teamID, userID, role)
	return gitpod.Member{TeamID: teamID, UserID: userID, Role: role}, err
}

// SetTeamMemberRole implements gitpod.Adapter.
func (a *Adapter) SetTeamMemberRole(ctx context.Context, teamID, userID string, role gitpod.Role) error {
	_, err := a.teams.UpdateTeamMember(ctx, connect.NewRequest(&expv1.UpdateTeamMemberRequest{
		TeamId:     teamID,
		TeamMember: &expv1.TeamMember{UserId: userID, Role: roleTo(role)},
	}))
	return err
}

// RemoveTeamMember implements gitpod.Adapter.
func (a *Adapter) RemoveTeamMember(ctx context.Context, teamID string, m gitpod.Member) error {
	_, err := a.teams.DeleteTeamMember(ctx, connect.NewRequest(&expv1.DeleteTeamMemberRequest{TeamId: teamID, TeamMemberId: m.UserID}))
	return err
}

// Profiles implements gitpod.Adapter; Classic members carry their
// profile already.
func (a *Adapter) Profiles(context.Context, string, []string) (map[string]gitpod.Profile, error) {
	return map[string]gitpod.Profile{}, nil
}

// ---- tokens ----

func tokenFrom(procedure string, t *expv1.PersonalAccessToken) (gitpod.Token, error) {
	if t.GetId() == "" {
		return gitpod.Token{}, bad(procedure, "token id")
	}
	return gitpod.Token{
		ID:        t.GetId(),
		Name:      t.GetName(),
		Scopes:    append([]string(nil), t.GetScopes()...),
		ExpiresAt: timeOf(t.GetExpirationTime()),
		CreatedAt: timeOf(t.GetCreatedAt()),
	}, nil
}

// CreateToken implements gitpod.Adapter. Classic accepts only no scopes
// (no access) or the full-access pair; tokens are always made full-access.
func (a *Adapter) CreateToken(ctx context.Context, _ string, spec gitpod.TokenSpec) (gitpod.Token, string, error) {
	resp, err := a.tokens.CreatePersonalAccessToken(ctx, connect.NewRequest(&expv1.CreatePersonalAccessTokenRequest{Token: &expv1.PersonalAccessToken{
		Name:           spec.Name,
		ExpirationTime: timestamppb.New(spec.ExpiresAt),
		Scopes:         append([]string(nil), gitpod.FullAccessScopes...),
	}}))
	if err != nil {
		return gitpod.Token{}, "", err
	}
	t, err := tokenFrom("TokensService/CreatePersonalAccessToken", resp.Msg.GetToken())
	if err != nil {
		return gitpod.Token{}, "", err
	}
	if resp.Msg.GetToken().GetValue() == "" {
		return gitpod.Token{}, "", bad("TokensService/CreatePersonalAccessToken", "token value")
	}
	return t, resp.Msg.GetToken().GetValue(), nil
}

// GetToken implements gitpod.Adapter.
func (a *Adapter) GetToken(ctx context.Context, id string) (gitpod.Token, error) {
	resp, err := a.tokens.GetPersonalAccessToken(ctx, connect.NewRequest(&expv1.GetPersonalAccessTokenRequest{Id: id}))
	if err != nil {
		return gitpod.Token{}, err
	}
	return tokenFrom("TokensService/GetPersonalAccessToken", resp.Msg.GetToken())
}

// ListTokens implements gitpod.Adapter: the caller's tokens, in pages of 100, numbered from 1,
// until total_results tokens arrived or a page is short.
func (a *Adapter) ListTokens(ctx context.Context, _ []string) ([]gitpod.Token, error) {
	var out []gitpod.Token
	seen := map[string]bool{}
	for page := int32(1); ; page++ {
		if page > MaxPages {
			return nil, &transport.BadAnswerError{Procedure: "TokensService/ListPersonalAccessTokens", Missing: "an end to the listing"}
		}
		resp, err := a.tokens.ListPersonalAccessTokens(ctx, connect.NewRequest(&expv1.ListPersonalAccessTokensRequest{
			Pagination: &expv1.Pagination{PageSize: PageSize, Page: page},
		}))
		if err != nil {
			return nil, err
		}
		fresh := 0
		for _, t := range resp.Msg.GetTokens() {
			tt, err := tokenFrom("TokensService/ListPersonalAccessTokens", t)
			if err != nil {
				return nil, err
			}
			if seen[tt.ID] {
				continue
			}
			seen[tt.ID] = true
			fresh++
			out = append(out, tt)
		}
		total := resp.Msg.GetTotalResults()
		if len(resp.Msg.GetTokens()) < PageSize || fresh == 0 || (total > 0 && int64(len(out)) >= total) {
			return out, nil
		}
	}
}

// RenameToken implements gitpod.Adapter. The mask names scopes too, so
// the token stays (or becomes) full-access.
func (a *Adapter) RenameToken(ctx context.Context, id, name string) (gitpod.Token, error) {
	resp, err := a.tokens.UpdatePersonalAccessToken(ctx, connect.NewRequest(&expv1.UpdatePersonalAccessTokenRequest{
		Token:      &expv1.PersonalAccessToken{Id: id, Name: name, Scopes: append([]string(nil), gitpod.FullAccessScopes...)},
		UpdateMask: &fieldmaskpb.FieldMask{Paths: []string{"name", "scopes"}},
	}))
	if err != nil {
		return gitpod.Token{}, err
	}
	return tokenFrom("TokensService/UpdatePersonalAccessToken", resp.Msg.GetToken())
}

// RegenerateToken implements gitpod.Adapter.
func (a *Adapter) RegenerateToken(ctx context.Context, id string, expires time.Time) (gitpod.Token, string, error) {
	resp, err := a.tokens.RegeneratePersonalAccessToken(ctx, connect.NewRequest(&expv1.RegeneratePersonalAccessTokenRequest{Id: id, ExpirationTime: timestamppb.New(expires)}))
	if err != nil {
		return gitpod.Token{}, "", err
	}
	t, err := tokenFrom("TokensService/RegeneratePersonalAccessToken", resp.Msg.GetToken())
	if err != nil {
		return gitpod.Token{}, "", err
	}
	if resp.Msg.GetToken().GetValue() == "" {
		return gitpod.Token{}, "", bad("TokensService/RegeneratePersonalAccessToken", "token value")
	}
	return t, resp.Msg.GetToken().GetValue(), nil
}

// DeleteToken implements gitpod.Adapter.
func (a *Adapter) DeleteToken(ctx context.Context, id string) error {
	_, err := a.tokens.DeletePersonalAccessToken(ctx, connect.NewRequest(&expv1.DeletePersonalAccessTokenRequest{Id: id}))
	return err
}

// ---- workspaces ----

// GetWorkspace implements gitpod.Adapter.
func (a *Adapter) GetWorkspace(ctx context.Context, id string) (gitpod.Workspace, error) {
	resp, err := a.workspaces.GetWorkspace(ctx, connect.NewRequest(&expv1.GetWorkspaceRequest{WorkspaceId: id}))
	if err != nil {
		return gitpod.Workspace{}, err
	}
	return workspaceFrom("WorkspacesService/GetWorkspace", resp.Msg.GetResult())
}

// ListWorkspaces implements gitpod.Adapter. Classic's page size is a plain
// limit and it never offers a next page: one call of 100 is all it gives.
func (a *Adapter) ListWorkspaces(ctx context.Context, f gitpod.WorkspaceFilter, visit func([]gitpod.Workspace) error) (gitpod.ListInfo, error) {
	resp, err := a.workspaces.ListWorkspaces(ctx, connect.NewRequest(&expv1.ListWorkspacesRequest{
		Pagination:     &expv1.Pagination{PageSize: PageSize},
		OrganizationId: f.OrganizationID,
	}))
	if err != nil {
		return gitpod.ListInfo{}, err
	}
	out := make([]gitpod.Workspace, 0, len(resp.Msg.GetResult()))
	for _, w := range resp.Msg.GetResult() {
		ws, err := workspaceFrom("WorkspacesService/ListWorkspaces", w)
		if err != nil {
			return gitpod.ListInfo{}, err
		}
		out = append(out, ws)
	}
	if err := visit(out); err != nil {
		return gitpod.ListInfo{}, err
	}
	return gitpod.ListInfo{Pages: 1, Truncated: len(out) >= PageSize}, nil
}

// StopWorkspace implements gitpod.Adapter.
func (a *Adapter) StopWorkspace(ctx context.Context, id string) error {
	_, err := a.workspaces.StopWorkspace(ctx, connect.NewRequest(&expv1.StopWorkspaceRequest{WorkspaceId: id}))
	return err
}

func enumName(name, prefix string) string {
	s := strings.ToLower(strings.TrimPrefix(name, prefix))
	if s == "unspecified" {
		return ""
	}
	return s
}

func workspaceFrom(procedure string, w *expv1.Workspace) (gitpod.Workspace, error) {
	if w.GetWorkspaceId() == "" {
		return gitpod.Workspace{}, bad(procedure, "workspace id")
	}
	git := w.GetContext().GetGit()
	if git == nil {
		git = w.GetContext().GetPrebuild().GetOriginalContext()
	}
	out := gitpod.Workspace{
		ID:          w.GetWorkspaceId(),
		OwnerID:     w.GetOwnerId(),
		ProjectID:   w.GetProjectId(),
		Name:        w.GetDescription(),
		ContextURL:  w.GetContext().GetContextUrl(),
		RepoOwner:   git.GetRepository().GetOwner(),
		RepoName:    git.GetRepository().GetName(),
		GitProvider: git.GetProvider().GetType(),
		GitHost:     git.GetProvider().GetHostname(),
	}
	inst := w.GetStatus().GetInstance()
	if inst == nil {
		return out, nil
	}
	st := inst.GetStatus()
	out.InstanceID = inst.GetInstanceId()
	out.InstanceCreatedAt = timeOf(inst.GetCreatedAt())
	out.Phase = enumName(st.GetPhase().String(), "PHASE_")
	out.URL = st.GetUrl()
	out.Admission = enumName(st.GetAdmission().String(), "ADMISSION_LEVEL_")
	out.Branch = st.GetGitStatus().GetBranch()
	for _, p := range st.GetPorts() {
		if p.GetPort() > 65535 {
			return gitpod.Workspace{}, bad(procedure, "a valid port number")
		}
		out.Ports = append(out.Ports, gitpod.Port{
			Port:     int64(p.GetPort()), //nolint:gosec // at most 65535, checked just above
			Policy:   enumName(p.GetPolicy().String(), "PORT_POLICY_"),
			URL:      p.GetUrl(),
			Protocol: enumName(p.GetProtocol().String(), "PORT_PROTOCOL_"),
		})
	}
	return out, nil
}

func timeOf(ts *timestamppb.Timestamp) time.Time {
	if ts == nil || ts.CheckValid() != nil {
		return time.Time{}
	}
	return ts.AsTime().UTC()
}
