package v1

import (
	"context"
	"strings"

	"connectrpc.com/connect"
	"google.golang.org/protobuf/proto"

	gitpodv1 "github.com/gitpod-community/terraform-provider-gitpod/internal/gen/gitpod/v1"
	"github.com/gitpod-community/terraform-provider-gitpod/internal/gitpod"
)

// ListMembers implements gitpod.OrganizationMembers with
// OrganizationService/ListMembers: every page, the filter applied by the
// server, at most MaxFilterIDs user IDs per call.
func (a *Adapter) ListMembers(ctx context.Context, orgID string, f gitpod.UserFilter) ([]gitpod.User, error) {
	filter := &gitpodv1.ListMembersRequest_Filter{Search: f.Search, ExcludeMembersInAnyTeam: f.ExcludeMembersInAnyTeam}
	for _, r := range f.Roles {
		filter.Roles = append(filter.Roles, gitpodv1.OrganizationRole(gitpodv1.OrganizationRole_value["ORGANIZATION_ROLE_"+strings.ToUpper(r)]))
	}
	for _, s := range f.Statuses {
		filter.Statuses = append(filter.Statuses, gitpodv1.UserStatus(gitpodv1.UserStatus_value["USER_STATUS_"+strings.ToUpper(s)]))
	}
	if len(f.UserIDs) == 0 {
		return a.listMembers(ctx, orgID, filter)
	}
	var out []gitpod.User
	for start := 0; start < len(f.UserIDs); start += MaxFilterIDs {
		batch, _ := proto.Clone(filter).(*gitpodv1.ListMembersRequest_Filter)
		batch.UserIds = f.UserIDs[start:min(start+MaxFilterIDs, len(f.UserIDs))]
		us, err := a.listMembers(ctx, orgID, batch)
		if err != nil {
			return nil, err
		}
		out = append(out, us...)
	}
	return out, nil
}

func (a *Adapter) listMembers(ctx context.Context, orgID string, filter *gitpodv1.ListMembersRequest_Filter) ([]gitpod.User, error) {
	var out []gitpod.User
	p := pager{procedure: "OrganizationService/ListMembers"}
	for {
		resp, err := a.organizations.ListMembers(ctx, connect.NewRequest(&gitpodv1.ListMembersRequest{
			Pagination:     p.request(),
			OrganizationId: orgID,
			Filter:         filter,
		}))
		if err != nil {
			return nil, err
		}
		for _, m := range resp.Msg.GetMembers() {
			if m.GetUserId() == "" {
				return nil, bad(p.procedure, "member user id")
			}
			out = append(out, userFrom(m))
		}
		more, err := p.next(resp.Msg.GetPagination(), resp.Msg, len(resp.Msg.GetMembers()))
		if err != nil || !more {
			return out, err
		}
	}
}

func userFrom(m *gitpodv1.OrganizationMember) gitpod.User {
	return gitpod.User{
		ID:            m.GetUserId(),
		Email:         m.GetEmail(),
		FullName:      m.GetFullName(),
		AvatarURL:     m.GetAvatarUrl(),
		Role:          enumName(m.GetRole().String(), "ORGANIZATION_ROLE_"),
		Status:        enumName(m.GetStatus().String(), "USER_STATUS_"),
		LoginProvider: m.GetLoginProvider(),
		MemberSince:   timeOf(m.GetMemberSince()),
	}
}

// enumName is an enum value's name without its prefix, in lower case; ""
// for the unspecified value.
func enumName(name, prefix string) string {
	s := strings.ToLower(strings.TrimPrefix(name, prefix))
	if s == "unspecified" {
		return ""
	}
	return s
}
