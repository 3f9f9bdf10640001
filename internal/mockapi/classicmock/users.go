package classicmock

import (
	"cmp"
	"context"

	"connectrpc.com/connect"
	"google.golang.org/protobuf/types/known/timestamppb"

	v1 "github.com/gitpod-community/terraform-provider-gitpod/internal/gen/gitpod/experimental/v1"
)

// users is UserService.
//
// What a Classic caller can see of other users, as in the real server
// (gitpod-io/gitpod): UserService only describes the caller itself
// (GetAuthenticatedUser: id, name, avatar, creation time, no e-mail;
// public-api-server pkg/apiv1/user.go userToAPIResponse). Other users
// appear only as members of the teams (organizations) the caller belongs
// to, through TeamsService GetTeam, ListTeams and ListTeamMembers, each
// with name, avatar, role, join time and primary e-mail
// (pkg/apiv1/team.go teamMembersToAPIResponse, from the server's
// getTeamMembers, components/server/src/workspace/gitpod-server-impl.ts,
// which calls OrganizationService.listMembers,
// components/server/src/orgs/organization-service.ts, filling
// primaryEmail for every member). That listing needs the permission
// read_members = member + owner (components/spicedb/schema/schema.yaml):
// plain members see their team mates like owners do; collaborators are
// refused (permission_denied), and a team the caller is not in is not
// found (guardTeamOperation, resource-access.ts "team"/"get"). The mock
// does the same (teams.go: guardTeam, memberMessages).
type users struct{ *base }

// GetAuthenticatedUser describes the caller: the username as name (the
// full name when there is none), never the email.
func (s *users) GetAuthenticatedUser(ctx context.Context, _ *connect.Request[v1.GetAuthenticatedUserRequest]) (*connect.Response[v1.GetAuthenticatedUserResponse], error) {
	s.st.Mu.Lock()
	defer s.st.Mu.Unlock()
	p, err := s.caller(ctx)
	if err != nil {
		return nil, err
	}
	u := s.st.User(p.UserID)
	return connect.NewResponse(&v1.GetAuthenticatedUserResponse{User: &v1.User{
		Id:        u.ID,
		Name:      cmp.Or(u.Username, u.Name),
		AvatarUrl: u.AvatarURL,
		CreatedAt: timestamppb.New(u.CreatedAt),
	}}), nil
}
