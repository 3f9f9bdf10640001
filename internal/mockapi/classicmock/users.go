package classicmock

import (
	"cmp"
	"context"

	"connectrpc.com/connect"
	"google.golang.org/protobuf/types/known/timestamppb"

	v1 "github.com/gitpod-community/terraform-provider-gitpod/internal/gen/gitpod/experimental/v1"
)

// users is UserService.
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
