package v1mock_test

import (
	"fmt"
	"testing"

	"connectrpc.com/connect"
	"github.com/google/uuid"

	v1 "github.com/gitpod-community/terraform-provider-gitpod/internal/gen/gitpod/v1"
)

func TestCreateTeam(t *testing.T) {
	t.Parallel()
	h := start(t)
	ctx := t.Context()
	h.clk.advance(7)
	team := res(h.asJSON(aliceTok).team.CreateTeam(ctx, req(&v1.CreateTeamRequest{OrganizationId: orgA, Name: "Data Science"}))).ok(t).GetTeam()
	if _, err := uuid.Parse(team.GetId()); err != nil {
		t.Fatalf("id %q: %v", team.GetId(), err)
	}
	if team.GetOrganizationId() != orgA || team.GetName() != "Data Science" || team.GetMemberCount() != 0 || team.GetCreatorId() != alice || team.CreatorId == nil {
		t.Fatalf("team: %v", team)
	}
	if !team.GetCreatedAt().AsTime().Equal(team.GetUpdatedAt().AsTime()) || team.GetCreatedAt().AsTime().Before(epoch) {
		t.Fatalf("times: %v %v", team.GetCreatedAt().AsTime(), team.GetUpdatedAt().AsTime())
	}
	// Any member reads it back; fixture teams have no creator.
	back := res(h.as(daveTok).team.GetTeam(ctx, req(&v1.GetTeamRequest{TeamId: team.GetId()}))).ok(t).GetTeam()
	if back.GetName() != "Data Science" || back.GetCreatorId() != alice {
		t.Fatalf("read back: %v", back)
	}
	fixture := res(h.as(bobTok).team.GetTeam(ctx, req(&v1.GetTeamRequest{TeamId: teamPlatform}))).ok(t).GetTeam()
	if fixture.CreatorId != nil || fixture.GetMemberCount() != 1 {
		t.Fatalf("fixture team: %v", fixture)
	}
}

func TestCreateTeamPermissions(t *testing.T) {
	t.Parallel()
	h := start(t)
	ctx := t.Context()
	for _, tok := range []string{bobTok, daveTok} {
		_, err := h.as(tok).team.CreateTeam(ctx, req(&v1.CreateTeamRequest{OrganizationId: orgA, Name: "Mine"}))
		wantErr(t, err, connect.CodePermissionDenied, "admin")
	}
	// An admin of A cannot create in B, nor in an organization that does
	// not exist.
	for _, org := range []string{orgB, missing} {
		_, err := h.as(aliceTok).team.CreateTeam(ctx, req(&v1.CreateTeamRequest{OrganizationId: org, Name: "Elsewhere"}))
		wantErr(t, err, connect.CodePermissionDenied, "organization_id")
	}
	if n := len(h.srv.Teams()); n != 3 {
		t.Fatalf("%d teams, want 3", n)
	}
}

func TestTeamNamesAreUniquePerOrganization(t *testing.T) {
	t.Parallel()
	h := start(t)
	ctx := t.Context()
	_, err := h.as(aliceTok).team.CreateTeam(ctx, req(&v1.CreateTeamRequest{OrganizationId: orgA, Name: "pLATFORM"}))
	wantErr(t, err, connect.CodeAlreadyExists, "Platform")
	// The same name in another organization is fine.
	res(h.as(eveTok).team.CreateTeam(ctx, req(&v1.CreateTeamRequest{OrganizationId: orgB, Name: "Platform"}))).ok(t)
	// Renaming onto another team's name fails; a change of case of one's
	// own name does not.
	_, err = h.as(aliceTok).team.UpdateTeam(ctx, req(&v1.UpdateTeamRequest{TeamId: teamFrontend, Name: ptr("PLATFORM")}))
	wantErr(t, err, connect.CodeAlreadyExists)
	got := res(h.as(aliceTok).team.UpdateTeam(ctx, req(&v1.UpdateTeamRequest{TeamId: teamPlatform, Name: ptr("PLATFORM")}))).ok(t).GetTeam()
	if got.GetName() != "PLATFORM" {
		t.Fatalf("name %q", got.GetName())
	}
}

func TestUpdateTeam(t *testing.T) {
	t.Parallel()
	h := start(t)
	ctx := t.Context()
	c := h.as(aliceTok)
	before := res(c.team.GetTeam(ctx, req(&v1.GetTeamRequest{TeamId: teamPlatform}))).ok(t).GetTeam()
	h.clk.advance(1e9)
	after := res(c.team.UpdateTeam(ctx, req(&v1.UpdateTeamRequest{TeamId: teamPlatform, Name: ptr("Platform Engineering")}))).ok(t).GetTeam()
	if after.GetId() != teamPlatform || after.GetName() != "Platform Engineering" || after.GetMemberCount() != 1 {
		t.Fatalf("renamed: %v", after)
	}
	if !after.GetCreatedAt().AsTime().Equal(before.GetCreatedAt().AsTime()) || !after.GetUpdatedAt().AsTime().After(before.GetUpdatedAt().AsTime()) {
		t.Fatalf("times: before %v, after %v", before, after)
	}
	if h.srv.Team(teamPlatform).Name != "Platform Engineering" {
		t.Fatal("the store kept the old name")
	}
	// No name: unchanged.
	same := res(c.team.UpdateTeam(ctx, req(&v1.UpdateTeamRequest{TeamId: teamPlatform}))).ok(t).GetTeam()
	if same.GetName() != "Platform Engineering" {
		t.Fatalf("name changed to %q", same.GetName())
	}
	_, err := h.as(bobTok).team.UpdateTeam(ctx, req(&v1.UpdateTeamRequest{TeamId: teamPlatform, Name: ptr("Bob's")}))
	wantErr(t, err, connect.CodePermissionDenied)
	_, err = c.team.UpdateTeam(ctx, req(&v1.UpdateTeamRequest{TeamId: teamOps, Name: ptr("Mine now")}))
	wantErr(t, err, connect.CodeNotFound)
	_, err = c.team.UpdateTeam(ctx, req(&v1.UpdateTeamRequest{TeamId: missing, Name: ptr("Ghost")}))
	wantErr(t, err, connect.CodeNotFound)
}

func TestDeleteTeamRemovesMemberships(t *testing.T) {
	t.Parallel()
	h := start(t)
	ctx := t.Context()
	c := h.as(aliceTok)
	members := res(c.team.ListTeamMembers(ctx, req(&v1.ListTeamMembersRequest{TeamId: teamPlatform}))).ok(t).GetMembers()
	if len(members) != 1 || members[0].GetUserId() != bob {
		t.Fatalf("members: %v", members)
	}
	_, err := h.as(bobTok).team.DeleteTeam(ctx, req(&v1.DeleteTeamRequest{TeamId: teamPlatform}))
	wantErr(t, err, connect.CodePermissionDenied)
	_, err = c.team.DeleteTeam(ctx, req(&v1.DeleteTeamRequest{TeamId: teamOps}))
	wantErr(t, err, connect.CodeNotFound)
	res(c.team.DeleteTeam(ctx, req(&v1.DeleteTeamRequest{TeamId: teamPlatform}))).ok(t)
	_, err = c.team.GetTeam(ctx, req(&v1.GetTeamRequest{TeamId: teamPlatform}))
	wantErr(t, err, connect.CodeNotFound)
	_, err = c.team.DeleteTeam(ctx, req(&v1.DeleteTeamRequest{TeamId: teamPlatform}))
	wantErr(t, err, connect.CodeNotFound)
	_, err = c.team.RemoveTeamMember(ctx, req(&v1.RemoveTeamMemberRequest{TeamMemberId: members[0].GetId()}))
	wantErr(t, err, connect.CodeNotFound)
	// Bob is in no team any more, so he may join another.
	res(c.team.AddTeamMember(ctx, req(&v1.AddTeamMemberRequest{TeamId: teamFrontend, UserId: bob}))).ok(t)
}

func TestListTeams(t *testing.T) {
	t.Parallel()
	h := start(t)
	ctx := t.Context()
	c := h.as(aliceTok)
	for _, name := range []string{"Backend", "Platform Ops", "Quality"} {
		res(c.team.CreateTeam(ctx, req(&v1.CreateTeamRequest{OrganizationId: orgA, Name: name}))).ok(t)
	}
	names := func(tok, search string) []string {
		resp := res(h.as(tok).team.ListTeams(ctx, req(&v1.ListTeamsRequest{Filter: &v1.ListTeamsRequest_Filter{Search: search}}))).ok(t)
		var out []string
		for _, tm := range resp.GetTeams() {
			out = append(out, tm.GetName())
		}
		return out
	}
	// Creation order (fixture teams first, in fixture order).
	if got := fmt.Sprint(names(daveTok, "")); got != "[Platform Frontend Backend Platform Ops Quality]" {
		t.Fatalf("all: %s", got)
	}
	if got := fmt.Sprint(names(bobTok, "PLAT")); got != "[Platform Platform Ops]" {
		t.Fatalf("search: %s", got)
	}
	if got := fmt.Sprint(names(bobTok, "end")); got != "[Frontend Backend]" {
		t.Fatalf("search: %s", got)
	}
	if got := fmt.Sprint(names(eveTok, "")); got != "[Ops]" {
		t.Fatalf("org B: %s", got)
	}
}

func TestAddTeamMember(t *testing.T) {
	t.Parallel()
	h := start(t)
	ctx := t.Context()
	c := h.as(aliceTok)
	h.clk.advance(5e9)
	m := res(c.team.AddTeamMember(ctx, req(&v1.AddTeamMemberRequest{TeamId: teamFrontend, UserId: alice}))).ok(t).GetMember()
	if _, err := uuid.Parse(m.GetId()); err != nil || m.GetTeamId() != teamFrontend || m.GetUserId() != alice ||
		m.GetName() != "Alice Able" || m.GetAvatarUrl() != "https://avatars.example/alice" || m.GetCreatedAt().AsTime().Before(epoch.Add(5e9)) {
		t.Fatalf("membership: %v", m)
	}
	if n := res(c.team.GetTeam(ctx, req(&v1.GetTeamRequest{TeamId: teamFrontend}))).ok(t).GetTeam().GetMemberCount(); n != 1 {
		t.Fatalf("member_count %d", n)
	}
	_, err := c.team.AddTeamMember(ctx, req(&v1.AddTeamMemberRequest{TeamId: teamFrontend, UserId: alice}))
	wantErr(t, err, connect.CodeAlreadyExists, "Frontend")
	// Bob is in Platform: one team per organization.
	_, err = c.team.AddTeamMember(ctx, req(&v1.AddTeamMemberRequest{TeamId: teamFrontend, UserId: bob}))
	wantErr(t, err, connect.CodeAlreadyExists, "Platform", teamPlatform)
	// Eve is not in organization A; nobody has the missing id.
	for _, u := range []string{eve, missing} {
		_, err = c.team.AddTeamMember(ctx, req(&v1.AddTeamMemberRequest{TeamId: teamFrontend, UserId: u}))
		wantErr(t, err, connect.CodeNotFound)
	}
	_, err = h.as(bobTok).team.AddTeamMember(ctx, req(&v1.AddTeamMemberRequest{TeamId: teamFrontend, UserId: carol}))
	wantErr(t, err, connect.CodePermissionDenied)
	_, err = c.team.AddTeamMember(ctx, req(&v1.AddTeamMemberRequest{TeamId: teamOps, UserId: alice}))
	wantErr(t, err, connect.CodeNotFound)
	// A collaborator is a member of the organization and may join.
	res(c.team.AddTeamMember(ctx, req(&v1.AddTeamMemberRequest{TeamId: teamPlatform, UserId: dave}))).ok(t)
}

func TestRemoveTeamMemberTakesTheMembershipID(t *testing.T) {
	t.Parallel()
	h := start(t)
	ctx := t.Context()
	c := h.as(aliceTok)
	m := res(c.team.AddTeamMember(ctx, req(&v1.AddTeamMemberRequest{TeamId: teamFrontend, UserId: carol}))).ok(t).GetMember()
	// The user id is not a membership id.
	_, err := c.team.RemoveTeamMember(ctx, req(&v1.RemoveTeamMemberRequest{TeamMemberId: carol}))
	wantErr(t, err, connect.CodeNotFound)
	_, err = h.as(bobTok).team.RemoveTeamMember(ctx, req(&v1.RemoveTeamMemberRequest{TeamMemberId: m.GetId()}))
	wantErr(t, err, connect.CodePermissionDenied)
	// A membership of organization B is not found from A.
	ops := res(h.as(eveTok).team.ListTeamMembers(ctx, req(&v1.ListTeamMembersRequest{TeamId: teamOps}))).ok(t).GetMembers()
	_, err = c.team.RemoveTeamMember(ctx, req(&v1.RemoveTeamMemberRequest{TeamMemberId: ops[0].GetId()}))
	wantErr(t, err, connect.CodeNotFound)
	res(c.team.RemoveTeamMember(ctx, req(&v1.RemoveTeamMemberRequest{TeamMemberId: m.GetId()}))).ok(t)
	if tm := h.srv.Team(teamFrontend); len(tm.Members) != 0 {
		t.Fatalf("members left: %v", tm.Members)
	}
	_, err = c.team.RemoveTeamMember(ctx, req(&v1.RemoveTeamMemberRequest{TeamMemberId: m.GetId()}))
	wantErr(t, err, connect.CodeNotFound)
}

func TestListTeamMembers(t *testing.T) {
	t.Parallel()
	h := start(t)
	ctx := t.Context()
	c := h.as(aliceTok)
	for _, u := range []string{dave, alice, carol} {
		res(c.team.AddTeamMember(ctx, req(&v1.AddTeamMemberRequest{TeamId: teamFrontend, UserId: u}))).ok(t)
	}
	// Any member lists, in the order memberships were made.
	got := res(h.as(bobTok).team.ListTeamMembers(ctx, req(&v1.ListTeamMembersRequest{TeamId: teamFrontend, Count: &v1.CountRequest{Include: true}}))).ok(t)
	var users []string
	for _, m := range got.GetMembers() {
		users = append(users, m.GetUserId())
		if m.GetName() == "" || m.GetTeamId() != teamFrontend {
			t.Fatalf("member: %v", m)
		}
	}
	if fmt.Sprint(users) != fmt.Sprint([]string{dave, alice, carol}) {
		t.Fatalf("order: %v", users)
	}
	if got.GetCount().GetValue() != 3 || got.GetCount().GetRelation() != v1.CountResponseRelation_COUNT_RESPONSE_RELATION_EQ {
		t.Fatalf("count: %v", got.GetCount())
	}
	if got.GetPagination().GetNextToken() != "" {
		t.Fatal("next token on the only page")
	}
	_, err := c.team.ListTeamMembers(ctx, req(&v1.ListTeamMembersRequest{TeamId: teamOps}))
	wantErr(t, err, connect.CodeNotFound)
}
