// Command gitpod-mock serves the in-memory mock of Gitpod's public API on a
// local address, for the demo and for trying the provider by hand.
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
	"syscall"
	"time"

	"github.com/gitpod-community/terraform-provider-gitpod/internal/mockapi"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:8787", "address to listen on")
	fixtures := flag.String("fixtures", "", "JSON fixtures file; without it a built-in demo data set is served")
	latency := flag.Duration("latency", 0, "added to every call, to imitate a remote API")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Stdout, *listen, *fixtures, *latency)
	stop()
	if err != nil {
		log.SetFlags(0)
		log.Fatalf("gitpod-mock: %v", err)
	}
}

// run serves until ctx ends. It prints the address it listens on first.
func run(ctx context.Context, out io.Writer, listen, fixturesPath string, latency time.Duration) error {
	f := mockapi.DemoFixtures()
	if fixturesPath != "" {
		var err error
		if f, err = mockapi.LoadFixtures(fixturesPath); err != nil {
			return err
		}
	}
	srv, err := mockapi.New(f)
	if err != nil {
		return err
	}
	if latency > 0 {
		srv.SetLatency(latency)
	}
	ln, err := (&net.ListenConfig{}).Listen(ctx, "tcp", listen)
	if err != nil {
		return err
	}
	banner := fmt.Sprintf("gitpod-mock listening on http://%s\n", ln.Addr())
	if fixturesPath == "" {
		for _, u := range f.Users {
			banner += fmt.Sprintf("demo user %s (%s): token %s\n", u.Name, u.ID, u.Token)
		}
	}
	if _, err := io.WriteString(out, banner); err != nil {
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
	return nil
}
