package api

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"connectrpc.com/connect"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	gitpodv1 "github.com/gitpod-community/terraform-provider-gitpod/internal/api/gen/gitpod/experimental/v1"
	"github.com/gitpod-community/terraform-provider-gitpod/internal/api/gen/gitpod/experimental/v1/gitpodv1connect"
)

// DefaultHost is Gitpod's public API endpoint.
const DefaultHost = "https://api.gitpod.io"

// DefaultTimeout bounds a single attempt of a call.
const DefaultTimeout = 30 * time.Second

// Config configures a Client.
type Config struct {
	// Host is the API's base URL, such as https://api.gitpod.io.
	Host string
	// Token is the Bearer token (a personal access token).
	Token string
	// UserAgent is sent on every request.
	UserAgent string
	// Timeout bounds each attempt; zero means DefaultTimeout.
	Timeout time.Duration
	// Retry is the retry policy; the zero value means DefaultRetryPolicy.
	Retry RetryPolicy
	// HTTPClient is the transport; nil means a fresh client on a clone of
	// http.DefaultTransport.
	HTTPClient *http.Client
	// TeamCacheTTL is how long a GetTeam answer may be shared between reads;
	// zero means DefaultTeamCacheTTL, negative disables the cache.
	TeamCacheTTL time.Duration
}

// Client gives access to the three services through one set of interceptors.
type Client struct {
	Teams      gitpodv1connect.TeamsServiceClient
	Workspaces gitpodv1connect.WorkspacesServiceClient
	Tokens     gitpodv1connect.TokensServiceClient
	Users      gitpodv1connect.UserServiceClient

	// TeamCache coalesces and briefly caches GetTeam; see teamcache.go.
	TeamCache *TeamCache

	token     string
	userAgent string
	timeout   time.Duration
	retry     RetryPolicy
	now       func() time.Time
	rnd       func() float64
	sleep     func(ctx context.Context, d time.Duration) error

	callerMu sync.Mutex
	callerID string
}

// ValidateHost checks that host is an absolute http(s) URL and that plain
// http is used only for loopback hosts, where no token can leak onto a
// network.
func ValidateHost(host string) error {
	u, err := url.Parse(host)
	if err != nil {
		return fmt.Errorf("not a URL: %w", err)
	}
	if u.Host == "" {
		return errors.New("must be an absolute URL such as https://api.gitpod.io")
	}
	switch u.Scheme {
	case "https":
		return nil
	case "http":
		if isLoopback(u.Hostname()) {
			return nil
		}
		return fmt.Errorf("plain http is only allowed for loopback hosts (localhost, 127.0.0.0/8, ::1), not %q; use https", u.Hostname())
	default:
		return fmt.Errorf("scheme must be https (or http for loopback hosts), not %q", u.Scheme)
	}
}

func isLoopback(host string) bool {
	if host == "localhost" || strings.HasSuffix(host, ".localhost") || host == "::1" {
		return true
	}
	return strings.HasPrefix(host, "127.") && strings.Count(host, ".") == 3
}

// New returns a Client. It does not contact the API.
func New(cfg Config) (*Client, error) {
	if cfg.Host == "" {
		cfg.Host = DefaultHost
	}
	if err := ValidateHost(cfg.Host); err != nil {
		return nil, fmt.Errorf("invalid host: %w", err)
	}
	if cfg.Token == "" {
		return nil, errors.New("a token is required")
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = DefaultTimeout
	}
	if cfg.Retry == (RetryPolicy{}) {
		cfg.Retry = DefaultRetryPolicy
	}
	httpClient := cfg.HTTPClient
	if httpClient == nil {
		httpClient = &http.Client{}
		if t, ok := http.DefaultTransport.(*http.Transport); ok {
			httpClient.Transport = t.Clone()
		}
	}
	c := &Client{
		token:     cfg.Token,
		userAgent: cfg.UserAgent,
		timeout:   cfg.Timeout,
		retry:     cfg.Retry,
		now:       time.Now,
		rnd:       defaultRand,
		sleep:     sleepCtx,
	}
	c.TeamCache = newTeamCache(cfg.TeamCacheTTL, time.Now)
	base := strings.TrimSuffix(cfg.Host, "/")
	opts := []connect.ClientOption{
		connect.WithProtoJSON(),
		// Outermost first: cache invalidation sees the final outcome, retries
		// wrap each attempt, and each attempt sets its own deadline,
		// credentials and log line.
		connect.WithInterceptors(
			connect.UnaryInterceptorFunc(c.invalidateOnTeamWrite),
			connect.UnaryInterceptorFunc(c.retryInterceptor),
			connect.UnaryInterceptorFunc(c.attemptInterceptor),
		),
	}
	c.Teams = gitpodv1connect.NewTeamsServiceClient(httpClient, base, opts...)
	c.Workspaces = gitpodv1connect.NewWorkspacesServiceClient(httpClient, base, opts...)
	c.Tokens = gitpodv1connect.NewTokensServiceClient(httpClient, base, opts...)
	c.Users = gitpodv1connect.NewUserServiceClient(httpClient, base, opts...)
	return c, nil
}

// retryInterceptor is the only place where calls are retried.
func (c *Client) retryInterceptor(next connect.UnaryFunc) connect.UnaryFunc {
	return func(ctx context.Context, req connect.AnyRequest) (connect.AnyResponse, error) {
		procedure := req.Spec().Procedure
		read := IsReadProcedure(procedure)
		start := c.now()
		for attempt := 1; ; attempt++ {
			resp, err := next(ctx, req)
			if err == nil {
				return resp, nil
			}
			if ctx.Err() != nil {
				return nil, c.redact(err)
			}
			wait, again := c.retry.NextWait(read, attempt, err, c.now().Sub(start), c.now(), c.rnd)
			if !again {
				return nil, c.redact(err)
			}
			tflog.Debug(ctx, "retrying Gitpod API call", map[string]any{
				"method":  methodName(procedure),
				"code":    connect.CodeOf(err).String(),
				"attempt": attempt,
				"wait_ms": wait.Milliseconds(),
			})
			if err := c.sleep(ctx, wait); err != nil {
				return nil, c.redact(err)
			}
		}
	}
}

// attemptInterceptor runs once per attempt: it sets the deadline and headers
// and logs one line with the method, code and duration.
func (c *Client) attemptInterceptor(next connect.UnaryFunc) connect.UnaryFunc {
	return func(ctx context.Context, req connect.AnyRequest) (connect.AnyResponse, error) {
		ctx, cancel := context.WithTimeout(ctx, c.timeout)
		defer cancel()
		req.Header().Set("Authorization", "Bearer "+c.token)
		if c.userAgent != "" {
			req.Header().Set("User-Agent", c.userAgent)
		}
		start := time.Now()
		resp, err := next(ctx, req)
		code := "ok"
		if err != nil {
			code = connect.CodeOf(err).String()
		}
		// Only the method, code and duration are logged: never headers,
		// request bodies or response bodies, which may carry secrets.
		tflog.Debug(ctx, "Gitpod API call", map[string]any{
			"method":      methodName(req.Spec().Procedure),
			"code":        code,
			"duration_ms": time.Since(start).Milliseconds(),
		})
		return resp, err
	}
}

// redact removes the client's own token from an error's text, keeping its code.
func (c *Client) redact(err error) error {
	if err == nil || c.token == "" || !strings.Contains(err.Error(), c.token) {
		return err
	}
	msg := strings.ReplaceAll(Message(err), c.token, "[REDACTED]")
	return connect.NewError(connect.CodeOf(err), errors.New(msg))
}

func methodName(procedure string) string {
	return strings.TrimPrefix(procedure, "/gitpod.experimental.v1.")
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// CallerID returns the ID of the user the token belongs to. It asks the API
// once per Client and remembers a successful answer.
func (c *Client) CallerID(ctx context.Context) (string, error) {
	c.callerMu.Lock()
	defer c.callerMu.Unlock()
	if c.callerID != "" {
		return c.callerID, nil
	}
	resp, err := c.Users.GetAuthenticatedUser(ctx, connect.NewRequest(&gitpodv1.GetAuthenticatedUserRequest{}))
	if err != nil {
		return "", err
	}
	c.callerID = resp.Msg.GetUser().GetId()
	return c.callerID, nil
}

// MaxPageSize is the largest page the API serves.
const MaxPageSize = 100

// ListAllWorkspaces reads every page of the caller's workspaces, in the
// order the API returns them, with the largest page size the API allows.
func (c *Client) ListAllWorkspaces(ctx context.Context, organizationID string) ([]*gitpodv1.Workspace, error) {
	var all []*gitpodv1.Workspace
	for page := int32(1); ; page++ {
		resp, err := c.Workspaces.ListWorkspaces(ctx, connect.NewRequest(&gitpodv1.ListWorkspacesRequest{
			Pagination:     &gitpodv1.Pagination{PageSize: MaxPageSize, Page: page},
			OrganizationId: organizationID,
		}))
		if err != nil {
			return nil, err
		}
		all = append(all, resp.Msg.GetResult()...)
		// The page-numbered API signals more results with a non-empty
		// next_page_token; a short page also ends the listing.
		if resp.Msg.GetNextPageToken() == "" || len(resp.Msg.GetResult()) < MaxPageSize {
			return all, nil
		}
	}
}
