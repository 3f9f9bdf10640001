package v1mock

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"connectrpc.com/connect"

	"github.com/gitpod-community/terraform-provider-gitpod/internal/mockapi/store"
)

// caller is the authenticated principal of a request, with the
// organization it acts in and its membership there.
type caller struct {
	store.Principal
	user   *store.User
	org    *store.Organization
	member *store.OrgMember
	// sa and saToken are set instead of user and member when a service
	// account's credential authenticated the request (service_account.go).
	sa      *store.ServiceAccount
	saToken *store.ServiceAccountToken
}

// admin reports whether the caller is an admin of its organization (a
// Classic team owner). A service account never is.
func (c *caller) admin() bool { return c.member != nil && c.member.Role == store.RoleOwner }

// access says whether a method changes anything.
type access int

const (
	read access = iota
	write
)

// enter authenticates a request, then reports the validation result
// (invalid, computed by the caller beforehand), then refuses writes made
// with a read-only token. Mu held.
//
// Inferred: authentication comes before validation, so a caller without a
// valid token learns nothing about the request's shape (the usual order
// of a Connect interceptor chain with authentication outermost); the
// read-only check comes after validation and before any lookup, so every
// write with a read-only token is refused alike, whether its target
// exists or not.
func (s *service) enter(h http.Header, a access, invalid error) (*caller, error) {
	c, err := s.authenticate(h)
	if err != nil {
		return nil, err
	}
	if invalid != nil {
		return nil, invalid
	}
	if a == write && c.Token != nil && c.Token.ReadOnly {
		return nil, connect.NewError(connect.CodePermissionDenied, errors.New("this personal access token is read-only and cannot change anything"))
	}
	return c, nil
}

// authenticate resolves the Authorization header. Mu held.
func (s *service) authenticate(h http.Header) (*caller, error) {
	bearer, ok := bearerToken(h.Get("Authorization"))
	if !ok {
		return nil, unauthenticated("missing bearer token in the Authorization header")
	}
	// Inferred: a Classic personal access token means nothing to the
	// gitpod.v1 API, which has its own tokens. It is checked before
	// Authenticate so that its last-used time stays untouched.
	h256 := store.HashOf(bearer)
	for _, t := range s.st.Tokens {
		if t.Hash == h256 && !t.Deleted && t.Generation == store.Classic {
			return nil, unauthenticated("invalid bearer token")
		}
	}
	if t := s.st.ServiceAccountCredential(bearer); t != nil {
		return s.serviceAccountCaller(t)
	}
	p, err := s.st.Authenticate(bearer)
	switch {
	case errors.Is(err, store.ErrExpired):
		return nil, unauthenticated("the personal access token has expired")
	case err != nil:
		return nil, unauthenticated("invalid bearer token")
	}
	u := s.st.User(p.UserID)
	if u == nil {
		return nil, unauthenticated("invalid bearer token")
	}
	// Inferred: on gitpod.v1 a user account lives in one organization
	// (User.organization_id); once it left the organization (or the
	// organization is gone) its credentials identify no active user, so
	// the code is unauthenticated rather than permission_denied.
	org := s.st.Org(p.OrgID)
	if org == nil {
		return nil, unauthenticated("the token's organization does not exist")
	}
	// A member who left is no member (store.Organization.Member).
	m := org.Member(p.UserID)
	if m == nil {
		return nil, unauthenticated(fmt.Sprintf("user %s is not a member of organization %s", p.UserID, p.OrgID))
	}
	// Inferred: a suspended user's credentials stop working as well (the
	// account may not sign in); the same code as for one who left.
	if m.Suspended() {
		return nil, unauthenticated(fmt.Sprintf("user %s is suspended in organization %s", p.UserID, p.OrgID))
	}
	return &caller{Principal: p, user: u, org: org, member: m}, nil
}

// bearerToken takes the token out of an Authorization header value; the
// scheme is case-insensitive.
func bearerToken(v string) (string, bool) {
	scheme, tok, ok := strings.Cut(strings.TrimSpace(v), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return "", false
	}
	tok = strings.TrimSpace(tok)
	return tok, tok != ""
}

func unauthenticated(msg string) error {
	return connect.NewError(connect.CodeUnauthenticated, errors.New(msg))
}

func permissionDenied(format string, a ...any) error {
	return connect.NewError(connect.CodePermissionDenied, fmt.Errorf(format, a...))
}

func notFound(format string, a ...any) error {
	return connect.NewError(connect.CodeNotFound, fmt.Errorf(format, a...))
}

func alreadyExists(format string, a ...any) error {
	return connect.NewError(connect.CodeAlreadyExists, fmt.Errorf(format, a...))
}

func failedPrecondition(format string, a ...any) error {
	return connect.NewError(connect.CodeFailedPrecondition, fmt.Errorf(format, a...))
}

// requireAdmin refuses callers who are not admins of their organization.
func requireAdmin(c *caller, what string) error {
	if !c.admin() {
		return permissionDenied("only organization admins may %s", what)
	}
	return nil
}

// requireOwnOrg refuses requests naming an organization other than the
// one the caller acts in. Inferred: permission_denied (the caller is
// authenticated, but for another organization), for every method that
// names an organization.
func requireOwnOrg(c *caller, orgID string) error {
	if orgID != c.org.ID {
		return permissionDenied("organization_id: the caller acts in organization %s, not %s", c.org.ID, orgID)
	}
	return nil
}
