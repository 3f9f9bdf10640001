package v1

import (
	"context"
	"strings"
	"time"

	"connectrpc.com/connect"
	"google.golang.org/protobuf/types/known/durationpb"
	"google.golang.org/protobuf/types/known/timestamppb"

	gitpodv1 "github.com/gitpod-community/terraform-provider-gitpod/internal/gen/gitpod/v1"
	"github.com/gitpod-community/terraform-provider-gitpod/internal/gitpod"
	"github.com/gitpod-community/terraform-provider-gitpod/internal/transport"
)

// MaxServiceAccountTokenValidity is the longest valid_for a service
// account token may ask for (the descriptor's 2524608000s, 80 years); the
// server caps it to the account's valid_until anyway.
const MaxServiceAccountTokenValidity = 2524608000 * time.Second

// ServiceAccountAccessTokenLifetime is how long a token from
// CreateServiceAccountAccessToken works (the descriptor: 30 minutes).
const ServiceAccountAccessTokenLifetime = 30 * time.Minute

// ServiceAccountTraits implements gitpod.ServiceAccounts.
func (a *Adapter) ServiceAccountTraits() gitpod.ServiceAccountTraits {
	return gitpod.ServiceAccountTraits{TokenMaxValidity: MaxServiceAccountTokenValidity, AccessTokenLifetime: ServiceAccountAccessTokenLifetime}
}

func serviceAccountFrom(procedure string, s *gitpodv1.ServiceAccount) (gitpod.ServiceAccount, error) {
	if s.GetId() == "" {
		return gitpod.ServiceAccount{}, bad(procedure, "service account id")
	}
	if s.GetValidUntil() == nil {
		return gitpod.ServiceAccount{}, bad(procedure, "service account valid_until")
	}
	return gitpod.ServiceAccount{
		ID:             s.GetId(),
		OrganizationID: s.GetOrganizationId(),
		Name:           s.GetName(),
		Description:    s.GetDescription(),
		CreatorID:      s.GetCreator().GetId(),
		CreatedAt:      timeOf(s.GetCreatedAt()),
		ValidUntil:     timeOf(s.GetValidUntil()),
		Suspended:      s.GetSuspended(),
		SystemManaged:  s.GetSystemManaged(),
	}, nil
}

func serviceAccountTokenFrom(procedure string, t *gitpodv1.ServiceAccountToken) (gitpod.ServiceAccountToken, error) {
	if t.GetId() == "" {
		return gitpod.ServiceAccountToken{}, bad(procedure, "service account token id")
	}
	return gitpod.ServiceAccountToken{
		ID:               t.GetId(),
		ServiceAccountID: t.GetServiceAccountId(),
		Description:      t.GetDescription(),
		CreatorID:        t.GetCreator().GetId(),
		CreatorPrincipal: strings.ToLower(strings.TrimPrefix(t.GetCreator().GetPrincipal().String(), "PRINCIPAL_")),
		CreatedAt:        timeOf(t.GetCreatedAt()),
		ExpiresAt:        timeOf(t.GetExpiresAt()),
		LastUsed:         timeOf(t.GetLastUsed()),
	}, nil
}

// CreateServiceAccount implements gitpod.ServiceAccounts: the account is
// made in the caller's organization (the request names none).
func (a *Adapter) CreateServiceAccount(ctx context.Context, spec gitpod.ServiceAccountSpec) (gitpod.ServiceAccount, error) {
	resp, err := a.serviceAccounts.CreateServiceAccount(ctx, connect.NewRequest(&gitpodv1.CreateServiceAccountRequest{
		Name: spec.Name, Description: spec.Description, ValidUntil: timestamppb.New(spec.ValidUntil),
	}))
	if err != nil {
		return gitpod.ServiceAccount{}, err
	}
	return serviceAccountFrom("ServiceAccountService/CreateServiceAccount", resp.Msg.GetServiceAccount())
}

// GetServiceAccount implements gitpod.ServiceAccounts.
func (a *Adapter) GetServiceAccount(ctx context.Context, id string) (gitpod.ServiceAccount, error) {
	resp, err := a.serviceAccounts.GetServiceAccount(ctx, connect.NewRequest(&gitpodv1.GetServiceAccountRequest{ServiceAccountId: id}))
	if err != nil {
		return gitpod.ServiceAccount{}, err
	}
	return serviceAccountFrom("ServiceAccountService/GetServiceAccount", resp.Msg.GetServiceAccount())
}

// ListServiceAccounts implements gitpod.ServiceAccounts: every page, at
// most MaxFilterIDs ids per call.
func (a *Adapter) ListServiceAccounts(ctx context.Context, f gitpod.ServiceAccountFilter) ([]gitpod.ServiceAccount, error) {
	var out []gitpod.ServiceAccount
	for start := 0; start < len(f.IDs) || start == 0; start += MaxFilterIDs {
		filter := &gitpodv1.ListServiceAccountsRequest_Filter{IncludeSuspended: f.IncludeSuspended, Search: f.Search}
		if len(f.IDs) > 0 {
			filter.ServiceAccountIds = f.IDs[start:min(start+MaxFilterIDs, len(f.IDs))]
		}
		p := pager{procedure: "ServiceAccountService/ListServiceAccounts"}
		for {
			resp, err := a.serviceAccounts.ListServiceAccounts(ctx, connect.NewRequest(&gitpodv1.ListServiceAccountsRequest{Pagination: p.request(), Filter: filter}))
			if err != nil {
				return nil, err
			}
			for _, s := range resp.Msg.GetServiceAccounts() {
				sa, err := serviceAccountFrom(p.procedure, s)
				if err != nil {
					return nil, err
				}
				out = append(out, sa)
			}
			more, err := p.next(resp.Msg.GetPagination(), resp.Msg, len(resp.Msg.GetServiceAccounts()))
			if err != nil {
				return nil, err
			}
			if !more {
				break
			}
		}
		if len(f.IDs) == 0 {
			break
		}
	}
	return out, nil
}

// UpdateServiceAccount implements gitpod.ServiceAccounts.
func (a *Adapter) UpdateServiceAccount(ctx context.Context, id string, name, description *string) (gitpod.ServiceAccount, error) {
	resp, err := a.serviceAccounts.UpdateServiceAccount(ctx, connect.NewRequest(&gitpodv1.UpdateServiceAccountRequest{
		ServiceAccountId: id, Name: name, Description: description,
	}))
	if err != nil {
		return gitpod.ServiceAccount{}, err
	}
	return serviceAccountFrom("ServiceAccountService/UpdateServiceAccount", resp.Msg.GetServiceAccount())
}

// DeleteServiceAccount implements gitpod.ServiceAccounts.
func (a *Adapter) DeleteServiceAccount(ctx context.Context, id string) error {
	_, err := a.serviceAccounts.DeleteServiceAccount(ctx, connect.NewRequest(&gitpodv1.DeleteServiceAccountRequest{ServiceAccountId: id}))
	return err
}

// ImpersonateServiceAccount implements gitpod.ServiceAccounts with
// CreateServiceAccountAccessToken. The value is checked like the
// provider's own token before it is ever sent: a value that is no single
// printable word is a bad answer (the check's message never quotes it).
func (a *Adapter) ImpersonateServiceAccount(ctx context.Context, id string) (gitpod.AccessToken, error) {
	const procedure = "ServiceAccountService/CreateServiceAccountAccessToken"
	resp, err := a.serviceAccounts.CreateServiceAccountAccessToken(ctx, connect.NewRequest(&gitpodv1.CreateServiceAccountAccessTokenRequest{ServiceAccountId: id}))
	if err != nil {
		return gitpod.AccessToken{}, err
	}
	if err := transport.ValidateToken(resp.Msg.GetToken()); err != nil {
		return gitpod.AccessToken{}, &transport.BadAnswerError{Procedure: procedure, Problem: "gave an access token that cannot be used: " + err.Error()}
	}
	return gitpod.NewAccessToken(resp.Msg.GetToken()), nil
}

// as is ctx for a call that acts as the account of an access token.
func as(ctx context.Context, t gitpod.AccessToken) context.Context {
	return transport.WithBearer(ctx, t.Reveal())
}

// CreateServiceAccountToken implements gitpod.ServiceAccounts: the answer
// carries the value and the token's metadata. A validity of zero asks for
// none (the server then makes the token live as long as its account).
func (a *Adapter) CreateServiceAccountToken(ctx context.Context, at gitpod.AccessToken, spec gitpod.ServiceAccountTokenSpec) (gitpod.ServiceAccountToken, string, error) {
	const procedure = "ServiceAccountService/CreateServiceAccountToken"
	req := &gitpodv1.CreateServiceAccountTokenRequest{Description: spec.Description}
	if spec.ValidFor > 0 {
		req.ValidFor = durationpb.New(spec.ValidFor)
	}
	resp, err := a.serviceAccounts.CreateServiceAccountToken(as(ctx, at), connect.NewRequest(req))
	if err != nil {
		return gitpod.ServiceAccountToken{}, "", err
	}
	if resp.Msg.GetToken() == "" {
		return gitpod.ServiceAccountToken{}, "", bad(procedure, "token value")
	}
	if resp.Msg.GetServiceAccountToken() == nil {
		// The value without its metadata: the client finds the token by
		// listing.
		return gitpod.ServiceAccountToken{Description: spec.Description}, resp.Msg.GetToken(), nil
	}
	t, err := serviceAccountTokenFrom(procedure, resp.Msg.GetServiceAccountToken())
	if err != nil {
		return gitpod.ServiceAccountToken{}, "", err
	}
	return t, resp.Msg.GetToken(), nil
}

// ListServiceAccountTokens implements gitpod.ServiceAccounts.
func (a *Adapter) ListServiceAccountTokens(ctx context.Context, at gitpod.AccessToken) ([]gitpod.ServiceAccountToken, error) {
	var out []gitpod.ServiceAccountToken
	p := pager{procedure: "ServiceAccountService/ListServiceAccountTokens"}
	for {
		resp, err := a.serviceAccounts.ListServiceAccountTokens(as(ctx, at), connect.NewRequest(&gitpodv1.ListServiceAccountTokensRequest{Pagination: p.request()}))
		if err != nil {
			return nil, err
		}
		for _, t := range resp.Msg.GetTokens() {
			tt, err := serviceAccountTokenFrom(p.procedure, t)
			if err != nil {
				return nil, err
			}
			out = append(out, tt)
		}
		more, err := p.next(resp.Msg.GetPagination(), resp.Msg, len(resp.Msg.GetTokens()))
		if err != nil || !more {
			return out, err
		}
	}
}

// GetServiceAccountToken implements gitpod.ServiceAccounts.
func (a *Adapter) GetServiceAccountToken(ctx context.Context, at gitpod.AccessToken, id string) (gitpod.ServiceAccountToken, error) {
	resp, err := a.serviceAccounts.GetServiceAccountToken(as(ctx, at), connect.NewRequest(&gitpodv1.GetServiceAccountTokenRequest{ServiceAccountTokenId: id}))
	if err != nil {
		return gitpod.ServiceAccountToken{}, err
	}
	return serviceAccountTokenFrom("ServiceAccountService/GetServiceAccountToken", resp.Msg.GetToken())
}

// DeleteServiceAccountToken implements gitpod.ServiceAccounts.
func (a *Adapter) DeleteServiceAccountToken(ctx context.Context, at gitpod.AccessToken, id string) error {
	_, err := a.serviceAccounts.DeleteServiceAccountToken(as(ctx, at), connect.NewRequest(&gitpodv1.DeleteServiceAccountTokenRequest{ServiceAccountTokenId: id}))
	return err
}
