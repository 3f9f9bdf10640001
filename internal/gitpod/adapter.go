package gitpod

import "context"

// Adapter is one API generation mapped onto the model. Every adapter has
// the methods below; everything else it offers, it offers by implementing
// a domain's interfaces (Teams, Members, Tokens, Workspaces, ... in the
// client_<domain>.go files), and only where its API has them: an adapter
// carries no stubs for what its API lacks. The client finds out what an
// adapter offers once (discover, in features.go).
//
// Adapters make one call (or one paged listing) per method, keep no
// cache, and return errors that Wrap understands; Client adds the rest.
type Adapter interface {
	API() API
	Host() string
	// Whoami returns who the token belongs to.
	Whoami(ctx context.Context) (Identity, error)
}
