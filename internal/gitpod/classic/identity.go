package classic

import (
	"context"

	"connectrpc.com/connect"

	expv1 "github.com/gitpod-community/terraform-provider-gitpod/internal/gen/gitpod/experimental/v1"
	"github.com/gitpod-community/terraform-provider-gitpod/internal/gitpod"
)

// Whoami implements gitpod.Adapter.
func (a *Adapter) Whoami(ctx context.Context) (gitpod.Identity, error) {
	resp, err := a.users.GetAuthenticatedUser(ctx, connect.NewRequest(&expv1.GetAuthenticatedUserRequest{}))
	if err != nil {
		return gitpod.Identity{}, err
	}
	u := resp.Msg.GetUser()
	if u.GetId() == "" {
		return gitpod.Identity{}, bad("UserService/GetAuthenticatedUser", "user id")
	}
	return gitpod.Identity{UserID: u.GetId(), Name: u.GetName(), AvatarURL: u.GetAvatarUrl(), CreatedAt: timeOf(u.GetCreatedAt()), Principal: "user"}, nil
}
