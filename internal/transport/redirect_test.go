package transport

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
)

// redirector answers every request with a redirect to target.
func redirector(t *testing.T, tls bool, code int, target func(self *httptest.Server) string) *httptest.Server {
	t.Helper()
	var srv *httptest.Server
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		http.Redirect(w, r, target(srv), code)
	})
	if tls {
		srv = httptest.NewTLSServer(h)
	} else {
		srv = httptest.NewServer(h)
	}
	t.Cleanup(srv.Close)
	return srv
}

func checkRefusedRedirect(t *testing.T, err error, target string, other *recorder) {
	t.Helper()
	if err == nil {
		t.Fatal("the call succeeded; the redirect was followed")
	}
	if c := ClassOf(err); c != ClassRedirect {
		t.Errorf("class %v, want %v (%v)", c, ClassRedirect, err)
	}
	var re *RedirectError
	if !errors.As(err, &re) {
		t.Errorf("%v is not a RedirectError", err)
	}
	mustContain(t, "error", err.Error(), target, "set the provider's host to")
	if n := other.requests.Load(); n != 0 {
		t.Errorf("the other origin got %d requests (%d with Authorization)", n, other.withAuth.Load())
	}
}

// TestRedirectToAnotherOriginIsRefused: the token is never sent to an
// origin other than the configured one, and the error tells the user to
// set host if the redirect target is right.
func TestRedirectToAnotherOriginIsRefused(t *testing.T) {
	t.Parallel()
	for _, code := range []int{http.StatusMovedPermanently, http.StatusFound, http.StatusTemporaryRedirect, http.StatusPermanentRedirect} {
		t.Run(fmt.Sprintf("another port/%d", code), func(t *testing.T) {
			t.Parallel()
			other := newRecorder(t)
			target := other.srv.URL + getTeamPath
			a := redirector(t, false, code, func(*httptest.Server) string { return target })
			_, err := getTeam(t.Context(), newTestTransport(t, a.URL, nil))
			checkRefusedRedirect(t, err, other.srv.URL, other)
		})
	}
	t.Run("another host", func(t *testing.T) {
		t.Parallel()
		other := newRecorder(t)
		target := strings.Replace(other.srv.URL, "127.0.0.1", "localhost", 1) + getTeamPath
		a := redirector(t, false, http.StatusTemporaryRedirect, func(*httptest.Server) string { return target })
		_, err := getTeam(t.Context(), newTestTransport(t, a.URL, nil))
		checkRefusedRedirect(t, err, strings.TrimSuffix(target, getTeamPath), other)
	})
	t.Run("another host on the same port", func(t *testing.T) {
		t.Parallel()
		var leaked atomic.Int64
		var srv *httptest.Server
		srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Host != srv.Listener.Addr().String() {
				leaked.Add(1)
				writeJSON(w, http.StatusOK, teamAnswer)
				return
			}
			http.Redirect(w, r, strings.Replace(srv.URL, "127.0.0.1", "localhost", 1)+r.URL.Path, http.StatusTemporaryRedirect)
		}))
		t.Cleanup(srv.Close)
		_, err := getTeam(t.Context(), newTestTransport(t, srv.URL, nil))
		if ClassOf(err) != ClassRedirect {
			t.Fatalf("class %v, want %v (%v)", ClassOf(err), ClassRedirect, err)
		}
		mustContain(t, "error", err.Error(), "http://localhost:", "set the provider's host to")
		if leaked.Load() != 0 {
			t.Errorf("the redirect was followed %d times", leaked.Load())
		}
	})
	t.Run("https to http", func(t *testing.T) {
		t.Parallel()
		other := newRecorder(t)
		target := other.srv.URL + getTeamPath
		a := redirector(t, true, http.StatusPermanentRedirect, func(*httptest.Server) string { return target })
		tr := newTestTransport(t, a.URL, func(c *Config) { c.RoundTripper = a.Client().Transport })
		_, err := getTeam(t.Context(), tr)
		checkRefusedRedirect(t, err, other.srv.URL, other)
	})
	t.Run("https to http on the same host and port", func(t *testing.T) {
		t.Parallel()
		a := redirector(t, true, http.StatusTemporaryRedirect, func(self *httptest.Server) string {
			return strings.Replace(self.URL, "https://", "http://", 1) + getTeamPath
		})
		tr := newTestTransport(t, a.URL, func(c *Config) { c.RoundTripper = a.Client().Transport })
		_, err := getTeam(t.Context(), tr)
		if ClassOf(err) != ClassRedirect {
			t.Fatalf("class %v, want %v (%v)", ClassOf(err), ClassRedirect, err)
		}
		mustContain(t, "error", err.Error(), "http://127.0.0.1:", "set the provider's host to")
	})
}

// TestGuardRefusesAnotherOrigin: below the redirect policy, the round
// tripper itself sends nothing to another origin.
func TestGuardRefusesAnotherOrigin(t *testing.T) {
	t.Parallel()
	other := newRecorder(t)
	tr := newTestTransport(t, "https://app.gitpod.io", nil)
	req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, other.srv.URL+getTeamPath, strings.NewReader("{}"))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+testToken)
	resp, err := tr.client.Transport.RoundTrip(req)
	if err == nil {
		_ = resp.Body.Close()
		t.Fatal("the guard sent a request to another origin")
	}
	if ClassOf(err) != ClassRedirect {
		t.Errorf("class %v, want %v", ClassOf(err), ClassRedirect)
	}
	if other.requests.Load() != 0 {
		t.Error("the other origin got a request")
	}
}

// TestSameOriginRedirectKeepsTheCall: 307 and 308 within the origin are
// followed, with the same method, body and token.
func TestSameOriginRedirectKeepsTheCall(t *testing.T) {
	t.Parallel()
	for _, code := range []int{http.StatusTemporaryRedirect, http.StatusPermanentRedirect} {
		t.Run(fmt.Sprint(code), func(t *testing.T) {
			t.Parallel()
			var first, second atomic.Value
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				body, _ := io.ReadAll(r.Body)
				if r.URL.Path == getTeamPath {
					first.Store(string(body))
					http.Redirect(w, r, "/moved"+getTeamPath, code)
					return
				}
				second.Store(fmt.Sprintf("%s %s auth=%q", r.Method, body, r.Header.Get("Authorization")))
				writeJSON(w, http.StatusOK, teamAnswer)
			}))
			t.Cleanup(srv.Close)
			team, err := getTeam(t.Context(), newTestTransport(t, srv.URL, nil))
			if err != nil {
				t.Fatal(err)
			}
			if team.GetId() != "team-1" {
				t.Errorf("team %v", team)
			}
			body, _ := first.Load().(string)
			if !strings.Contains(body, "team-1") {
				t.Fatalf("first request body %q", body)
			}
			want := fmt.Sprintf("POST %s auth=%q", body, "Bearer "+testToken)
			if got, _ := second.Load().(string); got != want {
				t.Errorf("redirected request %q, want %q", got, want)
			}
		})
	}
}

// TestMethodChangingRedirectIsRefused: 301, 302 and 303 turn a POST into a
// GET, which would lose the call; they are refused, even within the origin.
func TestMethodChangingRedirectIsRefused(t *testing.T) {
	t.Parallel()
	for _, code := range []int{http.StatusMovedPermanently, http.StatusFound, http.StatusSeeOther} {
		t.Run(fmt.Sprint(code), func(t *testing.T) {
			t.Parallel()
			var followed atomic.Int64
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Path != getTeamPath {
					followed.Add(1)
					writeJSON(w, http.StatusOK, teamAnswer)
					return
				}
				http.Redirect(w, r, "/moved"+getTeamPath, code)
			}))
			t.Cleanup(srv.Close)
			_, err := getTeam(t.Context(), newTestTransport(t, srv.URL, nil))
			if ClassOf(err) != ClassRedirect {
				t.Fatalf("class %v, want %v (%v)", ClassOf(err), ClassRedirect, err)
			}
			mustContain(t, "error", err.Error(), "changes the method to GET", "/moved"+getTeamPath)
			if followed.Load() != 0 {
				t.Errorf("the redirect was followed")
			}
		})
	}
}

func TestRedirectLoopEnds(t *testing.T) {
	t.Parallel()
	var n atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, fmt.Sprintf("%s?n=%d", getTeamPath, n.Add(1)), http.StatusTemporaryRedirect)
	}))
	t.Cleanup(srv.Close)
	_, err := getTeam(t.Context(), newTestTransport(t, srv.URL, nil))
	if ClassOf(err) != ClassRedirect {
		t.Fatalf("class %v, want %v (%v)", ClassOf(err), ClassRedirect, err)
	}
	mustContain(t, "error", err.Error(), "too many redirects")
	if n.Load() > 5 {
		t.Errorf("%d redirects followed", n.Load())
	}
}

// TestRedirectTargetIsEscaped: a Location with control or bidi characters
// cannot draw on the terminal through the error.
func TestRedirectTargetIsEscaped(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Location", "https://evil\u202e.example/\u202e\u2066x")
		w.WriteHeader(http.StatusTemporaryRedirect)
	}))
	t.Cleanup(srv.Close)
	_, err := getTeam(context.Background(), newTestTransport(t, srv.URL, nil))
	if err == nil {
		t.Fatal("the redirect was followed")
	}
	if strings.ContainsAny(err.Error(), "\u202e\u2066") {
		t.Errorf("error %q has bidi controls", err)
	}
}
