package v1mock_test

import (
	"strings"
	"testing"
	"time"

	"connectrpc.com/connect"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/types/known/durationpb"

	v1 "github.com/gitpod-community/terraform-provider-gitpod/internal/gen/gitpod/v1"
	"github.com/gitpod-community/terraform-provider-gitpod/internal/mockapi/store"
)

func TestGetAuthenticatedIdentity(t *testing.T) {
	t.Parallel()
	h := start(t)
	got := res(h.asJSON(bobTok).id.GetAuthenticatedIdentity(t.Context(), req(&v1.GetAuthenticatedIdentityRequest{}))).ok(t)
	if got.GetSubject().GetId() != bob || got.GetSubject().GetPrincipal() != v1.Principal_PRINCIPAL_USER ||
		got.GetOrganizationId() != orgA || got.GetOrganizationTier() != "enterprise" {
		t.Fatalf("identity: %v", got)
	}
}

func TestGetAuthenticatedUserAndGetUser(t *testing.T) {
	t.Parallel()
	h := start(t)
	ctx := t.Context()
	u := res(h.as(aliceTok).user.GetAuthenticatedUser(ctx, req(&v1.GetAuthenticatedUserRequest{}))).ok(t).GetUser()
	if u.GetId() != alice || u.GetOrganizationId() != orgA || u.GetName() != "Alice Able" || u.GetEmail() != "alice@example.com" ||
		u.GetAvatarUrl() != "https://avatars.example/alice" || u.GetStatus() != v1.UserStatus_USER_STATUS_ACTIVE ||
		!u.GetCreatedAt().AsTime().Equal(epoch.Add(-100*time.Hour)) {
		t.Fatalf("user: %v", u)
	}
	// Acting in B, Alice is a user of B.
	u = res(h.as(h.srv.AddCredential(alice, orgB)).user.GetAuthenticatedUser(ctx, req(&v1.GetAuthenticatedUserRequest{}))).ok(t).GetUser()
	if u.GetOrganizationId() != orgB {
		t.Fatalf("user in B: %v", u)
	}
	b := res(h.as(aliceTok).user.GetUser(ctx, req(&v1.GetUserRequest{UserId: bob}))).ok(t).GetUser()
	if b.GetId() != bob || b.GetName() != "bob Baker" || b.GetOrganizationId() != orgA {
		t.Fatalf("bob: %v", b)
	}
	// Eve is in another organization only.
	for _, id := range []string{eve, missing} {
		_, err := h.as(aliceTok).user.GetUser(ctx, req(&v1.GetUserRequest{UserId: id}))
		wantErr(t, err, connect.CodeNotFound)
	}
}

func TestCreatePersonalAccessToken(t *testing.T) {
	t.Parallel()
	h := start(t)
	ctx := t.Context()
	resp := res(h.asJSON(aliceTok).user.CreatePersonalAccessToken(ctx, req(&v1.CreatePersonalAccessTokenRequest{
		UserId: alice, Description: "ci: deploy", ValidFor: durationpb.New(60 * 24 * time.Hour), ReadOnly: true,
	}))).ok(t)
	// The answer is the value only.
	if js, _ := protojson.Marshal(resp); strings.Count(string(js), ":") != 1 || resp.GetToken() == "" {
		t.Fatalf("answer: %s", js)
	}
	toks := h.srv.Tokens(alice)
	if len(toks) != 1 {
		t.Fatalf("%d tokens", len(toks))
	}
	tok := toks[0]
	if tok.Generation != store.V1 || tok.Name != "ci: deploy" || !tok.ReadOnly || tok.CreatorID != alice || tok.OrgID != orgA ||
		tok.ExpiresAt.Sub(tok.CreatedAt) != 60*24*time.Hour || tok.Hash != store.HashOf(resp.GetToken()) {
		t.Fatalf("stored token: %+v", tok)
	}
	// The value authenticates as Alice.
	id := res(h.as(resp.GetToken()).id.GetAuthenticatedIdentity(ctx, req(&v1.GetAuthenticatedIdentityRequest{}))).ok(t)
	if id.GetSubject().GetId() != alice {
		t.Fatalf("identity: %v", id)
	}
}

// Inferred default lifetime: 30 days when valid_for is unset or zero.
func TestCreatePersonalAccessTokenDefaultLifetime(t *testing.T) {
	t.Parallel()
	h := start(t)
	ctx := t.Context()
	for _, d := range []*durationpb.Duration{nil, durationpb.New(0)} {
		res(h.as(bobTok).user.CreatePersonalAccessToken(ctx, req(&v1.CreatePersonalAccessTokenRequest{UserId: bob, ValidFor: d}))).ok(t)
	}
	for _, tok := range h.srv.Tokens(bob) {
		if got := tok.ExpiresAt.Sub(tok.CreatedAt); got != 30*24*time.Hour {
			t.Fatalf("lifetime %v", got)
		}
	}
}

func TestCreatePersonalAccessTokenOnlyForTheCaller(t *testing.T) {
	t.Parallel()
	h := start(t)
	// Not even an admin makes tokens for a member.
	_, err := h.as(aliceTok).user.CreatePersonalAccessToken(t.Context(), req(&v1.CreatePersonalAccessTokenRequest{UserId: bob}))
	wantErr(t, err, connect.CodePermissionDenied, "user_id")
	if n := len(h.srv.Tokens(bob)); n != 0 {
		t.Fatalf("bob has %d tokens", n)
	}
}

func TestListPersonalAccessTokens(t *testing.T) {
	t.Parallel()
	h := start(t)
	ctx := t.Context()
	for _, d := range []string{"one", "two"} {
		res(h.as(aliceTok).user.CreatePersonalAccessToken(ctx, req(&v1.CreatePersonalAccessTokenRequest{UserId: alice, Description: d}))).ok(t)
	}
	res(h.as(bobTok).user.CreatePersonalAccessToken(ctx, req(&v1.CreatePersonalAccessTokenRequest{UserId: bob, Description: "bob's"}))).ok(t)
	// Not listed: a Classic token, a deleted one, one acting in another
	// organization.
	h.srv.CreateToken(store.Classic, alice, "classic", epoch.Add(time.Hour))
	gone, _ := h.srv.CreateToken(store.V1, alice, "gone", epoch.Add(time.Hour))
	h.srv.DeleteToken(gone.ID)
	res(h.as(h.srv.AddCredential(alice, orgB)).user.CreatePersonalAccessToken(ctx, req(&v1.CreatePersonalAccessTokenRequest{UserId: alice, Description: "in B"}))).ok(t)

	descs := func(c *clients, users ...string) []string {
		var f *v1.ListPersonalAccessTokensRequest_Filter
		if users != nil {
			f = &v1.ListPersonalAccessTokensRequest_Filter{UserIds: users}
		}
		resp := res(c.user.ListPersonalAccessTokens(ctx, req(&v1.ListPersonalAccessTokensRequest{Filter: f}))).ok(t)
		var out []string
		for _, p := range resp.GetPersonalAccessTokens() {
			if p.GetCreator().GetId() != p.GetUserId() || p.GetCreator().GetPrincipal() != v1.Principal_PRINCIPAL_USER || p.GetExpiresAt() == nil || p.GetCreatedAt() == nil {
				t.Fatalf("token: %v", p)
			}
			out = append(out, p.GetDescription())
		}
		return out
	}
	if got := strings.Join(descs(h.as(aliceTok)), ","); got != "one,two" {
		t.Fatalf("alice's: %s", got)
	}
	if got := strings.Join(descs(h.as(bobTok)), ","); got != "bob's" {
		t.Fatalf("bob's: %s", got)
	}
	// An admin lists a member's tokens; a member may not list others'.
	if got := strings.Join(descs(h.as(aliceTok), bob, alice), ","); got != "one,two,bob's" {
		t.Fatalf("alice listing both: %s", got)
	}
	_, err := h.as(bobTok).user.ListPersonalAccessTokens(ctx, req(&v1.ListPersonalAccessTokensRequest{Filter: &v1.ListPersonalAccessTokensRequest_Filter{UserIds: []string{alice}}}))
	wantErr(t, err, connect.CodePermissionDenied)
	if got := strings.Join(descs(h.as(bobTok), bob), ","); got != "bob's" {
		t.Fatalf("bob naming himself: %s", got)
	}
}

func TestGetPersonalAccessToken(t *testing.T) {
	t.Parallel()
	h := start(t)
	ctx := t.Context()
	mine, _ := h.srv.CreateToken(store.V1, bob, "bob's", epoch.Add(time.Hour))
	classic, _ := h.srv.CreateToken(store.Classic, bob, "classic", epoch.Add(time.Hour))
	p := res(h.as(bobTok).user.GetPersonalAccessToken(ctx, req(&v1.GetPersonalAccessTokenRequest{PersonalAccessTokenId: mine.ID}))).ok(t).GetPat()
	if p.GetId() != mine.ID || p.GetUserId() != bob || p.GetDescription() != "bob's" || !p.GetExpiresAt().AsTime().Equal(epoch.Add(time.Hour)) {
		t.Fatalf("pat: %v", p)
	}
	// An admin of the organization sees it; another member does not.
	res(h.as(aliceTok).user.GetPersonalAccessToken(ctx, req(&v1.GetPersonalAccessTokenRequest{PersonalAccessTokenId: mine.ID}))).ok(t)
	_, err := h.as(carolTok).user.GetPersonalAccessToken(ctx, req(&v1.GetPersonalAccessTokenRequest{PersonalAccessTokenId: mine.ID}))
	wantErr(t, err, connect.CodeNotFound)
	_, err = h.as(bobTok).user.GetPersonalAccessToken(ctx, req(&v1.GetPersonalAccessTokenRequest{PersonalAccessTokenId: classic.ID}))
	wantErr(t, err, connect.CodeNotFound)
}

func TestDeletePersonalAccessToken(t *testing.T) {
	t.Parallel()
	h := start(t)
	ctx := t.Context()
	mine, value := h.srv.CreateToken(store.V1, bob, "bob's", epoch.Add(time.Hour))
	_, err := h.as(aliceTok).user.DeletePersonalAccessToken(ctx, req(&v1.DeletePersonalAccessTokenRequest{PersonalAccessTokenId: mine.ID}))
	wantErr(t, err, connect.CodePermissionDenied)
	_, err = h.as(carolTok).user.DeletePersonalAccessToken(ctx, req(&v1.DeletePersonalAccessTokenRequest{PersonalAccessTokenId: mine.ID}))
	wantErr(t, err, connect.CodeNotFound)
	_, err = h.as(bobTok).user.DeletePersonalAccessToken(ctx, req(&v1.DeletePersonalAccessTokenRequest{PersonalAccessTokenId: missing}))
	wantErr(t, err, connect.CodeNotFound)
	res(h.as(bobTok).user.DeletePersonalAccessToken(ctx, req(&v1.DeletePersonalAccessTokenRequest{PersonalAccessTokenId: mine.ID}))).ok(t)
	if h.srv.Token(mine.ID) != nil {
		t.Fatal("token still live")
	}
	_, err = h.as(value).id.GetAuthenticatedIdentity(ctx, req(&v1.GetAuthenticatedIdentityRequest{}))
	wantErr(t, err, connect.CodeUnauthenticated)
	_, err = h.as(bobTok).user.DeletePersonalAccessToken(ctx, req(&v1.DeletePersonalAccessTokenRequest{PersonalAccessTokenId: mine.ID}))
	wantErr(t, err, connect.CodeNotFound)
}
