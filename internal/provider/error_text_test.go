package provider

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/gitpod-community/terraform-provider-gitpod/internal/gitpod"
	"github.com/gitpod-community/terraform-provider-gitpod/internal/gitpod/backend"
)

// openClient opens a client for host as the provider would, with quick
// retries; api "auto" detects the generation.
func openClient(t *testing.T, host, api string) (*gitpod.Client, error) {
	t.Helper()
	conf, problems := backend.Resolve(backend.Settings{Host: host, Token: "gitpod_pat_text-test", API: api, RequestTimeout: "2s", RetryMaxBackoff: "10ms", MaxRetries: new(int64)}, func(string) string { return "" })
	if len(problems) > 0 {
		t.Fatalf("settings: %+v", problems)
	}
	h, err := backend.Open(conf)
	if err != nil {
		t.Fatal(err)
	}
	return h.Client(context.Background())
}

func refusedHost(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	host := "http://" + ln.Addr().String()
	if err := ln.Close(); err != nil {
		t.Fatal(err)
	}
	return host
}

// mustSay checks a diagnostic's detail for phrases it must and must not
// have.
func mustSay(t *testing.T, detail string, want []string, notWant []string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(detail, w) {
			t.Errorf("the detail does not say %q:\n%s", w, detail)
		}
	}
	for _, w := range notWant {
		if strings.Contains(detail, w) {
			t.Errorf("the detail says %q:\n%s", w, detail)
		}
	}
}

// TestErrorTextRefused: no server answered, so nothing is shown as the
// server's words, and the API-detection advice (which cannot help) is not
// given.
func TestErrorTextRefused(t *testing.T) {
	host := refusedHost(t)
	_, err := openClient(t, host, backend.APIAuto)
	if gitpod.KindOf(err) != gitpod.KindRefused {
		t.Fatalf("error %v, want a refused connection", err)
	}
	summary, detail := errorText(err)
	mustSay(t, summary+"\n"+detail,
		[]string{"Unable to detect the API generation of", "the connection to " + host + " was refused", "Details:", "connection refused", "check the provider's host"},
		[]string{"The server said", "skip the detection"})
}

// TestErrorTextFromServer: a server's own message is shown as the
// server's.
func TestErrorTextFromServer(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusForbidden)
		_, _ = io.WriteString(w, `{"code":"permission_denied","message":"only owners may do this"}`)
	}))
	defer srv.Close()
	c, err := openClient(t, srv.URL, backend.APIV1)
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Team(context.Background(), "7d8e9f00-1a2b-4c3d-9e4f-5a6b7c8d9e0f")
	_, detail := errorText(gitpod.About(err, `team "Platform" (7d8e9f00-1a2b-4c3d-9e4f-5a6b7c8d9e0f)`))
	mustSay(t, detail,
		[]string{`Could not read team "Platform" (7d8e9f00-1a2b-4c3d-9e4f-5a6b7c8d9e0f)`, "The server said: only owners may do this"},
		[]string{"Details:"})
}

// TestErrorTextProvidersOwnFinding: what the provider found itself (an OK
// answer that changed nothing) is part of the sentence, never "the
// server said", and comes with advice.
func TestErrorTextProvidersOwnFinding(t *testing.T) {
	err := gitpod.WithHint(gitpod.New(gitpod.KindNotApplied, "add", "the membership of user u in team t", "the server answered OK, but the user is not a member afterwards"), "Check the user ID.")
	_, detail := errorText(err)
	mustSay(t, detail,
		[]string{"Could not add the membership of user u in team t: the server did not apply the change: the server answered OK, but the user is not a member afterwards.", "Check the user ID."},
		[]string{"The server said", "Details:"})
}

// TestErrorTextHostWithAPIPath: a host that ends in /api (the provider adds
// /api itself) gets the advice to drop it.
func TestErrorTextHostWithAPIPath(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	defer srv.Close()
	c, err := openClient(t, srv.URL+"/api", backend.APIV1)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_, err = c.Whoami(ctx)
	_, detail := errorText(err)
	mustSay(t, detail, []string{"has no API method", "drop /api from host", "so that it reads " + srv.URL + "."}, nil)
}
