// Package v1mock serves today's Gitpod API (gitpod.v1) from the mock's
// store, with the real server's rules.
//
// Every method works the same way, in this order:
//
//  1. authentication (auth.go): the Bearer token names a user and the
//     organization it acts in; the user must still belong to it (a
//     service account's credential: what it may call is decided next, in
//     service_account.go);
//  2. request validation (validate.go): the rules the vendor's descriptors
//     carry, reported as invalid_argument;
//  3. for writes, the read-only check of the token used;
//  4. lookups and authorization, then the work.
//
// Where public sources say nothing, the choices made here are marked
// "inferred" in the comments.
package v1mock

import (
	"net/http"

	"connectrpc.com/connect"

	gitpodv1 "github.com/gitpod-community/terraform-provider-gitpod/internal/gen/gitpod/v1"
	"github.com/gitpod-community/terraform-provider-gitpod/internal/gen/gitpod/v1/gitpodv1connect"
	"github.com/gitpod-community/terraform-provider-gitpod/internal/mockapi/store"
)

// Prefix is the path the gitpod.v1 services are served under.
const Prefix = "/api"

// service implements every gitpod.v1 service the mock serves: their
// method names do not clash.
type service struct {
	st    *store.Store
	pages *pager
}

var (
	_ gitpodv1connect.IdentityServiceHandler     = (*service)(nil)
	_ gitpodv1connect.UserServiceHandler         = (*service)(nil)
	_ gitpodv1connect.TeamServiceHandler         = (*service)(nil)
	_ gitpodv1connect.OrganizationServiceHandler = (*service)(nil)
	_ gitpodv1connect.EnvironmentServiceHandler  = (*service)(nil)
)

// Register mounts the gitpod.v1 services on mux at /api/gitpod.v1.*.
func Register(mux *http.ServeMux, st *store.Store) {
	s := &service{st: st, pages: newPager()}
	// Paging parameters in the URL's query (query.go) reach the handlers
	// through the request context and an interceptor; what service account
	// credentials may call is checked next (service_account.go).
	opt := connect.WithInterceptors(queryPagingInterceptor(), s.serviceAccountPolicy())
	mounts := []func() (string, http.Handler){
		func() (string, http.Handler) { return gitpodv1connect.NewIdentityServiceHandler(s, opt) },
		func() (string, http.Handler) { return gitpodv1connect.NewUserServiceHandler(s, opt) },
		func() (string, http.Handler) { return gitpodv1connect.NewTeamServiceHandler(s, opt) },
		func() (string, http.Handler) { return gitpodv1connect.NewOrganizationServiceHandler(s, opt) },
		func() (string, http.Handler) { return gitpodv1connect.NewEnvironmentServiceHandler(s, opt) },
		func() (string, http.Handler) { return gitpodv1connect.NewServiceAccountServiceHandler(s, opt) },
	}
	for _, mount := range mounts {
		path, h := mount()
		mux.Handle(Prefix+path, http.StripPrefix(Prefix, withQueryPaging(h)))
	}
}

// subject is a user as a gitpod.v1 Subject.
func subject(userID string) *gitpodv1.Subject {
	return &gitpodv1.Subject{Id: userID, Principal: gitpodv1.Principal_PRINCIPAL_USER}
}
