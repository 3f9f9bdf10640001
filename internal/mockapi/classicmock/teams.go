package classicmock

import (
	"cmp"
	"context"
	"regexp"
	"slices"
	"strings"
	"unicode/utf16"

	"connectrpc.com/connect"
	"github.com/google/uuid"
	"google.golang.org/protobuf/types/known/timestamppb"

	v1 "github.com/gitpod-community/terraform-provider-gitpod/internal/gen/gitpod/experimental/v1"
	"github.com/gitpod-community/terraform-provider-gitpod/internal/mockapi/store"
)

// teams is TeamsService. A Classic team is an organization of the store.
type teams struct{ *base }

const (
	minTeamName = 3
	maxTeamName = 64
)

// serverUUID is the UUID check of the server behind the Go front end: the
// canonical hyphenated form, in either case.
var serverUUID = regexp.MustCompile(`^(?i)[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)

// The operations the server guards a team with.
type teamOp int

const (
	opGet    teamOp = iota // any member
	opUpdate               // owners
	opDelete               // owners whose account the organization does not own
)

// parseTeamID is the Go front end's team id check (before the token is
// verified): trimmed, then any spelling uuid.Parse accepts.
func parseTeamID(id string) (string, error) {
	u, err := uuid.Parse(strings.TrimSpace(id))
	if err != nil {
		return "", errorf(connect.CodeInvalidArgument, "team id must be a UUID")
	}
	return u.String(), nil
}

// members returns the memberships whose user exists, newest first; a
// member who left (a gitpod.v1 state, see store.OrgMember) is gone. Mu
// held.
func (b *base) members(o *store.Organization) []*store.OrgMember {
	var out []*store.OrgMember
	for _, m := range o.Members {
		if b.st.User(m.UserID) != nil && !m.Left() {
			out = append(out, m)
		}
	}
	slices.SortStableFunc(out, func(x, y *store.OrgMember) int { return y.MemberSince.Compare(x.MemberSince) })
	return out
}

// orgOwned reports whether an organization owns the user's account. Mu held.
func (b *base) orgOwned(userID string) bool {
	for _, o := range b.st.Organizations {
		if m := o.Member(userID); m != nil && m.OwnedByOrg {
			return true
		}
	}
	return false
}

// guardTeam finds a live team the caller may see (else not_found) and
// checks the operation (else permission_denied). Mu held.
func (b *base) guardTeam(userID, teamID string, op teamOp) (*store.Organization, error) {
	o := b.st.Org(strings.ToLower(teamID))
	var me *store.OrgMember
	if o != nil {
		me = o.Member(userID)
	}
	if me == nil {
		return nil, errorf(connect.CodeNotFound, "team %s not found", teamID)
	}
	allowed := true
	switch op {
	case opUpdate:
		allowed = me.Role == store.RoleOwner
	case opDelete:
		allowed = me.Role == store.RoleOwner && !me.OwnedByOrg
	case opGet:
	}
	if !allowed {
		return nil, errorf(connect.CodePermissionDenied, "not allowed on team %s", teamID)
	}
	return o, nil
}

func roleMessage(role string) v1.TeamRole {
	switch role {
	case store.RoleOwner:
		return v1.TeamRole_TEAM_ROLE_OWNER
	case store.RoleMember:
		return v1.TeamRole_TEAM_ROLE_MEMBER
	default:
		return v1.TeamRole_TEAM_ROLE_UNSPECIFIED
	}
}

// memberMessages lists a team's members; collaborators may not. Mu held.
func (b *base) memberMessages(o *store.Organization, callerID string) ([]*v1.TeamMember, error) {
	if me := o.Member(callerID); me == nil || me.Role == store.RoleCollaborator {
		return nil, errorf(connect.CodePermissionDenied, "collaborators may not read the members of team %s", o.ID)
	}
	var out []*v1.TeamMember
	for _, m := range b.members(o) {
		u := b.st.User(m.UserID)
		out = append(out, &v1.TeamMember{
			UserId:              m.UserID,
			Role:                roleMessage(m.Role),
			MemberSince:         timestamppb.New(m.MemberSince),
			AvatarUrl:           u.AvatarURL,
			FullName:            cmp.Or(u.Name, u.Username),
			PrimaryEmail:        u.Email,
			OwnedByOrganization: m.OwnedByOrg,
		})
	}
	return out, nil
}

// teamMessage is a team as the caller sees it: the invitation only for
// owners, never a slug. Mu held.
func (b *base) teamMessage(o *store.Organization, callerID string) (*v1.Team, error) {
	members, err := b.memberMessages(o, callerID)
	if err != nil {
		return nil, err
	}
	t := &v1.Team{Id: o.ID, Name: o.Name, Members: members}
	if o.Member(callerID).Role == store.RoleOwner {
		t.TeamInvitation = &v1.TeamInvitation{Id: b.invitation(o)}
	}
	return t, nil
}

// invitation returns the team's current invitation, making one if it has
// none. Mu held.
func (b *base) invitation(o *store.Organization) string {
	if o.Invitation == "" {
		o.Invitation = b.st.NewID()
	}
	return o.Invitation
}

// addOrUpdateMember gives a user a role in the team, adding them when
// they are not a member. A team keeps an owner: when nobody else owns it,
// the user becomes owner whatever was asked. keepExisting leaves an
// existing member unchanged (joining). A user id the store does not know
// gets no membership: the real server would record one that no list ever
// shows. Mu held.
func (b *base) addOrUpdateMember(o *store.Organization, userID, role string, keepExisting bool) {
	otherOwner := slices.ContainsFunc(b.members(o), func(m *store.OrgMember) bool {
		return m.UserID != userID && m.Role == store.RoleOwner
	})
	if !otherOwner {
		role = store.RoleOwner
	}
	m := o.Member(userID)
	if r := o.Record(userID); m == nil && r != nil {
		// A member who left comes back with the asked role.
		r.Status, r.Role = store.StatusActive, role
		return
	}
	switch {
	case m != nil && keepExisting:
	case m != nil:
		m.Role = role
	case b.st.User(userID) != nil:
		o.Members = append(o.Members, &store.OrgMember{UserID: userID, Role: role, MemberSince: b.st.Tick()})
	}
}

// deleteAccount removes a user account and everything that hangs on it.
// Mu held.
func (b *base) deleteAccount(userID string) {
	delete(b.st.Users, userID)
	for tok, c := range b.st.Credentials {
		if c.UserID == userID {
			delete(b.st.Credentials, tok)
		}
	}
	for _, o := range b.st.Organizations {
		o.RemoveMember(userID)
	}
	for _, t := range b.st.Teams {
		t.Members = slices.DeleteFunc(t.Members, func(m *store.Membership) bool { return m.UserID == userID })
	}
	for _, t := range b.st.Tokens {
		if t.UserID == userID {
			t.Deleted = true
		}
	}
}

func (s *teams) CreateTeam(ctx context.Context, req *connect.Request[v1.CreateTeamRequest]) (*connect.Response[v1.CreateTeamResponse], error) {
	if req.Msg.GetName() == "" {
		return nil, errorf(connect.CodeInvalidArgument, "a team name is required")
	}
	s.st.Mu.Lock()
	defer s.st.Mu.Unlock()
	p, err := s.caller(ctx)
	if err != nil {
		return nil, err
	}
	if s.orgOwned(p.UserID) {
		return nil, errorf(connect.CodePermissionDenied, "accounts owned by an organization may not create teams")
	}
	name := strings.TrimSpace(req.Msg.GetName())
	// The server counts UTF-16 code units, as JavaScript does.
	if n := len(utf16.Encode([]rune(name))); n < minTeamName || n > maxTeamName {
		return nil, errorf(connect.CodeInvalidArgument, "a team name must be %d to %d characters long once trimmed", minTeamName, maxTeamName)
	}
	o := &store.Organization{
		ID: s.st.NewID(), Name: name, CreatedAt: s.st.Now(), Invitation: s.st.NewID(),
		Members: []*store.OrgMember{{UserID: p.UserID, Role: store.RoleOwner, MemberSince: s.st.Tick()}},
	}
	s.st.Organizations = append(s.st.Organizations, o)
	t, err := s.teamMessage(o, p.UserID)
	if err != nil {
		return nil, err
	}
	return connect.NewResponse(&v1.CreateTeamResponse{Team: t}), nil
}

// enterTeam starts a handler on one team: the id is checked before the
// token (as the real server does), then, under the store's lock, the caller
// is resolved and the team guarded for op. The returned unlock releases
// the lock and must always be called.
func (s *teams) enterTeam(ctx context.Context, rawID string, op teamOp) (*store.Organization, store.Principal, func(), error) {
	id, err := parseTeamID(rawID)
	if err != nil {
		return nil, store.Principal{}, func() {}, err
	}
	s.st.Mu.Lock()
	p, err := s.caller(ctx)
	if err != nil {
		return nil, p, s.st.Mu.Unlock, err
	}
	o, err := s.guardTeam(p.UserID, id, op)
	return o, p, s.st.Mu.Unlock, err
}

func (s *teams) GetTeam(ctx context.Context, req *connect.Request[v1.GetTeamRequest]) (*connect.Response[v1.GetTeamResponse], error) {
	o, p, unlock, err := s.enterTeam(ctx, req.Msg.GetTeamId(), opGet)
	defer unlock()
	if err != nil {
		return nil, err
	}
	t, err := s.teamMessage(o, p.UserID)
	if err != nil {
		return nil, err
	}
	return connect.NewResponse(&v1.GetTeamResponse{Team: t}), nil
}

func (s *teams) ListTeams(ctx context.Context, _ *connect.Request[v1.ListTeamsRequest]) (*connect.Response[v1.ListTeamsResponse], error) {
	s.st.Mu.Lock()
	defer s.st.Mu.Unlock()
	p, err := s.caller(ctx)
	if err != nil {
		return nil, err
	}
	var mine []*store.Organization
	for _, o := range s.st.Organizations {
		if !o.Deleted && o.Member(p.UserID) != nil {
			mine = append(mine, o)
		}
	}
	// The real database returns them by primary key.
	slices.SortFunc(mine, func(x, y *store.Organization) int { return strings.Compare(x.ID, y.ID) })
	out := &v1.ListTeamsResponse{}
	for _, o := range mine {
		t, err := s.teamMessage(o, p.UserID)
		if err != nil {
			return nil, err
		}
		out.Teams = append(out.Teams, t)
	}
	return connect.NewResponse(out), nil
}

func (s *teams) DeleteTeam(ctx context.Context, req *connect.Request[v1.DeleteTeamRequest]) (*connect.Response[v1.DeleteTeamResponse], error) {
	o, _, unlock, err := s.enterTeam(ctx, req.Msg.GetTeamId(), opDelete)
	defer unlock()
	if err != nil {
		return nil, err
	}
	o.Deleted = true
	return connect.NewResponse(&v1.DeleteTeamResponse{}), nil
}

func (s *teams) GetTeamInvitation(ctx context.Context, req *connect.Request[v1.GetTeamInvitationRequest]) (*connect.Response[v1.GetTeamInvitationResponse], error) {
	o, _, unlock, err := s.enterTeam(ctx, req.Msg.GetTeamId(), opUpdate)
	defer unlock()
	if err != nil {
		return nil, err
	}
	return connect.NewResponse(&v1.GetTeamInvitationResponse{TeamInvitation: &v1.TeamInvitation{Id: s.invitation(o)}}), nil
}

func (s *teams) JoinTeam(ctx context.Context, req *connect.Request[v1.JoinTeamRequest]) (*connect.Response[v1.JoinTeamResponse], error) {
	inv := req.Msg.GetInvitationId()
	if inv == "" {
		return nil, errorf(connect.CodeInvalidArgument, "an invitation id is required")
	}
	s.st.Mu.Lock()
	defer s.st.Mu.Unlock()
	p, err := s.caller(ctx)
	if err != nil {
		return nil, err
	}
	if s.orgOwned(p.UserID) {
		return nil, errorf(connect.CodePermissionDenied, "accounts owned by an organization may not join other teams")
	}
	var found *store.Organization
	for _, o := range s.st.Organizations {
		if o.Invitation == inv {
			found = o
			break
		}
		if slices.Contains(o.OldInvitations, inv) {
			return nil, errorf(connect.CodeNotFound, "the invitation is no longer valid")
		}
	}
	if found == nil || found.Deleted {
		return nil, errorf(connect.CodeNotFound, "no invitation with that id")
	}
	s.addOrUpdateMember(found, p.UserID, store.RoleMember, true)
	o, err := s.guardTeam(p.UserID, found.ID, opGet)
	if err != nil {
		return nil, err
	}
	t, err := s.teamMessage(o, p.UserID)
	if err != nil {
		return nil, err
	}
	return connect.NewResponse(&v1.JoinTeamResponse{Team: t}), nil
}

func (s *teams) ResetTeamInvitation(ctx context.Context, req *connect.Request[v1.ResetTeamInvitationRequest]) (*connect.Response[v1.ResetTeamInvitationResponse], error) {
	id, err := parseTeamID(req.Msg.GetTeamId())
	if err != nil {
		return nil, err
	}
	s.st.Mu.Lock()
	defer s.st.Mu.Unlock()
	// The real front end turns every failure of the server call into
	// internal, a refused token included.
	p, err := s.caller(ctx)
	var o *store.Organization
	if err == nil {
		o, err = s.guardTeam(p.UserID, id, opUpdate)
	}
	if err != nil {
		return nil, errorf(connect.CodeInternal, "failed to reset the team invitation")
	}
	if o.Invitation != "" {
		o.OldInvitations = append(o.OldInvitations, o.Invitation)
	}
	o.Invitation = s.st.NewID()
	return connect.NewResponse(&v1.ResetTeamInvitationResponse{TeamInvitation: &v1.TeamInvitation{Id: o.Invitation}}), nil
}

func (s *teams) ListTeamMembers(ctx context.Context, req *connect.Request[v1.ListTeamMembersRequest]) (*connect.Response[v1.ListTeamMembersResponse], error) {
	o, p, unlock, err := s.enterTeam(ctx, req.Msg.GetTeamId(), opGet)
	defer unlock()
	if err != nil {
		return nil, err
	}
	members, err := s.memberMessages(o, p.UserID)
	if err != nil {
		return nil, err
	}
	return connect.NewResponse(&v1.ListTeamMembersResponse{Members: members}), nil
}

func (s *teams) UpdateTeamMember(ctx context.Context, req *connect.Request[v1.UpdateTeamMemberRequest]) (*connect.Response[v1.UpdateTeamMemberResponse], error) {
	teamID, userID := req.Msg.GetTeamId(), req.Msg.GetTeamMember().GetUserId()
	if teamID == "" {
		return nil, errorf(connect.CodeInvalidArgument, "teamId is required")
	}
	if userID == "" {
		return nil, errorf(connect.CodeInvalidArgument, "teamMember.userId is required")
	}
	var role string
	switch req.Msg.GetTeamMember().GetRole() {
	case v1.TeamRole_TEAM_ROLE_OWNER:
		role = store.RoleOwner
	case v1.TeamRole_TEAM_ROLE_MEMBER:
		role = store.RoleMember
	default:
		return nil, errorf(connect.CodeInvalidArgument, "teamMember.role must be TEAM_ROLE_OWNER or TEAM_ROLE_MEMBER")
	}

	s.st.Mu.Lock()
	defer s.st.Mu.Unlock()
	p, err := s.caller(ctx)
	if err != nil {
		return nil, err
	}
	if !serverUUID.MatchString(userID) {
		return nil, errorf(connect.CodeInvalidArgument, "teamMember.userId must be a UUID")
	}
	if !serverUUID.MatchString(teamID) {
		return nil, errorf(connect.CodeInvalidArgument, "teamId must be a UUID")
	}
	o, err := s.guardTeam(p.UserID, teamID, opUpdate)
	if err != nil {
		return nil, err
	}
	s.addOrUpdateMember(o, strings.ToLower(userID), role, false)
	// The answer is the request's member, as sent.
	return connect.NewResponse(&v1.UpdateTeamMemberResponse{TeamMember: req.Msg.GetTeamMember()}), nil
}

func (s *teams) DeleteTeamMember(ctx context.Context, req *connect.Request[v1.DeleteTeamMemberRequest]) (*connect.Response[v1.DeleteTeamMemberResponse], error) {
	teamID, userID := req.Msg.GetTeamId(), req.Msg.GetTeamMemberId()
	if teamID == "" {
		return nil, errorf(connect.CodeInvalidArgument, "teamId is required")
	}
	if userID == "" {
		return nil, errorf(connect.CodeInvalidArgument, "teamMemberId is required")
	}

	s.st.Mu.Lock()
	defer s.st.Mu.Unlock()
	p, err := s.caller(ctx)
	if err != nil {
		return nil, err
	}
	if !serverUUID.MatchString(userID) {
		return nil, errorf(connect.CodeInvalidArgument, "teamMemberId must be a UUID")
	}
	if !serverUUID.MatchString(teamID) {
		return nil, errorf(connect.CodeInvalidArgument, "teamId must be a UUID")
	}
	userID = strings.ToLower(userID)
	op := opUpdate
	if userID == p.UserID {
		op = opGet // leaving
	}
	o, err := s.guardTeam(p.UserID, teamID, op)
	if err != nil {
		return nil, err
	}
	members := s.members(o)
	if !slices.ContainsFunc(members, func(m *store.OrgMember) bool { return m.UserID != userID && m.Role == store.RoleOwner }) {
		return nil, errorf(connect.CodeAlreadyExists, "the last owner of a team cannot be removed")
	}
	i := slices.IndexFunc(members, func(m *store.OrgMember) bool { return m.UserID == userID })
	if i < 0 {
		return nil, errorf(connect.CodeNotFound, "user %s is not a member of team %s", userID, o.ID)
	}
	if members[i].OwnedByOrg {
		s.deleteAccount(userID)
	}
	o.RemoveMember(userID)
	return connect.NewResponse(&v1.DeleteTeamMemberResponse{}), nil
}
