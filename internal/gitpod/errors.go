package gitpod

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/gitpod-community/terraform-provider-gitpod/internal/transport"
)

// Kind is what kind of failure an Error is.
type Kind int

// Failure kinds. The first group comes from the transport or the server; the
// second is decided here.
const (
	KindUnknown Kind = iota
	KindCanceled
	KindTimeout
	KindRefused
	KindDNS
	KindTLS
	KindNetwork
	KindWrongPath
	KindRedirect
	KindTooLarge
	KindBadAnswer
	KindUnauthenticated
	KindPermissionDenied
	KindRateLimited
	KindUnavailable
	KindNotFound
	KindAlreadyExists
	KindInvalidArgument
	KindFailedPrecondition
	KindInternal

	// KindUnsupported is an operation the API generation does not have.
	KindUnsupported
	// KindLastOwner is a change that would leave a team without an owner.
	KindLastOwner
	// KindAmbiguous is a lost create with more than one candidate.
	KindAmbiguous
	// KindInOtherTeam is a v1 user who already belongs to another team.
	KindInOtherTeam
	// KindNotApplied is a change the server acknowledged but did not make.
	KindNotApplied
	// KindTooManyPages is a listing that did not end.
	KindTooManyPages
)

var kindOfClass = map[transport.Class]Kind{
	transport.ClassUnknown: KindUnknown, transport.ClassCanceled: KindCanceled, transport.ClassTimeout: KindTimeout,
	transport.ClassRefused: KindRefused, transport.ClassDNS: KindDNS, transport.ClassTLS: KindTLS,
	transport.ClassNetwork: KindNetwork, transport.ClassWrongPath: KindWrongPath, transport.ClassRedirect: KindRedirect,
	transport.ClassTooLarge: KindTooLarge, transport.ClassBadAnswer: KindBadAnswer,
	transport.ClassUnauthenticated: KindUnauthenticated, transport.ClassPermissionDenied: KindPermissionDenied,
	transport.ClassRateLimited: KindRateLimited, transport.ClassUnavailable: KindUnavailable,
	transport.ClassNotFound: KindNotFound, transport.ClassAlreadyExists: KindAlreadyExists,
	transport.ClassInvalidArgument: KindInvalidArgument, transport.ClassFailedPrecondition: KindFailedPrecondition,
	transport.ClassInternal: KindInternal,
}

// Error is a failed operation on one object.
type Error struct {
	Kind Kind
	// Op and Object say what failed: "create" and `team "Platform"`.
	Op     string
	Object string
	// Host is the API's base URL.
	Host string
	// Method is the API method ("TeamService/CreateTeam"), when one failed.
	Method string
	// Code is the Connect code the server answered with, or "".
	Code string
	// Message is the explanation, with control characters escaped: the
	// server's own text when FromServer, else the provider's (what failed
	// on the way, or what it found).
	Message    string
	FromServer bool
	// Attempts, Timeout and GaveUp describe the retries made.
	Attempts int
	Timeout  time.Duration
	GaveUp   string
	// Delay is how long a rate-limiting server asked to wait.
	Delay time.Duration
	// Hint is extra advice specific to the operation.
	Hint string
	Err  error
}

func (e *Error) Error() string {
	s := fmt.Sprintf("%s %s: %s", e.Op, Sanitize(e.Object), e.What())
	if e.Message != "" && e.Kind != KindBadAnswer {
		s += ": " + e.Message
	}
	return s
}

func (e *Error) Unwrap() error { return e.Err }

// What says what happened, in words for people.
func (e *Error) What() string {
	host := e.Host
	if host == "" {
		host = "the Gitpod API"
	}
	switch e.Kind {
	case KindCanceled:
		return fmt.Sprintf("the call to %s was interrupted (Terraform was stopped, for example with Ctrl-C)", host)
	case KindTimeout:
		if e.Attempts > 1 {
			return fmt.Sprintf("%s did not answer within request_timeout (%s) in %d attempts", host, e.Timeout, e.Attempts)
		}
		return fmt.Sprintf("%s did not answer within request_timeout (%s)", host, e.Timeout)
	case KindRefused:
		return fmt.Sprintf("the connection to %s was refused", host)
	case KindDNS:
		return fmt.Sprintf("the host name of %s could not be resolved", host)
	case KindTLS:
		return fmt.Sprintf("the TLS (HTTPS) connection to %s failed", host)
	case KindNetwork:
		return fmt.Sprintf("the connection to %s failed before an answer arrived", host)
	case KindWrongPath:
		return fmt.Sprintf("%s has no API method %s", host, e.Method)
	case KindRedirect:
		return fmt.Sprintf("%s answered with a redirect the provider does not follow", host)
	case KindTooLarge:
		return fmt.Sprintf("the answer from %s was too large", host)
	case KindBadAnswer:
		return fmt.Sprintf("the answer from %s is not a valid Gitpod answer (%s)", host, e.Message)
	case KindUnauthenticated:
		return fmt.Sprintf("%s did not accept the provider's token (unauthenticated)", host)
	case KindPermissionDenied:
		return fmt.Sprintf("%s denied the provider's token permission for this (permission denied)", host)
	case KindRateLimited:
		return fmt.Sprintf("%s is rate limiting the provider", host)
	case KindUnavailable:
		return fmt.Sprintf("%s is unavailable", host)
	case KindNotFound:
		return "not found"
	case KindAlreadyExists:
		return "it already exists"
	case KindInvalidArgument:
		return "the server refused the request as invalid"
	case KindFailedPrecondition:
		return "the server refused the change in the object's current state"
	case KindInternal:
		return fmt.Sprintf("%s had an internal error", host)
	case KindUnsupported:
		return "the API in use does not support this"
	case KindLastOwner:
		return "a team must keep at least one owner"
	case KindAmbiguous:
		return "the provider cannot tell which object is its own"
	case KindInOtherTeam:
		return "the user already belongs to another team of the organization"
	case KindNotApplied:
		return "the server did not apply the change"
	case KindTooManyPages:
		return fmt.Sprintf("the listing from %s did not end within the provider's bounds", host)
	default:
		if e.Code != "" {
			return fmt.Sprintf("%s answered %s", host, e.Code)
		}
		return fmt.Sprintf("the call to %s failed", host)
	}
}

// Advice says what the user can do about this kind of failure.
func (e *Error) Advice() string {
	var a string
	switch e.Kind {
	case KindCanceled:
		a = "Run the command again when ready; anything already created was saved to state."
	case KindTimeout:
		a = "Check that the host is reachable from this machine. If the server is only slow, raise request_timeout (or GITPOD_REQUEST_TIMEOUT)."
	case KindRefused:
		a = "Nothing accepts connections there: check the provider's host (or GITPOD_HOST), its port, and that the server is running."
	case KindDNS:
		a = "Check the provider's host (or GITPOD_HOST) for typos, and this machine's DNS settings."
	case KindTLS:
		a = "Check that host is the HTTPS address of a Gitpod API and that its certificate is valid and trusted on this machine."
	case KindNetwork:
		a = "Check network connectivity to the host and run the command again."
	case KindWrongPath:
		a = "Check that host is the address of Gitpod's API, and that the api argument (or GITPOD_API) matches the server: \"v1\" for today's Gitpod (app.gitpod.io), \"classic\" for a Gitpod Classic installation, or \"auto\" to detect it."
		if p := hostPath(e.Host); p != "" {
			a = fmt.Sprintf("The host has a path (%s), but the provider adds the API's path itself (/api for gitpod.v1): drop %s from host, so that it reads %s. ", Sanitize(p), Sanitize(p), Sanitize(strings.TrimSuffix(e.Host, p))) + a
		}
	case KindRedirect:
		a = "The provider sends its token only to the configured host's origin. If the redirect target is the right API endpoint, set the provider's host to it."
	case KindTooLarge:
		a = "No real Gitpod answer is this large: check that host points at Gitpod's API."
	case KindBadAnswer:
		a = "Check that host points at Gitpod's API and not at another web server or a proxy's error page."
	case KindUnauthenticated:
		a = "Check that the provider's token (or GITPOD_TOKEN / GITPOD_API_KEY) is a valid, unexpired personal access token issued by this host."
	case KindPermissionDenied:
		a = "The token's user lacks the right for this operation (for example, only team owners or organization admins may change teams)."
	case KindRateLimited:
		a = "Wait and run the command again, or raise max_retries / retry_max_backoff."
		if e.Delay > 0 {
			a = fmt.Sprintf("The server asked to wait %s. %s", e.Delay.Round(time.Second), a)
		}
	case KindUnavailable, KindInternal:
		a = "This is usually temporary: run the command again later."
	case KindInvalidArgument:
		a = "Check the values in the configuration."
	case KindTooManyPages:
		a = "No real Gitpod listing is this long: check that host points at Gitpod's API. If it does, narrow the listing with filters so that it holds fewer items."
	}
	if e.Hint != "" {
		if a != "" {
			a += " "
		}
		a += e.Hint
	}
	return a
}

// hostPath is the path of a host URL ("/api"), or "" when it has none.
func hostPath(host string) string {
	u, err := url.Parse(host)
	if err != nil || u.Path == "" || u.Path == "/" {
		return ""
	}
	return strings.TrimSuffix(u.Path, "/")
}

// Wrap turns an error from an adapter or the transport into an *Error
// about op on object. An *Error is kept, with op and object filled in when
// empty.
func Wrap(err error, op, object string) error {
	if err == nil {
		return nil
	}
	var ge *Error
	if errors.As(err, &ge) {
		c := *ge
		if c.Op == "" {
			c.Op = op
		}
		if c.Object == "" {
			c.Object = object
		}
		return &c
	}
	e := &Error{Kind: kindOfClass[transport.ClassOf(err)], Op: op, Object: object, Err: err}
	e.Code = transport.Code(err)
	e.Message = transport.ServerMessage(err)
	e.FromServer = transport.FromServer(err)
	var ce *transport.CallError
	if errors.As(err, &ce) {
		e.Host = ce.Host
		e.Method = transport.Method(ce.Procedure)
		e.Attempts = ce.Attempts
		e.Timeout = ce.Timeout
		e.GaveUp = ce.GaveUp
		e.Message = transport.ServerMessage(ce.Err)
		e.FromServer = transport.FromServer(ce.Err)
	}
	if d, ok := transport.ServerDelay(err, time.Now()); ok {
		e.Delay = d
	}
	if e.Kind == KindCanceled || e.Kind == KindTimeout {
		e.Message = ""
	}
	return e
}

// New returns an *Error of a kind decided above the transport. With Wrap
// (for errors that come from below) and WithHint, it is how every *Error
// is made; the client's fail and refuse add its host to both.
func New(kind Kind, op, object, message string) *Error {
	return &Error{Kind: kind, Op: op, Object: object, Message: message}
}

// WithHint adds advice specific to the operation and returns e.
func (e *Error) WithHint(hint string) *Error {
	e.Hint = hint
	return e
}

// WithHint returns err with advice added, when it is an *Error (a copy:
// err is not changed).
func WithHint(err error, hint string) error {
	var ge *Error
	if errors.As(err, &ge) {
		cp := *ge
		cp.Hint = hint
		return &cp
	}
	return err
}

// About returns err about object, when it is an *Error (a copy): for a
// name the caller knows and the client does not, such as
// `personal access token "ci" (id)` for `personal access token id`.
func About(err error, object string) error {
	var ge *Error
	if errors.As(err, &ge) {
		cp := *ge
		cp.Object = object
		return &cp
	}
	return err
}

// asError is Wrap as an *Error (err must not be nil).
func asError(err error, op, object string) *Error {
	var ge *Error
	if errors.As(Wrap(err, op, object), &ge) {
		return ge
	}
	return &Error{Kind: KindUnknown, Op: op, Object: object, Err: err, Message: Sanitize(err.Error())}
}

// KindOf returns the kind of err, or KindUnknown.
func KindOf(err error) Kind {
	var ge *Error
	if errors.As(err, &ge) {
		return ge.Kind
	}
	if err == nil {
		return KindUnknown
	}
	return kindOfClass[transport.ClassOf(err)]
}

// IsNotFound reports whether err says the object does not exist (or is not
// visible to the caller).
func IsNotFound(err error) bool { return err != nil && KindOf(err) == KindNotFound }

// MayHaveBeenProcessed reports whether a failed write may nevertheless have
// taken effect.
func MayHaveBeenProcessed(err error) bool {
	var ge *Error
	if errors.As(err, &ge) && ge.Err != nil {
		return transport.MayHaveBeenProcessed(ge.Err)
	}
	if errors.As(err, &ge) {
		return false
	}
	return err != nil && transport.MayHaveBeenProcessed(err)
}

// Sanitize escapes control characters in text that came from a server.
func Sanitize(s string) string { return transport.Sanitize(s) }

// List joins ids for messages: "a, b and c".
func List(items []string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	default:
		return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
	}
}
