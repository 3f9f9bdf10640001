package transport

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/hashicorp/terraform-plugin-log/tflogtest"
)

// The value of a per-call credential in these tests (a stand-in for a
// gitpod.v1 service account access token).
const overrideToken = "eyJhbGciOiJIUzI1NiJ9.c2VydmljZS1hY2NvdW50.access-token-sig"

// authLog is a server that records the Authorization header of every
// request, answering each with answer.
type authLog struct {
	srv *httptest.Server
	mu  sync.Mutex
	got []string
}

func newAuthLog(t *testing.T, answer http.HandlerFunc) *authLog {
	t.Helper()
	a := &authLog{}
	a.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		a.mu.Lock()
		a.got = append(a.got, r.Header.Get("Authorization"))
		a.mu.Unlock()
		answer(w, r)
	}))
	t.Cleanup(a.srv.Close)
	return a
}

func (a *authLog) headers() []string {
	a.mu.Lock()
	defer a.mu.Unlock()
	return append([]string(nil), a.got...)
}

// TestWithBearerOverridesAuthorization: a call made with WithBearer
// authenticates with that token, on every attempt of its retries; calls
// without it keep the configured token.
func TestWithBearerOverridesAuthorization(t *testing.T) {
	t.Parallel()
	calls := 0
	var mu sync.Mutex
	a := newAuthLog(t, func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		calls++
		first := calls == 1
		mu.Unlock()
		if first {
			// Refused before any work: the retry loop tries again.
			writeJSON(w, http.StatusServiceUnavailable, `{"code":"unavailable","message":"busy"}`)
			return
		}
		writeJSON(w, http.StatusOK, teamAnswer)
	})
	tr := newTestTransport(t, a.srv.URL, nil)
	if _, err := getTeam(WithBearer(t.Context(), overrideToken), tr); err != nil {
		t.Fatal(err)
	}
	if _, err := getTeam(t.Context(), tr); err != nil {
		t.Fatal(err)
	}
	if _, err := getTeam(WithBearer(t.Context(), ""), tr); err != nil {
		t.Fatal(err)
	}
	want := []string{"Bearer " + overrideToken, "Bearer " + overrideToken, "Bearer " + testToken, "Bearer " + testToken}
	if got := a.headers(); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("Authorization headers %q, want %q", got, want)
	}
}

// TestWithBearerIsRedacted: a server that echoes the per-call credential
// does not get it into error texts or the server message, nor the
// configured token when both are echoed.
func TestWithBearerIsRedacted(t *testing.T) {
	t.Parallel()
	a := newAuthLog(t, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusUnauthorized, fmt.Sprintf(`{"code":"unauthenticated","message":"bad token: %s (the provider's is %s)"}`, r.Header.Get("Authorization"), testToken))
	})
	_, err := getTeam(WithBearer(t.Context(), overrideToken), newTestTransport(t, a.srv.URL, nil))
	if ClassOf(err) != ClassUnauthenticated {
		t.Fatalf("class %v (%v)", ClassOf(err), err)
	}
	for what, s := range map[string]string{"Error": err.Error(), "ServerMessage": ServerMessage(err)} {
		for _, secret := range []string{overrideToken, testToken} {
			if strings.Contains(s, secret) {
				t.Errorf("%s %q shows a token", what, s)
			}
		}
		if strings.Count(s, "[REDACTED]") < 2 {
			t.Errorf("%s %q should hide both tokens", what, s)
		}
	}
}

// TestWithBearerStaysAtTheOrigin: a redirect to another origin is refused
// for a call with a per-call credential too; the other origin sees no
// request.
func TestWithBearerStaysAtTheOrigin(t *testing.T) {
	t.Parallel()
	other := newRecorder(t)
	target := other.srv.URL + getTeamPath
	a := redirector(t, false, http.StatusTemporaryRedirect, func(*httptest.Server) string { return target })
	_, err := getTeam(WithBearer(t.Context(), overrideToken), newTestTransport(t, a.URL, nil))
	checkRefusedRedirect(t, err, other.srv.URL, other)
	if strings.Contains(err.Error(), overrideToken) {
		t.Errorf("the error shows the token: %v", err)
	}
}

// TestWithBearerNeverLogged: at trace level the per-call line says that
// another credential was used, never which; failures and retries neither.
func TestWithBearerNeverLogged(t *testing.T) {
	t.Parallel()
	a := newAuthLog(t, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusServiceUnavailable, fmt.Sprintf(`{"code":"unavailable","message":"busy for %s"}`, r.Header.Get("Authorization")))
	})
	var logs bytes.Buffer
	ctx := WithBearer(tflogtest.RootLogger(t.Context(), &logs), overrideToken)
	if _, err := getTeam(ctx, newTestTransport(t, a.srv.URL, nil)); err == nil {
		t.Fatal("the call succeeded")
	}
	out := logs.String()
	for _, want := range []string{"Gitpod API call", "retrying Gitpod API call", `"credential":"impersonation"`} {
		if !strings.Contains(out, want) {
			t.Fatalf("the log has no %q, so it proves nothing:\n%s", want, out)
		}
	}
	if strings.Contains(out, overrideToken) || strings.Contains(out, testToken) {
		t.Errorf("a token appears in the log:\n%s", out)
	}
}
