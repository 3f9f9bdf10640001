package classic

import (
	"context"
	"time"

	"google.golang.org/protobuf/proto"

	"connectrpc.com/connect"
	"google.golang.org/protobuf/types/known/fieldmaskpb"
	"google.golang.org/protobuf/types/known/timestamppb"

	expv1 "github.com/gitpod-community/terraform-provider-gitpod/internal/gen/gitpod/experimental/v1"
	"github.com/gitpod-community/terraform-provider-gitpod/internal/gitpod"
)

func tokenFrom(procedure string, t *expv1.PersonalAccessToken) (gitpod.Token, error) {
	if t.GetId() == "" {
		return gitpod.Token{}, bad(procedure, "token id")
	}
	return gitpod.Token{
		ID:        t.GetId(),
		Name:      t.GetName(),
		Scopes:    append([]string(nil), t.GetScopes()...),
		ExpiresAt: timeOf(t.GetExpirationTime()),
		CreatedAt: timeOf(t.GetCreatedAt()),
	}, nil
}

// CreateToken implements gitpod.Tokens. Classic accepts only no scopes
// (no access) or the full-access pair; tokens are always made full-access.
func (a *Adapter) CreateToken(ctx context.Context, _ string, spec gitpod.TokenSpec) (gitpod.Token, string, error) {
	resp, err := a.tokens.CreatePersonalAccessToken(ctx, connect.NewRequest(&expv1.CreatePersonalAccessTokenRequest{Token: &expv1.PersonalAccessToken{
		Name:           spec.Name,
		ExpirationTime: timestamppb.New(spec.ExpiresAt),
		Scopes:         append([]string(nil), gitpod.FullAccessScopes...),
	}}))
	if err != nil {
		return gitpod.Token{}, "", err
	}
	t, err := tokenFrom("TokensService/CreatePersonalAccessToken", resp.Msg.GetToken())
	if err != nil {
		return gitpod.Token{}, "", err
	}
	if resp.Msg.GetToken().GetValue() == "" {
		return gitpod.Token{}, "", bad("TokensService/CreatePersonalAccessToken", "token value")
	}
	return t, resp.Msg.GetToken().GetValue(), nil
}

// GetToken implements gitpod.Tokens.
func (a *Adapter) GetToken(ctx context.Context, id string) (gitpod.Token, error) {
	resp, err := a.tokens.GetPersonalAccessToken(ctx, connect.NewRequest(&expv1.GetPersonalAccessTokenRequest{Id: id}))
	if err != nil {
		return gitpod.Token{}, err
	}
	return tokenFrom("TokensService/GetPersonalAccessToken", resp.Msg.GetToken())
}

// ListTokens implements gitpod.Tokens: the caller's tokens, in pages of 100, numbered from 1,
// until total_results tokens arrived or a page is short.
func (a *Adapter) ListTokens(ctx context.Context, _ []string) ([]gitpod.Token, error) {
	var out []gitpod.Token
	seen := map[string]bool{}
	tally := gitpod.ListTally{Procedure: "TokensService/ListPersonalAccessTokens", Bounds: listBounds}
	for page := int32(1); ; page++ {
		resp, err := a.tokens.ListPersonalAccessTokens(ctx, connect.NewRequest(&expv1.ListPersonalAccessTokensRequest{
			Pagination: &expv1.Pagination{PageSize: PageSize, Page: page},
		}))
		if err != nil {
			return nil, err
		}
		fresh := 0
		for _, t := range resp.Msg.GetTokens() {
			tt, err := tokenFrom("TokensService/ListPersonalAccessTokens", t)
			if err != nil {
				return nil, err
			}
			if seen[tt.ID] {
				continue
			}
			seen[tt.ID] = true
			fresh++
			out = append(out, tt)
		}
		total := resp.Msg.GetTotalResults()
		last := len(resp.Msg.GetTokens()) < PageSize || fresh == 0 || (total > 0 && int64(len(out)) >= total)
		if err := tally.Add(fresh, proto.Size(resp.Msg), !last); err != nil {
			return nil, err
		}
		if last {
			return out, nil
		}
	}
}

// RenameToken implements gitpod.TokenRenamer. The mask names scopes too, so
// the token stays (or becomes) full-access.
func (a *Adapter) RenameToken(ctx context.Context, id, name string) (gitpod.Token, error) {
	resp, err := a.tokens.UpdatePersonalAccessToken(ctx, connect.NewRequest(&expv1.UpdatePersonalAccessTokenRequest{
		Token:      &expv1.PersonalAccessToken{Id: id, Name: name, Scopes: append([]string(nil), gitpod.FullAccessScopes...)},
		UpdateMask: &fieldmaskpb.FieldMask{Paths: []string{"name", "scopes"}},
	}))
	if err != nil {
		return gitpod.Token{}, err
	}
	return tokenFrom("TokensService/UpdatePersonalAccessToken", resp.Msg.GetToken())
}

// RegenerateToken implements gitpod.TokenRegenerator.
func (a *Adapter) RegenerateToken(ctx context.Context, id string, expires time.Time) (gitpod.Token, string, error) {
	resp, err := a.tokens.RegeneratePersonalAccessToken(ctx, connect.NewRequest(&expv1.RegeneratePersonalAccessTokenRequest{Id: id, ExpirationTime: timestamppb.New(expires)}))
	if err != nil {
		return gitpod.Token{}, "", err
	}
	t, err := tokenFrom("TokensService/RegeneratePersonalAccessToken", resp.Msg.GetToken())
	if err != nil {
		return gitpod.Token{}, "", err
	}
	if resp.Msg.GetToken().GetValue() == "" {
		return gitpod.Token{}, "", bad("TokensService/RegeneratePersonalAccessToken", "token value")
	}
	return t, resp.Msg.GetToken().GetValue(), nil
}

// DeleteToken implements gitpod.Tokens.
func (a *Adapter) DeleteToken(ctx context.Context, id string) error {
	_, err := a.tokens.DeletePersonalAccessToken(ctx, connect.NewRequest(&expv1.DeletePersonalAccessTokenRequest{Id: id}))
	return err
}
