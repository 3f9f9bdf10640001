package classic_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gitpod-community/terraform-provider-gitpod/internal/gitpod"
	"github.com/gitpod-community/terraform-provider-gitpod/internal/gitpod/classic"
	"github.com/gitpod-community/terraform-provider-gitpod/internal/transport"
)

func newAdapter(t *testing.T, h http.HandlerFunc) *classic.Adapter {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	tr, err := transport.New(transport.Config{Host: srv.URL, Token: "gitpod_pat_classic-test", Timeout: 5 * time.Second,
		Retry: transport.RetryPolicy{MaxRetries: 1, MinBackoff: time.Millisecond, MaxBackoff: time.Second}})
	if err != nil {
		t.Fatal(err)
	}
	return classic.New(tr)
}

func reply(body string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, body)
	}
}

// TestEmptyAnswers: an answer without the object's id (or a new token's
// value) is an error, never a value with an empty id.
func TestEmptyAnswers(t *testing.T) {
	t.Parallel()
	for _, body := range []string{`{}`, `{"team":{}}`, `{"team":{"name":"x"}}`, `{"token":{}}`, `{"token":{"id":"tok-1"}}`, `{"user":{}}`} {
		t.Run(body, func(t *testing.T) {
			t.Parallel()
			a := newAdapter(t, reply(body))
			ctx := t.Context()
			for name, call := range map[string]func() (string, error){
				"GetTeam":    func() (string, error) { v, err := a.GetTeam(ctx, "team-1"); return v.ID, err },
				"CreateTeam": func() (string, error) { v, err := a.CreateTeam(ctx, "", "Platform"); return v.ID, err },
				"CreatePersonalAccessToken": func() (string, error) {
					v, value, err := a.CreateToken(ctx, "user-1", gitpod.TokenSpec{Name: "ci", ExpiresAt: time.Now().Add(time.Hour)})
					return v.ID + value, err
				},
				"RegeneratePersonalAccessToken": func() (string, error) {
					v, value, err := a.RegenerateToken(ctx, "tok-1", time.Now().Add(time.Hour))
					return v.ID + value, err
				},
				"Whoami": func() (string, error) { v, err := a.Whoami(ctx); return v.UserID, err },
			} {
				id, err := call()
				if id != "" {
					t.Errorf("%s: a value (%q) from %s", name, id, body)
				}
				var bad *transport.BadAnswerError
				if !errors.As(err, &bad) || gitpod.KindOf(err) != gitpod.KindBadAnswer {
					t.Errorf("%s on %s: %v, want a bad answer", name, body, err)
				}
			}
			// Reading a token without an id is a bad answer too.
			if body == `{"token":{}}` {
				if _, err := a.GetToken(ctx, "tok-1"); gitpod.KindOf(err) != gitpod.KindBadAnswer {
					t.Errorf("GetToken: %v", err)
				}
			}
		})
	}
}

// tokenPages answers ListPersonalAccessTokens with full pages; ids says
// which ids a page holds.
func tokenPages(calls *atomic.Int64, ids func(page int32) []string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		var req struct {
			Pagination struct {
				Page int32 `json:"page"`
			} `json:"pagination"`
		}
		body, _ := io.ReadAll(r.Body)
		_ = json.Unmarshal(body, &req)
		calls.Add(1)
		var b strings.Builder
		for i, id := range ids(req.Pagination.Page) {
			if i > 0 {
				b.WriteByte(',')
			}
			fmt.Fprintf(&b, `{"id":%q,"name":"t"}`, id)
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = fmt.Fprintf(w, `{"tokens":[%s]}`, b.String())
	}
}

func fullPage(prefix string) []string {
	out := make([]string, classic.PageSize)
	for i := range out {
		out[i] = fmt.Sprintf("%s-%d", prefix, i)
	}
	return out
}

// TestTokenPagingEnds: a server that always returns a full page of new
// tokens is asked for MaxPages pages and no more; one that repeats a page
// ends the listing at once.
func TestTokenPagingEnds(t *testing.T) {
	t.Parallel()
	t.Run("fresh pages for ever", func(t *testing.T) {
		t.Parallel()
		var calls atomic.Int64
		a := newAdapter(t, tokenPages(&calls, func(page int32) []string { return fullPage(fmt.Sprint(page)) }))
		start := time.Now()
		_, err := a.ListTokens(t.Context(), nil)
		t.Logf("%d pages in %v", calls.Load(), time.Since(start))
		if gitpod.KindOf(err) != gitpod.KindTooManyPages || !strings.Contains(err.Error(), "more than 25000 items") {
			t.Fatalf("%v, want a listing stopped at its item bound", err)
		}
		// Full pages of 100 pass the 25,000-item bound long before the
		// page bound.
		if n, want := calls.Load(), int64(gitpod.DefaultListBounds.Items/classic.PageSize+1); n != want {
			t.Errorf("%d requests, want %d", n, want)
		}
	})
	t.Run("the same page for ever", func(t *testing.T) {
		t.Parallel()
		var calls atomic.Int64
		a := newAdapter(t, tokenPages(&calls, func(int32) []string { return fullPage("same") }))
		tokens, err := a.ListTokens(t.Context(), nil)
		if err != nil || len(tokens) != classic.PageSize {
			t.Errorf("%d tokens, %v", len(tokens), err)
		}
		if n := calls.Load(); n != 2 {
			t.Errorf("%d requests, want 2", n)
		}
	})
}
