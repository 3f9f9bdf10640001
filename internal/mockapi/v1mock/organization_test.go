package v1mock_test

import (
	"fmt"
	"testing"

	"connectrpc.com/connect"

	v1 "github.com/gitpod-community/terraform-provider-gitpod/internal/gen/gitpod/v1"
)

func TestGetOrganization(t *testing.T) {
	t.Parallel()
	h := start(t)
	ctx := t.Context()
	o := res(h.as(bobTok).org.GetOrganization(ctx, req(&v1.GetOrganizationRequest{OrganizationId: orgA}))).ok(t).GetOrganization()
	if o.GetId() != orgA || o.GetName() != "Org A" || o.GetCreatedAt() == nil || o.GetUpdatedAt() == nil || o.GetTier() != v1.OrganizationTier_ORGANIZATION_TIER_ENTERPRISE {
		t.Fatalf("organization: %v", o)
	}
	_, err := h.as(bobTok).org.GetOrganization(ctx, req(&v1.GetOrganizationRequest{OrganizationId: orgB}))
	wantErr(t, err, connect.CodePermissionDenied)
}

func memberIDs(ms []*v1.OrganizationMember) []string {
	out := make([]string, 0, len(ms))
	for _, m := range ms {
		out = append(out, m.GetUserId())
	}
	return out
}

func TestListMembersDefaultOrderPutsTheCallerFirst(t *testing.T) {
	t.Parallel()
	h := start(t)
	ctx := t.Context()
	list := func(tok string) []string {
		return memberIDs(res(h.as(tok).org.ListMembers(ctx, req(&v1.ListMembersRequest{OrganizationId: orgA}))).ok(t).GetMembers())
	}
	// By full name, case-insensitively: Alice Able, bob Baker, Carol Cole,
	// Dave Dunn.
	if got := fmt.Sprint(list(aliceTok)); got != fmt.Sprint([]string{alice, bob, carol, dave}) {
		t.Fatalf("as Alice: %s", got)
	}
	if got := fmt.Sprint(list(carolTok)); got != fmt.Sprint([]string{carol, alice, bob, dave}) {
		t.Fatalf("as Carol: %s", got)
	}
}

func TestListMembersFields(t *testing.T) {
	t.Parallel()
	h := start(t)
	ms := res(h.as(aliceTok).org.ListMembers(t.Context(), req(&v1.ListMembersRequest{OrganizationId: orgA}))).ok(t).GetMembers()
	want := map[string]struct {
		role     v1.OrganizationRole
		provider string
	}{
		alice: {v1.OrganizationRole_ORGANIZATION_ROLE_ADMIN, "github"},
		bob:   {v1.OrganizationRole_ORGANIZATION_ROLE_MEMBER, "google"},
		// SSO is "custom", as the vendor's clients expect.
		carol: {v1.OrganizationRole_ORGANIZATION_ROLE_MEMBER, "custom"},
		dave:  {v1.OrganizationRole_ORGANIZATION_ROLE_MEMBER, "github"},
	}
	for _, m := range ms {
		w := want[m.GetUserId()]
		if m.GetRole() != w.role || m.GetLoginProvider() != w.provider || m.GetMemberSince() == nil || m.GetFullName() == "" ||
			m.GetEmail() == "" || m.GetStatus() != v1.UserStatus_USER_STATUS_ACTIVE {
			t.Fatalf("member: %v", m)
		}
	}
	if ms[0].GetAvatarUrl() != "https://avatars.example/alice" || !ms[0].GetMemberSince().AsTime().Equal(epoch.Add(-90*3600e9)) {
		t.Fatalf("alice: %v", ms[0])
	}
}

func TestListMembersFilters(t *testing.T) {
	t.Parallel()
	h := start(t)
	ctx := t.Context()
	list := func(f *v1.ListMembersRequest_Filter) string {
		return fmt.Sprint(memberIDs(res(h.as(aliceTok).org.ListMembers(ctx, req(&v1.ListMembersRequest{OrganizationId: orgA, Filter: f}))).ok(t).GetMembers()))
	}
	cases := []struct {
		name string
		f    *v1.ListMembersRequest_Filter
		want []string
	}{
		{"user ids", &v1.ListMembersRequest_Filter{UserIds: []string{dave, bob, eve}}, []string{bob, dave}},
		{"search name", &v1.ListMembersRequest_Filter{Search: "COLE"}, []string{carol}},
		{"search email", &v1.ListMembersRequest_Filter{Search: "@EXAMPLE.com"}, []string{alice, bob, dave}},
		{"roles admin", &v1.ListMembersRequest_Filter{Roles: []v1.OrganizationRole{v1.OrganizationRole_ORGANIZATION_ROLE_ADMIN}}, []string{alice}},
		{"roles member", &v1.ListMembersRequest_Filter{Roles: []v1.OrganizationRole{v1.OrganizationRole_ORGANIZATION_ROLE_MEMBER}}, []string{bob, carol, dave}},
		{"status active", &v1.ListMembersRequest_Filter{Statuses: []v1.UserStatus{v1.UserStatus_USER_STATUS_ACTIVE}}, []string{alice, bob, carol, dave}},
		{"status suspended", &v1.ListMembersRequest_Filter{Statuses: []v1.UserStatus{v1.UserStatus_USER_STATUS_SUSPENDED}}, []string{}},
		{"not in a team", &v1.ListMembersRequest_Filter{ExcludeMembersInAnyTeam: true}, []string{alice, carol, dave}},
		{"groups (none exist)", &v1.ListMembersRequest_Filter{ExcludeGroupIds: []string{missing}}, []string{alice, bob, carol, dave}},
	}
	for _, tc := range cases {
		if got := list(tc.f); got != fmt.Sprint(tc.want) {
			t.Fatalf("%s: %s, want %v", tc.name, got, tc.want)
		}
	}
}

func TestListMembersExplicitSort(t *testing.T) {
	t.Parallel()
	h := start(t)
	ctx := t.Context()
	list := func(s *v1.ListMembersRequest_Sort) string {
		return fmt.Sprint(memberIDs(res(h.as(carolTok).org.ListMembers(ctx, req(&v1.ListMembersRequest{OrganizationId: orgA, Sort: s}))).ok(t).GetMembers()))
	}
	if got := list(&v1.ListMembersRequest_Sort{Field: v1.ListMembersRequest_SORT_FIELD_NAME, Order: v1.SortOrder_SORT_ORDER_DESC}); got != fmt.Sprint([]string{dave, carol, bob, alice}) {
		t.Fatalf("name desc: %s", got)
	}
	if got := list(&v1.ListMembersRequest_Sort{Field: v1.ListMembersRequest_SORT_FIELD_DATE_JOINED}); got != fmt.Sprint([]string{alice, bob, carol, dave}) {
		t.Fatalf("joined asc: %s", got)
	}
}

func TestListMembersOfAnotherOrganizationIsDenied(t *testing.T) {
	t.Parallel()
	h := start(t)
	_, err := h.as(aliceTok).org.ListMembers(t.Context(), req(&v1.ListMembersRequest{OrganizationId: orgB}))
	wantErr(t, err, connect.CodePermissionDenied)
}

func TestListMembersPaging(t *testing.T) {
	t.Parallel()
	h := start(t)
	ctx := t.Context()
	for i := range 130 {
		h.srv.AddUser(userFixture(fmt.Sprintf("Member %03d", i)))
	}
	var seen []*v1.OrganizationMember
	token := ""
	for pages := 0; ; pages++ {
		resp := res(h.asJSON(bobTok).org.ListMembers(ctx, req(&v1.ListMembersRequest{
			OrganizationId: orgA, Pagination: &v1.PaginationRequest{PageSize: 40, Token: token}, Count: &v1.CountRequest{Include: true},
		}))).ok(t)
		if (pages == 0) != (resp.GetCount() != nil) {
			t.Fatalf("page %d: count %v (only the first page has one)", pages, resp.GetCount())
		}
		if pages == 0 && resp.GetCount().GetValue() != 134 {
			t.Fatalf("count %v", resp.GetCount())
		}
		seen = append(seen, resp.GetMembers()...)
		if token = resp.GetPagination().GetNextToken(); token == "" {
			break
		}
	}
	if len(seen) != 134 || seen[0].GetUserId() != bob || seen[1].GetUserId() != alice {
		t.Fatalf("%d members, first %v", len(seen), memberIDs(seen[:2]))
	}
	ids := map[string]bool{}
	for i, m := range seen {
		if ids[m.GetUserId()] {
			t.Fatalf("duplicate %s", m.GetUserId())
		}
		ids[m.GetUserId()] = true
		if i > 2 && seen[i-1].GetFullName() > m.GetFullName() {
			t.Fatalf("out of order at %d: %q > %q", i, seen[i-1].GetFullName(), m.GetFullName())
		}
	}
}

func TestSetRole(t *testing.T) {
	t.Parallel()
	h := start(t)
	ctx := t.Context()
	a := h.as(aliceTok)
	set := func(c *clients, user string, r v1.OrganizationRole) error {
		_, err := c.org.SetRole(ctx, req(&v1.SetRoleRequest{OrganizationId: orgA, UserId: user, Role: r}))
		return err
	}
	admin, member := v1.OrganizationRole_ORGANIZATION_ROLE_ADMIN, v1.OrganizationRole_ORGANIZATION_ROLE_MEMBER
	wantErr(t, set(h.as(bobTok), bob, admin), connect.CodePermissionDenied)
	// The last admin stays.
	wantErr(t, set(a, alice, member), connect.CodeFailedPrecondition, "last admin")
	wantErr(t, set(a, bob, v1.OrganizationRole_ORGANIZATION_ROLE_UNSPECIFIED), connect.CodeInvalidArgument, "role")
	wantErr(t, set(a, eve, admin), connect.CodeNotFound)
	_, err := a.org.SetRole(ctx, req(&v1.SetRoleRequest{OrganizationId: orgB, UserId: eve, Role: member}))
	wantErr(t, err, connect.CodePermissionDenied)
	if err := set(a, bob, admin); err != nil {
		t.Fatal(err)
	}
	// Bob is an admin now: he may create teams and demote Alice.
	res(h.as(bobTok).team.CreateTeam(ctx, req(&v1.CreateTeamRequest{OrganizationId: orgA, Name: "Bob's team"}))).ok(t)
	if err := set(h.as(bobTok), alice, member); err != nil {
		t.Fatal(err)
	}
	if got := h.srv.Organization(orgA).Member(alice).Role; got != "member" {
		t.Fatalf("alice is %s", got)
	}
	wantErr(t, set(a, bob, member), connect.CodePermissionDenied)
}
