package api

import (
	"errors"

	"connectrpc.com/connect"
)

// Code returns the Connect code of err, or connect.CodeUnknown.
func Code(err error) connect.Code { return connect.CodeOf(err) }

// IsNotFound reports whether the object does not exist or is not visible to the caller.
func IsNotFound(err error) bool { return err != nil && connect.CodeOf(err) == connect.CodeNotFound }

// IsFailedPrecondition reports whether the server refused because of the object's state.
func IsFailedPrecondition(err error) bool {
	return err != nil && connect.CodeOf(err) == connect.CodeFailedPrecondition
}

// IsPermissionDenied reports whether the caller lacks the right to do this.
func IsPermissionDenied(err error) bool {
	return err != nil && connect.CodeOf(err) == connect.CodePermissionDenied
}

// IsUnauthenticated reports whether the token was missing, unknown or expired.
func IsUnauthenticated(err error) bool {
	return err != nil && connect.CodeOf(err) == connect.CodeUnauthenticated
}

// IsInvalidArgument reports whether the server rejected the request's content.
func IsInvalidArgument(err error) bool {
	return err != nil && connect.CodeOf(err) == connect.CodeInvalidArgument
}

// Message returns the server's message without the code prefix, or the error
// text for errors that did not come from the server.
func Message(err error) string {
	var ce *connect.Error
	if errors.As(err, &ce) {
		return ce.Message()
	}
	return err.Error()
}

// Hint returns advice for the user that fits the error's code, or "".
func Hint(err error) string {
	switch connect.CodeOf(err) {
	case connect.CodeUnauthenticated:
		return "Check that the provider's token (or GITPOD_TOKEN) is a valid, unexpired personal access token."
	case connect.CodePermissionDenied:
		return "The token's user lacks the permission for this operation (for example, only team owners may change a team), or the token has no scopes."
	case connect.CodeResourceExhausted:
		return "The API is rate limiting this client; retry later or raise max_retries."
	case connect.CodeUnavailable, connect.CodeDeadlineExceeded:
		return "The API did not answer in time; check connectivity to the host and retry, or raise request_timeout."
	case connect.CodeInvalidArgument:
		return "Check the values in the configuration."
	default:
		return ""
	}
}

// MayHaveBeenProcessed reports whether a failed write may nevertheless have
// taken effect: the server may have done the work and the answer been lost
// (a dropped connection, a timeout, a server error after the fact). Callers
// that must not leave orphans reconcile after such errors.
func MayHaveBeenProcessed(err error) bool {
	if err == nil || Retryable(false, err) {
		return false
	}
	switch connect.CodeOf(err) {
	case connect.CodeUnavailable, connect.CodeDeadlineExceeded, connect.CodeUnknown,
		connect.CodeInternal, connect.CodeDataLoss, connect.CodeCanceled, connect.CodeAborted:
		return true
	default:
		return false
	}
}
