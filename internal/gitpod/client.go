package gitpod

import (
	"context"
	"sync"
	"time"
)

// DefaultCacheTTL is how long one answer serves further reads. Terraform
// refreshes every resource of a plan within seconds, so a short TTL turns N
// reads of one team (or of the token list) into one call.
const DefaultCacheTTL = 5 * time.Second

// DefaultReconcileTimeout bounds the bookkeeping after an interrupted
// create: long enough for one or two listings, short enough that Ctrl-C
// still stops the provider within two seconds.
const DefaultReconcileTimeout = 1500 * time.Millisecond

// Client is the provider's view of Gitpod, the same for both API
// generations. It is safe for concurrent use by every resource of a run.
// Its methods live in one file per domain (client_teams.go, ...); what is
// written once for all of them is here, in reconcile.go (lost creates and
// claims) and in coalesce.go (shared reads).
type Client struct {
	a   Adapter
	f   features
	now func() time.Time

	// ReconcileTimeout bounds the bookkeeping of an interrupted create.
	ReconcileTimeout time.Duration

	whoami  *coalescer[Identity]
	teams   *coalescer[Team]
	members *coalescer[[]Member]
	tokens  *coalescer[[]Token]
	// directory holds the organization's member lists read once per
	// Client (client_users.go).
	directory *coalescer[map[string]User]
	locks     keyedMutex

	// Service accounts (client_service_accounts.go).
	accounts *coalescer[ServiceAccount]
	saTokens *coalescer[[]ServiceAccountToken]
	access   accessTokens

	claimMu sync.Mutex
	claimed map[string]bool

	// known are the organization members' profiles this client has seen
	// (client_users.go).
	knownMu sync.Mutex
	known   map[string]User

	// local are the teams this client created and follows (client_teams.go).
	localMu sync.Mutex
	local   map[string]*Team
}

// Options tune a Client.
type Options struct {
	// CacheTTL is how long reads are shared; zero means DefaultCacheTTL,
	// negative disables the cache (concurrent reads are still shared).
	CacheTTL time.Duration
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// NewClient wraps an adapter.
func NewClient(a Adapter, o Options) *Client {
	if o.CacheTTL == 0 {
		o.CacheTTL = DefaultCacheTTL
	}
	if o.CacheTTL < 0 {
		o.CacheTTL = 0
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return &Client{
		a:                a,
		f:                discover(a),
		now:              o.Now,
		ReconcileTimeout: DefaultReconcileTimeout,
		whoami:           newCoalescer[Identity](-1, o.Now),
		teams:            newCoalescer[Team](o.CacheTTL, o.Now),
		members:          newCoalescer[[]Member](o.CacheTTL, o.Now),
		tokens:           newCoalescer[[]Token](o.CacheTTL, o.Now),
		directory:        newCoalescer[map[string]User](-1, o.Now),
		accounts:         newCoalescer[ServiceAccount](o.CacheTTL, o.Now),
		saTokens:         newCoalescer[[]ServiceAccountToken](o.CacheTTL, o.Now),
		access:           accessTokens{byID: map[string]accessToken{}},
		claimed:          map[string]bool{},
		local:            map[string]*Team{},
		known:            map[string]User{},
	}
}

// API is the generation in use.
func (c *Client) API() API { return c.a.API() }

// Host is the API's base URL.
func (c *Client) Host() string { return c.a.Host() }

// fail turns err, from an adapter, the transport or a context, into an
// *Error about op on object, on this client's host.
func (c *Client) fail(err error, op, object string) *Error {
	e := asError(err, op, object)
	if e.Host == "" {
		e.Host = c.Host()
	}
	return e
}

// refuse is an *Error decided here rather than answered by the server.
func (c *Client) refuse(kind Kind, op, object, message string) *Error {
	e := New(kind, op, object, message)
	e.Host = c.Host()
	return e
}

// wrap is fail for an error that may be nil.
func (c *Client) wrap(err error, op, object string) error {
	if err == nil {
		return nil
	}
	return c.fail(err, op, object)
}

// what is the wording of err's kind.
func what(err error) string { return asError(err, "", "").What() }

// reconcileContext is the context for the bookkeeping after a create whose
// answer may have been lost: it survives an interrupt, briefly.
func (c *Client) reconcileContext(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.WithoutCancel(ctx), c.ReconcileTimeout)
}

// ShortContext is ctx, or after an interrupt a context that lasts as long
// as the bookkeeping of an interrupted create: for the clean-up that must
// still happen (deleting a token that was replaced).
func (c *Client) ShortContext(ctx context.Context) (context.Context, context.CancelFunc) {
	if ctx.Err() == nil {
		return ctx, func() {}
	}
	return c.reconcileContext(ctx)
}
