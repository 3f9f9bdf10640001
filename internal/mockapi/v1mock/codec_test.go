package v1mock_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"connectrpc.com/connect"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
)

var (
	uuidRE  = regexp.MustCompile(`[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`)
	timeRE  = regexp.MustCompile(`\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z`)
	valueRE = regexp.MustCompile(`gitpod_v1_pat_[0-9A-Za-z]+`)
	tokenRE = regexp.MustCompile(`"nextToken":\s*"[^"]*"`)
)

// canon replaces what differs between two servers given the same script
// (random ids, token values, page tokens, load times) by placeholders
// numbered in order of first appearance.
type canon struct{ seen map[string]string }

func (c *canon) apply(s string) string {
	s = valueRE.ReplaceAllString(s, "<token value>")
	s = tokenRE.ReplaceAllString(s, `"nextToken":"<page token>"`)
	for _, re := range []*regexp.Regexp{uuidRE, timeRE} {
		s = re.ReplaceAllStringFunc(s, func(m string) string {
			if p, ok := c.seen[m]; ok {
				return p
			}
			p := fmt.Sprintf("<%d>", len(c.seen))
			c.seen[m] = p
			return p
		})
	}
	return s
}

// Every method answers the same through the JSON and the binary codec: the
// same script runs against two servers with the same fixtures, one
// through each codec.
func TestCodecsGiveEqualAnswers(t *testing.T) {
	t.Parallel()
	js, bin := start(t), start(t)
	cj, cb := &canon{map[string]string{}}, &canon{map[string]string{}}
	render := func(c *canon, m proto.Message, err error) string {
		t.Helper()
		if err != nil {
			return c.apply(fmt.Sprintf("error %v: %s", connect.CodeOf(err), err))
		}
		j, err := protojson.Marshal(m)
		if err != nil {
			t.Fatal(err)
		}
		return c.apply(string(j))
	}
	calls := 0
	for _, tok := range []string{bobTok, aliceTok} {
		for _, m := range methods() {
			a, errA := m.call(t.Context(), js.asJSON(tok))
			b, errB := m.call(t.Context(), bin.as(tok))
			outA, outB := render(cj, a, errA), render(cb, b, errB)
			if outA != outB {
				t.Fatalf("%s as %s:\n json:   %s\n binary: %s", m.name, tok, outA, outB)
			}
			calls++
		}
	}
	if calls != 42 {
		t.Fatalf("%d calls", calls)
	}
}

func TestErrorsUseTheConnectJSONBody(t *testing.T) {
	t.Parallel()
	h := start(t)
	post := func(path, body string) (*http.Response, map[string]any) {
		t.Helper()
		r, err := http.NewRequestWithContext(t.Context(), http.MethodPost, h.url+path, strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		r.Header.Set("Content-Type", "application/json")
		r.Header.Set("Authorization", "Bearer "+aliceTok)
		resp, err := http.DefaultClient.Do(r)
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(resp.Body)
		if err := errors.Join(err, resp.Body.Close()); err != nil {
			t.Fatal(err)
		}
		var out map[string]any
		_ = json.Unmarshal(b, &out)
		return resp, out
	}
	resp, body := post("/gitpod.v1.TeamService/GetTeam", `{"teamId":"`+missing+`"}`)
	if resp.StatusCode != http.StatusNotFound || body["code"] != "not_found" || body["message"] == "" {
		t.Fatalf("%d %v", resp.StatusCode, body)
	}
	resp, body = post("/gitpod.v1.TeamService/GetTeam", `{"teamId":"nope"}`)
	if resp.StatusCode != http.StatusBadRequest || body["code"] != "invalid_argument" {
		t.Fatalf("%d %v", resp.StatusCode, body)
	}
	// Unknown JSON fields are ignored; so are query parameters other than
	// the paging ones (query.go).
	resp, body = post("/gitpod.v1.UserService/ListPersonalAccessTokens?pageSize=5&other=x", `{"pagination":{"pageSize":3},"future":1}`)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("%d %v", resp.StatusCode, body)
	}
	// A path outside the services is a plain 404.
	resp, body = post("/gitpod.v1.TeamService/NoSuchMethod", `{}`)
	if resp.StatusCode != http.StatusNotFound || body != nil {
		t.Fatalf("%d %v", resp.StatusCode, body)
	}
	// The services live under /api only.
	r, err := http.NewRequestWithContext(t.Context(), http.MethodPost, strings.TrimSuffix(h.url, "/api")+"/gitpod.v1.TeamService/GetTeam", strings.NewReader(`{}`))
	if err != nil {
		t.Fatal(err)
	}
	r.Header.Set("Content-Type", "application/json")
	raw, err := http.DefaultClient.Do(r)
	if err != nil {
		t.Fatal(err)
	}
	if err := raw.Body.Close(); err != nil {
		t.Fatal(err)
	}
	if raw.StatusCode != http.StatusNotFound {
		t.Fatalf("root path: %d", raw.StatusCode)
	}
}
