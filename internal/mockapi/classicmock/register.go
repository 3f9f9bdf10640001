// Package classicmock serves Gitpod Classic's API (gitpod.experimental.v1)
// from the mock's store, with the real server's rules.
//
// The real server is two programs: a Go front end that checks the
// arguments it can check on its own, and a server behind it that verifies
// the token and applies everything else. This package keeps that order:
//
//  1. A request without any Bearer token is refused (unauthenticated)
//     before anything else, by an interceptor.
//  2. The handler checks the arguments the Go front end checks (ids,
//     names, scopes, expiry, masks, roles, page sizes).
//  3. Only then is the token verified: unknown or expired tokens are
//     unauthenticated, a Classic token without scopes is refused
//     everything (permission_denied).
//  4. The rules of the server behind (permissions, team name length,
//     member ids, ...) come last.
package classicmock

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"connectrpc.com/connect"

	"github.com/gitpod-community/terraform-provider-gitpod/internal/gen/gitpod/experimental/v1/experimentalv1connect"
	"github.com/gitpod-community/terraform-provider-gitpod/internal/mockapi/store"
)

// Register mounts the Classic services on mux at /gitpod.experimental.v1.*.
func Register(mux *http.ServeMux, st *store.Store) {
	b := &base{st: st}
	opts := connect.WithInterceptors(requireBearer())
	mux.Handle(experimentalv1connect.NewTeamsServiceHandler(&teams{b}, opts))
	mux.Handle(experimentalv1connect.NewTokensServiceHandler(&tokens{b}, opts))
	mux.Handle(experimentalv1connect.NewUserServiceHandler(&users{b}, opts))
	mux.Handle(experimentalv1connect.NewWorkspacesServiceHandler(&workspaces{b}, opts))
}

// base is what every service shares: the store.
type base struct{ st *store.Store }

type bearerKey struct{}

// bearerToken reads "Authorization: Bearer <token>" the way the real
// server does: the header is trimmed and must start with "Bearer ".
func bearerToken(h http.Header) (string, bool) {
	v := strings.TrimSpace(h.Get("Authorization"))
	tok, ok := strings.CutPrefix(v, "Bearer ")
	return tok, ok
}

// requireBearer refuses calls that carry no Bearer token at all, before
// the handler looks at the arguments, and hands the token on.
func requireBearer() connect.UnaryInterceptorFunc {
	return func(next connect.UnaryFunc) connect.UnaryFunc {
		return func(ctx context.Context, req connect.AnyRequest) (connect.AnyResponse, error) {
			tok, ok := bearerToken(req.Header())
			if !ok {
				return nil, connect.NewError(connect.CodeUnauthenticated, errors.New("the request carries no Bearer token"))
			}
			return next(context.WithValue(ctx, bearerKey{}, tok), req)
		}
	}
}

// caller verifies the request's token and returns who it acts as. Mu held.
func (b *base) caller(ctx context.Context) (store.Principal, error) {
	tok, _ := ctx.Value(bearerKey{}).(string)
	p, err := b.st.Authenticate(tok)
	if err != nil {
		return store.Principal{}, connect.NewError(connect.CodeUnauthenticated, err)
	}
	if b.st.User(p.UserID) == nil {
		return store.Principal{}, connect.NewError(connect.CodeUnauthenticated, errors.New("the token's user no longer exists"))
	}
	if t := p.Token; t != nil && t.Generation == store.Classic && len(t.Scopes) == 0 {
		return store.Principal{}, connect.NewError(connect.CodePermissionDenied, errors.New("a token without scopes may not call any method"))
	}
	return p, nil
}

func errorf(code connect.Code, format string, a ...any) error {
	return connect.NewError(code, fmt.Errorf(format, a...))
}
