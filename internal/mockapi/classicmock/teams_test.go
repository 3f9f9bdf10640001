package classicmock_test

import (
	"slices"
	"strings"
	"testing"

	"connectrpc.com/connect"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"

	v1 "github.com/gitpod-community/terraform-provider-gitpod/internal/gen/gitpod/experimental/v1"
	"github.com/gitpod-community/terraform-provider-gitpod/internal/mockapi"
	"github.com/gitpod-community/terraform-provider-gitpod/internal/mockapi/store"
)

func getTeam(t *testing.T, c api, id string) *v1.Team {
	t.Helper()
	return try(c.teams.GetTeam(bg, req(&v1.GetTeamRequest{TeamId: id}))).must(t).Msg.GetTeam()
}

func roleOf(tm *v1.Team, userID string) v1.TeamRole {
	for _, m := range tm.GetMembers() {
		if m.GetUserId() == userID {
			return m.GetRole()
		}
	}
	return -1
}

func TestCreateTeam(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c := e.as(frankTok)
	// The exact empty name is refused before the token is checked; any
	// other name only after.
	wantCode(t, drop(e.as(unknownTok).teams.CreateTeam(bg, req(&v1.CreateTeamRequest{}))), connect.CodeInvalidArgument)
	wantCode(t, drop(e.as(unknownTok).teams.CreateTeam(bg, req(&v1.CreateTeamRequest{Name: " "}))), connect.CodeUnauthenticated)
	for _, bad := range []string{" ", "ab", "  ab  ", strings.Repeat("n", 65), " " + strings.Repeat("😀", 33)} {
		wantCode(t, drop(c.teams.CreateTeam(bg, req(&v1.CreateTeamRequest{Name: bad}))), connect.CodeInvalidArgument)
	}
	for _, good := range []string{"abc", strings.Repeat("n", 64), strings.Repeat("😀", 32)} {
		try(c.teams.CreateTeam(bg, req(&v1.CreateTeamRequest{Name: good}))).must(t)
	}

	tm := try(c.teams.CreateTeam(bg, req(&v1.CreateTeamRequest{Name: "  New Team  "}))).must(t).Msg.GetTeam()
	if tm.GetName() != "New Team" || tm.GetSlug() != "" {
		t.Fatalf("name %q slug %q", tm.GetName(), tm.GetSlug())
	}
	if len(tm.GetMembers()) != 1 || tm.GetMembers()[0].GetUserId() != frankID || tm.GetMembers()[0].GetRole() != v1.TeamRole_TEAM_ROLE_OWNER {
		t.Fatalf("members %v", tm.GetMembers())
	}
	org := e.srv.Organization(tm.GetId())
	if org == nil || org.Name != "New Team" || tm.GetTeamInvitation().GetId() == "" || tm.GetTeamInvitation().GetId() != org.Invitation {
		t.Fatalf("stored %+v, invitation %v", org, tm.GetTeamInvitation())
	}
	// Accounts an organization owns may not create teams.
	wantCode(t, drop(e.as(daveTok).teams.CreateTeam(bg, req(&v1.CreateTeamRequest{Name: "Dave's"}))), connect.CodePermissionDenied)
}

func TestTeamIDChecks(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c := e.as(aliceTok)
	// Every spelling uuid.Parse knows is accepted.
	for _, id := range []string{strings.ToUpper(orgA), " " + orgA + " ", "{" + orgA + "}", "urn:uuid:" + orgA, strings.ReplaceAll(orgA, "-", "")} {
		if got := getTeam(t, c, id); got.GetId() != orgA {
			t.Errorf("%q: team %s", id, got.GetId())
		}
		try(c.teams.ListTeamMembers(bg, req(&v1.ListTeamMembersRequest{TeamId: id}))).must(t)
		try(c.teams.GetTeamInvitation(bg, req(&v1.GetTeamInvitationRequest{TeamId: id}))).must(t)
	}
	// Unknown, someone else's and deleted teams are not found.
	gone := try(c.teams.CreateTeam(bg, req(&v1.CreateTeamRequest{Name: "Gone"}))).must(t).Msg.GetTeam().GetId()
	try(c.teams.DeleteTeam(bg, req(&v1.DeleteTeamRequest{TeamId: gone}))).must(t)
	for _, tc := range []struct{ tok, id string }{
		{aliceTok, "00000000-0000-4000-8000-000000000000"},
		{frankTok, orgA},
		{aliceTok, gone},
	} {
		cc := e.as(tc.tok)
		wantCode(t, drop(cc.teams.GetTeam(bg, req(&v1.GetTeamRequest{TeamId: tc.id}))), connect.CodeNotFound)
		wantCode(t, drop(cc.teams.ListTeamMembers(bg, req(&v1.ListTeamMembersRequest{TeamId: tc.id}))), connect.CodeNotFound)
		wantCode(t, drop(cc.teams.DeleteTeam(bg, req(&v1.DeleteTeamRequest{TeamId: tc.id}))), connect.CodeNotFound)
		wantCode(t, drop(cc.teams.GetTeamInvitation(bg, req(&v1.GetTeamInvitationRequest{TeamId: tc.id}))), connect.CodeNotFound)
	}
}

func TestCollaboratorsCannotReadTeams(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c := e.as(carolTok)
	wantCode(t, drop(c.teams.GetTeam(bg, req(&v1.GetTeamRequest{TeamId: orgA}))), connect.CodePermissionDenied)
	wantCode(t, drop(c.teams.ListTeamMembers(bg, req(&v1.ListTeamMembersRequest{TeamId: orgA}))), connect.CodePermissionDenied)
	wantCode(t, drop(c.teams.ListTeams(bg, req(&v1.ListTeamsRequest{}))), connect.CodePermissionDenied)
	// A collaborator's own team elsewhere does not help: ListTeams fails
	// as a whole.
	try(c.teams.CreateTeam(bg, req(&v1.CreateTeamRequest{Name: "Carol's"}))).must(t)
	wantCode(t, drop(c.teams.ListTeams(bg, req(&v1.ListTeamsRequest{}))), connect.CodePermissionDenied)
	// Others see the collaborator with an unspecified role.
	if r := roleOf(getTeam(t, e.as(aliceTok), orgA), carolID); r != v1.TeamRole_TEAM_ROLE_UNSPECIFIED {
		t.Fatalf("carol's role %v", r)
	}
}

func TestMembersNewestFirst(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c := e.as(bobTok)
	want := strings.Join([]string{daveID, carolID, bobID, aliceID}, ",")
	if got := memberIDs(getTeam(t, c, orgA).GetMembers()); got != want {
		t.Errorf("GetTeam: %s", got)
	}
	if got := memberIDs(try(c.teams.ListTeamMembers(bg, req(&v1.ListTeamMembersRequest{TeamId: orgA}))).must(t).Msg.GetMembers()); got != want {
		t.Errorf("ListTeamMembers: %s", got)
	}
	if got := memberIDs(try(c.teams.ListTeams(bg, req(&v1.ListTeamsRequest{}))).must(t).Msg.GetTeams()[0].GetMembers()); got != want {
		t.Errorf("ListTeams: %s", got)
	}
	// A new member comes first.
	inv := getTeam(t, e.as(aliceTok), orgA).GetTeamInvitation().GetId()
	joined := try(e.as(frankTok).teams.JoinTeam(bg, req(&v1.JoinTeamRequest{InvitationId: inv}))).must(t).Msg.GetTeam()
	if got := memberIDs(joined.GetMembers()); got != frankID+","+want {
		t.Errorf("JoinTeam: %s", got)
	}
}

func TestMemberFields(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	// A user without a full name shows the username.
	e.srv.AddUser(mockapi.UserFixture{ID: "9e000000-0000-4000-8000-000000000009", Username: "nameless", Email: "n@example.com", Token: "tok-nameless", OrganizationID: orgA})
	tm := getTeam(t, e.as(aliceTok), orgA)
	byID := map[string]*v1.TeamMember{}
	for _, m := range tm.GetMembers() {
		byID[m.GetUserId()] = m
	}
	alice := byID[aliceID]
	if alice.GetFullName() != "Alice Example" || alice.GetPrimaryEmail() != "alice@example.com" || alice.GetAvatarUrl() != "https://avatars.example/alice" ||
		!alice.GetMemberSince().AsTime().Equal(since) || alice.GetRole() != v1.TeamRole_TEAM_ROLE_OWNER || alice.GetOwnedByOrganization() {
		t.Errorf("alice %v", alice)
	}
	if m := byID[bobID]; m.GetRole() != v1.TeamRole_TEAM_ROLE_MEMBER {
		t.Errorf("bob %v", m)
	}
	if m := byID[daveID]; !m.GetOwnedByOrganization() {
		t.Errorf("dave %v", m)
	}
	if m := byID["9e000000-0000-4000-8000-000000000009"]; m.GetFullName() != "nameless" {
		t.Errorf("nameless %v", m)
	}
}

func TestInvitationOnlyForOwners(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	inv := e.srv.Organization(orgA).Invitation
	if got := getTeam(t, e.as(aliceTok), orgA).GetTeamInvitation().GetId(); got != inv {
		t.Fatalf("owner: invitation %q, want %q", got, inv)
	}
	if got := getTeam(t, e.as(bobTok), orgA).GetTeamInvitation(); got != nil {
		t.Fatalf("member: invitation %v", got)
	}
	for _, tm := range try(e.as(aliceTok).teams.ListTeams(bg, req(&v1.ListTeamsRequest{}))).must(t).Msg.GetTeams() {
		if owner := tm.GetId() == orgA; (tm.GetTeamInvitation() != nil) != owner {
			t.Fatalf("ListTeams %s: invitation %v", tm.GetId(), tm.GetTeamInvitation())
		}
	}
	// GetTeamInvitation: owner reads, member is refused, outsider does not
	// find the team.
	got := try(e.as(aliceTok).teams.GetTeamInvitation(bg, req(&v1.GetTeamInvitationRequest{TeamId: orgA}))).must(t).Msg.GetTeamInvitation().GetId()
	if got != inv {
		t.Fatalf("GetTeamInvitation %q, want %q", got, inv)
	}
	wantCode(t, drop(e.as(bobTok).teams.GetTeamInvitation(bg, req(&v1.GetTeamInvitationRequest{TeamId: orgA}))), connect.CodePermissionDenied)
	wantCode(t, drop(e.as(carolTok).teams.GetTeamInvitation(bg, req(&v1.GetTeamInvitationRequest{TeamId: orgA}))), connect.CodePermissionDenied)
	wantCode(t, drop(e.as(frankTok).teams.GetTeamInvitation(bg, req(&v1.GetTeamInvitationRequest{TeamId: orgA}))), connect.CodeNotFound)
}

func TestResetTeamInvitation(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	old := e.srv.Organization(orgA).Invitation
	// After the id and credential checks, every failure is internal.
	for _, tok := range []string{bobTok, carolTok, frankTok, unknownTok} {
		wantCode(t, drop(e.as(tok).teams.ResetTeamInvitation(bg, req(&v1.ResetTeamInvitationRequest{TeamId: orgA}))), connect.CodeInternal)
	}
	wantCode(t, drop(e.as(aliceTok).teams.ResetTeamInvitation(bg, req(&v1.ResetTeamInvitationRequest{TeamId: "00000000-0000-4000-8000-000000000000"}))), connect.CodeInternal)
	wantCode(t, drop(e.as("").teams.ResetTeamInvitation(bg, req(&v1.ResetTeamInvitationRequest{TeamId: orgA}))), connect.CodeUnauthenticated)
	if e.srv.Organization(orgA).Invitation != old {
		t.Fatal("a refused reset changed the invitation")
	}
	fresh := try(e.as(aliceTok).teams.ResetTeamInvitation(bg, req(&v1.ResetTeamInvitationRequest{TeamId: orgA}))).must(t).Msg.GetTeamInvitation().GetId()
	if fresh == old || fresh != e.srv.Organization(orgA).Invitation {
		t.Fatalf("new invitation %q (old %q)", fresh, old)
	}
	err := drop(e.as(frankTok).teams.JoinTeam(bg, req(&v1.JoinTeamRequest{InvitationId: old})))
	wantCode(t, err, connect.CodeNotFound)
	if !strings.Contains(errMessage(err), "no longer valid") {
		t.Fatalf("message %q", errMessage(err))
	}
	try(e.as(frankTok).teams.JoinTeam(bg, req(&v1.JoinTeamRequest{InvitationId: fresh}))).must(t)
}

func TestJoinTeam(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	inv := e.srv.Organization(orgA).Invitation
	for _, bad := range []string{"garbage", "00000000-0000-4000-8000-000000000000", strings.ToUpper(inv) + "x"} {
		wantCode(t, drop(e.as(frankTok).teams.JoinTeam(bg, req(&v1.JoinTeamRequest{InvitationId: bad}))), connect.CodeNotFound)
	}
	// A new member joins as member and sees no invitation.
	tm := try(e.as(frankTok).teams.JoinTeam(bg, req(&v1.JoinTeamRequest{InvitationId: inv}))).must(t).Msg.GetTeam()
	if roleOf(tm, frankID) != v1.TeamRole_TEAM_ROLE_MEMBER || tm.GetTeamInvitation() != nil || tm.GetId() != orgA {
		t.Fatalf("joined %v", tm)
	}
	// Existing members stay as they are.
	before := e.srv.Organization(orgA)
	tm = try(e.as(aliceTok).teams.JoinTeam(bg, req(&v1.JoinTeamRequest{InvitationId: inv}))).must(t).Msg.GetTeam()
	if roleOf(tm, aliceID) != v1.TeamRole_TEAM_ROLE_OWNER || tm.GetTeamInvitation().GetId() != inv {
		t.Fatalf("owner re-joined: %v", tm)
	}
	try(e.as(bobTok).teams.JoinTeam(bg, req(&v1.JoinTeamRequest{InvitationId: inv}))).must(t)
	after := e.srv.Organization(orgA)
	if len(after.Members) != len(before.Members) || after.Member(bobID).Role != "member" || !after.Member(bobID).MemberSince.Equal(before.Member(bobID).MemberSince) {
		t.Fatal("re-joining changed a membership")
	}
	// Accounts an organization owns may not join other teams.
	wantCode(t, drop(e.as(daveTok).teams.JoinTeam(bg, req(&v1.JoinTeamRequest{InvitationId: e.srv.Organization(orgB).Invitation}))), connect.CodePermissionDenied)
	// A deleted team's invitation leads nowhere.
	invB := e.srv.Organization(orgB).Invitation
	e.srv.DeleteOrg(orgB)
	wantCode(t, drop(e.as(frankTok).teams.JoinTeam(bg, req(&v1.JoinTeamRequest{InvitationId: invB}))), connect.CodeNotFound)
}

func TestListTeamsOrderedByID(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	teams := try(e.as(aliceTok).teams.ListTeams(bg, req(&v1.ListTeamsRequest{}))).must(t).Msg.GetTeams()
	if len(teams) != 2 || teams[0].GetId() != orgB || teams[1].GetId() != orgA {
		t.Fatalf("teams %v", teams)
	}
	// Deleted teams and teams the caller left are not listed.
	e.srv.DeleteOrg(orgB)
	teams = try(e.as(aliceTok).teams.ListTeams(bg, req(&v1.ListTeamsRequest{}))).must(t).Msg.GetTeams()
	if len(teams) != 1 || teams[0].GetId() != orgA {
		t.Fatalf("after delete: %v", teams)
	}
	if got := try(e.as(frankTok).teams.ListTeams(bg, req(&v1.ListTeamsRequest{}))).must(t).Msg.GetTeams(); len(got) != 0 {
		t.Fatalf("frank: %v", got)
	}
}

func TestUpdateTeamMember(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	update := func(tok, team, user string, role v1.TeamRole) (*v1.TeamMember, error) {
		resp, err := e.as(tok).teams.UpdateTeamMember(bg, req(&v1.UpdateTeamMemberRequest{TeamId: team, TeamMember: &v1.TeamMember{UserId: user, Role: role}}))
		if err != nil {
			return nil, err
		}
		return resp.Msg.GetTeamMember(), nil
	}
	owner, member := v1.TeamRole_TEAM_ROLE_OWNER, v1.TeamRole_TEAM_ROLE_MEMBER
	// Ids that are not UUIDs are refused by the server, after the token.
	for _, tc := range []struct{ team, user string }{{orgA, "frank"}, {"org-a", frankID}, {"{" + orgA + "}", frankID}} {
		wantCode(t, drop(update(unknownTok, tc.team, tc.user, owner)), connect.CodeUnauthenticated)
		wantCode(t, drop(update(aliceTok, tc.team, tc.user, owner)), connect.CodeInvalidArgument)
	}
	wantCode(t, drop(update(aliceTok, orgA, frankID, v1.TeamRole(7))), connect.CodeInvalidArgument)
	// Only owners: members are refused, outsiders do not find the team.
	wantCode(t, drop(update(bobTok, orgA, frankID, member)), connect.CodePermissionDenied)
	wantCode(t, drop(update(carolTok, orgA, frankID, member)), connect.CodePermissionDenied)
	wantCode(t, drop(update(frankTok, orgA, frankID, member)), connect.CodeNotFound)
	wantCode(t, drop(update(aliceTok, "00000000-0000-4000-8000-000000000000", frankID, member)), connect.CodeNotFound)

	// An owner adds a non-member with the requested role.
	try(update(aliceTok, orgA, frankID, owner)).must(t)
	if m := e.srv.Organization(orgA).Member(frankID); m == nil || m.Role != "owner" {
		t.Fatalf("frank %+v", m)
	}
	try(update(aliceTok, orgA, bobID, owner)).must(t)
	try(update(aliceTok, orgA, bobID, member)).must(t)
	if m := e.srv.Organization(orgA).Member(bobID); m.Role != "member" {
		t.Fatalf("bob %+v", m)
	}
	// A user id the store does not know leaves no visible member.
	ghost := "6e057000-0000-4000-8000-00000000000f"
	try(update(aliceTok, orgA, ghost, owner)).must(t)
	if strings.Contains(memberIDs(getTeam(t, e.as(aliceTok), orgA).GetMembers()), ghost) {
		t.Fatal("the unknown user shows as a member")
	}

	// Demoting the last owner is ignored, while the answer echoes the
	// request.
	got := try(update(erinTok, orgB, erinID, member)).must(t)
	if got.GetRole() != member {
		t.Fatalf("echo %v", got)
	}
	if m := e.srv.Organization(orgB).Member(erinID); m.Role != "owner" {
		t.Fatalf("last owner demoted: %+v", m)
	}
	// With another owner, the demotion happens.
	try(update(erinTok, orgB, aliceID, owner)).must(t)
	try(update(erinTok, orgB, erinID, member)).must(t)
	if m := e.srv.Organization(orgB).Member(erinID); m.Role != "member" {
		t.Fatalf("erin %+v", m)
	}

	// The answer is the request's member, whatever else it holds, with
	// both codecs.
	sent := &v1.TeamMember{UserId: bobID, Role: member, FullName: "made up", PrimaryEmail: "x@y", AvatarUrl: "a", OwnedByOrganization: true, MemberSince: timestamppb.New(since)}
	for _, c := range []api{e.as(aliceTok), e.binary(aliceTok)} {
		echo := try(c.teams.UpdateTeamMember(bg, req(&v1.UpdateTeamMemberRequest{TeamId: orgA, TeamMember: sent}))).must(t).Msg.GetTeamMember()
		if !proto.Equal(echo, sent) {
			t.Fatalf("echo %v, sent %v", echo, sent)
		}
	}
}

func TestDeleteTeamMember(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	del := func(tok, team, user string) error {
		return drop(e.as(tok).teams.DeleteTeamMember(bg, req(&v1.DeleteTeamMemberRequest{TeamId: team, TeamMemberId: user})))
	}
	for _, tc := range []struct{ team, user string }{{orgA, "bob"}, {"org-a", bobID}} {
		wantCode(t, del(unknownTok, tc.team, tc.user), connect.CodeUnauthenticated)
		wantCode(t, del(aliceTok, tc.team, tc.user), connect.CodeInvalidArgument)
	}
	// The last owner cannot go, not even by leaving (409).
	wantCode(t, del(aliceTok, orgA, aliceID), connect.CodeAlreadyExists)
	wantCode(t, del(erinTok, orgB, erinID), connect.CodeAlreadyExists)
	// Non-owners may not remove others; outsiders do not find the team.
	wantCode(t, del(bobTok, orgA, carolID), connect.CodePermissionDenied)
	wantCode(t, del(bobTok, orgA, aliceID), connect.CodePermissionDenied)
	wantCode(t, del(frankTok, orgA, bobID), connect.CodeNotFound)
	wantCode(t, del(frankTok, orgA, frankID), connect.CodeNotFound)
	// An owner removing a non-member: not found.
	wantCode(t, del(aliceTok, orgA, frankID), connect.CodeNotFound)
	// Members and collaborators may leave; a second time they are gone.
	noErr(t, del(bobTok, orgA, bobID))
	noErr(t, del(carolTok, orgA, carolID))
	wantCode(t, del(bobTok, orgA, bobID), connect.CodeNotFound)
	if o := e.srv.Organization(orgA); o.Member(bobID) != nil || o.Member(carolID) != nil {
		t.Fatal("members still there")
	}
	// Owners remove members; the upper-case spelling is the same user.
	noErr(t, del(erinTok, orgB, strings.ToUpper(aliceID)))
	if e.srv.Organization(orgB).Member(aliceID) != nil {
		t.Fatal("alice still in B")
	}
	// Removing a member whose account the team owns deletes the account.
	noErr(t, del(aliceTok, orgA, daveID))
	st := e.srv.Store()
	st.Mu.Lock()
	gone := st.User(daveID) == nil
	st.Mu.Unlock()
	if !gone {
		t.Fatal("dave's account survived")
	}
	wantCode(t, drop(e.as(daveTok).users.GetAuthenticatedUser(bg, req(&v1.GetAuthenticatedUserRequest{}))), connect.CodeUnauthenticated)
}

func TestDeleteTeam(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	wantCode(t, drop(e.as(bobTok).teams.DeleteTeam(bg, req(&v1.DeleteTeamRequest{TeamId: orgA}))), connect.CodePermissionDenied)
	wantCode(t, drop(e.as(carolTok).teams.DeleteTeam(bg, req(&v1.DeleteTeamRequest{TeamId: orgA}))), connect.CodePermissionDenied)
	wantCode(t, drop(e.as(frankTok).teams.DeleteTeam(bg, req(&v1.DeleteTeamRequest{TeamId: orgA}))), connect.CodeNotFound)
	// An owner whose account the team owns may not delete it.
	noErr(t, e.srv.SetOrgMember(orgA, daveID, "owner"))
	wantCode(t, drop(e.as(daveTok).teams.DeleteTeam(bg, req(&v1.DeleteTeamRequest{TeamId: orgA}))), connect.CodePermissionDenied)

	try(e.as(aliceTok).teams.DeleteTeam(bg, req(&v1.DeleteTeamRequest{TeamId: strings.ToUpper(orgA)}))).must(t)
	wantCode(t, drop(e.as(aliceTok).teams.GetTeam(bg, req(&v1.GetTeamRequest{TeamId: orgA}))), connect.CodeNotFound)
	wantCode(t, drop(e.as(aliceTok).teams.DeleteTeam(bg, req(&v1.DeleteTeamRequest{TeamId: orgA}))), connect.CodeNotFound)
	// Soft: the record stays, marked deleted.
	st := e.srv.Store()
	st.Mu.Lock()
	defer st.Mu.Unlock()
	i := slices.IndexFunc(st.Organizations, func(o *store.Organization) bool { return o.ID == orgA })
	if i < 0 || !st.Organizations[i].Deleted {
		t.Fatal("the team is not kept as deleted")
	}
}
