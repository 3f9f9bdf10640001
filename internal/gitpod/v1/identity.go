package v1

import (
	"context"

	"connectrpc.com/connect"

	gitpodv1 "github.com/gitpod-community/terraform-provider-gitpod/internal/gen/gitpod/v1"
	"github.com/gitpod-community/terraform-provider-gitpod/internal/gitpod"
)

// Whoami implements gitpod.Adapter with GetAuthenticatedIdentity: who the
// token acts as, and in which organization (the user's profile only when
// the identity does not name the organization).
func (a *Adapter) Whoami(ctx context.Context) (gitpod.Identity, error) {
	idr, err := a.identity.GetAuthenticatedIdentity(ctx, connect.NewRequest(&gitpodv1.GetAuthenticatedIdentityRequest{}))
	if err != nil {
		return gitpod.Identity{}, err
	}
	if idr.Msg.GetSubject().GetId() == "" {
		return gitpod.Identity{}, bad("IdentityService/GetAuthenticatedIdentity", "subject id")
	}
	out := gitpod.Identity{UserID: idr.Msg.GetSubject().GetId(), OrganizationID: idr.Msg.GetOrganizationId(),
		Principal: enumName(idr.Msg.GetSubject().GetPrincipal().String(), "PRINCIPAL_")}
	if out.OrganizationID != "" || idr.Msg.GetSubject().GetPrincipal() != gitpodv1.Principal_PRINCIPAL_USER {
		return out, nil
	}
	return a.WhoamiDetails(ctx, out)
}

// WhoamiDetails implements gitpod.IdentityDetails with
// GetAuthenticatedUser: the user's name, email, avatar and creation time.
// A service account has no user profile: its identity is returned as is.
func (a *Adapter) WhoamiDetails(ctx context.Context, id gitpod.Identity) (gitpod.Identity, error) {
	if id.Principal != "" && id.Principal != "user" {
		return id, nil
	}
	ur, err := a.users.GetAuthenticatedUser(ctx, connect.NewRequest(&gitpodv1.GetAuthenticatedUserRequest{}))
	if err != nil {
		return gitpod.Identity{}, err
	}
	u := ur.Msg.GetUser()
	id.Name, id.Email, id.AvatarURL, id.CreatedAt = u.GetName(), u.GetEmail(), u.GetAvatarUrl(), timeOf(u.GetCreatedAt())
	if id.OrganizationID == "" {
		id.OrganizationID = u.GetOrganizationId()
	}
	return id, nil
}
