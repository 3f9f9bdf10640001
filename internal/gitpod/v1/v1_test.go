package v1_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gitpod-community/terraform-provider-gitpod/internal/gitpod"
	v1 "github.com/gitpod-community/terraform-provider-gitpod/internal/gitpod/v1"
	"github.com/gitpod-community/terraform-provider-gitpod/internal/transport"
)

// pagingServer answers every listing with one item and the next token
// that next returns for the request's token; it records the tokens asked
// for.
type pagingServer struct {
	srv *httptest.Server

	mu     sync.Mutex
	tokens []string
}

func newPagingServer(t *testing.T, next func(token string, n int) string) *pagingServer {
	t.Helper()
	p := &pagingServer{}
	p.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var req struct {
			Pagination struct {
				Token string `json:"token"`
			} `json:"pagination"`
		}
		body, _ := io.ReadAll(r.Body)
		_ = json.Unmarshal(body, &req)
		p.mu.Lock()
		p.tokens = append(p.tokens, req.Pagination.Token)
		n := len(p.tokens)
		p.mu.Unlock()
		id := fmt.Sprintf("id-%d", n)
		var items string
		switch {
		case strings.HasSuffix(r.URL.Path, "/ListTeams"):
			items = fmt.Sprintf(`"teams":[{"id":%q,"name":"team %d"}]`, id, n)
		case strings.HasSuffix(r.URL.Path, "/ListTeamMembers"):
			items = fmt.Sprintf(`"members":[{"id":%q,"userId":"user-%d"}]`, id, n)
		case strings.HasSuffix(r.URL.Path, "/ListPersonalAccessTokens"):
			items = fmt.Sprintf(`"personalAccessTokens":[{"id":%q}]`, id)
		case strings.HasSuffix(r.URL.Path, "/ListEnvironments"):
			items = fmt.Sprintf(`"environments":[{"id":%q}]`, id)
		case strings.HasSuffix(r.URL.Path, "/ListMembers"):
			items = fmt.Sprintf(`"members":[{"userId":"user-%d"}]`, n)
		default:
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = fmt.Fprintf(w, `{%s,"pagination":{"nextToken":%q}}`, items, next(req.Pagination.Token, n))
	}))
	t.Cleanup(p.srv.Close)
	return p
}

func (p *pagingServer) requests() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.tokens)
}

func newAdapter(t *testing.T, host string) *v1.Adapter {
	t.Helper()
	tr, err := transport.New(transport.Config{Host: host, Token: "gitpod_pat_v1-test", Timeout: 5 * time.Second,
		Retry: transport.RetryPolicy{MaxRetries: 1, MinBackoff: time.Millisecond, MaxBackoff: time.Second}})
	if err != nil {
		t.Fatal(err)
	}
	return v1.New(tr)
}

// listings are the adapter's paged listings.
var listings = map[string]func(context.Context, *v1.Adapter) error{
	"ListTeams": func(ctx context.Context, a *v1.Adapter) error { _, err := a.ListTeams(ctx, ""); return err },
	"ListTeamMembers": func(ctx context.Context, a *v1.Adapter) error {
		_, err := a.ListTeamMembers(ctx, "team-1")
		return err
	},
	"ListTokens": func(ctx context.Context, a *v1.Adapter) error {
		_, err := a.ListTokens(ctx, []string{"user-1"})
		return err
	},
	"ListWorkspaces": func(ctx context.Context, a *v1.Adapter) error {
		_, err := a.ListWorkspaces(ctx, gitpod.WorkspaceFilter{}, func([]gitpod.Workspace) error { return nil })
		return err
	},
	"ListMembers": func(ctx context.Context, a *v1.Adapter) error {
		_, err := a.ListMembers(ctx, "org-1", gitpod.UserFilter{UserIDs: []string{"user-1"}})
		return err
	},
}

func checkEndlessListing(t *testing.T, err error, want string) {
	t.Helper()
	// A broken listing is a bad answer; one that passes the listing
	// bounds is a listing that did not end.
	var bad *transport.BadAnswerError
	if !errors.As(err, &bad) && gitpod.KindOf(err) != gitpod.KindTooManyPages {
		t.Fatalf("%v (%T), want a BadAnswerError or a KindTooManyPages error", err, err)
	}
	if !strings.Contains(err.Error(), want) {
		t.Errorf("error %q, want it to mention %q", err, want)
	}
	if k := gitpod.KindOf(err); k != gitpod.KindBadAnswer && k != gitpod.KindTooManyPages {
		t.Errorf("kind %v", k)
	}
}

// TestPagingStopsOnARepeatedToken: a server that offers the same page
// token again (or goes round in a cycle) ends the listing with an error
// at once.
func TestPagingStopsOnARepeatedToken(t *testing.T) {
	t.Parallel()
	for name, list := range listings {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			same := newPagingServer(t, func(string, int) string { return "again" })
			checkEndlessListing(t, list(t.Context(), newAdapter(t, same.srv.URL)), "repeated")
			if n := same.requests(); n != 2 {
				t.Errorf("%d requests for a repeated token, want 2", n)
			}
			cycle := newPagingServer(t, func(token string, _ int) string {
				return map[string]string{"": "a", "a": "b", "b": "c", "c": "a"}[token]
			})
			checkEndlessListing(t, list(t.Context(), newAdapter(t, cycle.srv.URL)), "repeated")
			if n := cycle.requests(); n != 4 {
				t.Errorf("%d requests for a cycle of three tokens, want 4", n)
			}
		})
	}
}

// TestPagingStopsAfterMaxPages: a server that always has a fresh next page
// is asked for MaxPages pages and no more.
func TestPagingStopsAfterMaxPages(t *testing.T) {
	t.Parallel()
	p := newPagingServer(t, func(_ string, n int) string { return fmt.Sprintf("page-%d", n+1) })
	start := time.Now()
	_, err := newAdapter(t, p.srv.URL).ListTeams(t.Context(), "")
	t.Logf("%d pages in %v", p.requests(), time.Since(start))
	checkEndlessListing(t, err, fmt.Sprint(v1.MaxPages))
	if n := p.requests(); n != v1.MaxPages {
		t.Errorf("%d requests, want %d", n, v1.MaxPages)
	}
}

// TestPagingEnds: a listing that ends is read whole, following tokens.
func TestPagingEnds(t *testing.T) {
	t.Parallel()
	p := newPagingServer(t, func(_ string, n int) string {
		if n == 3 {
			return ""
		}
		return fmt.Sprintf("page-%d", n+1)
	})
	teams, err := newAdapter(t, p.srv.URL).ListTeams(t.Context(), "")
	if err != nil || len(teams) != 3 {
		t.Fatalf("%d teams, %v", len(teams), err)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if got := strings.Join(p.tokens, ","); got != ",page-2,page-3" {
		t.Errorf("tokens asked for: %q", got)
	}
}

// TestEmptyAnswers: an answer without the object's id is an error, never
// a value with an empty id.
func TestEmptyAnswers(t *testing.T) {
	t.Parallel()
	for _, body := range []string{`{}`, `{"team":{}}`, `{"team":{"name":"x"}}`, `{"pat":{}}`, `{"token":""}`, `{"member":{}}`, `{"environment":{}}`} {
		t.Run(body, func(t *testing.T) {
			t.Parallel()
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				_, _ = io.Copy(io.Discard, r.Body)
				w.Header().Set("Content-Type", "application/json")
				_, _ = io.WriteString(w, body)
			}))
			t.Cleanup(srv.Close)
			a := newAdapter(t, srv.URL)
			ctx := t.Context()
			calls := map[string]func() (string, error){
				"GetTeam": func() (string, error) { v, err := a.GetTeam(ctx, "team-1"); return v.ID, err },
				"CreateTeam": func() (string, error) {
					v, err := a.CreateTeam(ctx, "org-1", "Platform")
					return v.ID, err
				},
				"RenameTeam": func() (string, error) { v, err := a.RenameTeam(ctx, "team-1", "New"); return v.ID, err },
				"CreatePersonalAccessToken": func() (string, error) {
					_, value, err := a.CreateToken(ctx, "user-1", gitpod.TokenSpec{Name: "ci", ValidFor: time.Hour})
					return value, err
				},
				"GetToken": func() (string, error) { v, err := a.GetToken(ctx, "tok-1"); return v.ID, err },
				"AddTeamMember": func() (string, error) {
					v, err := a.AddTeamMember(ctx, "team-1", "user-1", gitpod.RoleNone)
					return v.MembershipID, err
				},
				"GetWorkspace": func() (string, error) { v, err := a.GetWorkspace(ctx, "env-1"); return v.ID, err },
				"Whoami":       func() (string, error) { v, err := a.Whoami(ctx); return v.UserID, err },
			}
			for name, call := range calls {
				id, err := call()
				if id != "" {
					t.Errorf("%s: a value (%q) with an error", name, id)
				}
				var bad *transport.BadAnswerError
				if !errors.As(err, &bad) || gitpod.KindOf(err) != gitpod.KindBadAnswer {
					t.Errorf("%s on %s: %v, want a bad answer", name, body, err)
				}
			}
		})
	}
}
