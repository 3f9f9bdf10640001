// Command gitpod-mock serves the in-memory mock of Gitpod's public API, both
// generations from one process (Classic at /gitpod.experimental.v1.*,
// today's Gitpod at /api/gitpod.v1.*), for the demo and for trying the
// provider by hand, with faults that anyone can reproduce from the command
// line.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/gitpod-community/terraform-provider-gitpod/internal/mockapi"
	"github.com/gitpod-community/terraform-provider-gitpod/internal/mockapi/store"
)

// faultFlags collects repeated -fault flags.
type faultFlags []string

func (f *faultFlags) String() string     { return strings.Join(*f, " ") }
func (f *faultFlags) Set(v string) error { *f = append(*f, v); return nil }

// options are the command's settings.
type options struct {
	listen    string
	fixtures  string
	latency   time.Duration
	stopDelay time.Duration
	api       string
	faults    []string
	chaos     string
	calls     bool
}

func main() {
	var o options
	var faults faultFlags
	flag.StringVar(&o.listen, "listen", "127.0.0.1:8787", "address to listen on")
	flag.StringVar(&o.fixtures, "fixtures", "", "JSON fixtures file; without it a built-in demo data set is served")
	flag.DurationVar(&o.latency, "latency", 0, "added to every call, to imitate a remote API")
	flag.DurationVar(&o.stopDelay, "stop-delay", 2*time.Second, "how long a stopping workspace or environment stays in the stopping phase")
	flag.StringVar(&o.api, "api", "both", "which API generations to serve: both, classic or v1 (classic imitates a Classic installation, where gitpod.v1 paths answer 404)")
	flag.Var(&faults, "fault", "inject a fault, as METHOD:key=value,... (repeatable); keys: code, retry-after, signal (retry-after|ratelimit|retryinfo), drop, latency, latency-after, times. Example: -fault CreateTeam:drop=true,times=1")
	flag.StringVar(&o.chaos, "chaos", "", "random faults in every call, as key=value,...; keys: seed, unavailable, rate-limited, dropped (probabilities 0..1), retry-after, max-latency. Example: -chaos unavailable=0.05,rate-limited=0.05,retry-after=1s")
	flag.BoolVar(&o.calls, "calls", false, "print the per-method call counters when stopping")
	flag.Parse()
	o.faults = faults
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Stdout, o)
	stop()
	if err != nil {
		log.SetFlags(0)
		log.Fatalf("gitpod-mock: %v", err)
	}
}

// parseChaos reads the -chaos flag.
func parseChaos(spec string) (mockapi.Chaos, error) {
	var c mockapi.Chaos
	for _, kv := range strings.Split(spec, ",") {
		k, v, ok := strings.Cut(strings.TrimSpace(kv), "=")
		if !ok {
			return c, fmt.Errorf("chaos %q: %q is not key=value", spec, kv)
		}
		var err error
		switch k {
		case "seed":
			_, err = fmt.Sscan(v, &c.Seed)
		case "unavailable":
			c.Unavailable, err = probability(v)
		case "rate-limited":
			c.RateLimited, err = probability(v)
		case "dropped":
			c.Dropped, err = probability(v)
		case "retry-after":
			c.RetryAfter, err = time.ParseDuration(v)
		case "max-latency":
			c.MaxLatency, err = time.ParseDuration(v)
		default:
			err = errors.New("unknown key")
		}
		if err != nil {
			return c, fmt.Errorf("chaos %q: %s: %w", spec, k, err)
		}
	}
	if c.Unavailable+c.RateLimited+c.Dropped > 1 {
		return c, fmt.Errorf("chaos %q: the probabilities add up to more than 1", spec)
	}
	if c.RetryAfter < 0 || c.MaxLatency < 0 {
		return c, fmt.Errorf("chaos %q: durations must not be negative", spec)
	}
	return c, nil
}

func probability(v string) (float64, error) {
	var p float64
	if _, err := fmt.Sscan(v, &p); err != nil {
		return 0, err
	}
	if p < 0 || p > 1 {
		return 0, errors.New("must be between 0 and 1")
	}
	return p, nil
}

// run serves until ctx ends. It prints the address it listens on first.
func run(ctx context.Context, out io.Writer, o options) error {
	f := mockapi.DemoFixtures()
	if o.fixtures != "" {
		var err error
		if f, err = mockapi.LoadFixtures(o.fixtures); err != nil {
			return err
		}
	}
	srv, err := newServer(f, o)
	if err != nil {
		return err
	}
	ln, err := (&net.ListenConfig{}).Listen(ctx, "tcp", o.listen)
	if err != nil {
		return err
	}
	if _, err := io.WriteString(out, banner(ln.Addr().String(), f, o)); err != nil {
		_ = ln.Close()
		return err
	}
	hs := &http.Server{Handler: srv.Handler(), ReadHeaderTimeout: 10 * time.Second}
	go func() {
		<-ctx.Done()
		// ctx is over here: give in-flight calls their own few seconds.
		shutdown, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
		_ = hs.Shutdown(shutdown)
	}()
	if err := hs.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	if o.calls {
		return printCalls(out, srv.AllCalls())
	}
	return nil
}

// newServer builds the mock the options describe: its API generations,
// latency, stopping delay, faults and chaos.
func newServer(f mockapi.Fixtures, o options) (*mockapi.Server, error) {
	var gens []store.Generation
	switch o.api {
	case "", "both":
		gens = []store.Generation{store.Classic, store.V1}
	case "classic":
		gens = []store.Generation{store.Classic}
	case "v1":
		gens = []store.Generation{store.V1}
	default:
		return nil, fmt.Errorf("-api must be both, classic or v1, not %q", o.api)
	}
	srv, err := mockapi.New(f, mockapi.WithGenerations(gens...))
	if err != nil {
		return nil, err
	}
	srv.SetLatency(o.latency)
	srv.SetStopDelay(o.stopDelay)
	for _, spec := range o.faults {
		method, fault, err := mockapi.ParseFault(spec)
		if err != nil {
			return nil, err
		}
		srv.Inject(method, fault)
	}
	if o.chaos != "" {
		c, err := parseChaos(o.chaos)
		if err != nil {
			return nil, err
		}
		srv.SetChaos(c)
	}
	return srv, nil
}

// banner says where the mock listens and, with the demo data, each demo
// user's token.
func banner(addr string, f mockapi.Fixtures, o options) string {
	b := fmt.Sprintf("gitpod-mock listening on http://%s\n", addr)
	if o.fixtures != "" {
		return b
	}
	for _, u := range f.Users {
		if u.ID == mockapi.DemoFormerID {
			b += fmt.Sprintf("demo user %s (%s): left the organization (token %s acts nowhere)\n", u.Name, u.ID, u.Token)
			continue
		}
		b += fmt.Sprintf("demo user %s (%s): token %s\n", u.Name, u.ID, u.Token)
	}
	return b
}

// printCalls writes the per-method call counters, sorted by method.
func printCalls(out io.Writer, calls map[string]int) error {
	names := make([]string, 0, len(calls))
	for k := range calls {
		names = append(names, k)
	}
	slices.Sort(names)
	for _, k := range names {
		if _, err := fmt.Fprintf(out, "calls %s %d\n", k, calls[k]); err != nil {
			return err
		}
	}
	return nil
}
