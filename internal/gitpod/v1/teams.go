package v1

import (
	"context"

	"connectrpc.com/connect"

	gitpodv1 "github.com/gitpod-community/terraform-provider-gitpod/internal/gen/gitpod/v1"
	"github.com/gitpod-community/terraform-provider-gitpod/internal/gitpod"
)

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

// CreateTeam implements gitpod.Teams.
func (a *Adapter) CreateTeam(ctx context.Context, orgID, name string) (gitpod.Team, error) {
	resp, err := a.teams.CreateTeam(ctx, connect.NewRequest(&gitpodv1.CreateTeamRequest{OrganizationId: orgID, Name: name}))
	if err != nil {
		return gitpod.Team{}, err
	}
	return teamFrom("TeamService/CreateTeam", resp.Msg.GetTeam())
}

// GetTeam implements gitpod.Teams.
func (a *Adapter) GetTeam(ctx context.Context, id string) (gitpod.Team, error) {
	resp, err := a.teams.GetTeam(ctx, connect.NewRequest(&gitpodv1.GetTeamRequest{TeamId: id}))
	if err != nil {
		return gitpod.Team{}, err
	}
	return teamFrom("TeamService/GetTeam", resp.Msg.GetTeam())
}

// ListTeams implements gitpod.Teams: every page, filtered by a name
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
		more, err := p.next(resp.Msg.GetPagination(), resp.Msg, len(resp.Msg.GetTeams()))
		if err != nil || !more {
			return out, err
		}
	}
}

// RenameTeam implements gitpod.TeamRenamer.
func (a *Adapter) RenameTeam(ctx context.Context, id, name string) (gitpod.Team, error) {
	resp, err := a.teams.UpdateTeam(ctx, connect.NewRequest(&gitpodv1.UpdateTeamRequest{TeamId: id, Name: &name}))
	if err != nil {
		return gitpod.Team{}, err
	}
	return teamFrom("TeamService/UpdateTeam", resp.Msg.GetTeam())
}

// DeleteTeam implements gitpod.Teams.
func (a *Adapter) DeleteTeam(ctx context.Context, id string) error {
	_, err := a.teams.DeleteTeam(ctx, connect.NewRequest(&gitpodv1.DeleteTeamRequest{TeamId: id}))
	return err
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

// ListTeamMembers implements gitpod.Members.
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
		more, err := p.next(resp.Msg.GetPagination(), resp.Msg, len(resp.Msg.GetMembers()))
		if err != nil || !more {
			return out, err
		}
	}
}

// AddTeamMember implements gitpod.Members; v1 has no team roles.
func (a *Adapter) AddTeamMember(ctx context.Context, teamID, userID string, _ gitpod.Role) (gitpod.Member, error) {
	resp, err := a.teams.AddTeamMember(ctx, connect.NewRequest(&gitpodv1.AddTeamMemberRequest{TeamId: teamID, UserId: userID}))
	if err != nil {
		return gitpod.Member{}, err
	}
	return memberFrom("TeamService/AddTeamMember", resp.Msg.GetMember())
}

// RemoveTeamMember implements gitpod.Members. It needs the membership id;
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
