package v1mock_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"

	"connectrpc.com/connect"

	v1 "github.com/gitpod-community/terraform-provider-gitpod/internal/gen/gitpod/v1"
	"github.com/gitpod-community/terraform-provider-gitpod/internal/gen/gitpod/v1/gitpodv1connect"
)

// sdkAnswer is the answer to one POST sent the way the vendor's generated SDKs send a list
// call: a JSON body and `token` / `pageSize` in the URL's query.
type sdkAnswer struct {
	status int
	body   map[string]any
	raw    string
}

func (h *harness) sdkPost(t *testing.T, bearerTok, procedure string, query url.Values, body string) sdkAnswer {
	t.Helper()
	u := h.url + "/" + procedure
	if len(query) > 0 {
		u += "?" + query.Encode()
	}
	r, err := http.NewRequestWithContext(t.Context(), http.MethodPost, u, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	r.Header.Set("Content-Type", "application/json")
	if bearerTok != "" {
		r.Header.Set("Authorization", "Bearer "+bearerTok)
	}
	resp, err := http.DefaultClient.Do(r)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = resp.Body.Close() }()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	a := sdkAnswer{status: resp.StatusCode, raw: string(b)}
	if len(a.raw) > 400 {
		a.raw = a.raw[:400] + "..."
	}
	if err := json.Unmarshal(b, &a.body); err != nil {
		t.Fatalf("%s: answer %q: %v", procedure, b, err)
	}
	return a
}

// wantError checks a Connect error answer's code and message parts.
func (a sdkAnswer) wantError(t *testing.T, code string, parts ...string) {
	t.Helper()
	if a.status == http.StatusOK || a.body["code"] != code {
		t.Fatalf("want %s, got HTTP %d: %s", code, a.status, a.raw)
	}
	for _, p := range parts {
		if !strings.Contains(fmt.Sprint(a.body["message"]), p) {
			t.Fatalf("message of %s does not contain %q", a.raw, p)
		}
	}
}

// sdkWalk pages through a list the way the SDKs' auto-pagination does:
// the same body every time, only the query's token changes. It returns
// the ids of the items (field idField of each element of itemsField) and
// the size of every page; a walk of more than 1000 pages fails.
func (h *harness) sdkWalk(t *testing.T, tok, procedure, body string, query url.Values, itemsField, idField string) (ids []string, pages []int) {
	t.Helper()
	q := url.Values{}
	for k, v := range query {
		q[k] = slices.Clone(v)
	}
	for range 1000 {
		a := h.sdkPost(t, tok, procedure, q, body)
		if a.status != http.StatusOK {
			t.Fatalf("%s page %d: HTTP %d %s", procedure, len(pages), a.status, a.raw)
		}
		items, _ := a.body[itemsField].([]any)
		pages = append(pages, len(items))
		for _, it := range items {
			ids = append(ids, fmt.Sprint(it.(map[string]any)[idField]))
		}
		next, _ := a.body["pagination"].(map[string]any)["nextToken"].(string)
		if next == "" {
			return ids, pages
		}
		q.Set("token", next)
	}
	t.Fatalf("%s: the walk did not end after 1000 pages", procedure)
	return nil, nil
}

// onceEach fails unless ids holds every id of want exactly once.
func onceEach(t *testing.T, what string, ids, want []string) {
	t.Helper()
	seen := map[string]int{}
	for _, id := range ids {
		seen[id]++
	}
	for id, n := range seen {
		if n > 1 {
			t.Fatalf("%s: %s listed %d times", what, id, n)
		}
	}
	if len(ids) != len(want) {
		t.Fatalf("%s: %d items, want %d", what, len(ids), len(want))
	}
	for _, id := range want {
		if seen[id] != 1 {
			t.Fatalf("%s: %s missing", what, id)
		}
	}
}

// The SDKs' auto-pagination ends on every gitpod.v1 list, and lists every
// item once: the query's token wins over the body, which stays the first
// call's body (here with a page size in the body and none in the query).
func TestQueryTokenDrivesEveryList(t *testing.T) {
	t.Parallel()
	h := start(t)
	ctx := t.Context()
	a := h.as(aliceTok)

	// 60 more members of organization A, also in team Frontend.
	members := []string{alice, bob, carol, dave}
	var joiners []string
	for i := range 60 {
		u := h.srv.AddUser(userFixture(fmt.Sprintf("Query Member %02d", i)))
		if _, err := h.srv.AddTeamMember(teamFrontend, u.ID); err != nil {
			t.Fatal(err)
		}
		members = append(members, u.ID)
		joiners = append(joiners, u.ID)
	}
	// 40 more teams (42 in organization A).
	teams := []string{teamPlatform, teamFrontend}
	for i := range 40 {
		teams = append(teams, res(a.team.CreateTeam(ctx, req(&v1.CreateTeamRequest{OrganizationId: orgA, Name: fmt.Sprintf("Query team %02d", i)}))).ok(t).GetTeam().GetId())
	}
	// 55 tokens of Alice's.
	for i := range 55 {
		res(a.user.CreatePersonalAccessToken(ctx, req(&v1.CreatePersonalAccessTokenRequest{UserId: alice, Description: fmt.Sprintf("q %02d", i)}))).ok(t)
	}
	var tokens []string
	for _, tk := range h.srv.Tokens(alice) {
		tokens = append(tokens, tk.ID)
	}
	// 70 more environments; Alice (an admin) sees all of organization A's
	// that are not archived (the default archival filter).
	addEnvironments(t, h, 70)
	var envs []string
	st := h.srv.Store()
	st.Mu.Lock()
	for _, e := range st.Environments {
		if e.OrgID == orgA && e.ArchivedAt.IsZero() {
			envs = append(envs, e.ID)
		}
	}
	st.Mu.Unlock()

	cases := []struct {
		procedure, body, items, id string
		want                       []string
	}{
		{"gitpod.v1.OrganizationService/ListMembers", `{"organizationId":"` + orgA + `","pagination":{"pageSize":7}}`, "members", "userId", members},
		{"gitpod.v1.TeamService/ListTeams", `{"pagination":{"pageSize":9}}`, "teams", "id", teams},
		{"gitpod.v1.TeamService/ListTeamMembers", `{"teamId":"` + teamFrontend + `","pagination":{"pageSize":11}}`, "members", "userId", joiners},
		{"gitpod.v1.UserService/ListPersonalAccessTokens", `{"pagination":{"pageSize":10}}`, "personalAccessTokens", "id", tokens},
		{"gitpod.v1.EnvironmentService/ListEnvironments", `{"pagination":{"pageSize":13}}`, "environments", "id", envs},
	}
	for _, tc := range cases {
		ids, pages := h.sdkWalk(t, aliceTok, tc.procedure, tc.body, nil, tc.items, tc.id)
		onceEach(t, tc.procedure, ids, tc.want)
		if len(pages) < 4 {
			t.Fatalf("%s: only %d pages (%v)", tc.procedure, len(pages), pages)
		}
	}
}

// The query's page size wins over the body's, with the body's default
// (25) and bounds.
func TestQueryPageSizeWinsOverTheBody(t *testing.T) {
	t.Parallel()
	h := start(t)
	for i := range 60 {
		h.srv.AddUser(userFixture(fmt.Sprintf("Size Member %02d", i)))
	}
	const proc = "gitpod.v1.OrganizationService/ListMembers"
	body := `{"organizationId":"` + orgA + `","pagination":{"pageSize":50}}`
	_, pages := h.sdkWalk(t, bobTok, proc, body, url.Values{"pageSize": {"20"}}, "members", "userId")
	if fmt.Sprint(pages) != "[20 20 20 4]" {
		t.Fatalf("query page size 20: pages %v", pages)
	}
	// Without a query page size, the body's.
	_, pages = h.sdkWalk(t, bobTok, proc, body, nil, "members", "userId")
	if fmt.Sprint(pages) != "[50 14]" {
		t.Fatalf("body page size 50: pages %v", pages)
	}
	// Query 0 is the default, 25, as in the body; so is an empty value
	// (absent: the body's 50 applies).
	if _, pages = h.sdkWalk(t, bobTok, proc, body, url.Values{"pageSize": {"0"}}, "members", "userId"); fmt.Sprint(pages) != "[25 25 14]" {
		t.Fatalf("query page size 0: pages %v", pages)
	}
	if _, pages = h.sdkWalk(t, bobTok, proc, body, url.Values{"pageSize": {""}}, "members", "userId"); fmt.Sprint(pages) != "[50 14]" {
		t.Fatalf("empty query page size: pages %v", pages)
	}
	// The SDKs' first call: page size in the query, no pagination in the
	// body at all.
	if _, pages = h.sdkWalk(t, bobTok, proc, `{"organizationId":"`+orgA+`"}`, url.Values{"pageSize": {"100"}}, "members", "userId"); fmt.Sprint(pages) != "[64]" {
		t.Fatalf("query page size 100: pages %v", pages)
	}
}

// A query token wins over a (stale) token in the body: the walk neither
// repeats the body's page nor stops.
func TestQueryTokenWinsOverTheBodyToken(t *testing.T) {
	t.Parallel()
	h := start(t)
	c := h.as(aliceTok)
	for i := range 30 {
		res(c.team.CreateTeam(t.Context(), req(&v1.CreateTeamRequest{OrganizationId: orgA, Name: fmt.Sprintf("Stale %02d", i)}))).ok(t)
	}
	first, err := listTeams(t, c, 10, "", "")
	if err != nil {
		t.Fatal(err)
	}
	second, err := listTeams(t, c, 10, first.GetPagination().GetNextToken(), "")
	if err != nil {
		t.Fatal(err)
	}
	body := `{"pagination":{"pageSize":10,"token":"` + first.GetPagination().GetNextToken() + `"}}`
	a := h.sdkPost(t, aliceTok, "gitpod.v1.TeamService/ListTeams", url.Values{"token": {second.GetPagination().GetNextToken()}}, body)
	got := a.body["teams"].([]any)
	if len(got) != 10 || got[0].(map[string]any)["id"] == second.GetTeams()[0].GetId() {
		t.Fatalf("the body's token was used: %s", a.raw)
	}
	// Without a query token the body's applies (the second page).
	a = h.sdkPost(t, aliceTok, "gitpod.v1.TeamService/ListTeams", url.Values{"token": {""}}, body)
	if a.body["teams"].([]any)[0].(map[string]any)["id"] != second.GetTeams()[0].GetId() {
		t.Fatalf("the body's token was not used: %s", a.raw)
	}
}

// Invalid query values fail like the same values in the body.
func TestInvalidQueryPagingFailsLikeTheBody(t *testing.T) {
	t.Parallel()
	h := start(t)
	const proc = "gitpod.v1.TeamService/ListTeams"
	for _, size := range []string{"101", "-1", "2147483647"} {
		inQuery := h.sdkPost(t, aliceTok, proc, url.Values{"pageSize": {size}}, `{}`)
		inBody := h.sdkPost(t, aliceTok, proc, nil, `{"pagination":{"pageSize":`+size+`}}`)
		inQuery.wantError(t, "invalid_argument", "pagination.page_size")
		if inQuery.raw != inBody.raw || inQuery.status != inBody.status {
			t.Fatalf("page size %s: query %d %s, body %d %s", size, inQuery.status, inQuery.raw, inBody.status, inBody.raw)
		}
		// Authentication still comes first.
		h.sdkPost(t, "", proc, url.Values{"pageSize": {size}}, `{}`).wantError(t, "unauthenticated")
	}
	// A value that is no 32-bit integer is a malformed request, as in the
	// body (where it does not decode): refused before the token is read.
	for _, size := range []string{"abc", "1.5", "2147483648", "0x10"} {
		h.sdkPost(t, aliceTok, proc, url.Values{"pageSize": {size}}, `{}`).wantError(t, "invalid_argument", "pageSize")
		h.sdkPost(t, "", proc, url.Values{"pageSize": {size}}, `{}`).wantError(t, "invalid_argument")
		h.sdkPost(t, aliceTok, proc, nil, `{"pagination":{"pageSize":"`+size+`"}}`).wantError(t, "invalid_argument")
	}
	// Forged tokens and tokens of another query.
	for i := range 30 {
		res(h.as(aliceTok).team.CreateTeam(t.Context(), req(&v1.CreateTeamRequest{OrganizationId: orgA, Name: fmt.Sprintf("Forge %02d", i)}))).ok(t)
	}
	first, err := listTeams(t, h.as(aliceTok), 5, "", "")
	if err != nil {
		t.Fatal(err)
	}
	tok := first.GetPagination().GetNextToken()
	for _, forged := range []string{"25", "not a token!", tok + "A"} {
		inQuery := h.sdkPost(t, aliceTok, proc, url.Values{"token": {forged}}, `{}`)
		inBody := h.sdkPost(t, aliceTok, proc, nil, `{"pagination":{"token":`+fmt.Sprintf("%q", forged)+`}}`)
		inQuery.wantError(t, "invalid_argument", "pagination.token")
		if inQuery.raw != inBody.raw {
			t.Fatalf("token %q: query %s, body %s", forged, inQuery.raw, inBody.raw)
		}
	}
	// The token is bound to its query (here the filter in the body) and
	// caller, whichever way it travels.
	h.sdkPost(t, aliceTok, proc, url.Values{"token": {tok}}, `{"filter":{"search":"forge"}}`).wantError(t, "invalid_argument", "pagination.token")
	h.sdkPost(t, bobTok, proc, url.Values{"token": {tok}}, `{}`).wantError(t, "invalid_argument", "pagination.token")
	// The real token works through the query.
	if a := h.sdkPost(t, aliceTok, proc, url.Values{"token": {tok}, "pageSize": {"5"}}, `{}`); a.status != http.StatusOK || len(a.body["teams"].([]any)) != 5 {
		t.Fatalf("token in the query: %s", a.raw)
	}
}

// Methods without pagination ignore the query.
func TestQueryPagingIgnoredWithoutPagination(t *testing.T) {
	t.Parallel()
	h := start(t)
	a := h.sdkPost(t, aliceTok, "gitpod.v1.TeamService/GetTeam", url.Values{"token": {"junk"}, "pageSize": {"abc"}}, `{"teamId":"`+teamPlatform+`"}`)
	if a.status != http.StatusOK {
		t.Fatalf("GetTeam: %s", a.raw)
	}
}

// queryTransport adds the current query to every request, so that a
// binary-codec Connect client can page the SDKs' way.
type queryTransport struct {
	mu    sync.Mutex
	query url.Values
	token string
}

func (q *queryTransport) set(k, v string) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.query.Set(k, v)
}

func (q *queryTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	q.mu.Lock()
	r.URL.RawQuery = q.query.Encode()
	q.mu.Unlock()
	r.Header.Set("Authorization", "Bearer "+q.token)
	return http.DefaultTransport.RoundTrip(r)
}

// The query works with the binary codec too.
func TestQueryPagingWithTheBinaryCodec(t *testing.T) {
	t.Parallel()
	h := start(t)
	for i := range 45 {
		res(h.as(aliceTok).team.CreateTeam(t.Context(), req(&v1.CreateTeamRequest{OrganizationId: orgA, Name: fmt.Sprintf("Binary %02d", i)}))).ok(t)
	}
	qt := &queryTransport{query: url.Values{"pageSize": {"10"}}, token: aliceTok}
	c := gitpodv1connect.NewTeamServiceClient(&http.Client{Transport: qt}, h.url)
	constant := &v1.ListTeamsRequest{Pagination: &v1.PaginationRequest{PageSize: 3}}
	var ids []string
	for pages := 0; ; pages++ {
		if pages > 20 {
			t.Fatal("the walk does not end")
		}
		resp := res(c.ListTeams(t.Context(), connect.NewRequest(constant))).ok(t)
		if n := len(resp.GetTeams()); n != 10 && resp.GetPagination().GetNextToken() != "" {
			t.Fatalf("page %d has %d teams", pages, n)
		}
		for _, tm := range resp.GetTeams() {
			ids = append(ids, tm.GetId())
		}
		if resp.GetPagination().GetNextToken() == "" {
			break
		}
		qt.set("token", resp.GetPagination().GetNextToken())
	}
	var want []string
	for _, tm := range h.srv.Teams() {
		if tm.OrgID == orgA {
			want = append(want, tm.ID)
		}
	}
	onceEach(t, "binary ListTeams", ids, want)
}
