package classicmock_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"connectrpc.com/connect"
	"google.golang.org/protobuf/types/known/fieldmaskpb"
	"google.golang.org/protobuf/types/known/timestamppb"

	v1 "github.com/gitpod-community/terraform-provider-gitpod/internal/gen/gitpod/experimental/v1"
	"github.com/gitpod-community/terraform-provider-gitpod/internal/mockapi/store"
)

func TestTokenScopes(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c := e.as(aliceTok)
	exp := timestamppb.New(e.clock.Now().Add(time.Hour))
	for _, tc := range []struct {
		in   []string
		want []string // nil with ok: stored empty
		ok   bool
	}{
		{in: nil, ok: true},
		{in: []string{}, ok: true},
		{in: []string{"function:*", "resource:default"}, want: fullScopes, ok: true},
		{in: []string{"resource:default", "function:*"}, want: fullScopes, ok: true},
		{in: []string{"function:*"}},
		{in: []string{"resource:default"}},
		{in: []string{"function:*", "function:*"}},
		{in: []string{"function:*", "resource:default", "resource:default"}},
		{in: []string{"function:*", "resource:default", "other"}},
		{in: []string{"function:getWorkspace", "resource:default"}},
	} {
		resp, err := c.tokens.CreatePersonalAccessToken(bg, req(&v1.CreatePersonalAccessTokenRequest{Token: &v1.PersonalAccessToken{Name: "scoped", ExpirationTime: exp, Scopes: tc.in}}))
		if !tc.ok {
			wantCode(t, err, connect.CodeInvalidArgument)
			continue
		}
		noErr(t, err)
		got := resp.Msg.GetToken()
		if !slices.Equal(got.GetScopes(), tc.want) {
			t.Errorf("%v: answer scopes %v", tc.in, got.GetScopes())
		}
		if st := e.srv.Token(got.GetId()); !slices.Equal(st.Scopes, tc.want) {
			t.Errorf("%v: stored scopes %v", tc.in, st.Scopes)
		}
	}
	// Update applies the same rule.
	tok := createToken(t, c, "upd", nil, e.clock.Now().Add(time.Hour))
	_, err := c.tokens.UpdatePersonalAccessToken(bg, req(&v1.UpdatePersonalAccessTokenRequest{
		Token: &v1.PersonalAccessToken{Id: tok.GetId(), Scopes: []string{"function:*"}}, UpdateMask: &fieldmaskpb.FieldMask{Paths: []string{"scopes"}},
	}))
	wantCode(t, err, connect.CodeInvalidArgument)
	resp := try(c.tokens.UpdatePersonalAccessToken(bg, req(&v1.UpdatePersonalAccessTokenRequest{
		Token: &v1.PersonalAccessToken{Id: tok.GetId(), Scopes: []string{"resource:default", "function:*"}}, UpdateMask: &fieldmaskpb.FieldMask{Paths: []string{"scopes"}},
	}))).must(t)
	if !slices.Equal(resp.Msg.GetToken().GetScopes(), fullScopes) {
		t.Fatalf("updated scopes %v", resp.Msg.GetToken().GetScopes())
	}
}

func TestTokenName(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c := e.as(aliceTok)
	exp := timestamppb.New(e.clock.Now().Add(time.Hour))
	for _, tc := range []struct {
		in, want string
	}{
		{in: "  my token  ", want: "my token"},
		{in: "a-b_c 1", want: "a-b_c 1"},
		{in: "abc", want: "abc"},
		{in: strings.Repeat("x", 63), want: strings.Repeat("x", 63)},
		{in: strings.Repeat("x", 64)},
		{in: "ab"},
		{in: "  ab  "},
		{in: "   "},
		{in: ""},
		{in: "no/slash"},
		{in: "ümlaut"},
		{in: "tab\there"},
	} {
		resp, err := c.tokens.CreatePersonalAccessToken(bg, req(&v1.CreatePersonalAccessTokenRequest{Token: &v1.PersonalAccessToken{Name: tc.in, ExpirationTime: exp}}))
		if tc.want == "" {
			wantCode(t, err, connect.CodeInvalidArgument)
			if strings.TrimSpace(tc.in) != "" && !strings.Contains(errMessage(err), "^[a-zA-Z0-9-_ ]{3,63}$") {
				t.Errorf("%q: message %q does not state the rule", tc.in, errMessage(err))
			}
			continue
		}
		noErr(t, err)
		if got := resp.Msg.GetToken().GetName(); got != tc.want {
			t.Errorf("%q: name %q, want %q", tc.in, got, tc.want)
		}
		if got := e.srv.Token(resp.Msg.GetToken().GetId()).Name; got != tc.want {
			t.Errorf("%q: stored name %q", tc.in, got)
		}
	}
}

func TestTokenExpiry(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c := e.as(aliceTok)
	// The binary codec carries timestamps the JSON one cannot write.
	for _, exp := range []*timestamppb.Timestamp{nil, {Seconds: 253402300800}, {Seconds: -62135596801}, {Nanos: -1}} {
		_, err := e.binary(aliceTok).tokens.CreatePersonalAccessToken(bg, req(&v1.CreatePersonalAccessTokenRequest{Token: &v1.PersonalAccessToken{Name: "abc", ExpirationTime: exp}}))
		wantCode(t, err, connect.CodeInvalidArgument)
	}
	// A past expiry is accepted on Create and Regenerate.
	past := e.clock.Now().Add(-48 * time.Hour)
	tok := createToken(t, c, "past", fullScopes, past)
	if !tok.GetExpirationTime().AsTime().Equal(past) {
		t.Fatalf("expiry %v", tok.GetExpirationTime().AsTime())
	}
	resp := try(c.tokens.RegeneratePersonalAccessToken(bg, req(&v1.RegeneratePersonalAccessTokenRequest{Id: tok.GetId(), ExpirationTime: timestamppb.New(past.Add(time.Hour))}))).must(t)
	if !resp.Msg.GetToken().GetExpirationTime().AsTime().Equal(past.Add(time.Hour)) {
		t.Fatalf("regenerated expiry %v", resp.Msg.GetToken().GetExpirationTime().AsTime())
	}
	_, err := c.tokens.RegeneratePersonalAccessToken(bg, req(&v1.RegeneratePersonalAccessTokenRequest{Id: tok.GetId()}))
	wantCode(t, err, connect.CodeInvalidArgument)
	// The answer echoes nanoseconds; later reads return what the database
	// keeps (microseconds).
	precise := e.clock.Now().Add(time.Hour + 123456789*time.Nanosecond)
	tok = createToken(t, c, "precise", fullScopes, precise)
	if !tok.GetExpirationTime().AsTime().Equal(precise) {
		t.Fatalf("create answer expiry %v", tok.GetExpirationTime().AsTime())
	}
	got := try(c.tokens.GetPersonalAccessToken(bg, req(&v1.GetPersonalAccessTokenRequest{Id: tok.GetId()}))).must(t).Msg.GetToken()
	if want := precise.Truncate(time.Microsecond); !got.GetExpirationTime().AsTime().Equal(want) {
		t.Fatalf("read expiry %v, want %v", got.GetExpirationTime().AsTime(), want)
	}
}

func TestRegenerateChangesOnlyValueAndExpiry(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c := e.as(aliceTok)
	tok := createToken(t, c, "rotate me", fullScopes, e.clock.Now().Add(time.Hour))
	e.clock.Advance(time.Minute)
	newExp := e.clock.Now().Add(30 * 24 * time.Hour)
	got := try(c.tokens.RegeneratePersonalAccessToken(bg, req(&v1.RegeneratePersonalAccessTokenRequest{Id: tok.GetId(), ExpirationTime: timestamppb.New(newExp)}))).must(t).Msg.GetToken()
	if got.GetId() != tok.GetId() || got.GetName() != tok.GetName() || !slices.Equal(got.GetScopes(), tok.GetScopes()) || !got.GetCreatedAt().AsTime().Equal(tok.GetCreatedAt().AsTime()) {
		t.Fatalf("regenerate changed more than value and expiry: %v -> %v", tok, got)
	}
	if got.GetValue() == "" || got.GetValue() == tok.GetValue() || !strings.HasPrefix(got.GetValue(), "gitpod_pat_") {
		t.Fatalf("value %q (was %q)", got.GetValue(), tok.GetValue())
	}
	if !got.GetExpirationTime().AsTime().Equal(newExp) {
		t.Fatalf("expiry %v", got.GetExpirationTime().AsTime())
	}
	// The old value stops working, the new one works.
	wantCode(t, drop(e.as(tok.GetValue()).users.GetAuthenticatedUser(bg, req(&v1.GetAuthenticatedUserRequest{}))), connect.CodeUnauthenticated)
	noErr(t, drop(e.as(got.GetValue()).users.GetAuthenticatedUser(bg, req(&v1.GetAuthenticatedUserRequest{}))))
}

func TestUpdateMask(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c := e.as(aliceTok)
	tok := createToken(t, c, "before", nil, e.clock.Now().Add(time.Hour))
	update := func(paths []string, name string, scopes []string) (*v1.PersonalAccessToken, error) {
		var mask *fieldmaskpb.FieldMask
		if paths != nil {
			mask = &fieldmaskpb.FieldMask{Paths: paths}
		}
		resp, err := c.tokens.UpdatePersonalAccessToken(bg, req(&v1.UpdatePersonalAccessTokenRequest{
			Token:      &v1.PersonalAccessToken{Id: tok.GetId(), Name: name, Scopes: scopes, ExpirationTime: timestamppb.New(e.clock.Now().Add(99 * time.Hour))},
			UpdateMask: mask,
		}))
		if err != nil {
			return nil, err
		}
		return resp.Msg.GetToken(), nil
	}

	// Only name in the mask: scopes untouched.
	got := try(update([]string{"name"}, " renamed ", fullScopes)).must(t)
	if got.GetName() != "renamed" || len(got.GetScopes()) != 0 {
		t.Fatalf("mask name: %v", got)
	}
	// Real fields that cannot be updated are ignored.
	got = try(update([]string{"expiration_time", "created_at", "id", "value"}, "ignored", fullScopes)).must(t)
	if got.GetName() != "renamed" || len(got.GetScopes()) != 0 || !got.GetExpirationTime().AsTime().Equal(tok.GetExpirationTime().AsTime()) {
		t.Fatalf("non-updatable paths changed something: %v", got)
	}
	// A name outside the mask is not even checked.
	try(update([]string{"scopes"}, "!", nil)).must(t)
	// An empty mask means name and scopes.
	for _, paths := range [][]string{nil, {}} {
		got = try(update(paths, "both", fullScopes)).must(t)
		if got.GetName() != "both" || !slices.Equal(got.GetScopes(), fullScopes) {
			t.Fatalf("empty mask %v: %v", paths, got)
		}
		try(update([]string{"scopes"}, "", nil)).must(t)
	}
	// A path that is no field of the token is refused, before the token is
	// checked.
	for _, paths := range [][]string{{"description"}, {"name", "hash"}, {"name.first"}} {
		_, err := update(paths, "x y z", nil)
		wantCode(t, err, connect.CodeInvalidArgument)
	}
	_, err := e.as(unknownTok).tokens.UpdatePersonalAccessToken(bg, req(&v1.UpdatePersonalAccessTokenRequest{
		Token: &v1.PersonalAccessToken{Id: tok.GetId()}, UpdateMask: &fieldmaskpb.FieldMask{Paths: []string{"description"}},
	}))
	wantCode(t, err, connect.CodeInvalidArgument)
	// The values are checked after the token: a bad name with an unknown
	// token is unauthenticated.
	_, err = e.as(unknownTok).tokens.UpdatePersonalAccessToken(bg, req(&v1.UpdatePersonalAccessTokenRequest{
		Token: &v1.PersonalAccessToken{Id: tok.GetId(), Name: "!"},
	}))
	wantCode(t, err, connect.CodeUnauthenticated)
	// A mask of only non-updatable fields still needs the token to exist.
	_, err = c.tokens.UpdatePersonalAccessToken(bg, req(&v1.UpdatePersonalAccessTokenRequest{
		Token: &v1.PersonalAccessToken{Id: "00000000-0000-4000-8000-000000000000"}, UpdateMask: &fieldmaskpb.FieldMask{Paths: []string{"expiration_time"}},
	}))
	wantCode(t, err, connect.CodeNotFound)
}

func TestTokenValueOnlyInCreateAndRegenerate(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c := e.as(aliceTok)
	tok := createToken(t, c, "secret", fullScopes, e.clock.Now().Add(time.Hour))
	if tok.GetValue() == "" {
		t.Fatal("create: no value")
	}
	if issued := e.srv.IssuedSecrets(); !slices.Contains(issued, tok.GetValue()) {
		t.Fatal("the value was not issued through the store")
	}
	if v := try(c.tokens.GetPersonalAccessToken(bg, req(&v1.GetPersonalAccessTokenRequest{Id: tok.GetId()}))).must(t).Msg.GetToken().GetValue(); v != "" {
		t.Fatalf("get: value %q", v)
	}
	for _, tk := range try(c.tokens.ListPersonalAccessTokens(bg, req(&v1.ListPersonalAccessTokensRequest{}))).must(t).Msg.GetTokens() {
		if tk.GetValue() != "" {
			t.Fatalf("list: value %q", tk.GetValue())
		}
	}
	if v := try(c.tokens.UpdatePersonalAccessToken(bg, req(&v1.UpdatePersonalAccessTokenRequest{Token: &v1.PersonalAccessToken{Id: tok.GetId(), Name: "renamed"}}))).must(t).Msg.GetToken().GetValue(); v != "" {
		t.Fatalf("update: value %q", v)
	}
}

func TestListTokensPaging(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c := e.as(aliceTok)
	var ids []string
	for i := range 27 {
		exp := e.clock.Now().Add(time.Hour)
		if i == 3 {
			exp = e.clock.Now().Add(-time.Hour) // expired tokens count too
		}
		ids = append(ids, createToken(t, c, "tok", fullScopes, exp).GetId())
	}
	// Tokens that are not listed: deleted, other users', gitpod.v1.
	gone := createToken(t, c, "deleted", fullScopes, e.clock.Now().Add(time.Hour))
	try(c.tokens.DeletePersonalAccessToken(bg, req(&v1.DeletePersonalAccessTokenRequest{Id: gone.GetId()}))).must(t)
	createToken(t, e.as(bobTok), "bobs", fullScopes, e.clock.Now().Add(time.Hour))
	e.srv.CreateToken(store.V1, aliceID, "v1 token", e.clock.Now().Add(time.Hour))
	// The last token was made first: the list is by creation time, not by
	// insertion.
	st := e.srv.Store()
	st.Mu.Lock()
	st.Token(ids[26]).CreatedAt = st.Token(ids[0]).CreatedAt.Add(-time.Second)
	st.Mu.Unlock()
	ordered := append([]string{ids[26]}, ids[:26]...)

	list := func(pg *v1.Pagination) ([]string, int64) {
		resp := try(c.tokens.ListPersonalAccessTokens(bg, req(&v1.ListPersonalAccessTokensRequest{Pagination: pg}))).must(t)
		var out []string
		for _, tk := range resp.Msg.GetTokens() {
			out = append(out, tk.GetId())
		}
		return out, resp.Msg.GetTotalResults()
	}
	for _, tc := range []struct {
		pg   *v1.Pagination
		want []string
	}{
		{nil, ordered[:25]},
		{&v1.Pagination{PageSize: 0}, ordered[:25]},
		{&v1.Pagination{PageSize: -3}, ordered[:25]},
		{&v1.Pagination{PageSize: 101}, ordered[:25]},
		{&v1.Pagination{PageSize: 100}, ordered},
		{&v1.Pagination{PageSize: 25, Page: 2}, ordered[25:]},
		{&v1.Pagination{PageSize: 5, Page: 0}, ordered[:5]},
		{&v1.Pagination{PageSize: 5, Page: -1}, ordered[:5]},
		{&v1.Pagination{PageSize: 5, Page: 2}, ordered[5:10]},
		{&v1.Pagination{PageSize: 5, Page: 6}, ordered[25:]},
		{&v1.Pagination{PageSize: 5, Page: 7}, nil},
		{&v1.Pagination{PageSize: 1, Page: 2147483647}, nil},
	} {
		got, total := list(tc.pg)
		if !slices.Equal(got, tc.want) {
			t.Errorf("%v: got %d ids %v, want %d", tc.pg, len(got), got, len(tc.want))
		}
		if total != 27 {
			t.Errorf("%v: totalResults %d, want 27", tc.pg, total)
		}
	}
}

func TestTokenIDSpellings(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c := e.as(aliceTok)
	tok := createToken(t, c, "spelled", fullScopes, e.clock.Now().Add(time.Hour))
	id := tok.GetId()
	for _, spelled := range []string{strings.ToUpper(id), "{" + id + "}", "urn:uuid:" + id, strings.ReplaceAll(id, "-", ""), "  " + id + " "} {
		got := try(c.tokens.GetPersonalAccessToken(bg, req(&v1.GetPersonalAccessTokenRequest{Id: spelled}))).must(t).Msg.GetToken()
		if got.GetId() != id {
			t.Errorf("%q: id %q", spelled, got.GetId())
		}
	}
	for _, bad := range []string{"", "nope", id + "0", "g" + id[1:]} {
		for _, tk := range []string{unknownTok, aliceTok} {
			wantCode(t, drop(e.as(tk).tokens.GetPersonalAccessToken(bg, req(&v1.GetPersonalAccessTokenRequest{Id: bad}))), connect.CodeInvalidArgument)
			wantCode(t, drop(e.as(tk).tokens.DeletePersonalAccessToken(bg, req(&v1.DeletePersonalAccessTokenRequest{Id: bad}))), connect.CodeInvalidArgument)
		}
	}
	try(c.tokens.DeletePersonalAccessToken(bg, req(&v1.DeletePersonalAccessTokenRequest{Id: strings.ToUpper(id)}))).must(t)
}

func TestTokenNotFound(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c := e.as(aliceTok)
	bobs := createToken(t, e.as(bobTok), "bobs", fullScopes, e.clock.Now().Add(time.Hour))
	v1tok, _ := e.srv.CreateToken(store.V1, aliceID, "v1", e.clock.Now().Add(time.Hour))
	mine := createToken(t, c, "mine", fullScopes, e.clock.Now().Add(time.Hour))
	try(c.tokens.DeletePersonalAccessToken(bg, req(&v1.DeletePersonalAccessTokenRequest{Id: mine.GetId()}))).must(t)
	exp := timestamppb.New(e.clock.Now().Add(time.Hour))
	for _, id := range []string{bobs.GetId(), v1tok.ID, mine.GetId(), "00000000-0000-4000-8000-000000000000"} {
		wantCode(t, drop(c.tokens.GetPersonalAccessToken(bg, req(&v1.GetPersonalAccessTokenRequest{Id: id}))), connect.CodeNotFound)
		wantCode(t, drop(c.tokens.RegeneratePersonalAccessToken(bg, req(&v1.RegeneratePersonalAccessTokenRequest{Id: id, ExpirationTime: exp}))), connect.CodeNotFound)
		wantCode(t, drop(c.tokens.UpdatePersonalAccessToken(bg, req(&v1.UpdatePersonalAccessTokenRequest{Token: &v1.PersonalAccessToken{Id: id, Name: "abc"}}))), connect.CodeNotFound)
		wantCode(t, drop(c.tokens.DeletePersonalAccessToken(bg, req(&v1.DeletePersonalAccessTokenRequest{Id: id}))), connect.CodeNotFound)
	}
	// Deletion is soft: the record stays, marked.
	st := e.srv.Store()
	st.Mu.Lock()
	found := false
	for _, tk := range st.Tokens {
		if tk.ID == mine.GetId() {
			found = tk.Deleted
		}
	}
	st.Mu.Unlock()
	if !found {
		t.Fatal("the deleted token is not kept with Deleted set")
	}
	if e.srv.Token(bobs.GetId()) == nil || e.srv.Token(v1tok.ID) == nil {
		t.Fatal("someone else's token was deleted")
	}
}

func TestCreatedTokenRecord(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	// Bob's credential acts in his first organization, A.
	tok := createToken(t, e.as(bobTok), "record", fullScopes, e.clock.Now().Add(time.Hour))
	st := e.srv.Token(tok.GetId())
	if st.Generation != store.Classic || st.UserID != bobID || st.CreatorID != bobID || st.OrgID != orgA {
		t.Fatalf("record %+v", st)
	}
	if st.Hash != store.HashOf(tok.GetValue()) {
		t.Fatal("the stored hash is not the value's")
	}
	// A token made with a token acts in the same organization.
	viaToken := createToken(t, e.as(tok.GetValue()), "second", fullScopes, e.clock.Now().Add(time.Hour))
	if got := e.srv.Token(viaToken.GetId()); got.OrgID != orgA || got.UserID != bobID {
		t.Fatalf("record %+v", got)
	}
}
