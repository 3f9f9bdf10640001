package mockapi

import (
	"context"

	"connectrpc.com/connect"

	gitpodv1 "github.com/gitpod-community/terraform-provider-gitpod/internal/api/gen/gitpod/experimental/v1"
)

type userService struct{ s *Server }

func (us userService) GetAuthenticatedUser(ctx context.Context, _ *connect.Request[gitpodv1.GetAuthenticatedUserRequest]) (*connect.Response[gitpodv1.GetAuthenticatedUserResponse], error) {
	s := us.s
	s.mu.Lock()
	defer s.mu.Unlock()
	u := s.users[callerOf(ctx)]
	return connect.NewResponse(&gitpodv1.GetAuthenticatedUserResponse{User: &gitpodv1.User{Id: u.ID, Name: u.Name, AvatarUrl: u.AvatarURL}}), nil
}
