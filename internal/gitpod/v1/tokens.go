package v1

import (
	"context"
	"strings"
	"time"

	"connectrpc.com/connect"
	"google.golang.org/protobuf/types/known/durationpb"

	gitpodv1 "github.com/gitpod-community/terraform-provider-gitpod/internal/gen/gitpod/v1"
	"github.com/gitpod-community/terraform-provider-gitpod/internal/gitpod"
)

func tokenFrom(procedure string, t *gitpodv1.PersonalAccessToken) (gitpod.Token, error) {
	if t.GetId() == "" {
		return gitpod.Token{}, bad(procedure, "token id")
	}
	return gitpod.Token{
		ID:               t.GetId(),
		UserID:           t.GetUserId(),
		Name:             t.GetDescription(),
		ReadOnly:         t.GetReadOnly(),
		ExpiresAt:        timeOf(t.GetExpiresAt()),
		CreatedAt:        timeOf(t.GetCreatedAt()),
		LastUsed:         timeOf(t.GetLastUsed()),
		CreatorID:        t.GetCreator().GetId(),
		CreatorPrincipal: strings.ToLower(strings.TrimPrefix(t.GetCreator().GetPrincipal().String(), "PRINCIPAL_")),
	}, nil
}

// CreateToken implements gitpod.Tokens. The answer holds the value and
// nothing else: the returned Token has no ID (Client finds it).
func (a *Adapter) CreateToken(ctx context.Context, userID string, spec gitpod.TokenSpec) (gitpod.Token, string, error) {
	validFor := spec.ValidFor
	if validFor <= 0 && !spec.ExpiresAt.IsZero() {
		validFor = time.Until(spec.ExpiresAt).Round(time.Second)
	}
	req := &gitpodv1.CreatePersonalAccessTokenRequest{UserId: userID, Description: spec.Name, ReadOnly: spec.ReadOnly}
	if validFor > 0 {
		req.ValidFor = durationpb.New(validFor)
	}
	resp, err := a.users.CreatePersonalAccessToken(ctx, connect.NewRequest(req))
	if err != nil {
		return gitpod.Token{}, "", err
	}
	if resp.Msg.GetToken() == "" {
		return gitpod.Token{}, "", bad("UserService/CreatePersonalAccessToken", "token value")
	}
	return gitpod.Token{UserID: userID, Name: spec.Name, ReadOnly: spec.ReadOnly}, resp.Msg.GetToken(), nil
}

// GetToken implements gitpod.Tokens.
func (a *Adapter) GetToken(ctx context.Context, id string) (gitpod.Token, error) {
	resp, err := a.users.GetPersonalAccessToken(ctx, connect.NewRequest(&gitpodv1.GetPersonalAccessTokenRequest{PersonalAccessTokenId: id}))
	if err != nil {
		return gitpod.Token{}, err
	}
	return tokenFrom("UserService/GetPersonalAccessToken", resp.Msg.GetPat())
}

// ListTokens implements gitpod.Tokens: the tokens of userIDs, every page,
// at most MaxFilterIDs users per call.
func (a *Adapter) ListTokens(ctx context.Context, userIDs []string) ([]gitpod.Token, error) {
	var out []gitpod.Token
	for start := 0; start < len(userIDs) || start == 0; start += MaxFilterIDs {
		var batch []string
		if len(userIDs) > 0 {
			batch = userIDs[start:min(start+MaxFilterIDs, len(userIDs))]
		}
		p := pager{procedure: "UserService/ListPersonalAccessTokens"}
		for {
			req := &gitpodv1.ListPersonalAccessTokensRequest{Pagination: p.request()}
			if len(batch) > 0 {
				req.Filter = &gitpodv1.ListPersonalAccessTokensRequest_Filter{UserIds: batch}
			}
			resp, err := a.users.ListPersonalAccessTokens(ctx, connect.NewRequest(req))
			if err != nil {
				return nil, err
			}
			for _, t := range resp.Msg.GetPersonalAccessTokens() {
				tt, err := tokenFrom(p.procedure, t)
				if err != nil {
					return nil, err
				}
				out = append(out, tt)
			}
			more, err := p.next(resp.Msg.GetPagination(), resp.Msg, len(resp.Msg.GetPersonalAccessTokens()))
			if err != nil {
				return nil, err
			}
			if !more {
				break
			}
		}
		if len(userIDs) == 0 {
			break
		}
	}
	return out, nil
}

// DeleteToken implements gitpod.Tokens.
func (a *Adapter) DeleteToken(ctx context.Context, id string) error {
	_, err := a.users.DeletePersonalAccessToken(ctx, connect.NewRequest(&gitpodv1.DeletePersonalAccessTokenRequest{PersonalAccessTokenId: id}))
	return err
}
