// Package mockapi is an in-memory mock of both of Gitpod's public API
// generations, served from one process and one store (package store):
// Gitpod Classic (gitpod.experimental.v1) at /gitpod.experimental.v1.* and
// today's Gitpod (gitpod.v1) at /api/gitpod.v1.*. It speaks the real
// Connect protocol, in JSON and binary, and keeps the real servers' rules
// (packages classicmock and v1mock).
//
// Tests drive it from Go: they change objects out of band (oob.go), read
// per-method call counters, control the clock and inject faults: latency,
// error codes, rate limits with Retry-After, RateLimit-RetryAfter or a
// RetryInfo detail, answers dropped after the work, and random chaos.
package mockapi

import (
	"net/http"
	"net/http/httptest"
	"slices"
	"time"

	"github.com/gitpod-community/terraform-provider-gitpod/internal/mockapi/classicmock"
	"github.com/gitpod-community/terraform-provider-gitpod/internal/mockapi/store"
	"github.com/gitpod-community/terraform-provider-gitpod/internal/mockapi/v1mock"
)

// Server is the mock API. Its zero value is not usable; call New.
type Server struct {
	st  *store.Store
	mux *http.ServeMux
	f   *faults
}

// Option changes how New builds the server.
type Option func(*options)

type options struct {
	generations []store.Generation
	now         func() time.Time
}

// WithClock sets the mock's clock before the fixtures load, so that even
// fixture objects get times from it.
func WithClock(now func() time.Time) Option {
	return func(o *options) { o.now = now }
}

// WithGenerations serves only the given API generations (both by default),
// for example to imitate a Classic installation, where gitpod.v1 paths
// answer 404.
func WithGenerations(g ...store.Generation) Option {
	return func(o *options) { o.generations = g }
}

// New returns a mock serving the given fixtures.
func New(f Fixtures, opts ...Option) (*Server, error) {
	o := options{generations: []store.Generation{store.Classic, store.V1}}
	for _, opt := range opts {
		opt(&o)
	}
	st := store.New()
	if o.now != nil {
		st.SetClock(o.now)
	}
	if err := load(st, f); err != nil {
		return nil, err
	}
	s := &Server{st: st, mux: http.NewServeMux(), f: newFaults()}
	if slices.Contains(o.generations, store.Classic) {
		classicmock.Register(s.mux, st)
	}
	if slices.Contains(o.generations, store.V1) {
		v1mock.Register(s.mux, st)
	}
	return s, nil
}

// Handler returns the HTTP handler, with call counting and fault injection.
func (s *Server) Handler() http.Handler { return http.HandlerFunc(s.serveHTTP) }

// Start serves the mock on a loopback port until the test ends.
func (s *Server) Start(t interface {
	Helper()
	Cleanup(func())
},
) *httptest.Server {
	t.Helper()
	ts := httptest.NewServer(s.Handler())
	t.Cleanup(ts.Close)
	return ts
}

// Store gives tests direct access to the state; hold Store().Mu.
func (s *Server) Store() *store.Store { return s.st }
