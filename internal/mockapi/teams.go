package mockapi

import (
	"context"
	"fmt"
	"strings"

	"connectrpc.com/connect"
	"github.com/google/uuid"
	"google.golang.org/protobuf/proto"

	gitpodv1 "github.com/gitpod-community/terraform-provider-gitpod/internal/api/gen/gitpod/experimental/v1"
)

type teamsService struct{ s *Server }

const maxTeamNameLength = 64

func (t *team) member(userID string) *gitpodv1.TeamMember {
	for _, m := range t.members {
		if m.GetUserId() == userID {
			return m
		}
	}
	return nil
}

func (t *team) owners() int {
	n := 0
	for _, m := range t.members {
		if m.GetRole() == gitpodv1.TeamRole_TEAM_ROLE_OWNER {
			n++
		}
	}
	return n
}

func (t *team) msg() *gitpodv1.Team {
	out := &gitpodv1.Team{
		Id:             t.id,
		Name:           t.name,
		Slug:           t.slug,
		TeamInvitation: &gitpodv1.TeamInvitation{Id: t.invitation},
	}
	for _, m := range t.members {
		out.Members = append(out.Members, proto.CloneOf(m))
	}
	return out
}

// visibleTeam returns a team the caller belongs to. Teams the caller is not
// in are reported as not found, exactly like teams that do not exist.
func (s *Server) visibleTeam(caller, id string) (*team, error) {
	if err := requireUUID("team_id", id); err != nil {
		return nil, err
	}
	for _, t := range s.teams {
		if t.id == id && t.member(caller) != nil {
			return t, nil
		}
	}
	return nil, notFound("team %s not found", id)
}

// ownedTeam is visibleTeam plus the owner-only check.
func (s *Server) ownedTeam(caller, id, action string) (*team, error) {
	t, err := s.visibleTeam(caller, id)
	if err != nil {
		return nil, err
	}
	if t.member(caller).GetRole() != gitpodv1.TeamRole_TEAM_ROLE_OWNER {
		return nil, connect.NewError(connect.CodePermissionDenied, fmt.Errorf("only team owners may %s", action))
	}
	return t, nil
}

func (ts teamsService) CreateTeam(ctx context.Context, req *connect.Request[gitpodv1.CreateTeamRequest]) (*connect.Response[gitpodv1.CreateTeamResponse], error) {
	s := ts.s
	name := strings.TrimSpace(req.Msg.GetName())
	if name == "" {
		return nil, invalid("name is required")
	}
	if len(name) > maxTeamNameLength {
		return nil, invalid("name must be at most %d characters", maxTeamNameLength)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	caller := callerOf(ctx)
	t := &team{id: uuid.NewString(), name: name, slug: s.uniqueSlug(name), invitation: uuid.NewString()}
	t.members = []*gitpodv1.TeamMember{s.memberMsg(caller, gitpodv1.TeamRole_TEAM_ROLE_OWNER, s.now())}
	s.teams = append(s.teams, t)
	return connect.NewResponse(&gitpodv1.CreateTeamResponse{Team: t.msg()}), nil
}

func (ts teamsService) GetTeam(ctx context.Context, req *connect.Request[gitpodv1.GetTeamRequest]) (*connect.Response[gitpodv1.GetTeamResponse], error) {
	s := ts.s
	s.mu.Lock()
	defer s.mu.Unlock()
	t, err := s.visibleTeam(callerOf(ctx), req.Msg.GetTeamId())
	if err != nil {
		return nil, err
	}
	return connect.NewResponse(&gitpodv1.GetTeamResponse{Team: t.msg()}), nil
}

func (ts teamsService) ListTeams(ctx context.Context, _ *connect.Request[gitpodv1.ListTeamsRequest]) (*connect.Response[gitpodv1.ListTeamsResponse], error) {
	s := ts.s
	s.mu.Lock()
	defer s.mu.Unlock()
	caller := callerOf(ctx)
	out := &gitpodv1.ListTeamsResponse{}
	for _, t := range s.teams {
		if t.member(caller) != nil {
			out.Teams = append(out.Teams, t.msg())
		}
	}
	return connect.NewResponse(out), nil
}

func (ts teamsService) DeleteTeam(ctx context.Context, req *connect.Request[gitpodv1.DeleteTeamRequest]) (*connect.Response[gitpodv1.DeleteTeamResponse], error) {
	s := ts.s
	s.mu.Lock()
	defer s.mu.Unlock()
	t, err := s.ownedTeam(callerOf(ctx), req.Msg.GetTeamId(), "delete a team")
	if err != nil {
		return nil, err
	}
	s.removeTeam(t.id)
	return connect.NewResponse(&gitpodv1.DeleteTeamResponse{}), nil
}

func (ts teamsService) JoinTeam(ctx context.Context, req *connect.Request[gitpodv1.JoinTeamRequest]) (*connect.Response[gitpodv1.JoinTeamResponse], error) {
	s := ts.s
	inv := req.Msg.GetInvitationId()
	if err := requireUUID("invitation_id", inv); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	caller := callerOf(ctx)
	for _, t := range s.teams {
		if t.invitation != inv {
			continue
		}
		if t.member(caller) == nil {
			t.members = append(t.members, s.memberMsg(caller, gitpodv1.TeamRole_TEAM_ROLE_MEMBER, s.now()))
		}
		return connect.NewResponse(&gitpodv1.JoinTeamResponse{Team: t.msg()}), nil
	}
	// Old (reset) invitations are indistinguishable from unknown ones.
	return nil, notFound("invitation %s not found", inv)
}

func (ts teamsService) ResetTeamInvitation(ctx context.Context, req *connect.Request[gitpodv1.ResetTeamInvitationRequest]) (*connect.Response[gitpodv1.ResetTeamInvitationResponse], error) {
	s := ts.s
	s.mu.Lock()
	defer s.mu.Unlock()
	t, err := s.ownedTeam(callerOf(ctx), req.Msg.GetTeamId(), "reset the invitation")
	if err != nil {
		return nil, err
	}
	t.invitation = uuid.NewString()
	return connect.NewResponse(&gitpodv1.ResetTeamInvitationResponse{TeamInvitation: &gitpodv1.TeamInvitation{Id: t.invitation}}), nil
}

func (ts teamsService) UpdateTeamMember(ctx context.Context, req *connect.Request[gitpodv1.UpdateTeamMemberRequest]) (*connect.Response[gitpodv1.UpdateTeamMemberResponse], error) {
	s := ts.s
	in := req.Msg.GetTeamMember()
	if err := requireUUID("team_member.user_id", in.GetUserId()); err != nil {
		return nil, err
	}
	role := in.GetRole()
	if role != gitpodv1.TeamRole_TEAM_ROLE_OWNER && role != gitpodv1.TeamRole_TEAM_ROLE_MEMBER {
		return nil, invalid("team_member.role must be TEAM_ROLE_OWNER or TEAM_ROLE_MEMBER")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	t, err := s.ownedTeam(callerOf(ctx), req.Msg.GetTeamId(), "change member roles")
	if err != nil {
		return nil, err
	}
	m := t.member(in.GetUserId())
	if m == nil {
		return nil, notFound("user %s is not a member of team %s", in.GetUserId(), t.id)
	}
	if m.GetRole() == gitpodv1.TeamRole_TEAM_ROLE_OWNER && role != gitpodv1.TeamRole_TEAM_ROLE_OWNER && t.owners() == 1 {
		return nil, connect.NewError(connect.CodeFailedPrecondition, fmt.Errorf("cannot demote the last owner of team %s: a team must keep at least one owner", t.id))
	}
	m.Role = role
	return connect.NewResponse(&gitpodv1.UpdateTeamMemberResponse{TeamMember: proto.CloneOf(m)}), nil
}

func (ts teamsService) DeleteTeamMember(ctx context.Context, req *connect.Request[gitpodv1.DeleteTeamMemberRequest]) (*connect.Response[gitpodv1.DeleteTeamMemberResponse], error) {
	s := ts.s
	target := req.Msg.GetTeamMemberId()
	if err := requireUUID("team_member_id", target); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	caller := callerOf(ctx)
	t, err := s.visibleTeam(caller, req.Msg.GetTeamId())
	if err != nil {
		return nil, err
	}
	if target != caller && t.member(caller).GetRole() != gitpodv1.TeamRole_TEAM_ROLE_OWNER {
		return nil, connect.NewError(connect.CodePermissionDenied, fmt.Errorf("only team owners may remove other members"))
	}
	m := t.member(target)
	if m == nil {
		return nil, notFound("user %s is not a member of team %s", target, t.id)
	}
	if m.GetRole() == gitpodv1.TeamRole_TEAM_ROLE_OWNER && t.owners() == 1 {
		return nil, connect.NewError(connect.CodeFailedPrecondition, fmt.Errorf("cannot remove the last owner of team %s: a team must keep at least one owner", t.id))
	}
	t.removeMember(target)
	return connect.NewResponse(&gitpodv1.DeleteTeamMemberResponse{}), nil
}

func (t *team) removeMember(userID string) {
	for i, m := range t.members {
		if m.GetUserId() == userID {
			t.members = append(t.members[:i], t.members[i+1:]...)
			return
		}
	}
}

func (s *Server) removeTeam(id string) bool {
	for i, t := range s.teams {
		if t.id == id {
			s.teams = append(s.teams[:i], s.teams[i+1:]...)
			return true
		}
	}
	return false
}
