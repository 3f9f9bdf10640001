package transport

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"syscall"
	"unicode"
	"unicode/utf8"

	"connectrpc.com/connect"
)

// Class is what kind of failure an error is, as far as the transport can
// tell. Each class has its own wording and advice in the provider.
type Class int

// The failure classes.
const (
	ClassUnknown Class = iota
	ClassCanceled
	ClassTimeout
	ClassRefused
	ClassDNS
	ClassTLS
	ClassNetwork // reset or dropped connection, or another transport failure
	ClassWrongPath
	ClassRedirect
	ClassTooLarge
	ClassBadAnswer
	ClassUnauthenticated
	ClassPermissionDenied
	ClassRateLimited
	ClassUnavailable
	ClassNotFound
	ClassAlreadyExists
	ClassInvalidArgument
	ClassFailedPrecondition
	ClassInternal
)

var classNames = map[Class]string{
	ClassUnknown: "unknown", ClassCanceled: "canceled", ClassTimeout: "timeout", ClassRefused: "connection refused",
	ClassDNS: "unknown host", ClassTLS: "TLS failure", ClassNetwork: "network failure", ClassWrongPath: "no such API path",
	ClassRedirect: "redirect refused", ClassTooLarge: "answer too large", ClassBadAnswer: "malformed answer",
	ClassUnauthenticated: "unauthenticated", ClassPermissionDenied: "permission denied", ClassRateLimited: "rate limited",
	ClassUnavailable: "unavailable", ClassNotFound: "not found", ClassAlreadyExists: "already exists",
	ClassInvalidArgument: "invalid argument", ClassFailedPrecondition: "failed precondition", ClassInternal: "internal error",
}

func (c Class) String() string { return classNames[c] }

// RedirectError is a redirect the transport refused to follow, because it
// leads to another origin (the token would go there) or changes the method.
type RedirectError struct {
	From   Origin
	Target string
	Reason string
}

func (e *RedirectError) Error() string {
	return Sanitize(fmt.Sprintf("the server at %s redirected to %s, which the provider does not follow (%s)", e.From, e.Target, e.Reason))
}

// TooLargeError is an answer longer than the configured limit.
type TooLargeError struct{ Limit int64 }

func (e *TooLargeError) Error() string {
	return fmt.Sprintf("the answer is larger than %d bytes (%s), the most the provider reads", e.Limit, sizeString(e.Limit))
}

// sizeString shows a byte count in the largest binary unit that divides it.
func sizeString(n int64) string {
	switch {
	case n >= 1<<30 && n%(1<<30) == 0:
		return fmt.Sprintf("%d GiB", n>>30)
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	default:
		return fmt.Sprintf("%d B", n)
	}
}

// HTTPStatusError is a non-200 answer that is not a Connect error: it came
// from something other than a Connect handler (a proxy, a web server, a path
// that does not exist).
type HTTPStatusError struct {
	Status      int
	ContentType string
	Header      http.Header
}

func (e *HTTPStatusError) Error() string {
	ct := e.ContentType
	if ct == "" {
		ct = "no content type"
	}
	return fmt.Sprintf("HTTP %d %s without a Connect error body (%s)", e.Status, http.StatusText(e.Status), Sanitize(ct))
}

// BadAnswerError is an answer that decoded but lacks something every real
// answer has, such as an object's id.
type BadAnswerError struct {
	Procedure string
	// Missing is what the answer lacks ("team id"), or Problem what is
	// wrong with it ("repeats a page token").
	Missing string
	Problem string
}

func (e *BadAnswerError) Error() string {
	if e.Problem != "" {
		return fmt.Sprintf("the answer to %s %s; it does not look like Gitpod's API", e.Procedure, e.Problem)
	}
	return fmt.Sprintf("the answer to %s has no %s; it does not look like Gitpod's API", e.Procedure, e.Missing)
}

// ClassOf tells what kind of failure err is.
func ClassOf(err error) Class {
	if err == nil {
		return ClassUnknown
	}
	var (
		redirect *RedirectError
		tooLarge *TooLargeError
		status   *HTTPStatusError
		bad      *BadAnswerError
		dnsErr   *net.DNSError
		certErr  *tls.CertificateVerificationError
		unknownA x509.UnknownAuthorityError
		hostErr  x509.HostnameError
		recHdr   tls.RecordHeaderError
		alert    tls.AlertError
	)
	switch {
	case errors.Is(err, context.Canceled):
		return ClassCanceled
	case errors.As(err, &redirect):
		return ClassRedirect
	case errors.As(err, &tooLarge):
		return ClassTooLarge
	case errors.As(err, &bad):
		return ClassBadAnswer
	case errors.As(err, &status):
		return classOfStatus(status.Status)
	case errors.As(err, &dnsErr):
		return ClassDNS
	case errors.Is(err, syscall.ECONNREFUSED):
		return ClassRefused
	case errors.As(err, &certErr), errors.As(err, &unknownA), errors.As(err, &hostErr), errors.As(err, &recHdr), errors.As(err, &alert),
		errors.Is(err, http.ErrSchemeMismatch):
		return ClassTLS
	case errors.Is(err, context.DeadlineExceeded):
		return ClassTimeout
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return ClassTimeout // such as the transport's wait for answer headers
	}
	var ce *connect.Error
	if !errors.As(err, &ce) {
		return ClassNetwork
	}
	return classOfConnect(ce)
}

// classOfConnect classifies a Connect error by its code; an error the
// client made itself says nothing about the server's intent.
func classOfConnect(ce *connect.Error) Class {
	wire := connect.IsWireError(ce)
	if !wire {
		if c, ok := localClass(ce); ok {
			return c
		}
	}
	switch ce.Code() {
	case connect.CodeCanceled:
		if wire {
			// The server gave up on the call (shutting down, say); the
			// provider was not interrupted.
			return ClassUnavailable
		}
		return ClassCanceled
	case connect.CodeUnavailable:
		if !wire {
			return ClassNetwork
		}
		return ClassUnavailable
	}
	if c, ok := classOfCode[ce.Code()]; ok {
		return c
	}
	return ClassUnknown
}

// classOfCode classifies the codes that mean the same from either side.
var classOfCode = map[connect.Code]Class{
	connect.CodeDeadlineExceeded:   ClassTimeout,
	connect.CodeUnauthenticated:    ClassUnauthenticated,
	connect.CodePermissionDenied:   ClassPermissionDenied,
	connect.CodeResourceExhausted:  ClassRateLimited,
	connect.CodeNotFound:           ClassNotFound,
	connect.CodeAlreadyExists:      ClassAlreadyExists,
	connect.CodeInvalidArgument:    ClassInvalidArgument,
	connect.CodeOutOfRange:         ClassInvalidArgument,
	connect.CodeFailedPrecondition: ClassFailedPrecondition,
	connect.CodeAborted:            ClassFailedPrecondition,
	connect.CodeUnimplemented:      ClassWrongPath,
	connect.CodeInternal:           ClassInternal,
	connect.CodeDataLoss:           ClassInternal,
}

// localClass classifies the errors the Connect client makes itself while
// reading an answer, which say nothing about the server's intent: an answer
// it cannot decode is malformed, one over a size limit is too large, and a
// read that failed underneath is a network failure.
func localClass(ce *connect.Error) (Class, bool) {
	switch ce.Code() {
	case connect.CodeResourceExhausted:
		return ClassTooLarge, true
	case connect.CodeInvalidArgument, connect.CodeInternal:
		return ClassBadAnswer, true
	case connect.CodeUnknown:
		var ne net.Error
		var errno syscall.Errno
		if errors.As(ce, &ne) || errors.As(ce, &errno) || errors.Is(ce, io.ErrUnexpectedEOF) || errors.Is(ce, io.EOF) {
			return ClassNetwork, true
		}
		return ClassBadAnswer, true
	default:
		return ClassUnknown, false
	}
}

func classOfStatus(status int) Class {
	switch status {
	case http.StatusNotFound, http.StatusMethodNotAllowed, http.StatusNotImplemented:
		return ClassWrongPath
	case http.StatusUnauthorized:
		return ClassUnauthenticated
	case http.StatusForbidden:
		return ClassPermissionDenied
	case http.StatusTooManyRequests:
		return ClassRateLimited
	case http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return ClassUnavailable
	case http.StatusRequestTimeout:
		return ClassTimeout
	default:
		return ClassUnknown
	}
}

// Code returns the Connect code of a server answer, or "" for errors that did
// not come from a Connect server.
func Code(err error) string {
	var ce *connect.Error
	if errors.As(err, &ce) && connect.IsWireError(ce) {
		return ce.Code().String()
	}
	return ""
}

// ServerMessage returns the server's message for an error answer, with
// control characters escaped, or the error's own text for other errors.
func ServerMessage(err error) string {
	var hidden *redactedError
	if errors.As(err, &hidden) {
		return hidden.hide(serverMessage(hidden.err))
	}
	return serverMessage(err)
}

// FromServer reports whether ServerMessage(err) is text a server sent (a
// Connect error's message), rather than a description of what failed on
// the way (a refused connection, an answer that could not be read).
func FromServer(err error) bool {
	var ce *connect.Error
	return errors.As(err, &ce) && connect.IsWireError(ce)
}

func serverMessage(err error) string {
	var (
		ce       *connect.Error
		redirect *RedirectError
		tooLarge *TooLargeError
		status   *HTTPStatusError
		bad      *BadAnswerError
	)
	switch {
	case errors.As(err, &ce) && connect.IsWireError(ce):
		return Sanitize(ce.Message())
	case errors.As(err, &redirect):
		return redirect.Error()
	case errors.As(err, &tooLarge):
		return tooLarge.Error()
	case errors.As(err, &status):
		return status.Error()
	case errors.As(err, &bad):
		return Sanitize(bad.Error())
	case ce != nil:
		// The client's own error, without its code in front.
		return Sanitize(ce.Message())
	}
	return Sanitize(err.Error())
}

// MayHaveBeenProcessed reports whether a failed write may nevertheless have
// taken effect: the request may have reached the server and the answer been
// lost (a dropped connection, a timeout, a server error after the fact, an
// interrupt while the call was on the wire).
func MayHaveBeenProcessed(err error) bool {
	switch ClassOf(err) {
	case ClassNetwork, ClassTimeout, ClassCanceled, ClassUnavailable, ClassInternal, ClassUnknown, ClassTooLarge, ClassBadAnswer:
		return true
	default:
		return false
	}
}

// Sanitize escapes control characters (ANSI escapes, carriage returns, other
// C0/C1 controls), invisible format characters (bidi overrides and isolates,
// zero-width characters, tag characters), line and paragraph separators and
// invalid UTF-8 in text that came from a server, so that it cannot draw on
// the user's terminal or disguise itself. New lines and tabs are escaped too:
// server text is shown on one line. The result is valid UTF-8 without such
// characters, and escaping it again changes nothing.
func Sanitize(s string) string {
	i := 0
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		if unsafeRune(r) {
			break
		}
		i += n
	}
	if i == len(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	b.WriteString(s[:i])
	for _, r := range s[i:] {
		switch {
		case !unsafeRune(r):
			b.WriteRune(r)
		case r > 0xffff:
			fmt.Fprintf(&b, `\U%08X`, r)
		default:
			fmt.Fprintf(&b, `\u%04X`, r)
		}
	}
	return b.String()
}

// unsafeRune reports whether r is escaped by Sanitize. U+FFFD stands for
// itself and for invalid UTF-8.
func unsafeRune(r rune) bool {
	return r == utf8.RuneError || unicode.In(r, unicode.Cc, unicode.Cf, unicode.Zl, unicode.Zp)
}
