package v1

import (
	"context"

	"connectrpc.com/connect"

	gitpodv1 "github.com/gitpod-community/terraform-provider-gitpod/internal/gen/gitpod/v1"
	"github.com/gitpod-community/terraform-provider-gitpod/internal/gitpod"
)

// Whoami implements gitpod.Adapter.
func (a *Adapter) Whoami(ctx context.Context) (gitpod.Identity, error) {
	idr, err := a.identity.GetAuthenticatedIdentity(ctx, connect.NewRequest(&gitpodv1.GetAuthenticatedIdentityRequest{}))
	if err != nil {
		return gitpod.Identity{}, err
	}
	if idr.Msg.GetSubject().GetId() == "" {
		return gitpod.Identity{}, bad("IdentityService/GetAuthenticatedIdentity", "subject id")
	}
	out := gitpod.Identity{UserID: idr.Msg.GetSubject().GetId(), OrganizationID: idr.Msg.GetOrganizationId()}
	if idr.Msg.GetSubject().GetPrincipal() != gitpodv1.Principal_PRINCIPAL_USER {
		return out, nil
	}
	ur, err := a.users.GetAuthenticatedUser(ctx, connect.NewRequest(&gitpodv1.GetAuthenticatedUserRequest{}))
	if err != nil {
		return gitpod.Identity{}, err
	}
	u := ur.Msg.GetUser()
	out.Name, out.Email, out.AvatarURL, out.CreatedAt = u.GetName(), u.GetEmail(), u.GetAvatarUrl(), timeOf(u.GetCreatedAt())
	if out.OrganizationID == "" {
		out.OrganizationID = u.GetOrganizationId()
	}
	return out, nil
}
