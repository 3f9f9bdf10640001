package v1

import (
	"context"
	"strings"

	"connectrpc.com/connect"

	gitpodv1 "github.com/gitpod-community/terraform-provider-gitpod/internal/gen/gitpod/v1"
	"github.com/gitpod-community/terraform-provider-gitpod/internal/gitpod"
)

// Profiles implements gitpod.OrganizationMembers: OrganizationService/ListMembers, at
// most MaxFilterIDs user ids per call.
func (a *Adapter) Profiles(ctx context.Context, orgID string, userIDs []string) (map[string]gitpod.Profile, error) {
	out := make(map[string]gitpod.Profile, len(userIDs))
	for start := 0; start < len(userIDs); start += MaxFilterIDs {
		batch := userIDs[start:min(start+MaxFilterIDs, len(userIDs))]
		p := pager{procedure: "OrganizationService/ListMembers"}
		for {
			resp, err := a.organizations.ListMembers(ctx, connect.NewRequest(&gitpodv1.ListMembersRequest{
				Pagination:     p.request(),
				OrganizationId: orgID,
				Filter:         &gitpodv1.ListMembersRequest_Filter{UserIds: batch},
			}))
			if err != nil {
				return nil, err
			}
			for _, m := range resp.Msg.GetMembers() {
				out[m.GetUserId()] = gitpod.Profile{
					UserID:    m.GetUserId(),
					FullName:  m.GetFullName(),
					Email:     m.GetEmail(),
					AvatarURL: m.GetAvatarUrl(),
					Role:      strings.ToLower(strings.TrimPrefix(m.GetRole().String(), "ORGANIZATION_ROLE_")),
				}
			}
			more, err := p.next(resp.Msg.GetPagination(), resp.Msg, len(resp.Msg.GetMembers()))
			if err != nil {
				return nil, err
			}
			if !more {
				break
			}
		}
	}
	return out, nil
}
