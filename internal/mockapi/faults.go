package mockapi

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"time"

	"connectrpc.com/connect"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/protobuf/types/known/durationpb"
)

// RateLimitSignal says how an injected rate limit tells the client when to
// come back.
type RateLimitSignal string

// The signals a rate-limited answer can carry.
const (
	// SignalRetryAfter is the standard Retry-After header (seconds).
	SignalRetryAfter RateLimitSignal = "retry-after"
	// SignalRateLimitHeader is gitpod.v1's RateLimit-RetryAfter header.
	SignalRateLimitHeader RateLimitSignal = "ratelimit"
	// SignalRetryInfo is a google.rpc.RetryInfo error detail.
	SignalRetryInfo RateLimitSignal = "retryinfo"
)

// Fault is an injected misbehaviour for one method. The zero value does
// nothing. Faults queue per method; each applies to Times calls (0 = every
// call from now on) and then gives way to the next.
type Fault struct {
	// Latency delays the call before the work is done.
	Latency time.Duration
	// LatencyAfter delays the answer after the work was done: a client
	// that gives up meanwhile loses the answer of a call that succeeded.
	LatencyAfter time.Duration
	// Code answers with this Connect error without doing the work.
	Code connect.Code
	// RetryAfter, with Code, tells the client when to retry, through
	// Signal (default SignalRetryAfter), rounded up to whole seconds for
	// headers. A call arriving earlier is refused again and counted by
	// EarlyRetries.
	RetryAfter time.Duration
	Signal     RateLimitSignal
	// DropAfterWork does the work, then closes the connection without
	// answering: the client cannot know the call succeeded.
	DropAfterWork bool
	// Times is how many calls the fault applies to; 0 means unlimited.
	Times int
	// Hook runs as the fault fires, before the work: a way to make
	// something happen concurrently with the call.
	Hook func()
}

// Chaos injects faults at random into every call, for soak tests.
type Chaos struct {
	// Seed makes the sequence repeatable.
	Seed uint64
	// Unavailable, RateLimited and Dropped are the chances (0..1) that a
	// call answers 503 without doing the work, answers 429 with a
	// Retry-After of RetryAfter, or does the work and drops the answer.
	Unavailable, RateLimited, Dropped float64
	RetryAfter                        time.Duration
	// MaxLatency adds a random delay up to this much to every call.
	MaxLatency time.Duration
}

// ChaosStats counts what chaos injected.
type ChaosStats struct {
	Calls, Unavailable, RateLimited, Dropped int
}

type faults struct {
	mu      sync.Mutex
	queue   map[string][]*Fault // by method pattern
	calls   map[string]int      // by procedure
	early   map[string]int
	limited map[string]time.Time
	latency time.Duration
	chaos   *Chaos
	rnd     *rand.Rand
	stats   ChaosStats
}

func newFaults() *faults {
	return &faults{queue: map[string][]*Fault{}, calls: map[string]int{}, early: map[string]int{}, limited: map[string]time.Time{}}
}

// matches reports whether a method name given by a test ("GetTeam",
// "TeamService/GetTeam" or "gitpod.v1.TeamService/GetTeam") names a
// procedure ("/gitpod.v1.TeamService/GetTeam").
func matches(name, procedure string) bool {
	p := strings.TrimPrefix(procedure, "/")
	name = strings.TrimPrefix(name, "/")
	return p == name || strings.HasSuffix(p, "/"+name) || strings.HasSuffix(p, "."+name)
}

// Inject queues a fault for the methods a name matches (see Calls).
func (s *Server) Inject(method string, f Fault) {
	s.f.mu.Lock()
	defer s.f.mu.Unlock()
	fc := f
	s.f.queue[method] = append(s.f.queue[method], &fc)
}

// ClearFaults removes every queued fault and stops chaos.
func (s *Server) ClearFaults() {
	s.f.mu.Lock()
	defer s.f.mu.Unlock()
	clear(s.f.queue)
	clear(s.f.limited)
	s.f.chaos = nil
}

// SetChaos starts injecting random faults into every call.
func (s *Server) SetChaos(c Chaos) {
	s.f.mu.Lock()
	defer s.f.mu.Unlock()
	s.f.chaos = &c
	s.f.rnd = rand.New(rand.NewPCG(c.Seed, c.Seed^0x9e3779b97f4a7c15)) //nolint:gosec // fault injection needs no cryptographic randomness
	s.f.stats = ChaosStats{}
}

// ChaosStats returns what chaos injected so far.
func (s *Server) ChaosStats() ChaosStats {
	s.f.mu.Lock()
	defer s.f.mu.Unlock()
	return s.f.stats
}

// SetLatency delays every call by d, on top of any injected fault.
func (s *Server) SetLatency(d time.Duration) {
	s.f.mu.Lock()
	defer s.f.mu.Unlock()
	s.f.latency = d
}

// Calls returns how many HTTP requests reached the methods a name matches:
// a bare method ("GetTeam": both generations), "Service/Method", or a
// full "package.Service/Method". Refused and faulted calls count.
func (s *Server) Calls(method string) int {
	s.f.mu.Lock()
	defer s.f.mu.Unlock()
	n := 0
	for p, c := range s.f.calls {
		if matches(method, p) {
			n += c
		}
	}
	return n
}

// AllCalls returns a copy of every procedure's call counter.
func (s *Server) AllCalls() map[string]int {
	s.f.mu.Lock()
	defer s.f.mu.Unlock()
	out := make(map[string]int, len(s.f.calls))
	for k, v := range s.f.calls {
		out[k] = v
	}
	return out
}

// TotalCalls is the number of calls to every method.
func (s *Server) TotalCalls() int {
	s.f.mu.Lock()
	defer s.f.mu.Unlock()
	n := 0
	for _, c := range s.f.calls {
		n += c
	}
	return n
}

// ResetCalls sets every call counter to zero.
func (s *Server) ResetCalls() {
	s.f.mu.Lock()
	defer s.f.mu.Unlock()
	clear(s.f.calls)
	clear(s.f.early)
}

// EarlyRetries returns how many calls to the matched methods arrived while
// a Retry-After they had been sent was still running.
func (s *Server) EarlyRetries(method string) int {
	s.f.mu.Lock()
	defer s.f.mu.Unlock()
	n := 0
	for p, c := range s.f.early {
		if matches(method, p) {
			n += c
		}
	}
	return n
}

// take counts the call and returns the fault to apply, if any.
func (f *faults) take(procedure string) (*Fault, time.Duration) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls[procedure]++
	base := f.latency
	if until, ok := f.limited[procedure]; ok {
		if time.Now().Before(until) {
			f.early[procedure]++
			return &Fault{Code: connect.CodeResourceExhausted, RetryAfter: time.Until(until)}, base
		}
		delete(f.limited, procedure)
	}
	for name, q := range f.queue {
		if len(q) == 0 || !matches(name, procedure) {
			continue
		}
		ft := q[0]
		if ft.Times > 0 {
			ft.Times--
			if ft.Times == 0 {
				f.queue[name] = q[1:]
			}
		}
		if ft.Code != 0 && ft.RetryAfter > 0 {
			f.limited[procedure] = time.Now().Add(ft.RetryAfter)
		}
		return ft, base
	}
	if c := f.chaos; c != nil {
		f.stats.Calls++
		if c.MaxLatency > 0 {
			base += time.Duration(f.rnd.Int64N(int64(c.MaxLatency)))
		}
		r := f.rnd.Float64()
		switch {
		case r < c.Unavailable:
			f.stats.Unavailable++
			return &Fault{Code: connect.CodeUnavailable}, base
		case r < c.Unavailable+c.RateLimited:
			f.stats.RateLimited++
			return &Fault{Code: connect.CodeResourceExhausted, RetryAfter: c.RetryAfter}, base
		case r < c.Unavailable+c.RateLimited+c.Dropped:
			f.stats.Dropped++
			return &Fault{DropAfterWork: true}, base
		}
	}
	return nil, base
}

func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	procedure := strings.TrimPrefix(r.URL.Path, "/api")
	ft, base := s.f.take(procedure)
	if !wait(r, base) {
		return
	}
	if ft == nil {
		s.mux.ServeHTTP(w, r)
		return
	}
	if !wait(r, ft.Latency) {
		return
	}
	if ft.Hook != nil {
		ft.Hook()
	}
	switch {
	case ft.Code != 0:
		writeFault(w, r, ft)
	case ft.DropAfterWork || ft.LatencyAfter > 0:
		rec := httptest.NewRecorder()
		s.mux.ServeHTTP(rec, r)
		if ft.LatencyAfter > 0 && wait(r, ft.LatencyAfter) && !ft.DropAfterWork {
			for k, v := range rec.Header() {
				w.Header()[k] = v
			}
			w.WriteHeader(rec.Code)
			_, _ = w.Write(rec.Body.Bytes())
			return
		}
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

func writeFault(w http.ResponseWriter, r *http.Request, ft *Fault) {
	cerr := connect.NewError(ft.Code, errors.New("injected fault"))
	if ft.RetryAfter > 0 {
		secs := int((ft.RetryAfter + time.Second - 1) / time.Second)
		switch ft.Signal {
		case SignalRateLimitHeader:
			w.Header().Set("RateLimit-RetryAfter", strconv.Itoa(secs))
		case SignalRetryInfo:
			if d, err := connect.NewErrorDetail(&errdetails.RetryInfo{RetryDelay: durationpb.New(ft.RetryAfter)}); err == nil {
				cerr.AddDetail(d)
			}
		default:
			w.Header().Set("Retry-After", strconv.Itoa(secs))
		}
	}
	_ = connect.NewErrorWriter().Write(w, r, cerr)
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

// ParseFault reads a fault from the command line's form:
// "METHOD:key=value,key=value", with the keys code (a Connect code name
// such as unavailable), retry-after (a Go duration), signal (retry-after,
// ratelimit, retryinfo), drop (true), latency and latency-after (Go
// durations) and times (a count). Example:
// "CreateTeam:drop=true,times=1" or "ListTeams:code=resource_exhausted,retry-after=2s".
func ParseFault(spec string) (string, Fault, error) {
	method, rest, ok := strings.Cut(spec, ":")
	if !ok || method == "" {
		return "", Fault{}, fmt.Errorf("fault %q: want METHOD:key=value[,key=value]", spec)
	}
	var f Fault
	for _, kv := range strings.Split(rest, ",") {
		k, v, ok := strings.Cut(strings.TrimSpace(kv), "=")
		if !ok {
			return "", Fault{}, fmt.Errorf("fault %q: %q is not key=value", spec, kv)
		}
		var err error
		switch k {
		case "code":
			var c connect.Code
			if err = c.UnmarshalText([]byte(v)); err == nil && c == 0 {
				err = errors.New("code ok is not a fault")
			}
			f.Code = c
		case "retry-after":
			f.RetryAfter, err = time.ParseDuration(v)
		case "signal":
			switch RateLimitSignal(v) {
			case SignalRetryAfter, SignalRateLimitHeader, SignalRetryInfo:
				f.Signal = RateLimitSignal(v)
			default:
				err = fmt.Errorf("unknown signal %q", v)
			}
		case "drop":
			f.DropAfterWork, err = strconv.ParseBool(v)
		case "latency":
			f.Latency, err = time.ParseDuration(v)
		case "latency-after":
			f.LatencyAfter, err = time.ParseDuration(v)
		case "times":
			f.Times, err = strconv.Atoi(v)
			if err == nil && f.Times < 0 {
				err = errors.New("must not be negative")
			}
		default:
			err = errors.New("unknown key")
		}
		if err != nil {
			return "", Fault{}, fmt.Errorf("fault %q: %s: %w", spec, k, err)
		}
	}
	if f.Latency < 0 || f.LatencyAfter < 0 || f.RetryAfter < 0 {
		return "", Fault{}, fmt.Errorf("fault %q: durations must not be negative", spec)
	}
	return method, f, nil
}
