package v1mock_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"connectrpc.com/connect"

	v1 "github.com/gitpod-community/terraform-provider-gitpod/internal/gen/gitpod/v1"
	"github.com/gitpod-community/terraform-provider-gitpod/internal/mockapi"
)

// Accounts that make a lookup by e-mail hard, added to organization A:
// Alice's address again, once through Google (active) and once through
// the organization's SSO (the account left); a suspended member; Dave is
// suspended too.
const (
	aliceGoogle = "00000000-0000-4000-8000-0000000000a2"
	aliceFormer = "00000000-0000-4000-8000-0000000000a3"
	frank       = "00000000-0000-4000-8000-0000000000f6"
	frankTok    = "tok-frank"
	formerTok   = "tok-former"
)

func startWithLookups(t *testing.T) *harness {
	t.Helper()
	h := start(t)
	add := func(u mockapi.UserFixture, m mockapi.OrgMemberFixture) {
		t.Helper()
		if _, err := h.srv.AddOrgMember(orgA, u, m); err != nil {
			t.Fatal(err)
		}
	}
	add(mockapi.UserFixture{ID: aliceGoogle, Name: "Alice Google", Email: "Alice@Example.com"}, mockapi.OrgMemberFixture{LoginProvider: "google"})
	add(mockapi.UserFixture{ID: aliceFormer, Name: "Alice Former", Email: "alice@example.com", Token: formerTok}, mockapi.OrgMemberFixture{LoginProvider: "custom", Status: "left"})
	add(mockapi.UserFixture{ID: frank, Name: "Frank Frost", Email: "frank@example.com", Token: frankTok}, mockapi.OrgMemberFixture{Status: "suspended"})
	if err := h.srv.SetMemberStatus(orgA, dave, "suspended"); err != nil {
		t.Fatal(err)
	}
	return h
}

func listMembers(t *testing.T, c *clients, r *v1.ListMembersRequest) ([]*v1.OrganizationMember, error) {
	t.Helper()
	r.OrganizationId = orgA
	var all []*v1.OrganizationMember
	for pages := 0; ; pages++ {
		if pages > 50 {
			t.Fatal("too many pages")
		}
		resp, err := c.org.ListMembers(t.Context(), req(r))
		if err != nil {
			return nil, err
		}
		all = append(all, resp.Msg.GetMembers()...)
		if resp.Msg.GetPagination().GetNextToken() == "" {
			return all, nil
		}
		r.Pagination = &v1.PaginationRequest{PageSize: r.GetPagination().GetPageSize(), Token: resp.Msg.GetPagination().GetNextToken()}
	}
}

func sortedIDs(ms []*v1.OrganizationMember) string {
	ids := memberIDs(ms)
	slices.Sort(ids)
	return strings.Join(ids, ",")
}

func idSet(s ...string) string {
	slices.Sort(s)
	return strings.Join(s, ",")
}

// Admins see every member with its status, those who left included;
// others see active members only. Filtering by status picks from what the
// caller sees.
func TestListMembersStatusesAndVisibility(t *testing.T) {
	t.Parallel()
	h := startWithLookups(t)
	status := func(ss ...v1.UserStatus) *v1.ListMembersRequest {
		return &v1.ListMembersRequest{Filter: &v1.ListMembersRequest_Filter{Statuses: ss}, Count: &v1.CountRequest{Include: true}}
	}
	active, suspended, left := v1.UserStatus_USER_STATUS_ACTIVE, v1.UserStatus_USER_STATUS_SUSPENDED, v1.UserStatus_USER_STATUS_LEFT
	all, err := listMembers(t, h.as(aliceTok), status())
	if err != nil {
		t.Fatal(err)
	}
	if got := sortedIDs(all); got != idSet(alice, bob, carol, dave, aliceGoogle, aliceFormer, frank) {
		t.Fatalf("admin sees %s", got)
	}
	want := map[string]v1.UserStatus{alice: active, bob: active, carol: active, dave: suspended, aliceGoogle: active, aliceFormer: left, frank: suspended}
	for _, m := range all {
		if m.GetStatus() != want[m.GetUserId()] {
			t.Fatalf("%s: status %v", m.GetUserId(), m.GetStatus())
		}
	}
	cases := []struct {
		tok  string
		req  *v1.ListMembersRequest
		want string
	}{
		{aliceTok, status(suspended), idSet(dave, frank)},
		{aliceTok, status(left), idSet(aliceFormer)},
		{aliceTok, status(active, left), idSet(alice, bob, carol, aliceGoogle, aliceFormer)},
		{bobTok, status(), idSet(alice, bob, carol, aliceGoogle)},
		{bobTok, status(suspended, left), ""},
	}
	for _, tc := range cases {
		got, err := listMembers(t, h.as(tc.tok), tc.req)
		if err != nil {
			t.Fatal(err)
		}
		if sortedIDs(got) != tc.want {
			t.Fatalf("%s %v: %s, want %s", tc.tok, tc.req.GetFilter().GetStatuses(), sortedIDs(got), tc.want)
		}
	}
	// The count counts what the caller may see.
	first := res(h.as(bobTok).org.ListMembers(t.Context(), req(&v1.ListMembersRequest{OrganizationId: orgA, Count: &v1.CountRequest{Include: true}}))).ok(t)
	if first.GetCount().GetValue() != 4 {
		t.Fatalf("bob's count %v", first.GetCount())
	}
}

// The e-mail filter is the whole address without regard to case; the
// login provider filter is the kind of provider ("custom" is SSO).
func TestListMembersEmailAndLoginProvider(t *testing.T) {
	t.Parallel()
	h := startWithLookups(t)
	filter := func(email string, k v1.LoginProviderKind) *v1.ListMembersRequest {
		return &v1.ListMembersRequest{Filter: &v1.ListMembersRequest_Filter{Email: email, LoginProvider: k}, Pagination: &v1.PaginationRequest{PageSize: 1}}
	}
	sso, github, google, magic := v1.LoginProviderKind_LOGIN_PROVIDER_KIND_SSO, v1.LoginProviderKind_LOGIN_PROVIDER_KIND_GITHUB, v1.LoginProviderKind_LOGIN_PROVIDER_KIND_GOOGLE, v1.LoginProviderKind_LOGIN_PROVIDER_KIND_MAGICLINK
	none := v1.LoginProviderKind_LOGIN_PROVIDER_KIND_UNSPECIFIED
	cases := []struct {
		tok  string
		req  *v1.ListMembersRequest
		want string
	}{
		{aliceTok, filter("ALICE@example.COM", none), idSet(alice, aliceGoogle, aliceFormer)},
		{aliceTok, filter("alice@example.com", github), idSet(alice)},
		{aliceTok, filter("alice@example.com", google), idSet(aliceGoogle)},
		{aliceTok, filter("alice@example.com", sso), idSet(aliceFormer)},
		{aliceTok, filter("alice@example.com", magic), ""},
		// Exact: no substrings, no white space trimmed.
		{aliceTok, filter("alice@example", none), ""},
		{aliceTok, filter("lice@example.com", none), ""},
		{aliceTok, filter(" alice@example.com", none), ""},
		{aliceTok, filter("", sso), idSet(carol, aliceFormer)},
		{aliceTok, filter("", google), idSet(bob, aliceGoogle)},
		// The member who left is the admin's to see only.
		{bobTok, filter("alice@example.com", sso), ""},
		{bobTok, filter("alice@example.com", none), idSet(alice, aliceGoogle)},
	}
	for _, tc := range cases {
		got, err := listMembers(t, h.as(tc.tok), tc.req)
		if err != nil {
			t.Fatal(err)
		}
		if sortedIDs(got) != tc.want {
			t.Fatalf("%s %q %v: %s, want %s", tc.tok, tc.req.GetFilter().GetEmail(), tc.req.GetFilter().GetLoginProvider(), sortedIDs(got), tc.want)
		}
		for _, m := range got {
			if k := tc.req.GetFilter().GetLoginProvider(); k != none && !strings.EqualFold(strings.TrimPrefix(k.String(), "LOGIN_PROVIDER_KIND_"), map[string]string{"custom": "sso", "github": "github", "google": "google"}[m.GetLoginProvider()]) {
				t.Fatalf("%s: login provider %q for filter %v", m.GetUserId(), m.GetLoginProvider(), k)
			}
		}
	}
	// The filter's rules: e-mail up to 320 characters, a defined provider.
	c := h.as(aliceTok)
	_, err := listMembers(t, c, filter(strings.Repeat("a", 309)+"@example.com", none))
	wantErr(t, err, connect.CodeInvalidArgument, "filter.email", "string.max_len")
	if _, err := listMembers(t, c, filter(strings.Repeat("a", 308)+"@example.com", none)); err != nil {
		t.Fatalf("320 characters: %v", err)
	}
	_, err = listMembers(t, c, filter("", v1.LoginProviderKind(9)))
	wantErr(t, err, connect.CodeInvalidArgument, "filter.login_provider", "enum.defined_only")
	// Authentication comes first, as everywhere.
	_, err = listMembers(t, h.as(""), filter("", v1.LoginProviderKind(9)))
	wantErr(t, err, connect.CodeUnauthenticated)
}

// search is a case-insensitive substring of the full name or the e-mail,
// nothing else (not the id, not the provider).
func TestListMembersSearch(t *testing.T) {
	t.Parallel()
	h := startWithLookups(t)
	search := func(s string) *v1.ListMembersRequest {
		return &v1.ListMembersRequest{Filter: &v1.ListMembersRequest_Filter{Search: s}}
	}
	for s, want := range map[string]string{
		"ALICE":            idSet(alice, aliceGoogle, aliceFormer),
		"ice go":           idSet(aliceGoogle),
		"@other.EXAMPLE":   idSet(carol),
		"frost":            idSet(frank),
		"0000000000a1":     "",
		"github":           "",
		"bob@example.comx": "",
	} {
		got, err := listMembers(t, h.as(aliceTok), search(s))
		if err != nil {
			t.Fatal(err)
		}
		if sortedIDs(got) != want {
			t.Fatalf("search %q: %s, want %s", s, sortedIDs(got), want)
		}
	}
}

// Every page of a filtered listing, with the filter bound to the page
// token: the same lookup over pages of one.
func TestListMembersFilteredPaging(t *testing.T) {
	t.Parallel()
	h := startWithLookups(t)
	for i := range 30 {
		if _, err := h.srv.AddOrgMember(orgA, mockapi.UserFixture{Name: fmt.Sprintf("Shared %02d", i), Email: "shared@example.com"}, mockapi.OrgMemberFixture{LoginProvider: []string{"github", "google", "custom"}[i%3]}); err != nil {
			t.Fatal(err)
		}
	}
	got, err := listMembers(t, h.as(aliceTok), &v1.ListMembersRequest{
		Filter:     &v1.ListMembersRequest_Filter{Email: "SHARED@example.com", LoginProvider: v1.LoginProviderKind_LOGIN_PROVIDER_KIND_GOOGLE},
		Sort:       &v1.ListMembersRequest_Sort{Field: v1.ListMembersRequest_SORT_FIELD_NAME, Order: v1.SortOrder_SORT_ORDER_ASC},
		Pagination: &v1.PaginationRequest{PageSize: 3},
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 10 {
		t.Fatalf("%d members", len(got))
	}
	for i, m := range got {
		if m.GetLoginProvider() != "google" || (i > 0 && got[i-1].GetFullName() > m.GetFullName()) {
			t.Fatalf("member %d: %v", i, m)
		}
	}
	// A token made for one e-mail is no good for another.
	first := res(h.as(aliceTok).org.ListMembers(t.Context(), req(&v1.ListMembersRequest{OrganizationId: orgA, Filter: &v1.ListMembersRequest_Filter{Email: "shared@example.com"}, Pagination: &v1.PaginationRequest{PageSize: 2}}))).ok(t)
	_, err = h.as(aliceTok).org.ListMembers(t.Context(), req(&v1.ListMembersRequest{OrganizationId: orgA, Filter: &v1.ListMembersRequest_Filter{Email: "alice@example.com"}, Pagination: &v1.PaginationRequest{Token: first.GetPagination().GetNextToken()}}))
	wantErr(t, err, connect.CodeInvalidArgument, "pagination.token")
}

// GetUser shows the same members as ListMembers, with the same status;
// the status is the membership's.
func TestGetUserFollowsMemberVisibility(t *testing.T) {
	t.Parallel()
	h := startWithLookups(t)
	get := func(tok, id string) (*v1.User, error) {
		resp, err := h.as(tok).user.GetUser(t.Context(), req(&v1.GetUserRequest{UserId: id}))
		if err != nil {
			return nil, err
		}
		return resp.Msg.GetUser(), nil
	}
	for id, st := range map[string]v1.UserStatus{aliceFormer: v1.UserStatus_USER_STATUS_LEFT, dave: v1.UserStatus_USER_STATUS_SUSPENDED, bob: v1.UserStatus_USER_STATUS_ACTIVE} {
		u, err := get(aliceTok, id)
		if err != nil {
			t.Fatalf("admin, %s: %v", id, err)
		}
		if u.GetStatus() != st || u.GetOrganizationId() != orgA {
			t.Fatalf("admin, %s: %v", id, u)
		}
	}
	for _, id := range []string{aliceFormer, dave, frank} {
		_, err := get(bobTok, id)
		wantErr(t, err, connect.CodeNotFound)
	}
	if u, err := get(bobTok, aliceGoogle); err != nil || u.GetStatus() != v1.UserStatus_USER_STATUS_ACTIVE {
		t.Fatalf("bob, active member: %v %v", u, err)
	}
	// Each ListMembers entry's status equals GetUser's.
	all, err := listMembers(t, h.as(aliceTok), &v1.ListMembersRequest{})
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range all {
		u, err := get(aliceTok, m.GetUserId())
		if err != nil || u.GetStatus() != m.GetStatus() || u.GetEmail() != m.GetEmail() {
			t.Fatalf("%s: GetUser %v %v, member %v", m.GetUserId(), u, err, m)
		}
	}
}

// Suspended members and members who left cannot use their credentials;
// coming back (out of band) restores them.
func TestSuspendedAndLeftMembersAreUnauthenticated(t *testing.T) {
	t.Parallel()
	h := startWithLookups(t)
	for _, tok := range []string{frankTok, formerTok, daveTok} {
		_, err := h.as(tok).user.GetAuthenticatedUser(t.Context(), req(&v1.GetAuthenticatedUserRequest{}))
		wantErr(t, err, connect.CodeUnauthenticated)
	}
	if err := h.srv.SetMemberStatus(orgA, frank, "active"); err != nil {
		t.Fatal(err)
	}
	u := res(h.as(frankTok).user.GetAuthenticatedUser(t.Context(), req(&v1.GetAuthenticatedUserRequest{}))).ok(t).GetUser()
	if u.GetId() != frank || u.GetStatus() != v1.UserStatus_USER_STATUS_ACTIVE {
		t.Fatalf("frank: %v", u)
	}
}

// A member who left is no member for team and role changes; a suspended
// one still is.
func TestLeftMembersCannotJoinTeamsOrChangeRoles(t *testing.T) {
	t.Parallel()
	h := startWithLookups(t)
	ctx := t.Context()
	a := h.as(aliceTok)
	_, err := a.team.AddTeamMember(ctx, req(&v1.AddTeamMemberRequest{TeamId: teamFrontend, UserId: aliceFormer}))
	wantErr(t, err, connect.CodeNotFound)
	_, err = a.org.SetRole(ctx, req(&v1.SetRoleRequest{OrganizationId: orgA, UserId: aliceFormer, Role: v1.OrganizationRole_ORGANIZATION_ROLE_ADMIN}))
	wantErr(t, err, connect.CodeNotFound)
	res(a.team.AddTeamMember(ctx, req(&v1.AddTeamMemberRequest{TeamId: teamFrontend, UserId: frank}))).ok(t)
	// Leaving (out of band) also ends team memberships.
	if err := h.srv.SetMemberStatus(orgA, bob, "left"); err != nil {
		t.Fatal(err)
	}
	if h.srv.Team(teamPlatform).Membership(bob) != nil {
		t.Fatal("bob is still in Platform after leaving")
	}
}
