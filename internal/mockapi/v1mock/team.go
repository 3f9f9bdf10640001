package v1mock

import (
	"context"
	"strings"

	"connectrpc.com/connect"

	gitpodv1 "github.com/gitpod-community/terraform-provider-gitpod/internal/gen/gitpod/v1"
	"github.com/gitpod-community/terraform-provider-gitpod/internal/mockapi/store"
)

// Teams live in an organization; a team of another organization is not
// found. Any member of the organization reads teams and memberships; only
// admins change them.

func teamMsg(t *store.Team) *gitpodv1.Team {
	out := &gitpodv1.Team{
		Id:             t.ID,
		OrganizationId: t.OrgID,
		Name:           t.Name,
		CreatedAt:      ts(t.CreatedAt),
		UpdatedAt:      ts(t.UpdatedAt),
		MemberCount:    int32(len(t.Members)), //nolint:gosec // a team has far fewer than 2^31 members
	}
	if t.CreatorID != "" {
		out.CreatorId = &t.CreatorID
	}
	return out
}

func (s *service) memberMsg(t *store.Team, m *store.Membership) *gitpodv1.TeamMember {
	out := &gitpodv1.TeamMember{Id: m.ID, TeamId: t.ID, UserId: m.UserID, CreatedAt: ts(m.CreatedAt)}
	if u := s.st.User(m.UserID); u != nil {
		out.Name = u.Name
		out.AvatarUrl = u.AvatarURL
	}
	return out
}

// team returns a team of the caller's organization.
func (s *service) team(c *caller, id string) (*store.Team, error) {
	t := s.st.Team(id)
	if t == nil || t.OrgID != c.org.ID {
		return nil, notFound("team %s not found", id)
	}
	return t, nil
}

// nameTaken returns the team of the organization with that name (case
// folded), other than except, or nil.
func (s *service) nameTaken(orgID, name, except string) *store.Team {
	for _, t := range s.st.Teams {
		if t.OrgID == orgID && t.ID != except && strings.EqualFold(t.Name, name) {
			return t
		}
	}
	return nil
}

// CreateTeam makes a team in the caller's organization.
func (s *service) CreateTeam(_ context.Context, req *connect.Request[gitpodv1.CreateTeamRequest]) (*connect.Response[gitpodv1.CreateTeamResponse], error) {
	s.st.Mu.Lock()
	defer s.st.Mu.Unlock()
	var v violations
	v.uuid("organization_id", req.Msg.GetOrganizationId())
	v.length("name", req.Msg.GetName(), minTeamName, maxTeamName)
	c, err := s.enter(req.Header(), write, v.err())
	if err != nil {
		return nil, err
	}
	if err := requireOwnOrg(c, req.Msg.GetOrganizationId()); err != nil {
		return nil, err
	}
	if err := requireAdmin(c, "create teams"); err != nil {
		return nil, err
	}
	if other := s.nameTaken(c.org.ID, req.Msg.GetName(), ""); other != nil {
		return nil, alreadyExists("name: a team named %q already exists in the organization (%s)", other.Name, other.ID)
	}
	now := s.st.Tick()
	t := &store.Team{ID: s.st.NewID(), OrgID: c.org.ID, Name: req.Msg.GetName(), CreatedAt: now, UpdatedAt: now, CreatorID: c.UserID}
	s.st.Teams = append(s.st.Teams, t)
	return connect.NewResponse(&gitpodv1.CreateTeamResponse{Team: teamMsg(t)}), nil
}

// GetTeam returns a team of the caller's organization.
func (s *service) GetTeam(_ context.Context, req *connect.Request[gitpodv1.GetTeamRequest]) (*connect.Response[gitpodv1.GetTeamResponse], error) {
	s.st.Mu.Lock()
	defer s.st.Mu.Unlock()
	var v violations
	v.uuid("team_id", req.Msg.GetTeamId())
	c, err := s.enter(req.Header(), read, v.err())
	if err != nil {
		return nil, err
	}
	t, err := s.team(c, req.Msg.GetTeamId())
	if err != nil {
		return nil, err
	}
	return connect.NewResponse(&gitpodv1.GetTeamResponse{Team: teamMsg(t)}), nil
}

// ListTeams lists the caller's organization's teams, oldest first.
func (s *service) ListTeams(_ context.Context, req *connect.Request[gitpodv1.ListTeamsRequest]) (*connect.Response[gitpodv1.ListTeamsResponse], error) {
	s.st.Mu.Lock()
	defer s.st.Mu.Unlock()
	var v violations
	v.pagination(req.Msg.GetPagination())
	v.length("filter.search", req.Msg.GetFilter().GetSearch(), 0, maxSearchLen)
	c, err := s.enter(req.Header(), read, v.err())
	if err != nil {
		return nil, err
	}
	search := strings.ToLower(req.Msg.GetFilter().GetSearch())
	var entries []entry[*store.Team]
	for _, t := range s.st.Teams {
		if t.OrgID != c.org.ID || !strings.Contains(strings.ToLower(t.Name), search) {
			continue
		}
		entries = append(entries, entry[*store.Team]{key: sortKey{timeKey(t.CreatedAt), t.ID}, item: t})
	}
	pg, err := paginate(s.pages, scope("ListTeams", c, req.Msg.GetFilter()), req.Msg.GetPagination(), false, entries, order())
	if err != nil {
		return nil, err
	}
	out := &gitpodv1.ListTeamsResponse{Pagination: pg.resp}
	for _, t := range pg.items {
		out.Teams = append(out.Teams, teamMsg(t))
	}
	return connect.NewResponse(out), nil
}

// UpdateTeam renames a team in place; an absent name leaves it unchanged.
// Inferred: updated_at moves on every successful update.
func (s *service) UpdateTeam(_ context.Context, req *connect.Request[gitpodv1.UpdateTeamRequest]) (*connect.Response[gitpodv1.UpdateTeamResponse], error) {
	s.st.Mu.Lock()
	defer s.st.Mu.Unlock()
	var v violations
	v.uuid("team_id", req.Msg.GetTeamId())
	if req.Msg.Name != nil {
		v.length("name", req.Msg.GetName(), minTeamName, maxTeamName)
	}
	c, err := s.enter(req.Header(), write, v.err())
	if err != nil {
		return nil, err
	}
	t, err := s.team(c, req.Msg.GetTeamId())
	if err != nil {
		return nil, err
	}
	if err := requireAdmin(c, "update teams"); err != nil {
		return nil, err
	}
	if req.Msg.Name != nil {
		if other := s.nameTaken(c.org.ID, req.Msg.GetName(), t.ID); other != nil {
			return nil, alreadyExists("name: a team named %q already exists in the organization (%s)", other.Name, other.ID)
		}
		t.Name = req.Msg.GetName()
	}
	t.UpdatedAt = s.st.Tick()
	return connect.NewResponse(&gitpodv1.UpdateTeamResponse{Team: teamMsg(t)}), nil
}

// DeleteTeam deletes a team and its memberships.
func (s *service) DeleteTeam(_ context.Context, req *connect.Request[gitpodv1.DeleteTeamRequest]) (*connect.Response[gitpodv1.DeleteTeamResponse], error) {
	s.st.Mu.Lock()
	defer s.st.Mu.Unlock()
	var v violations
	v.uuid("team_id", req.Msg.GetTeamId())
	c, err := s.enter(req.Header(), write, v.err())
	if err != nil {
		return nil, err
	}
	t, err := s.team(c, req.Msg.GetTeamId())
	if err != nil {
		return nil, err
	}
	if err := requireAdmin(c, "delete teams"); err != nil {
		return nil, err
	}
	s.st.RemoveTeam(t.ID)
	return connect.NewResponse(&gitpodv1.DeleteTeamResponse{}), nil
}

// AddTeamMember puts a member of the organization into a team. A user
// belongs to at most one team per organization.
func (s *service) AddTeamMember(_ context.Context, req *connect.Request[gitpodv1.AddTeamMemberRequest]) (*connect.Response[gitpodv1.AddTeamMemberResponse], error) {
	s.st.Mu.Lock()
	defer s.st.Mu.Unlock()
	var v violations
	v.uuid("team_id", req.Msg.GetTeamId())
	v.uuid("user_id", req.Msg.GetUserId())
	c, err := s.enter(req.Header(), write, v.err())
	if err != nil {
		return nil, err
	}
	t, err := s.team(c, req.Msg.GetTeamId())
	if err != nil {
		return nil, err
	}
	if err := requireAdmin(c, "add team members"); err != nil {
		return nil, err
	}
	uid := req.Msg.GetUserId()
	// Inferred: a user outside the organization is not found (gitpod.v1
	// users belong to one organization).
	if s.st.User(uid) == nil || c.org.Member(uid) == nil {
		return nil, notFound("user_id: user %s not found in organization %s", uid, c.org.ID)
	}
	if t.Membership(uid) != nil {
		return nil, alreadyExists("user %s is already a member of team %q (%s)", uid, t.Name, t.ID)
	}
	// Inferred code: already_exists, with the other team named.
	if other := s.st.TeamOf(c.org.ID, uid); other != nil {
		return nil, alreadyExists("user %s is already a member of team %q (%s); a user belongs to at most one team per organization", uid, other.Name, other.ID)
	}
	m := &store.Membership{ID: s.st.NewID(), UserID: uid, CreatedAt: s.st.Tick()}
	t.Members = append(t.Members, m)
	return connect.NewResponse(&gitpodv1.AddTeamMemberResponse{Member: s.memberMsg(t, m)}), nil
}

// RemoveTeamMember ends a membership, named by its id.
func (s *service) RemoveTeamMember(_ context.Context, req *connect.Request[gitpodv1.RemoveTeamMemberRequest]) (*connect.Response[gitpodv1.RemoveTeamMemberResponse], error) {
	s.st.Mu.Lock()
	defer s.st.Mu.Unlock()
	var v violations
	v.uuid("team_member_id", req.Msg.GetTeamMemberId())
	c, err := s.enter(req.Header(), write, v.err())
	if err != nil {
		return nil, err
	}
	id := req.Msg.GetTeamMemberId()
	var team *store.Team
	idx := -1
	for _, t := range s.st.Teams {
		if t.OrgID != c.org.ID {
			continue
		}
		for i, m := range t.Members {
			if m.ID == id {
				team, idx = t, i
			}
		}
	}
	if team == nil {
		return nil, notFound("team membership %s not found", id)
	}
	if err := requireAdmin(c, "remove team members"); err != nil {
		return nil, err
	}
	team.Members = append(team.Members[:idx:idx], team.Members[idx+1:]...)
	return connect.NewResponse(&gitpodv1.RemoveTeamMemberResponse{}), nil
}

// ListTeamMembers lists a team's memberships in the order they were made.
func (s *service) ListTeamMembers(_ context.Context, req *connect.Request[gitpodv1.ListTeamMembersRequest]) (*connect.Response[gitpodv1.ListTeamMembersResponse], error) {
	s.st.Mu.Lock()
	defer s.st.Mu.Unlock()
	var v violations
	v.pagination(req.Msg.GetPagination())
	v.uuid("team_id", req.Msg.GetTeamId())
	c, err := s.enter(req.Header(), read, v.err())
	if err != nil {
		return nil, err
	}
	t, err := s.team(c, req.Msg.GetTeamId())
	if err != nil {
		return nil, err
	}
	entries := make([]entry[*store.Membership], 0, len(t.Members))
	for _, m := range t.Members {
		entries = append(entries, entry[*store.Membership]{key: sortKey{timeKey(m.CreatedAt), m.ID}, item: m})
	}
	sc := scope("ListTeamMembers", c, &gitpodv1.ListTeamMembersRequest{TeamId: t.ID})
	pg, err := paginate(s.pages, sc, req.Msg.GetPagination(), req.Msg.GetCount().GetInclude(), entries, order())
	if err != nil {
		return nil, err
	}
	out := &gitpodv1.ListTeamMembersResponse{Pagination: pg.resp, Count: pg.count}
	for _, m := range pg.items {
		out.Members = append(out.Members, s.memberMsg(t, m))
	}
	return connect.NewResponse(out), nil
}
