package mockapi

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"time"

	"connectrpc.com/connect"
)

// Fault is an injected misbehaviour for one method. The zero value does
// nothing. Faults queue per method; each applies to Times calls (0 = every
// call from now on) and then gives way to the next.
type Fault struct {
	// Latency delays the answer (the work is done after the delay).
	Latency time.Duration
	// Code, when set, answers with this Connect error without doing the work.
	Code connect.Code
	// RetryAfter, with Code, sends a Retry-After header (whole seconds,
	// rounded up). A call arriving before it has passed is refused again
	// and counted by EarlyRetries.
	RetryAfter time.Duration
	// DropAfterWork does the work, then closes the connection without
	// answering: the client cannot know the call succeeded.
	DropAfterWork bool
	// Times is how many calls the fault applies to; 0 means unlimited.
	Times int
	// Hook, when set, runs as the fault fires, before the work: a way to
	// make something happen concurrently with the call (another client
	// creating an object, say).
	Hook func()
}

// Inject queues a fault for a method, named as "TeamsService/GetTeam" or by
// its bare method name ("GetTeam").
func (s *Server) Inject(method string, f Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	m := shortMethod(method)
	fc := f
	s.faults[m] = append(s.faults[m], &fc)
}

// ClearFaults removes every queued fault.
func (s *Server) ClearFaults() {
	s.mu.Lock()
	defer s.mu.Unlock()
	clear(s.faults)
}

// Calls returns how many HTTP requests reached a method (by bare method name),
// including refused and faulted ones.
func (s *Server) Calls(method string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.calls[shortMethod(method)]
}

// AllCalls returns a copy of every method's call counter.
func (s *Server) AllCalls() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[string]int, len(s.calls))
	for k, v := range s.calls {
		out[k] = v
	}
	return out
}

// ResetCalls sets every call counter to zero.
func (s *Server) ResetCalls() {
	s.mu.Lock()
	defer s.mu.Unlock()
	clear(s.calls)
	clear(s.early)
}

// EarlyRetries returns how many calls to a method arrived while a
// Retry-After it had sent was still running.
func (s *Server) EarlyRetries(method string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.early[shortMethod(method)]
}

func shortMethod(m string) string { return m[strings.LastIndex(m, "/")+1:] }

// takeFault counts the call and returns the fault to apply, if any.
func (s *Server) takeFault(method string) (*Fault, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls[method]++
	if until, ok := s.limited[method]; ok {
		if time.Now().Before(until) {
			s.early[method]++
			return &Fault{Code: connect.CodeResourceExhausted, RetryAfter: time.Until(until)}, true
		}
		delete(s.limited, method)
	}
	q := s.faults[method]
	if len(q) == 0 {
		return nil, false
	}
	f := q[0]
	if f.Times > 0 {
		f.Times--
		if f.Times == 0 {
			s.faults[method] = q[1:]
		}
	}
	if f.Code != 0 && f.RetryAfter > 0 {
		s.limited[method] = time.Now().Add(f.RetryAfter)
	}
	return f, true
}

func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	method := shortMethod(r.URL.Path)
	f, ok := s.takeFault(method)
	if !wait(r, s.baseLatency()) {
		return
	}
	if !ok {
		s.mux.ServeHTTP(w, r)
		return
	}
	if !wait(r, f.Latency) {
		return
	}
	if f.Hook != nil {
		f.Hook()
	}
	switch {
	case f.Code != 0:
		writeConnectError(w, f.Code, "injected fault", f.RetryAfter)
	case f.DropAfterWork:
		rec := httptest.NewRecorder()
		s.mux.ServeHTTP(rec, r)
		if hj, ok := w.(http.Hijacker); ok {
			if conn, _, err := hj.Hijack(); err == nil {
				_ = conn.Close()
				return
			}
		}
		// Without a hijackable connection, an aborted handler is the
		// closest thing: net/http drops the connection.
		panic(http.ErrAbortHandler)
	default:
		s.mux.ServeHTTP(w, r)
	}
}

// httpStatus is the Connect protocol's mapping of codes to HTTP statuses.
var httpStatus = map[connect.Code]int{
	connect.CodeCanceled:           499,
	connect.CodeUnknown:            500,
	connect.CodeInvalidArgument:    400,
	connect.CodeDeadlineExceeded:   504,
	connect.CodeNotFound:           404,
	connect.CodeAlreadyExists:      409,
	connect.CodePermissionDenied:   403,
	connect.CodeResourceExhausted:  429,
	connect.CodeFailedPrecondition: 400,
	connect.CodeAborted:            409,
	connect.CodeOutOfRange:         400,
	connect.CodeUnimplemented:      501,
	connect.CodeInternal:           500,
	connect.CodeUnavailable:        503,
	connect.CodeDataLoss:           500,
	connect.CodeUnauthenticated:    401,
}

func writeConnectError(w http.ResponseWriter, code connect.Code, msg string, retryAfter time.Duration) {
	w.Header().Set("Content-Type", "application/json")
	if retryAfter > 0 {
		secs := int((retryAfter + time.Second - 1) / time.Second)
		w.Header().Set("Retry-After", strconv.Itoa(secs))
	}
	w.WriteHeader(httpStatus[code])
	_ = json.NewEncoder(w).Encode(map[string]string{"code": code.String(), "message": msg})
}

// SetLatency delays every call by d, on top of any injected fault.
func (s *Server) SetLatency(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.latency = d
}

func (s *Server) baseLatency() time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.latency
}

// wait delays the answer by d; it reports false when the client gave up.
func wait(r *http.Request, d time.Duration) bool {
	if d <= 0 {
		return true
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-r.Context().Done():
		return false
	case <-t.C:
		return true
	}
}
