package v1_test

import (
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/gitpod-community/terraform-provider-gitpod/internal/gitpod"
)

// impersonationServer is a gitpod.v1 ServiceAccountService that gives
// access tokens to the provider's token and serves ListServiceAccountTokens
// to the latest access token only; it records the Authorization of every
// call by method.
type impersonationServer struct {
	srv *httptest.Server
	// accessValue is what CreateServiceAccountAccessToken answers (%d is
	// the count).
	accessValue string
	// refuse makes ListServiceAccountTokens refuse every access token,
	// echoing it, as a careless server might.
	refuse bool

	mu     sync.Mutex
	minted int
	auth   map[string][]string
}

func newImpersonationServer(t *testing.T, accessValue string) *impersonationServer {
	t.Helper()
	s := &impersonationServer{accessValue: accessValue, auth: map[string][]string{}}
	s.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		method := r.URL.Path[strings.LastIndex(r.URL.Path, "/")+1:]
		bearer := r.Header.Get("Authorization")
		s.mu.Lock()
		defer s.mu.Unlock()
		s.auth[method] = append(s.auth[method], bearer)
		w.Header().Set("Content-Type", "application/json")
		switch method {
		case "CreateServiceAccountAccessToken":
			if bearer != "Bearer gitpod_pat_v1-test" {
				w.WriteHeader(http.StatusUnauthorized)
				_, _ = fmt.Fprint(w, `{"code":"unauthenticated","message":"not the provider's token"}`)
				return
			}
			s.minted++
			_, _ = fmt.Fprintf(w, `{"token":%q}`, fmt.Sprintf(s.accessValue, s.minted))
		case "ListServiceAccountTokens":
			if s.refuse || bearer != "Bearer "+fmt.Sprintf(s.accessValue, s.minted) {
				w.WriteHeader(http.StatusUnauthorized)
				_, _ = fmt.Fprintf(w, `{"code":"unauthenticated","message":"refused %s"}`, bearer)
				return
			}
			_, _ = fmt.Fprint(w, `{"tokens":[{"id":"tok-1","serviceAccountId":"sa-1","description":"ci","creator":{"id":"sa-1","principal":"PRINCIPAL_SERVICE_ACCOUNT"}}]}`)
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(s.srv.Close)
	return s
}

func (s *impersonationServer) headers(method string) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.auth[method]...)
}

// TestServiceAccountTokensActAsTheAccount: the access token is asked for
// with the provider's token, and the token listing is sent with the access
// token instead.
func TestServiceAccountTokensActAsTheAccount(t *testing.T) {
	s := newImpersonationServer(t, "eyJ.access-%d.sig")
	c := gitpod.NewClient(newAdapter(t, s.srv.URL), gitpod.Options{CacheTTL: -1})
	ts, err := c.ServiceAccountTokens(t.Context(), "sa-1")
	if err != nil {
		t.Fatal(err)
	}
	if len(ts) != 1 || ts[0].ID != "tok-1" || ts[0].CreatorPrincipal != "service_account" {
		t.Errorf("tokens %+v", ts)
	}
	if got := s.headers("CreateServiceAccountAccessToken"); len(got) != 1 || got[0] != "Bearer gitpod_pat_v1-test" {
		t.Errorf("CreateServiceAccountAccessToken sent %q, want the provider's token once", got)
	}
	if got := s.headers("ListServiceAccountTokens"); len(got) != 1 || got[0] != "Bearer eyJ.access-1.sig" {
		t.Errorf("ListServiceAccountTokens sent %q, want the access token", got)
	}
}

// TestAccessTokenNeverInErrors: a server that echoes a refused access
// token gets it into no error text; the client asked for one new access
// token, once.
func TestAccessTokenNeverInErrors(t *testing.T) {
	s := newImpersonationServer(t, "eyJ.access-%d.sig")
	s.refuse = true
	c := gitpod.NewClient(newAdapter(t, s.srv.URL), gitpod.Options{CacheTTL: -1})
	_, err := c.ServiceAccountTokens(t.Context(), "sa-1")
	if gitpod.KindOf(err) != gitpod.KindUnauthenticated {
		t.Fatalf("err = %v, want unauthenticated", err)
	}
	var ge *gitpod.Error
	if !errors.As(err, &ge) {
		t.Fatalf("%T is no *gitpod.Error", err)
	}
	for _, text := range []string{err.Error(), ge.Message, ge.Advice(), fmt.Sprintf("%+v", err)} {
		if strings.Contains(text, "access-") {
			t.Errorf("an access token appears in %q", text)
		}
	}
	if !strings.Contains(ge.Message, "[REDACTED]") {
		t.Errorf("the server message %q shows no sign of what was hidden", ge.Message)
	}
	if n := len(s.headers("CreateServiceAccountAccessToken")); n != 2 {
		t.Errorf("%d access tokens asked for, want 2 (one renewal after the refusal)", n)
	}
}

// TestUnusableAccessTokenIsABadAnswer: an access token that is no single
// printable word is never sent, and the error does not quote it.
func TestUnusableAccessTokenIsABadAnswer(t *testing.T) {
	s := newImpersonationServer(t, "secret part %d\nmore")
	c := gitpod.NewClient(newAdapter(t, s.srv.URL), gitpod.Options{CacheTTL: -1})
	_, err := c.ServiceAccountTokens(t.Context(), "sa-1")
	if gitpod.KindOf(err) != gitpod.KindBadAnswer {
		t.Fatalf("err = %v, want a bad answer", err)
	}
	if strings.Contains(err.Error(), "secret part") {
		t.Errorf("the error quotes the access token: %v", err)
	}
	if n := len(s.headers("ListServiceAccountTokens")); n != 0 {
		t.Errorf("the unusable access token was sent %d times", n)
	}
}
