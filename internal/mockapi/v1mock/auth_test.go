package v1mock_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"connectrpc.com/connect"
	"google.golang.org/protobuf/types/known/durationpb"

	v1 "github.com/gitpod-community/terraform-provider-gitpod/internal/gen/gitpod/v1"
	"github.com/gitpod-community/terraform-provider-gitpod/internal/gen/gitpod/v1/gitpodv1connect"
	"github.com/gitpod-community/terraform-provider-gitpod/internal/mockapi/store"
)

func TestEveryMethodNeedsAValidBearerToken(t *testing.T) {
	t.Parallel()
	h := start(t)
	for _, token := range []string{"", "unknown-token"} {
		c := h.as(token)
		for _, m := range methods() {
			_, err := m.call(t.Context(), c)
			wantErr(t, err, connect.CodeUnauthenticated)
		}
	}
	// Nothing was changed by the refused writes.
	if tm := h.srv.Team(teamFrontend); tm == nil || len(tm.Members) != 0 {
		t.Fatalf("team Frontend changed: %+v", tm)
	}
}

func TestAuthorizationSchemeMustBeBearer(t *testing.T) {
	t.Parallel()
	h := start(t)
	for _, header := range []string{"Basic " + aliceTok, aliceTok, "Bearer", "bearer " + aliceTok} {
		hc := &http.Client{Transport: headerSetter{header}}
		c := gitpodv1connect.NewIdentityServiceClient(hc, h.url)
		_, err := c.GetAuthenticatedIdentity(t.Context(), req(&v1.GetAuthenticatedIdentityRequest{}))
		if strings.HasPrefix(header, "bearer ") {
			if err != nil {
				t.Fatalf("%q: the scheme is case-insensitive: %v", header, err)
			}
			continue
		}
		wantErr(t, err, connect.CodeUnauthenticated)
	}
}

type headerSetter struct{ value string }

func (s headerSetter) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.Header.Set("Authorization", s.value)
	return http.DefaultTransport.RoundTrip(r)
}

// Inferred order: authentication, then validation.
func TestAuthenticationComesBeforeValidation(t *testing.T) {
	t.Parallel()
	h := start(t)
	for name, call := range invalidCalls() {
		wantErr(t, call(t.Context(), h.as("")), connect.CodeUnauthenticated)
		err := call(t.Context(), h.as(aliceTok))
		if err == nil {
			t.Fatalf("%s: invalid request accepted", name)
		}
		wantErr(t, err, connect.CodeInvalidArgument, "validation error")
	}
}

func TestExpiredTokenIsUnauthenticated(t *testing.T) {
	t.Parallel()
	h := start(t)
	ctx := t.Context()
	created := res(h.as(aliceTok).user.CreatePersonalAccessToken(ctx, req(&v1.CreatePersonalAccessTokenRequest{UserId: alice, ValidFor: durationpb.New(time.Hour)}))).ok(t)
	c := h.as(created.GetToken())
	res(c.id.GetAuthenticatedIdentity(ctx, req(&v1.GetAuthenticatedIdentityRequest{}))).ok(t)
	h.clk.advance(time.Hour - time.Second)
	res(c.id.GetAuthenticatedIdentity(ctx, req(&v1.GetAuthenticatedIdentityRequest{}))).ok(t)
	h.clk.advance(2 * time.Second)
	_, err := c.id.GetAuthenticatedIdentity(ctx, req(&v1.GetAuthenticatedIdentityRequest{}))
	wantErr(t, err, connect.CodeUnauthenticated, "expired")
}

func TestDeletedTokenIsUnauthenticated(t *testing.T) {
	t.Parallel()
	h := start(t)
	ctx := t.Context()
	created := res(h.as(aliceTok).user.CreatePersonalAccessToken(ctx, req(&v1.CreatePersonalAccessTokenRequest{UserId: alice}))).ok(t)
	c := h.as(created.GetToken())
	list := res(c.user.ListPersonalAccessTokens(ctx, req(&v1.ListPersonalAccessTokensRequest{}))).ok(t)
	id := list.GetPersonalAccessTokens()[0].GetId()
	// A token may delete itself; it is dead at once.
	res(c.user.DeletePersonalAccessToken(ctx, req(&v1.DeletePersonalAccessTokenRequest{PersonalAccessTokenId: id}))).ok(t)
	_, err := c.id.GetAuthenticatedIdentity(ctx, req(&v1.GetAuthenticatedIdentityRequest{}))
	wantErr(t, err, connect.CodeUnauthenticated)
}

// Inferred: Classic tokens mean nothing to gitpod.v1.
func TestClassicTokenIsUnauthenticated(t *testing.T) {
	t.Parallel()
	h := start(t)
	tok, value := h.srv.CreateToken(store.Classic, alice, "classic", epoch.Add(time.Hour))
	_, err := h.as(value).id.GetAuthenticatedIdentity(t.Context(), req(&v1.GetAuthenticatedIdentityRequest{}))
	wantErr(t, err, connect.CodeUnauthenticated)
	if got := h.srv.Token(tok.ID); !got.LastUsed.IsZero() {
		t.Fatalf("a refused Classic token was marked used: %v", got.LastUsed)
	}
	// An out-of-band gitpod.v1 token works.
	_, value = h.srv.CreateToken(store.V1, alice, "v1", epoch.Add(time.Hour))
	res(h.as(value).id.GetAuthenticatedIdentity(t.Context(), req(&v1.GetAuthenticatedIdentityRequest{}))).ok(t)
}

func TestCredentialActsInItsOrganization(t *testing.T) {
	t.Parallel()
	h := start(t)
	ctx := t.Context()
	inB := h.as(h.srv.AddCredential(alice, orgB))
	id := res(inB.id.GetAuthenticatedIdentity(ctx, req(&v1.GetAuthenticatedIdentityRequest{}))).ok(t)
	if id.GetOrganizationId() != orgB || id.GetSubject().GetId() != alice {
		t.Fatalf("identity: %v", id)
	}
	teams := res(inB.team.ListTeams(ctx, req(&v1.ListTeamsRequest{}))).ok(t)
	if len(teams.GetTeams()) != 1 || teams.GetTeams()[0].GetId() != teamOps {
		t.Fatalf("teams in B: %v", teams.GetTeams())
	}
	_, err := inB.team.GetTeam(ctx, req(&v1.GetTeamRequest{TeamId: teamPlatform}))
	wantErr(t, err, connect.CodeNotFound)
	// Alice is only a member in B: no admin rights there.
	_, err = inB.team.CreateTeam(ctx, req(&v1.CreateTeamRequest{OrganizationId: orgB, Name: "Nope"}))
	wantErr(t, err, connect.CodePermissionDenied)
	// A token made while acting in B acts in B too.
	created := res(inB.user.CreatePersonalAccessToken(ctx, req(&v1.CreatePersonalAccessTokenRequest{UserId: alice}))).ok(t)
	id = res(h.as(created.GetToken()).id.GetAuthenticatedIdentity(ctx, req(&v1.GetAuthenticatedIdentityRequest{}))).ok(t)
	if id.GetOrganizationId() != orgB {
		t.Fatalf("new token acts in %s, want %s", id.GetOrganizationId(), orgB)
	}
}

// Inferred code: unauthenticated once the user left the organization.
func TestCallerMustBelongToItsOrganization(t *testing.T) {
	t.Parallel()
	h := start(t)
	ctx := t.Context()
	res(h.as(bobTok).id.GetAuthenticatedIdentity(ctx, req(&v1.GetAuthenticatedIdentityRequest{}))).ok(t)
	if err := h.srv.RemoveOrgMember(orgA, bob); err != nil {
		t.Fatal(err)
	}
	_, err := h.as(bobTok).id.GetAuthenticatedIdentity(ctx, req(&v1.GetAuthenticatedIdentityRequest{}))
	wantErr(t, err, connect.CodeUnauthenticated, "not a member")
	h.srv.DeleteOrg(orgB)
	_, err = h.as(eveTok).team.ListTeams(ctx, req(&v1.ListTeamsRequest{}))
	wantErr(t, err, connect.CodeUnauthenticated)
}

func TestReadOnlyTokenRefusesEveryWrite(t *testing.T) {
	t.Parallel()
	h := start(t)
	ctx := t.Context()
	created := res(h.as(aliceTok).user.CreatePersonalAccessToken(ctx, req(&v1.CreatePersonalAccessTokenRequest{UserId: alice, ReadOnly: true}))).ok(t)
	ro := h.as(created.GetToken())
	writes := 0
	for _, m := range methods() {
		_, err := m.call(ctx, ro)
		if m.write {
			writes++
			wantErr(t, err, connect.CodePermissionDenied, "read-only")
			continue
		}
		if connect.CodeOf(err) == connect.CodePermissionDenied || connect.CodeOf(err) == connect.CodeUnauthenticated {
			t.Fatalf("%s: a read was refused to a read-only token: %v", m.name, err)
		}
	}
	if writes != 9 {
		t.Fatalf("checked %d writes, want 9", writes)
	}
	// Nothing changed.
	if tm := h.srv.Team(teamPlatform); tm.Name != "Platform" {
		t.Fatalf("team renamed by a read-only token: %q", tm.Name)
	}
	if e := h.srv.Environment(envAliceRunning); e.Phase != "running" {
		t.Fatalf("environment stopped by a read-only token: %s", e.Phase)
	}
	if n := len(h.srv.Teams()); n != 3 {
		t.Fatalf("%d teams, want 3", n)
	}
	// The same calls with a read-write token succeed or fail for other
	// reasons.
	for _, m := range methods() {
		if _, err := m.call(ctx, h.as(aliceTok)); connect.CodeOf(err) == connect.CodePermissionDenied {
			t.Fatalf("%s: %v", m.name, err)
		}
	}
}

func TestAuthenticationRecordsLastUse(t *testing.T) {
	t.Parallel()
	h := start(t)
	ctx := t.Context()
	created := res(h.as(aliceTok).user.CreatePersonalAccessToken(ctx, req(&v1.CreatePersonalAccessTokenRequest{UserId: alice}))).ok(t)
	list := res(h.as(aliceTok).user.ListPersonalAccessTokens(ctx, req(&v1.ListPersonalAccessTokensRequest{}))).ok(t)
	if list.GetPersonalAccessTokens()[0].GetLastUsed() != nil {
		t.Fatal("an unused token has last_used")
	}
	h.clk.advance(time.Minute)
	list = res(h.as(created.GetToken()).user.ListPersonalAccessTokens(ctx, req(&v1.ListPersonalAccessTokensRequest{}))).ok(t)
	if got := list.GetPersonalAccessTokens()[0].GetLastUsed().AsTime(); !got.Equal(epoch.Add(time.Minute)) {
		t.Fatalf("last_used %v, want %v", got, epoch.Add(time.Minute))
	}
}
