package classicmock_test

import (
	"strings"
	"testing"

	"connectrpc.com/connect"

	v1 "github.com/gitpod-community/terraform-provider-gitpod/internal/gen/gitpod/experimental/v1"
)

// What a Classic caller sees of other users (see users.go): itself
// without an e-mail, and every member of each team it belongs to, with
// e-mails, whether it owns the team or not.
func TestClassicMembersSeeTeamMatesWithEmails(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	bob := e.as(bobTok) // a plain member of A
	want := map[string]string{aliceID: "alice@example.com", bobID: "bob@example.com", carolID: "carol@example.com", daveID: "dave@example.com"}
	check := func(where string, ms []*v1.TeamMember) {
		t.Helper()
		if len(ms) != len(want) {
			t.Fatalf("%s: %d members", where, len(ms))
		}
		for _, m := range ms {
			if m.GetPrimaryEmail() != want[m.GetUserId()] || m.GetFullName() == "" {
				t.Fatalf("%s: %v", where, m)
			}
		}
	}
	check("GetTeam", getTeam(t, bob, orgA).GetMembers())
	check("ListTeamMembers", try(bob.teams.ListTeamMembers(bg, req(&v1.ListTeamMembersRequest{TeamId: orgA}))).must(t).Msg.GetMembers())
	teams := try(bob.teams.ListTeams(bg, req(&v1.ListTeamsRequest{}))).must(t).Msg.GetTeams()
	if len(teams) != 1 {
		t.Fatalf("bob's teams: %v", teams)
	}
	check("ListTeams", teams[0].GetMembers())
	// Nobody outside the team: Erin's team B, where Bob is no member.
	wantCode(t, drop(bob.teams.GetTeam(bg, req(&v1.GetTeamRequest{TeamId: orgB}))), connect.CodeNotFound)
	wantCode(t, drop(bob.teams.ListTeamMembers(bg, req(&v1.ListTeamMembersRequest{TeamId: orgB}))), connect.CodeNotFound)
	// The caller itself: no e-mail at all (the message has no such field).
	me := try(bob.users.GetAuthenticatedUser(bg, req(&v1.GetAuthenticatedUserRequest{}))).must(t).Msg.GetUser()
	fields := me.ProtoReflect().Descriptor().Fields()
	for i := range fields.Len() {
		if strings.Contains(string(fields.Get(i).Name()), "mail") {
			t.Fatalf("User has field %s", fields.Get(i).Name())
		}
	}
	if me.GetId() != bobID {
		t.Fatalf("me %v", me)
	}
}

// A member who left (a gitpod.v1 state) is no member on Classic either:
// not listed, no access; an owner adding them back makes them active
// again. A suspended member stays a member: Classic has no such state
// (inferred: the mock keeps Classic as its code is).
func TestClassicLeftMembersAreGone(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	noErr(t, e.srv.SetMemberStatus(orgA, bobID, "left"))
	alice, bob := e.as(aliceTok), e.as(bobTok)
	if got := memberIDs(getTeam(t, alice, orgA).GetMembers()); strings.Contains(got, bobID) {
		t.Fatalf("bob is still listed: %s", got)
	}
	wantCode(t, drop(bob.teams.GetTeam(bg, req(&v1.GetTeamRequest{TeamId: orgA}))), connect.CodeNotFound)
	if teams := try(bob.teams.ListTeams(bg, req(&v1.ListTeamsRequest{}))).must(t).Msg.GetTeams(); len(teams) != 0 {
		t.Fatalf("bob's teams: %v", teams)
	}
	try(alice.teams.UpdateTeamMember(bg, req(&v1.UpdateTeamMemberRequest{TeamId: orgA, TeamMember: &v1.TeamMember{UserId: bobID, Role: v1.TeamRole_TEAM_ROLE_MEMBER}}))).must(t)
	if m := e.srv.OrgMember(orgA, bobID); m.CurrentStatus() != "active" || m.Role != "member" || records(e, orgA) != 4 {
		t.Fatalf("bob back: %+v", m)
	}
	if !strings.Contains(memberIDs(getTeam(t, bob, orgA).GetMembers()), bobID) {
		t.Fatal("bob is not back")
	}
	noErr(t, e.srv.SetMemberStatus(orgA, bobID, "suspended"))
	if !strings.Contains(memberIDs(getTeam(t, alice, orgA).GetMembers()), bobID) {
		t.Fatal("a suspended member is not listed on Classic")
	}
}

// records counts an organization's membership records, departed members
// included.
func records(e *env, orgID string) int {
	st := e.srv.Store()
	st.Mu.Lock()
	defer st.Mu.Unlock()
	return len(st.Org(orgID).Members)
}
