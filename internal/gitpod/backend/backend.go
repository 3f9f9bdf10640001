// Package backend opens the right API generation for the provider's
// settings: it builds the one transport, picks the adapter ("classic",
// "v1", or "auto": ask the host once) and wraps it in a gitpod.Client.
package backend

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/gitpod-community/terraform-provider-gitpod/internal/gitpod"
	"github.com/gitpod-community/terraform-provider-gitpod/internal/gitpod/classic"
	v1 "github.com/gitpod-community/terraform-provider-gitpod/internal/gitpod/v1"
	"github.com/gitpod-community/terraform-provider-gitpod/internal/transport"
)

// DefaultHost is today's Gitpod.
const DefaultHost = "https://app.gitpod.io"

// The values of the api setting.
const (
	APIAuto    = "auto"
	APIV1      = "v1"
	APIClassic = "classic"
)

// APIs are the accepted values of the api setting.
var APIs = []string{APIAuto, APIV1, APIClassic}

// Config is the provider's connection settings.
type Config struct {
	Host           string
	Token          string
	API            string
	UserAgent      string
	Timeout        time.Duration
	Retry          transport.RetryPolicy
	MaxAnswerBytes int64
	// RoundTripper replaces the HTTP transport (tests).
	RoundTripper http.RoundTripper
	// CacheTTL and Now are passed to gitpod.NewClient.
	CacheTTL time.Duration
	Now      func() time.Time
}

// Handle opens the client on first use and keeps it for the process.
type Handle struct {
	cfg Config
	t   *transport.Transport

	mu     sync.Mutex
	client *gitpod.Client
}

// Open checks the settings and builds the transport; it does not contact
// the API.
func Open(cfg Config) (*Handle, error) {
	if cfg.Host == "" {
		cfg.Host = DefaultHost
	}
	if cfg.API == "" {
		cfg.API = APIAuto
	}
	switch cfg.API {
	case APIAuto, APIV1, APIClassic:
	default:
		return nil, fmt.Errorf("api must be one of %q, %q or %q, not %q", APIAuto, APIV1, APIClassic, transport.Sanitize(cfg.API))
	}
	t, err := transport.New(transport.Config{
		Host:           cfg.Host,
		Token:          cfg.Token,
		UserAgent:      cfg.UserAgent,
		Timeout:        cfg.Timeout,
		Retry:          cfg.Retry,
		MaxAnswerBytes: cfg.MaxAnswerBytes,
		RoundTripper:   cfg.RoundTripper,
	})
	if err != nil {
		return nil, err
	}
	return &Handle{cfg: cfg, t: t}, nil
}

// Host is the API's base URL.
func (h *Handle) Host() string { return h.t.Host() }

// Configured is the api setting ("auto", "v1" or "classic").
func (h *Handle) Configured() string { return h.cfg.API }

// Client returns the client, detecting the API generation first when the
// setting is "auto". A failed detection is tried again on the next call.
func (h *Handle) Client(ctx context.Context) (*gitpod.Client, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.client != nil {
		return h.client, nil
	}
	var a gitpod.Adapter
	switch h.cfg.API {
	case APIClassic:
		a = classic.New(h.t)
	case APIV1:
		a = v1.New(h.t)
	default:
		detected, err := h.detect(ctx)
		if err != nil {
			return nil, err
		}
		a = detected
	}
	h.client = gitpod.NewClient(a, gitpod.Options{CacheTTL: h.cfg.CacheTTL, Now: h.cfg.Now})
	return h.client, nil
}

// detect asks the host for gitpod.v1's IdentityService. A path that does
// not exist (404 without a Connect body, or unimplemented) means Classic;
// any Connect answer (even unauthenticated) means gitpod.v1.
func (h *Handle) detect(ctx context.Context) (gitpod.Adapter, error) {
	cand := v1.New(h.t)
	_, err := cand.Whoami(ctx)
	kind := gitpod.KindOf(err)
	switch {
	case err == nil, kind == gitpod.KindUnauthenticated, kind == gitpod.KindPermissionDenied:
		tflog.Debug(ctx, "api = auto: the host serves gitpod.v1; using today's Gitpod API", map[string]any{"host": h.Host()})
		return cand, nil
	case kind == gitpod.KindWrongPath:
		tflog.Debug(ctx, "api = auto: the host has no gitpod.v1 IdentityService; using Gitpod Classic's API", map[string]any{"host": h.Host()})
		return classic.New(h.t), nil
	default:
		var ge *gitpod.Error
		w := gitpod.Wrap(err, "detect the API generation of", h.Host())
		if errors.As(w, &ge) {
			ge.Host = h.Host()
			switch kind {
			case gitpod.KindRefused, gitpod.KindDNS, gitpod.KindTLS, gitpod.KindNetwork, gitpod.KindTimeout, gitpod.KindCanceled, gitpod.KindRedirect:
				// No Gitpod answered: naming the API would not help.
			default:
				ge.Hint = "Set api = \"v1\" or \"classic\" (or GITPOD_API) to skip the detection."
			}
		}
		return nil, w
	}
}

// Offers says, without a connection, what an API generation offers: for
// documentation and schema descriptions, which exist before any API is
// contacted.
func Offers(api gitpod.API) (map[gitpod.Feature]bool, gitpod.Limits) {
	if api == gitpod.Classic {
		return gitpod.Describe(&classic.Adapter{})
	}
	return gitpod.Describe(&v1.Adapter{})
}
