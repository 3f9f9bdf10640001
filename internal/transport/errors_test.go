package transport

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"syscall"
	"testing"
	"unicode"
	"unicode/utf8"

	"connectrpc.com/connect"
)

func TestValidateToken(t *testing.T) {
	t.Parallel()
	for _, ok := range []string{testToken, "a", "gitpod_pat_AbC-._~+/=", strings.Repeat("x", 4096)} {
		if err := ValidateToken(ok); err != nil {
			t.Errorf("ValidateToken(%q): %v", ok, err)
		}
	}
	for tok, want := range map[string]string{
		"":                     "empty",
		testToken + "\n":       "white space",
		testToken + "\r\n":     "white space",
		" " + testToken:        "white space",
		"\t" + testToken:       "white space",
		testToken + "\u00a0":   "white space",
		testToken + "\u3000":   "white space",
		"abc def":              "white space",
		"abc\u2003def":         "white space",
		"abc\x1b[31mdef":       "control character (U+001B",
		"abc\x00def":           "control character (U+0000",
		"abc\x7fdef":           "control character (U+007F",
		"abc\u0085def":         "white space", // NEL is white space to Unicode
		"abc\u009bdef":         "control character (U+009B",
		"abc\u202edef":         "control character (U+202E",
		"abc\u200edef":         "control character (U+200E",
		"t\u00f6ken":           "outside printable ASCII",
		"tok\xffen":            "outside printable ASCII",
		"abc\u200bdef":         "outside printable ASCII",
		"Bearer\u2028" + "xyz": "white space",
	} {
		err := ValidateToken(tok)
		if err == nil {
			t.Errorf("ValidateToken(%q) accepted it", tok)
			continue
		}
		mustContain(t, fmt.Sprintf("ValidateToken(%q)", tok), err.Error(), want)
		if strings.Contains(err.Error(), "answer") || strings.Contains(err.Error(), "time") {
			t.Errorf("ValidateToken(%q) = %q, which reads like a server failure", tok, err)
		}
		if len(tok) > 4 && strings.Contains(err.Error(), strings.TrimSpace(tok)) {
			t.Errorf("ValidateToken(%q) = %q quotes the token", tok, err)
		}
	}
}

func TestSanitize(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"":                         "",
		"plain text, ünïcödé, 日本語": "plain text, ünïcödé, 日本語",
		"red \x1b[31mALERT\x1b[0m": `red \u001B[31mALERT\u001B[0m`,
		"over\rwrite":              `over\u000Dwrite`,
		"two\nlines\ttab":          `two\u000Alines\u0009tab`,
		"csi \u009b31m":            `csi \u009B31m`,
		"del\x7f":                  `del\u007F`,
		"bidi \u202egnp.exe":       `bidi \u202Egnp.exe`,
		"isolate \u2066x\u2069":    `isolate \u2066x\u2069`,
		"marks \u200e\u200f\u061c": `marks \u200E\u200F\u061C`,
		"zero\u200bwidth\ufeff":    `zero\u200Bwidth\uFEFF`,
		"tag \U000E0041":           `tag \U000E0041`,
		"line\u2028para\u2029":     `line\u2028para\u2029`,
		"bad \xff utf8":            `bad \uFFFD utf8`,
		"replacement \ufffd":       `replacement \uFFFD`,
		`already \u001B escaped`:   `already \u001B escaped`,
		"osc \x1b]0;title\x07":     `osc \u001B]0;title\u0007`,
	} {
		if got := Sanitize(in); got != want {
			t.Errorf("Sanitize(%q) = %q, want %q", in, got, want)
		}
	}
}

// checkSanitized fails if s has a character Sanitize must escape.
func checkSanitized(t *testing.T, what, s string) {
	t.Helper()
	if !utf8.ValidString(s) {
		t.Errorf("%s %q is not valid UTF-8", what, s)
	}
	for _, r := range s {
		if r == utf8.RuneError || unicode.In(r, unicode.Cc, unicode.Cf, unicode.Zl, unicode.Zp) {
			t.Errorf("%s %q contains %U", what, s, r)
			return
		}
	}
}

func TestClassOf(t *testing.T) {
	t.Parallel()
	wire := func(c connect.Code) error { return connect.NewWireError(c, errors.New("msg")) }
	local := func(c connect.Code, err error) error { return connect.NewError(c, err) }
	for _, tc := range []struct {
		err  error
		want Class
	}{
		{nil, ClassUnknown},
		{context.Canceled, ClassCanceled},
		{fmt.Errorf("x: %w", context.Canceled), ClassCanceled},
		{local(connect.CodeCanceled, errors.New("canceled")), ClassCanceled},
		{wire(connect.CodeCanceled), ClassUnavailable},
		{context.DeadlineExceeded, ClassTimeout},
		{local(connect.CodeDeadlineExceeded, errors.New("late")), ClassTimeout},
		{&net.OpError{Op: "read", Err: timeoutError{}}, ClassTimeout},
		{&net.DNSError{Err: "no such host", Name: "x.invalid", IsNotFound: true}, ClassDNS},
		{&net.DNSError{Err: "i/o timeout", Name: "x.invalid", IsTimeout: true}, ClassDNS},
		{&net.OpError{Op: "dial", Err: fmt.Errorf("connect: %w", syscall.ECONNREFUSED)}, ClassRefused},
		{&net.OpError{Op: "read", Err: syscall.ECONNRESET}, ClassNetwork},
		{x509.UnknownAuthorityError{}, ClassTLS},
		{x509.HostnameError{}, ClassTLS},
		{&tls.CertificateVerificationError{}, ClassTLS},
		{tls.RecordHeaderError{}, ClassTLS},
		{tls.AlertError(40), ClassTLS},
		{http.ErrSchemeMismatch, ClassTLS},
		{&RedirectError{}, ClassRedirect},
		{&TooLargeError{Limit: 1}, ClassTooLarge},
		{local(connect.CodeUnknown, fmt.Errorf("read message: %w", &TooLargeError{Limit: 1})), ClassTooLarge},
		{local(connect.CodeResourceExhausted, errors.New("message size 9 is larger than configured max 8")), ClassTooLarge},
		{wire(connect.CodeResourceExhausted), ClassRateLimited},
		{&BadAnswerError{}, ClassBadAnswer},
		{local(connect.CodeInvalidArgument, errors.New("unmarshal message: bad JSON")), ClassBadAnswer},
		{local(connect.CodeInternal, errors.New(`unknown encoding "br"`)), ClassBadAnswer},
		{local(connect.CodeUnknown, errors.New(`invalid content-type: "text/html"`)), ClassBadAnswer},
		{local(connect.CodeUnknown, fmt.Errorf("read message: %w", io.ErrUnexpectedEOF)), ClassNetwork},
		{local(connect.CodeUnknown, fmt.Errorf("read message: %w", &net.OpError{Op: "read", Err: syscall.ECONNRESET})), ClassNetwork},
		{local(connect.CodeUnavailable, io.EOF), ClassNetwork},
		{wire(connect.CodeUnavailable), ClassUnavailable},
		{wire(connect.CodeInvalidArgument), ClassInvalidArgument},
		{wire(connect.CodeOutOfRange), ClassInvalidArgument},
		{wire(connect.CodeInternal), ClassInternal},
		{wire(connect.CodeDataLoss), ClassInternal},
		{wire(connect.CodeUnauthenticated), ClassUnauthenticated},
		{local(connect.CodeUnauthenticated, errors.New("401 Unauthorized")), ClassUnauthenticated},
		{wire(connect.CodePermissionDenied), ClassPermissionDenied},
		{wire(connect.CodeNotFound), ClassNotFound},
		{wire(connect.CodeAlreadyExists), ClassAlreadyExists},
		{wire(connect.CodeFailedPrecondition), ClassFailedPrecondition},
		{wire(connect.CodeAborted), ClassFailedPrecondition},
		{wire(connect.CodeUnimplemented), ClassWrongPath},
		{local(connect.CodeUnimplemented, errors.New("404 Not Found")), ClassWrongPath},
		{wire(connect.CodeUnknown), ClassUnknown},
		{wire(connect.CodeDeadlineExceeded), ClassTimeout},
		{&HTTPStatusError{Status: 404}, ClassWrongPath},
		{&HTTPStatusError{Status: 405}, ClassWrongPath},
		{&HTTPStatusError{Status: 401}, ClassUnauthenticated},
		{&HTTPStatusError{Status: 403}, ClassPermissionDenied},
		{&HTTPStatusError{Status: 429}, ClassRateLimited},
		{&HTTPStatusError{Status: 502}, ClassUnavailable},
		{&HTTPStatusError{Status: 408}, ClassTimeout},
		{&HTTPStatusError{Status: 500}, ClassUnknown},
		{errors.New("something else"), ClassNetwork},
		{&CallError{Err: wire(connect.CodeNotFound)}, ClassNotFound},
	} {
		if got := ClassOf(tc.err); got != tc.want {
			t.Errorf("ClassOf(%v) = %v, want %v", tc.err, got, tc.want)
		}
	}
}

type timeoutError struct{}

func (timeoutError) Error() string   { return "timeout awaiting response headers" }
func (timeoutError) Timeout() bool   { return true }
func (timeoutError) Temporary() bool { return true }

func TestClassNames(t *testing.T) {
	t.Parallel()
	for c := ClassUnknown; c <= ClassInternal; c++ {
		if c.String() == "" {
			t.Errorf("class %d has no name", c)
		}
	}
}

// TestFailureClassesOnTheWire: the failures a user meets are classified
// from what really comes back from the network.
func TestFailureClassesOnTheWire(t *testing.T) {
	t.Parallel()
	plain := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusOK, teamAnswer)
	}))
	t.Cleanup(plain.Close)
	tlsSrv := httptest.NewUnstartedServer(plain.Config.Handler)
	tlsSrv.Config.ErrorLog = log.New(io.Discard, "", 0) // the failed handshake is the point
	tlsSrv.StartTLS()
	t.Cleanup(tlsSrv.Close)
	notFound := httptest.NewServer(http.NotFoundHandler())
	t.Cleanup(notFound.Close)
	html := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		_, _ = io.WriteString(w, "<html>login</html>")
	}))
	t.Cleanup(html.Close)
	badJSON := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusOK, `{"team": 42}`)
	}))
	t.Cleanup(badJSON.Close)
	for _, tc := range []struct {
		name, host string
		want       Class
	}{
		{"refused", refusedURL(t), ClassRefused},
		{"unknown host", "https://gitpod-provider-test.invalid", ClassDNS},
		{"untrusted certificate", tlsSrv.URL, ClassTLS},
		{"https to a plain server", strings.Replace(plain.URL, "http://", "https://", 1), ClassTLS},
		{"404 page", notFound.URL, ClassWrongPath},
		{"html answer", html.URL, ClassBadAnswer},
		{"undecodable answer", badJSON.URL, ClassBadAnswer},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			tr := newTestTransport(t, tc.host, func(c *Config) {
				c.Retry.MaxRetries = 0
				if strings.HasSuffix(tc.host, ".invalid") {
					c.RoundTripper = &http.Transport{} // no proxy: this machine looks the name up
				}
			})
			_, err := getTeam(t.Context(), tr)
			if got := ClassOf(err); got != tc.want {
				t.Errorf("class %v, want %v (%v)", got, tc.want, err)
			}
			mustContain(t, "error", err.Error(), tr.Host())
			checkSanitized(t, "server message", ServerMessage(err))
		})
	}
}

// TestServerTextIsEscaped: whatever a server puts in its error message or
// content type reaches the user escaped.
func TestServerTextIsEscaped(t *testing.T) {
	t.Parallel()
	evil := "\x1b[2J\x1b[31mall good\r\u202eexe.\u2066\x07\u009b"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "CreateTeam") {
			w.Header().Set("Content-Type", "text/html; "+strings.ReplaceAll(evil, "\x1b", "")+"\x7f")
			w.WriteHeader(http.StatusBadRequest)
			return
		}
		msg, _ := json.Marshal(evil)
		writeJSON(w, http.StatusForbidden, fmt.Sprintf(`{"code":"permission_denied","message":%s}`, msg))
	}))
	t.Cleanup(srv.Close)
	tr := newTestTransport(t, srv.URL, nil)
	_, err := getTeam(t.Context(), tr)
	if ClassOf(err) != ClassPermissionDenied {
		t.Fatalf("class %v (%v)", ClassOf(err), err)
	}
	checkSanitized(t, "server message", ServerMessage(err))
	mustContain(t, "server message", ServerMessage(err), "all good")
	_, err = createTeam(t.Context(), tr)
	checkSanitized(t, "server message", ServerMessage(err))
	checkSanitized(t, "error", err.Error())
}

func TestMayHaveBeenProcessed(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		err  error
		want bool
	}{
		{&net.OpError{Op: "dial", Err: syscall.ECONNREFUSED}, false},
		{&net.DNSError{Err: "no such host"}, false},
		{x509.UnknownAuthorityError{}, false},
		{&RedirectError{}, false},
		{connect.NewWireError(connect.CodeResourceExhausted, errors.New("x")), false},
		{connect.NewWireError(connect.CodePermissionDenied, errors.New("x")), false},
		{connect.NewWireError(connect.CodeAlreadyExists, errors.New("x")), false},
		{&net.OpError{Op: "read", Err: syscall.ECONNRESET}, true},
		{context.DeadlineExceeded, true},
		{context.Canceled, true},
		{connect.NewWireError(connect.CodeUnavailable, errors.New("x")), true},
		{connect.NewWireError(connect.CodeInternal, errors.New("x")), true},
		{&TooLargeError{}, true},
		{&BadAnswerError{}, true},
	} {
		if got := MayHaveBeenProcessed(tc.err); got != tc.want {
			t.Errorf("MayHaveBeenProcessed(%v) = %v", tc.err, got)
		}
	}
}

func TestMethod(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"/gitpod.v1.TeamService/GetTeam":                "TeamService/GetTeam",
		"/gitpod.experimental.v1.TeamsService/JoinTeam": "TeamsService/JoinTeam",
		"GetTeam": "GetTeam",
		"":        "",
	} {
		if got := Method(in); got != want {
			t.Errorf("Method(%q) = %q, want %q", in, got, want)
		}
	}
}
