package transport

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"syscall"

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
	return fmt.Sprintf("the server at %s redirected to %s, which the provider does not follow (%s)", e.From, Sanitize(e.Target), e.Reason)
}

// TooLargeError is an answer longer than the configured limit.
type TooLargeError struct{ Limit int64 }

func (e *TooLargeError) Error() string {
	return fmt.Sprintf("the answer is larger than %d bytes, the most the provider reads", e.Limit)
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
	Missing   string
}

func (e *BadAnswerError) Error() string {
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
	case errors.As(err, &certErr), errors.As(err, &unknownA), errors.As(err, &hostErr), errors.As(err, &recHdr), errors.As(err, &alert):
		return ClassTLS
	case errors.Is(err, context.DeadlineExceeded):
		return ClassTimeout
	}
	var ce *connect.Error
	if !errors.As(err, &ce) {
		return ClassNetwork
	}
	switch ce.Code() {
	case connect.CodeCanceled:
		return ClassCanceled
	case connect.CodeDeadlineExceeded:
		return ClassTimeout
	case connect.CodeUnauthenticated:
		return ClassUnauthenticated
	case connect.CodePermissionDenied:
		return ClassPermissionDenied
	case connect.CodeResourceExhausted:
		return ClassRateLimited
	case connect.CodeUnavailable:
		if !connect.IsWireError(ce) {
			return ClassNetwork
		}
		return ClassUnavailable
	case connect.CodeNotFound:
		return ClassNotFound
	case connect.CodeAlreadyExists:
		return ClassAlreadyExists
	case connect.CodeInvalidArgument, connect.CodeOutOfRange:
		return ClassInvalidArgument
	case connect.CodeFailedPrecondition, connect.CodeAborted:
		return ClassFailedPrecondition
	case connect.CodeUnimplemented:
		return ClassWrongPath
	case connect.CodeInternal, connect.CodeDataLoss:
		return ClassInternal
	default:
		return ClassUnknown
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
	var ce *connect.Error
	if errors.As(err, &ce) && connect.IsWireError(ce) {
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
// C0/C1 controls) in text that came from a server, so that it cannot draw on
// the user's terminal. New lines and tabs are escaped too: server text is
// shown on one line.
func Sanitize(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\uFFFD':
			b.WriteString(`\uFFFD`)
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) || r == '\u2028' || r == '\u2029' || (r >= '\u202a' && r <= '\u202e') || (r >= '\u2066' && r <= '\u2069'):
			fmt.Fprintf(&b, `\u%04X`, r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
