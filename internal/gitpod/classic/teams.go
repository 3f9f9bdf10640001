package classic

import (
	"context"

	"connectrpc.com/connect"

	expv1 "github.com/gitpod-community/terraform-provider-gitpod/internal/gen/gitpod/experimental/v1"
	"github.com/gitpod-community/terraform-provider-gitpod/internal/gitpod"
)

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

// CreateTeam implements gitpod.Teams.
func (a *Adapter) CreateTeam(ctx context.Context, _ string, name string) (gitpod.Team, error) {
	resp, err := a.teams.CreateTeam(ctx, connect.NewRequest(&expv1.CreateTeamRequest{Name: name}))
	if err != nil {
		return gitpod.Team{}, err
	}
	return teamFrom("TeamsService/CreateTeam", resp.Msg.GetTeam())
}

// GetTeam implements gitpod.Teams.
func (a *Adapter) GetTeam(ctx context.Context, id string) (gitpod.Team, error) {
	resp, err := a.teams.GetTeam(ctx, connect.NewRequest(&expv1.GetTeamRequest{TeamId: id}))
	if err != nil {
		return gitpod.Team{}, err
	}
	return teamFrom("TeamsService/GetTeam", resp.Msg.GetTeam())
}

// ListTeams implements gitpod.Teams. Classic cannot search: every team
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

// DeleteTeam implements gitpod.Teams.
func (a *Adapter) DeleteTeam(ctx context.Context, id string) error {
	_, err := a.teams.DeleteTeam(ctx, connect.NewRequest(&expv1.DeleteTeamRequest{TeamId: id}))
	return err
}

// ResetTeamInvitation implements gitpod.TeamInvitations.
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

// GetTeamInvitation implements gitpod.TeamInvitations.
func (a *Adapter) GetTeamInvitation(ctx context.Context, teamID string) (string, error) {
	resp, err := a.teams.GetTeamInvitation(ctx, connect.NewRequest(&expv1.GetTeamInvitationRequest{TeamId: teamID}))
	if err != nil {
		return "", err
	}
	return resp.Msg.GetTeamInvitation().GetId(), nil
}

// ListTeamMembers implements gitpod.Members.
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

// AddTeamMember implements gitpod.Members. Classic has no add call for
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

// SetTeamMemberRole implements gitpod.MemberRoles.
func (a *Adapter) SetTeamMemberRole(ctx context.Context, teamID, userID string, role gitpod.Role) error {
	_, err := a.teams.UpdateTeamMember(ctx, connect.NewRequest(&expv1.UpdateTeamMemberRequest{
		TeamId:     teamID,
		TeamMember: &expv1.TeamMember{UserId: userID, Role: roleTo(role)},
	}))
	return err
}

// RemoveTeamMember implements gitpod.Members.
func (a *Adapter) RemoveTeamMember(ctx context.Context, teamID string, m gitpod.Member) error {
	_, err := a.teams.DeleteTeamMember(ctx, connect.NewRequest(&expv1.DeleteTeamMemberRequest{TeamId: teamID, TeamMemberId: m.UserID}))
	return err
}
