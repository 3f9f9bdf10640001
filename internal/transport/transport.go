// Package transport is the provider's one HTTP/Connect client, shared by
// both API generations. It owns everything that is the same for every call:
// the origin the token may be sent to, the Bearer token, the User-Agent,
// per-attempt timeouts, the one retry loop (with Retry-After,
// RateLimit-RetryAfter and google.rpc.RetryInfo), limits on answer size,
// one redacted debug log line per attempt, and the classification of
// failures. It knows no message types.
package transport

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/url"
	"strings"
	"syscall"
	"time"
	"unicode"

	"connectrpc.com/connect"
	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// DefaultTimeout bounds a single attempt of a call.
const DefaultTimeout = 30 * time.Second

// DefaultMaxAnswerBytes is the largest answer read: far above any real
// answer (a page of 100 environments is well under 1 MiB), far below what
// could hurt the machine.
const DefaultMaxAnswerBytes = 32 << 20

// Config configures a Transport.
type Config struct {
	// Host is the API's base URL, checked with ParseHost.
	Host string
	// Token is the Bearer token. It is sent to Host's origin only.
	Token string
	// UserAgent is sent on every request.
	UserAgent string
	// Timeout bounds each attempt; zero means DefaultTimeout.
	Timeout time.Duration
	// Retry is the retry policy; the zero value means DefaultRetryPolicy.
	Retry RetryPolicy
	// MaxAnswerBytes bounds the size of one answer; zero means
	// DefaultMaxAnswerBytes.
	MaxAnswerBytes int64
	// RoundTripper is the underlying transport; nil means a clone of
	// http.DefaultTransport. Tests use it to reach local servers.
	RoundTripper http.RoundTripper
}

// Transport carries Connect calls to one origin.
type Transport struct {
	base      *url.URL
	origin    Origin
	token     string
	userAgent string
	timeout   time.Duration
	retry     RetryPolicy
	maxBytes  int64
	client    *http.Client

	now   func() time.Time
	rnd   func() float64
	sleep func(ctx context.Context, d time.Duration) error
}

// ValidateToken checks a token's shape before it is ever sent: white space
// (a trailing newline from file(), say), control characters or other
// characters outside printable ASCII would make an invalid header or a
// token that no server issued. Messages never quote the token.
func ValidateToken(token string) error {
	if token == "" {
		return errors.New("the token is empty")
	}
	if strings.TrimSpace(token) != token {
		return errors.New("the token starts or ends with white space (a trailing newline from file()? use trimspace())")
	}
	pos := 0
	for _, r := range token {
		pos++
		switch {
		case r >= 0x21 && r <= 0x7e:
		case unicode.IsSpace(r):
			return fmt.Errorf("the token contains white space (character %d); a token is one word", pos)
		case unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r):
			return fmt.Errorf("the token contains a control character (U+%04X, character %d)", r, pos)
		default:
			return fmt.Errorf("the token contains a character outside printable ASCII (character %d); check that it was copied whole and unchanged", pos)
		}
	}
	return nil
}

// New returns a Transport. It does not contact the API.
func New(cfg Config) (*Transport, error) {
	base, err := ParseHost(cfg.Host)
	if err != nil {
		return nil, fmt.Errorf("invalid host %q: %w", Sanitize(cfg.Host), err)
	}
	if err := ValidateToken(cfg.Token); err != nil {
		return nil, err
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = DefaultTimeout
	}
	if cfg.Retry == (RetryPolicy{}) {
		cfg.Retry = DefaultRetryPolicy
	}
	cfg.Retry.MaxRetries = min(max(cfg.Retry.MaxRetries, 0), MaxRetriesLimit)
	if cfg.Retry.MaxBackoff <= 0 {
		cfg.Retry.MaxBackoff = DefaultRetryPolicy.MaxBackoff
	}
	if cfg.Retry.MinBackoff <= 0 {
		cfg.Retry.MinBackoff = DefaultRetryPolicy.MinBackoff
	}
	if cfg.Retry.MinBackoff > cfg.Retry.MaxBackoff {
		cfg.Retry.MinBackoff = cfg.Retry.MaxBackoff
	}
	cfg.Retry.MaxElapsed = max(cfg.Retry.MaxElapsed, 0)
	if cfg.MaxAnswerBytes <= 0 {
		cfg.MaxAnswerBytes = DefaultMaxAnswerBytes
	}
	rt := cfg.RoundTripper
	if rt == nil {
		dt, ok := http.DefaultTransport.(*http.Transport)
		if !ok {
			return nil, errors.New("http.DefaultTransport is not an *http.Transport")
		}
		t := dt.Clone()
		// The clone keeps the environment's proxy settings (which never
		// apply to loopback hosts).
		dialer := &net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}
		if base.Scheme == "http" {
			// Plain http is allowed for loopback hosts only; "localhost"
			// is resolved by the system, so check what it resolved to.
			dialer.ControlContext = loopbackOnly
		}
		t.DialContext = dialer.DialContext
		t.TLSHandshakeTimeout = 10 * time.Second
		t.ResponseHeaderTimeout = cfg.Timeout
		t.MaxResponseHeaderBytes = maxHeaderBytes
		rt = t
	}
	t := &Transport{
		base:      base,
		origin:    OriginOf(base),
		token:     cfg.Token,
		userAgent: cfg.UserAgent,
		timeout:   cfg.Timeout,
		retry:     cfg.Retry,
		maxBytes:  cfg.MaxAnswerBytes,
		now:       time.Now,
		rnd:       defaultRand,
		sleep:     sleepCtx,
	}
	t.client = &http.Client{
		Transport:     &guard{next: rt, origin: t.origin, maxBytes: t.maxBytes},
		CheckRedirect: t.checkRedirect,
	}
	return t, nil
}

// Host is the configured base URL, for messages.
func (t *Transport) Host() string { return t.base.String() }

// Origin is where credentials may be sent.
func (t *Transport) Origin() Origin { return t.origin }

// Timeout is the per-attempt time limit.
func (t *Transport) Timeout() time.Duration { return t.timeout }

// Attempts is the most attempts one call makes.
func (t *Transport) Attempts() int { return t.retry.MaxRetries + 1 }

// BaseURL returns the base URL for Connect clients with a path prefix
// appended ("" for Classic, "/api" for gitpod.v1).
func (t *Transport) BaseURL(prefix string) string {
	return strings.TrimRight(t.base.String(), "/") + prefix
}

// HTTPClient is the client Connect stubs must use.
func (t *Transport) HTTPClient() connect.HTTPClient { return t.client }

// ClientOptions are the options every Connect client must be built with.
func (t *Transport) ClientOptions(extra ...connect.Interceptor) []connect.ClientOption {
	interceptors := append([]connect.Interceptor{
		connect.UnaryInterceptorFunc(t.retryInterceptor),
	}, extra...)
	interceptors = append(interceptors, connect.UnaryInterceptorFunc(t.attemptInterceptor))
	return []connect.ClientOption{
		connect.WithProtoJSON(),
		// No compressed answers: a small compressed answer can expand
		// to any size in memory, past the limit on what is read.
		connect.WithAcceptCompression("gzip", nil, nil),
		connect.WithInterceptors(interceptors...),
	}
}

// maxErrorBytes bounds a Connect error answer: a message and a few details.
const maxErrorBytes = 1 << 20

// maxHeaderBytes bounds the header block of an answer.
const maxHeaderBytes = 1 << 20

// loopbackOnly refuses connections to addresses that are not loopback. It
// runs after name resolution, on the address actually dialled.
func loopbackOnly(_ context.Context, network, address string, _ syscall.RawConn) error {
	host, _, err := net.SplitHostPort(address)
	if err != nil {
		return err
	}
	if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
		return fmt.Errorf("plain http is only used with loopback addresses, and the host resolved to %s (%s); use https", Sanitize(host), network)
	}
	return nil
}

// CallError is a call that failed after the retries the policy allows.
type CallError struct {
	Procedure string
	Host      string
	Attempts  int
	Timeout   time.Duration
	// GaveUp says why a retryable failure was not retried further.
	GaveUp string
	Err    error
}

func (e *CallError) Error() string {
	return fmt.Sprintf("%s on %s: %v", Method(e.Procedure), e.Host, e.Err)
}

func (e *CallError) Unwrap() error { return e.Err }

// Method returns "Service/Method" from a Connect procedure.
func Method(procedure string) string {
	p := strings.TrimPrefix(procedure, "/")
	if i := strings.LastIndex(p, "/"); i > 0 {
		svc := p[:i]
		svc = svc[strings.LastIndex(svc, ".")+1:]
		return svc + p[i:]
	}
	return p
}

// CreateCheck tells whether a create whose answer was an error made its
// object anyway; see WithCreateCheck.
type CreateCheck func(ctx context.Context) (made bool, err error)

type createCheckKey struct{}

// WithCreateCheck attaches a check to a call that is not safe to repeat
// (a create). When the server itself answers unavailable, the request has
// finished there; the retry loop then runs the check, and repeats the call
// only when the check shows that nothing was made. Lost answers (dropped
// connections, timeouts) are never repeated: the request may still land.
func WithCreateCheck(ctx context.Context, check CreateCheck) context.Context {
	return context.WithValue(ctx, createCheckKey{}, check)
}

// retryableAfterCheck reports whether a failed create may be repeated
// because its check shows that nothing was made.
func retryableAfterCheck(ctx context.Context, err error) bool {
	check, ok := ctx.Value(createCheckKey{}).(CreateCheck)
	if !ok || ClassOf(err) != ClassUnavailable || Code(err) == "" {
		return false
	}
	made, cerr := check(ctx)
	return cerr == nil && !made
}

type bearerKey struct{}

// WithBearer makes the calls made with ctx authenticate with token instead of
// the configured one: a short-lived credential that acts as someone else (a
// gitpod.v1 service account's access token, for the methods that require
// impersonation). Nothing else changes: the call goes through the same client
// to the same origin (the guard and the redirect policy send no credential
// anywhere else), with the same retries and limits, and the token is hidden
// in errors like the configured one. It is never logged. An empty token
// leaves ctx as it is.
func WithBearer(ctx context.Context, token string) context.Context {
	if token == "" {
		return ctx
	}
	return context.WithValue(ctx, bearerKey{}, token)
}

// bearerOf is the override WithBearer set on ctx, or "".
func bearerOf(ctx context.Context) string {
	s, _ := ctx.Value(bearerKey{}).(string)
	return s
}

// retryInterceptor is the only place where calls are retried.
func (t *Transport) retryInterceptor(next connect.UnaryFunc) connect.UnaryFunc {
	return func(ctx context.Context, req connect.AnyRequest) (connect.AnyResponse, error) {
		procedure := req.Spec().Procedure
		repeatable := SafeToRepeat(procedure)
		start := t.now()
		// The whole call, attempts and waits, ends by MaxElapsed: a server
		// that does not answer fails within the time the settings promise.
		callCtx := ctx
		if t.retry.MaxElapsed > 0 {
			var cancel context.CancelFunc
			callCtx, cancel = context.WithTimeout(ctx, t.retry.MaxElapsed)
			defer cancel()
		}
		for attempt := 1; ; attempt++ {
			resp, err := next(callCtx, req)
			if err == nil {
				return resp, nil
			}
			ce := &CallError{Procedure: procedure, Host: t.Host(), Attempts: attempt, Timeout: t.timeout, Err: t.redact(ctx, err)}
			if ctx.Err() != nil {
				ce.Err = t.redact(ctx, errors.Join(ctx.Err(), err))
				return nil, ce
			}
			if callCtx.Err() != nil {
				ce.GaveUp = "the time allowed for one call is used up"
				return nil, ce
			}
			d := t.retry.Next(repeatable, attempt, err, t.now().Sub(start), t.now(), t.rnd)
			if !d.Retry && d.Why == "" && !repeatable && retryableAfterCheck(ctx, err) {
				d = t.retry.Next(true, attempt, err, t.now().Sub(start), t.now(), t.rnd)
			}
			if !d.Retry {
				ce.GaveUp = d.Why
				return nil, ce
			}
			tflog.Debug(ctx, "retrying Gitpod API call", map[string]any{
				"method":  Method(procedure),
				"failure": ClassOf(err).String(),
				"attempt": attempt,
				"wait_ms": d.Wait.Milliseconds(),
			})
			if serr := t.sleep(callCtx, d.Wait); serr != nil {
				if ctx.Err() == nil {
					ce.GaveUp = "the time allowed for one call is used up"
					return nil, ce
				}
				ce.Err = t.redact(ctx, errors.Join(serr, err))
				return nil, ce
			}
		}
	}
}

// attemptInterceptor runs once per attempt: it sets the deadline and headers
// and logs one line with the method, outcome and duration.
func (t *Transport) attemptInterceptor(next connect.UnaryFunc) connect.UnaryFunc {
	return func(ctx context.Context, req connect.AnyRequest) (connect.AnyResponse, error) {
		ctx, cancel := context.WithTimeout(ctx, t.timeout)
		defer cancel()
		token, impersonating := t.token, false
		if b := bearerOf(ctx); b != "" {
			token, impersonating = b, true
		}
		req.Header().Set("Authorization", "Bearer "+token)
		if t.userAgent != "" {
			req.Header().Set("User-Agent", t.userAgent)
		}
		start := time.Now()
		resp, err := next(ctx, req)
		outcome := "ok"
		if err != nil {
			outcome = ClassOf(err).String()
			if c := Code(err); c != "" {
				outcome = c
			}
		}
		// Only the method, outcome and duration are logged: never headers,
		// request bodies or answers, which may carry secrets.
		fields := map[string]any{
			"method":      Method(req.Spec().Procedure),
			"outcome":     outcome,
			"duration_ms": time.Since(start).Milliseconds(),
		}
		if impersonating {
			// That another credential was used, never which.
			fields["credential"] = "impersonation"
		}
		tflog.Debug(ctx, "Gitpod API call", fields)
		return resp, err
	}
}

// redact hides the token, and the override WithBearer set on ctx, in an
// error's text and in the server message taken from it, keeping its class.
func (t *Transport) redact(ctx context.Context, err error) error {
	if err == nil {
		return nil
	}
	var secrets []string
	for _, s := range []string{t.token, bearerOf(ctx)} {
		if s != "" && (strings.Contains(err.Error(), s) || strings.Contains(ServerMessage(err), s)) {
			secrets = append(secrets, s)
		}
	}
	if len(secrets) == 0 {
		return err
	}
	return &redactedError{err: err, hide: func(s string) string {
		for _, secret := range secrets {
			s = strings.ReplaceAll(s, secret, "[REDACTED]")
		}
		return s
	}}
}

// redactedError is an error whose texts must not show the token; hide
// removes it from a text.
type redactedError struct {
	err  error
	hide func(string) string
}

func (e *redactedError) Error() string { return e.hide(e.err.Error()) }
func (e *redactedError) Unwrap() error { return e.err }

func (t *Transport) checkRedirect(req *http.Request, via []*http.Request) error {
	first := via[0]
	if o := OriginOf(req.URL); o != t.origin {
		return &RedirectError{From: t.origin, Target: req.URL.Redacted(), Reason: "another origin: the token is only sent to " + t.origin.String() + "; if the new address is the right API endpoint, set the provider's host to " + o.String()}
	}
	if req.Method != first.Method {
		return &RedirectError{From: t.origin, Target: req.URL.Redacted(), Reason: "the redirect changes the method to " + req.Method + "; only 307 and 308 redirects keep a call intact"}
	}
	if len(via) >= 5 {
		return &RedirectError{From: t.origin, Target: req.URL.Redacted(), Reason: "too many redirects"}
	}
	return nil
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-timer.C:
		return nil
	}
}

// guard is the RoundTripper under every call. It refuses requests to any
// origin but the configured one, bounds the size of answers, and turns
// non-200 answers that are not Connect errors into HTTPStatusError.
type guard struct {
	next     http.RoundTripper
	origin   Origin
	maxBytes int64
}

func (g *guard) RoundTrip(req *http.Request) (*http.Response, error) {
	if o := OriginOf(req.URL); o != g.origin {
		return nil, &RedirectError{From: g.origin, Target: req.URL.Redacted(), Reason: "another origin"}
	}
	resp, err := g.next.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	resp.Body = &limitedBody{rc: resp.Body, left: g.maxBytes, limit: g.maxBytes}
	if resp.StatusCode == http.StatusOK || (resp.StatusCode >= 300 && resp.StatusCode < 400) {
		return resp, nil
	}
	if mt, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type")); mt == "application/json" {
		// A Connect error; connect reads it. It is read here first, so
		// that one over the limit fails as too large (connect would
		// report the HTTP status instead).
		limit := min(g.maxBytes, maxErrorBytes)
		body, err := io.ReadAll(&limitedBody{rc: resp.Body, left: limit, limit: limit})
		_ = resp.Body.Close()
		if err != nil {
			return nil, err
		}
		resp.Body = io.NopCloser(bytes.NewReader(body))
		return resp, nil
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	_ = resp.Body.Close()
	return nil, &HTTPStatusError{Status: resp.StatusCode, ContentType: resp.Header.Get("Content-Type"), Header: resp.Header.Clone()}
}

// limitedBody fails with TooLargeError once more than limit bytes are read.
type limitedBody struct {
	rc    io.ReadCloser
	left  int64
	limit int64
}

func (b *limitedBody) Read(p []byte) (int, error) {
	if b.left < 0 {
		return 0, &TooLargeError{Limit: b.limit}
	}
	if int64(len(p)) > b.left+1 {
		p = p[:b.left+1]
	}
	n, err := b.rc.Read(p)
	b.left -= int64(n)
	if b.left < 0 {
		return 0, &TooLargeError{Limit: b.limit}
	}
	return n, err
}

func (b *limitedBody) Close() error { return b.rc.Close() }
