package v1mock_test

import (
	"encoding/base64"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"connectrpc.com/connect"
	"github.com/google/uuid"
	"google.golang.org/protobuf/encoding/protojson"

	v1 "github.com/gitpod-community/terraform-provider-gitpod/internal/gen/gitpod/v1"
	"github.com/gitpod-community/terraform-provider-gitpod/internal/mockapi"
	"github.com/gitpod-community/terraform-provider-gitpod/internal/mockapi/store"
)

func listTeams(t *testing.T, c *clients, size int32, token, search string) (*v1.ListTeamsResponse, error) {
	t.Helper()
	resp, err := c.team.ListTeams(t.Context(), req(&v1.ListTeamsRequest{
		Pagination: &v1.PaginationRequest{PageSize: size, Token: token},
		Filter:     &v1.ListTeamsRequest_Filter{Search: search},
	}))
	if err != nil {
		return nil, err
	}
	return resp.Msg, nil
}

func TestPageTokens(t *testing.T) {
	t.Parallel()
	h := start(t)
	a := h.as(aliceTok)
	for i := range 30 {
		res(a.team.CreateTeam(t.Context(), req(&v1.CreateTeamRequest{OrganizationId: orgA, Name: fmt.Sprintf("Team %02d", i)}))).ok(t)
	}
	// 32 teams: page size 0 means 25.
	first, err := listTeams(t, a, 0, "", "")
	if err != nil {
		t.Fatal(err)
	}
	token := first.GetPagination().GetNextToken()
	if len(first.GetTeams()) != 25 || token == "" {
		t.Fatalf("first page: %d teams, token %q", len(first.GetTeams()), token)
	}
	if _, err := strconv.Atoi(token); err == nil {
		t.Fatalf("token %q is a plain number", token)
	}
	second, err := listTeams(t, a, 0, token, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(second.GetTeams()) != 7 || second.GetPagination().GetNextToken() != "" {
		t.Fatalf("second page: %d teams, token %q", len(second.GetTeams()), second.GetPagination().GetNextToken())
	}
	// A full last page has no next token either.
	half, _ := listTeams(t, a, 16, "", "")
	last, err := listTeams(t, a, 16, half.GetPagination().GetNextToken(), "")
	if err != nil || len(last.GetTeams()) != 16 || last.GetPagination().GetNextToken() != "" {
		t.Fatalf("full last page: %v, %v", last, err)
	}
	// The page size may change between pages.
	if p, err := listTeams(t, a, 100, token, ""); err != nil || len(p.GetTeams()) != 7 {
		t.Fatalf("bigger page: %v, %v", p, err)
	}

	raw, err := base64.RawURLEncoding.DecodeString(token)
	if err != nil {
		t.Fatal(err)
	}
	flipped := slices.Clone(raw)
	flipped[len(flipped)-2] ^= 1
	forged := []string{
		"25", "MjU", base64.StdEncoding.EncodeToString([]byte("25")), "not a token!",
		base64.RawURLEncoding.EncodeToString(flipped),
		base64.RawURLEncoding.EncodeToString(raw[:len(raw)-1]),
		base64.RawURLEncoding.EncodeToString([]byte(`["0001-01-01T00:00:00.000000000Z","x"]`)),
		token + "A",
	}
	for _, f := range forged {
		_, err := listTeams(t, a, 0, f, "")
		wantErr(t, err, connect.CodeInvalidArgument, "pagination.token")
	}
	// A token is bound to its query, its caller and its method.
	_, err = listTeams(t, a, 0, token, "team")
	wantErr(t, err, connect.CodeInvalidArgument, "pagination.token")
	_, err = listTeams(t, h.as(bobTok), 0, token, "")
	wantErr(t, err, connect.CodeInvalidArgument, "pagination.token")
	_, err = a.env.ListEnvironments(t.Context(), req(&v1.ListEnvironmentsRequest{Pagination: &v1.PaginationRequest{Token: token}}))
	wantErr(t, err, connect.CodeInvalidArgument, "pagination.token")
	// Another server does not know this server's tokens.
	other := start(t)
	_, err = listTeams(t, other.as(aliceTok), 0, token, "")
	wantErr(t, err, connect.CodeInvalidArgument, "pagination.token")
}

// addEnvironments adds n environments to organization A, made by Alice
// and Bob in turn; every fifth shares its creation time with the one
// before, so that ids break ties.
func addEnvironments(t *testing.T, h *harness, n int) {
	t.Helper()
	at := epoch.Add(-time.Duration(n) * time.Minute)
	for i := range n {
		if i%5 != 0 {
			at = at.Add(time.Minute)
		}
		creator := alice
		if i%2 == 1 {
			creator = bob
		}
		err := h.srv.AddEnvironment(mockapi.EnvironmentFixture{
			ID: uuid.NewString(), OrganizationID: orgA, CreatorID: creator, Name: fmt.Sprintf("env-%05d", i),
			ContextURL: "https://github.com/acme/repo", Phase: "running", CreatedAt: at,
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

// walkEnvironments lists every page and checks the order (newest first,
// then id descending), that nothing repeats, and that only the first page
// has a count.
func walkEnvironments(t *testing.T, c *clients, size int32, between func(page int)) ([]*v1.Environment, *v1.CountResponse) {
	t.Helper()
	var all []*v1.Environment
	var count *v1.CountResponse
	seen := map[string]bool{}
	token := ""
	for page := 0; ; page++ {
		resp := res(c.env.ListEnvironments(t.Context(), req(&v1.ListEnvironmentsRequest{
			Pagination: &v1.PaginationRequest{PageSize: size, Token: token},
			Count:      &v1.CountRequest{Include: true},
		}))).ok(t)
		want := int(size)
		if want == 0 {
			want = 25
		}
		if len(resp.GetEnvironments()) > want {
			t.Fatalf("page %d has %d environments", page, len(resp.GetEnvironments()))
		}
		if page == 0 {
			count = resp.GetCount()
		} else if resp.GetCount() != nil {
			t.Fatalf("page %d has a count", page)
		}
		for _, e := range resp.GetEnvironments() {
			if seen[e.GetId()] {
				t.Fatalf("page %d repeats %s", page, e.GetId())
			}
			seen[e.GetId()] = true
			if n := len(all); n > 0 {
				prev := all[n-1]
				pt, et := prev.GetMetadata().GetCreatedAt().AsTime(), e.GetMetadata().GetCreatedAt().AsTime()
				if pt.Before(et) || (pt.Equal(et) && prev.GetId() < e.GetId()) {
					t.Fatalf("out of order: %s (%v) before %s (%v)", prev.GetId(), pt, e.GetId(), et)
				}
			}
			all = append(all, e)
		}
		token = resp.GetPagination().GetNextToken()
		if token == "" {
			if len(resp.GetEnvironments()) == 0 && page > 0 {
				t.Fatalf("page %d is empty: the page before should have been the last", page)
			}
			return all, count
		}
		if between != nil {
			between(page)
		}
	}
}

func TestListEnvironmentsWalk250(t *testing.T) {
	t.Parallel()
	h := start(t)
	addEnvironments(t, h, 250)
	for _, size := range []int32{0, 7, 100} {
		all, count := walkEnvironments(t, h.asJSON(aliceTok), size, nil)
		if len(all) != 254 || count.GetValue() != 254 || count.GetRelation() != v1.CountResponseRelation_COUNT_RESPONSE_RELATION_EQ {
			t.Fatalf("size %d: %d environments, count %v", size, len(all), count)
		}
	}
	// A member walks only its own: half of the added ones plus its fixture.
	all, _ := walkEnvironments(t, h.as(bobTok), 100, nil)
	if len(all) != 126 {
		t.Fatalf("bob sees %d", len(all))
	}
	for _, e := range all {
		if e.GetMetadata().GetCreator().GetId() != bob {
			t.Fatalf("bob sees %s by %s", e.GetId(), e.GetMetadata().GetCreator().GetId())
		}
	}
}

// Paging goes on from the last object seen: objects added or removed
// between pages neither repeat nor hide others.
func TestListEnvironmentsPagingIsStableUnderChanges(t *testing.T) {
	t.Parallel()
	h := start(t)
	addEnvironments(t, h, 120)
	before, _ := walkEnvironments(t, h.as(aliceTok), 100, nil)
	var removed []string
	all, _ := walkEnvironments(t, h.as(aliceTok), 10, func(page int) {
		st := h.srv.Store()
		st.Mu.Lock()
		defer st.Mu.Unlock()
		// Drop the newest environment (already seen) and add a newer one
		// (before the walk's position).
		removed = append(removed, st.Environments[len(st.Environments)-1].ID)
		st.Environments = st.Environments[:len(st.Environments)-1]
		st.Environments = append(st.Environments, &store.Environment{
			ID: uuid.NewString(), OrgID: orgA, CreatorID: alice, Name: fmt.Sprintf("late-%d", page), Phase: "stopped", CreatedAt: epoch.Add(time.Hour + time.Duration(page)*time.Minute),
		})
	})
	got := map[string]bool{}
	for _, e := range all {
		got[e.GetId()] = true
	}
	for _, e := range before {
		if !got[e.GetId()] && !slices.Contains(removed, e.GetId()) {
			t.Fatalf("%s was skipped", e.GetId())
		}
	}
	if len(all) != len(before) {
		t.Fatalf("walked %d, want %d", len(all), len(before))
	}
}

func TestListEnvironments10000(t *testing.T) {
	t.Parallel()
	h := start(t)
	addEnvironments(t, h, 10000)
	begin := time.Now()
	all, count := walkEnvironments(t, h.as(aliceTok), 100, nil)
	if len(all) != 10004 {
		t.Fatalf("%d environments", len(all))
	}
	// Counts are bounded.
	if count.GetValue() != 1000 || count.GetRelation() != v1.CountResponseRelation_COUNT_RESPONSE_RELATION_GTE {
		t.Fatalf("count %v", count)
	}
	t.Logf("walked 10,004 environments in %v", time.Since(begin))
}

func TestListPersonalAccessTokensWalk250(t *testing.T) {
	t.Parallel()
	h := start(t)
	ctx := t.Context()
	a := h.asJSON(aliceTok)
	for i := range 250 {
		res(a.user.CreatePersonalAccessToken(ctx, req(&v1.CreatePersonalAccessTokenRequest{UserId: alice, Description: fmt.Sprintf("token %03d", i)}))).ok(t)
	}
	secrets := h.srv.IssuedSecrets()
	var all []*v1.PersonalAccessToken
	token := ""
	pages := 0
	for ; ; pages++ {
		resp := res(a.user.ListPersonalAccessTokens(ctx, req(&v1.ListPersonalAccessTokensRequest{Pagination: &v1.PaginationRequest{PageSize: 100, Token: token}}))).ok(t)
		js, err := protojson.Marshal(resp)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range secrets {
			if strings.Contains(string(js), s) {
				t.Fatal("a token value was listed")
			}
		}
		all = append(all, resp.GetPersonalAccessTokens()...)
		if token = resp.GetPagination().GetNextToken(); token == "" {
			break
		}
	}
	if pages != 2 || len(all) != 250 {
		t.Fatalf("%d pages, %d tokens", pages+1, len(all))
	}
	seen := map[string]bool{}
	for i, p := range all {
		if p.GetDescription() != fmt.Sprintf("token %03d", i) || seen[p.GetId()] {
			t.Fatalf("token %d: %v", i, p)
		}
		seen[p.GetId()] = true
	}
}

func TestListTeamMembersWalk(t *testing.T) {
	t.Parallel()
	h := start(t)
	ctx := t.Context()
	var want []string
	for i := range 120 {
		u := h.srv.AddUser(userFixture(fmt.Sprintf("Joiner %03d", i)))
		if _, err := h.srv.AddTeamMember(teamFrontend, u.ID); err != nil {
			t.Fatal(err)
		}
		want = append(want, u.ID)
	}
	var got []string
	token := ""
	for page := 0; ; page++ {
		resp := res(h.as(carolTok).team.ListTeamMembers(ctx, req(&v1.ListTeamMembersRequest{
			TeamId: teamFrontend, Pagination: &v1.PaginationRequest{PageSize: 50, Token: token}, Count: &v1.CountRequest{Include: true},
		}))).ok(t)
		if page == 0 && resp.GetCount().GetValue() != 120 {
			t.Fatalf("count %v", resp.GetCount())
		}
		if page > 0 && resp.GetCount() != nil {
			t.Fatalf("page %d has a count", page)
		}
		for _, m := range resp.GetMembers() {
			got = append(got, m.GetUserId())
		}
		if token = resp.GetPagination().GetNextToken(); token == "" {
			break
		}
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("members out of order or missing: %d of %d", len(got), len(want))
	}
}
