package v1mock

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"connectrpc.com/connect"

	gitpodv1 "github.com/gitpod-community/terraform-provider-gitpod/internal/gen/gitpod/v1"
	"github.com/gitpod-community/terraform-provider-gitpod/internal/mockapi/store"
)

// role maps a store role onto gitpod.v1's two roles. Inferred: Classic's
// collaborators are plain members there.
func role(r string) gitpodv1.OrganizationRole {
	if r == store.RoleOwner {
		return gitpodv1.OrganizationRole_ORGANIZATION_ROLE_ADMIN
	}
	return gitpodv1.OrganizationRole_ORGANIZATION_ROLE_MEMBER
}

// userStatus is a member's status as the descriptors' UserStatus.
func userStatus(m *store.OrgMember) gitpodv1.UserStatus {
	switch m.CurrentStatus() {
	case store.StatusSuspended:
		return gitpodv1.UserStatus_USER_STATUS_SUSPENDED
	case store.StatusLeft:
		return gitpodv1.UserStatus_USER_STATUS_LEFT
	default:
		return gitpodv1.UserStatus_USER_STATUS_ACTIVE
	}
}

// providerKind maps OrganizationMember.login_provider's strings onto the
// filter's LoginProviderKind: "custom" is SSO (the pairing the vendor's
// Terraform provider uses, terraform-provider-ona
// internal/provider/user/selector.go). No member signs in by magic link
// in the mock.
func providerKind(p string) gitpodv1.LoginProviderKind {
	switch p {
	case store.ProviderCustom:
		return gitpodv1.LoginProviderKind_LOGIN_PROVIDER_KIND_SSO
	case store.ProviderGitHub:
		return gitpodv1.LoginProviderKind_LOGIN_PROVIDER_KIND_GITHUB
	case store.ProviderGoogle:
		return gitpodv1.LoginProviderKind_LOGIN_PROVIDER_KIND_GOOGLE
	default:
		return gitpodv1.LoginProviderKind_LOGIN_PROVIDER_KIND_UNSPECIFIED
	}
}

// visibleTo reports whether the caller may see a member. Inferred from the
// vendor's Terraform provider ("suspended or departed users can require
// organization-admin access", terraform-provider-ona docs/data-sources/
// user.md): admins see every member, whatever the status; others see
// active members only. The same rule holds for ListMembers and GetUser.
func visibleTo(c *caller, m *store.OrgMember) bool {
	return c.admin() || m.CurrentStatus() == store.StatusActive
}

func (s *service) orgMemberMsg(m *store.OrgMember) *gitpodv1.OrganizationMember {
	out := &gitpodv1.OrganizationMember{
		UserId:        m.UserID,
		Role:          role(m.Role),
		MemberSince:   ts(m.MemberSince),
		Status:        userStatus(m),
		LoginProvider: m.Provider(),
	}
	if u := s.st.User(m.UserID); u != nil {
		out.AvatarUrl = u.AvatarURL
		out.FullName = fullName(u)
		out.Email = u.Email
	}
	return out
}

// fullName is a user's name, or the username when the name is empty (the
// field is required).
func fullName(u *store.User) string {
	if u.Name != "" {
		return u.Name
	}
	return u.Username
}

// GetOrganization returns the caller's organization.
func (s *service) GetOrganization(_ context.Context, req *connect.Request[gitpodv1.GetOrganizationRequest]) (*connect.Response[gitpodv1.GetOrganizationResponse], error) {
	s.st.Mu.Lock()
	defer s.st.Mu.Unlock()
	var v violations
	v.requiredUUID("organization_id", req.Msg.GetOrganizationId())
	c, err := s.enter(req.Header(), read, v.err())
	if err != nil {
		return nil, err
	}
	if err := requireOwnOrg(c, req.Msg.GetOrganizationId()); err != nil {
		return nil, err
	}
	o := c.org
	return connect.NewResponse(&gitpodv1.GetOrganizationResponse{Organization: &gitpodv1.Organization{
		Id:        o.ID,
		Name:      o.Name,
		CreatedAt: ts(o.CreatedAt),
		// The store keeps no update time.
		UpdatedAt: ts(o.CreatedAt),
		Tier:      gitpodv1.OrganizationTier_ORGANIZATION_TIER_ENTERPRISE,
	}}), nil
}

// ListMembers lists the caller's organization's members, those who left
// included (status LEFT), as far as the caller may see them (visibleTo).
// Default order: the caller first, then by full name (case-insensitive);
// with a sort field, by that field alone (ascending unless DESC), as the
// descriptors' comment on sort says.
//
// Filters (all that are set must hold): search is a case-insensitive
// substring of the full name or the e-mail (the descriptors: "search across
// member name and email"; substring as in ListTeams' search is inferred);
// statuses and roles are any-of lists; user_ids at most 25 UUIDs; email is
// the whole address, compared without regard to case (the descriptors'
// comment); login_provider the provider kind; exclude_members_in_any_team
// drops members of any team of the organization. The mock has no groups,
// so exclude_group_ids drops nobody.
// memberMatches applies a ListMembers filter to one member.
func (s *service) memberMatches(c *caller, m *store.OrgMember, u *store.User, f *gitpodv1.ListMembersRequest_Filter) bool {
	search := strings.ToLower(f.GetSearch())
	switch {
	case len(f.GetUserIds()) > 0 && !slices.Contains(f.GetUserIds(), m.UserID),
		search != "" && !strings.Contains(strings.ToLower(fullName(u)), search) && !strings.Contains(strings.ToLower(u.Email), search),
		len(f.GetRoles()) > 0 && !slices.Contains(f.GetRoles(), role(m.Role)),
		len(f.GetStatuses()) > 0 && !slices.Contains(f.GetStatuses(), userStatus(m)),
		f.GetEmail() != "" && !strings.EqualFold(u.Email, f.GetEmail()),
		f.GetLoginProvider() != gitpodv1.LoginProviderKind_LOGIN_PROVIDER_KIND_UNSPECIFIED && providerKind(m.Provider()) != f.GetLoginProvider(),
		f.GetExcludeMembersInAnyTeam() && s.st.TeamOf(c.org.ID, m.UserID) != nil:
		return false
	}
	return true
}

// memberSortKey orders members by the requested field; by default the
// caller comes first, then by name.
func memberSortKey(c *caller, m *store.OrgMember, u *store.User, field gitpodv1.ListMembersRequest_SortField) sortKey {
	switch field {
	case gitpodv1.ListMembersRequest_SORT_FIELD_NAME:
		return sortKey{strings.ToLower(fullName(u)), m.UserID}
	case gitpodv1.ListMembersRequest_SORT_FIELD_DATE_JOINED:
		return sortKey{timeKey(m.MemberSince), m.UserID}
	}
	self := "1"
	if m.UserID == c.UserID {
		self = "0"
	}
	return sortKey{self, strings.ToLower(fullName(u)), m.UserID}
}

func (s *service) ListMembers(_ context.Context, req *connect.Request[gitpodv1.ListMembersRequest]) (*connect.Response[gitpodv1.ListMembersResponse], error) {
	s.st.Mu.Lock()
	defer s.st.Mu.Unlock()
	f := req.Msg.GetFilter()
	var v violations
	v.pagination(req.Msg.GetPagination())
	v.requiredUUID("organization_id", req.Msg.GetOrganizationId())
	v.length("filter.search", f.GetSearch(), 0, maxSearchLen)
	v.uuids("filter.user_ids", f.GetUserIds())
	v.uuids("filter.exclude_group_ids", f.GetExcludeGroupIds())
	v.length("filter.email", f.GetEmail(), 0, maxEmailLen)
	v.defined("filter.login_provider", f.GetLoginProvider())
	c, err := s.enter(req.Header(), read, v.err())
	if err != nil {
		return nil, err
	}
	if err := requireOwnOrg(c, req.Msg.GetOrganizationId()); err != nil {
		return nil, err
	}
	field := req.Msg.GetSort().GetField()
	desc := req.Msg.GetSort().GetOrder() == gitpodv1.SortOrder_SORT_ORDER_DESC
	var cmp func(a, b sortKey) int
	switch field {
	case gitpodv1.ListMembersRequest_SORT_FIELD_NAME, gitpodv1.ListMembersRequest_SORT_FIELD_DATE_JOINED:
		cmp = order(desc, desc)
	default:
		cmp = order()
	}
	var entries []entry[*store.OrgMember]
	for _, m := range c.org.Members {
		u := s.st.User(m.UserID)
		if u == nil || !visibleTo(c, m) || !s.memberMatches(c, m, u, f) {
			continue
		}
		entries = append(entries, entry[*store.OrgMember]{key: memberSortKey(c, m, u, field), item: m})
	}
	sc := scope("ListMembers", c, f, req.Msg.GetSort())
	pg, err := paginate(s.pages, sc, req.Msg.GetPagination(), req.Msg.GetCount().GetInclude(), entries, cmp)
	if err != nil {
		return nil, err
	}
	out := &gitpodv1.ListMembersResponse{Pagination: pg.resp, Count: pg.count}
	for _, m := range pg.items {
		out.Members = append(out.Members, s.orgMemberMsg(m))
	}
	return connect.NewResponse(out), nil
}

// SetRole makes a member an admin or a plain member. The organization
// keeps at least one admin.
func (s *service) SetRole(_ context.Context, req *connect.Request[gitpodv1.SetRoleRequest]) (*connect.Response[gitpodv1.SetRoleResponse], error) {
	s.st.Mu.Lock()
	defer s.st.Mu.Unlock()
	var v violations
	v.requiredUUID("organization_id", req.Msg.GetOrganizationId())
	v.requiredUUID("user_id", req.Msg.GetUserId())
	c, err := s.enter(req.Header(), write, v.err())
	if err != nil {
		return nil, err
	}
	// Inferred: the descriptors put no rule on role, but only ADMIN and
	// MEMBER mean anything; the server refuses anything else.
	r := req.Msg.GetRole()
	if r != gitpodv1.OrganizationRole_ORGANIZATION_ROLE_ADMIN && r != gitpodv1.OrganizationRole_ORGANIZATION_ROLE_MEMBER {
		return nil, connect.NewError(connect.CodeInvalidArgument, fmt.Errorf("role: %s is not a role that can be given; use ORGANIZATION_ROLE_ADMIN or ORGANIZATION_ROLE_MEMBER", r))
	}
	if err := requireOwnOrg(c, req.Msg.GetOrganizationId()); err != nil {
		return nil, err
	}
	if err := requireAdmin(c, "change roles"); err != nil {
		return nil, err
	}
	m := c.org.Member(req.Msg.GetUserId())
	if m == nil {
		return nil, notFound("user_id: user %s is not a member of organization %s", req.Msg.GetUserId(), c.org.ID)
	}
	switch {
	case r == gitpodv1.OrganizationRole_ORGANIZATION_ROLE_ADMIN:
		m.Role = store.RoleOwner
	case m.Role == store.RoleOwner:
		if c.org.Owners() <= 1 {
			return nil, failedPrecondition("user %s is the organization's last admin; make another member an admin first", m.UserID)
		}
		m.Role = store.RoleMember
	default:
		// Already a member (or a collaborator, shown as a member): the
		// role stays as it is.
	}
	return connect.NewResponse(&gitpodv1.SetRoleResponse{}), nil
}
