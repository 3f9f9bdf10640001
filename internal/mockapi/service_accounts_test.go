package mockapi_test

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"connectrpc.com/connect"
	"google.golang.org/protobuf/types/known/durationpb"

	v1 "github.com/gitpod-community/terraform-provider-gitpod/internal/gen/gitpod/v1"
	"github.com/gitpod-community/terraform-provider-gitpod/internal/gen/gitpod/v1/gitpodv1connect"
	"github.com/gitpod-community/terraform-provider-gitpod/internal/mockapi"
	"github.com/gitpod-community/terraform-provider-gitpod/internal/mockapi/store"
)

// fxOrg and fxAlice are in members_test.go.
const (
	fxSA  = "5a000000-0000-4000-8000-000000000001"
	fxSys = "5a000000-0000-4000-8000-000000000002"
)

const saFixtures = `{
  "users": [{"id": "0f9a3a4e-6d0c-4f0f-9d8e-4a1e6f0c1a01", "name": "Alice", "email": "a@example.com", "token": "t-alice"}],
  "organizations": [{"id": "5b0e7c1d-2f3a-4b5c-8d9e-0a1b2c3d4e5f", "name": "Platform",
    "members": [{"userId": "0f9a3a4e-6d0c-4f0f-9d8e-4a1e6f0c1a01", "role": "owner"}]}],
  "serviceAccounts": [
    {"id": "5a000000-0000-4000-8000-000000000001", "organizationId": "5b0e7c1d-2f3a-4b5c-8d9e-0a1b2c3d4e5f",
     "name": "ci", "description": "CI", "validUntil": "2099-01-01T00:00:00Z", "creatorId": "0f9a3a4e-6d0c-4f0f-9d8e-4a1e6f0c1a01",
     "createdAt": "2026-01-01T00:00:00Z",
     "tokens": [{"id": "5a700000-0000-4000-8000-000000000001", "description": "by hand", "token": "sa-ci-token", "expiresAt": "2098-01-01T00:00:00Z"}]},
    {"id": "5a000000-0000-4000-8000-000000000002", "organizationId": "5b0e7c1d-2f3a-4b5c-8d9e-0a1b2c3d4e5f",
     "name": "platform", "validUntil": "2099-01-01T00:00:00Z", "systemManaged": true},
    {"id": "5a000000-0000-4000-8000-000000000003", "organizationId": "5b0e7c1d-2f3a-4b5c-8d9e-0a1b2c3d4e5f",
     "name": "old", "validUntil": "2099-01-01T00:00:00Z", "suspended": true, "creatorId": "0f9a3a4e-6d0c-4f0f-9d8e-4a1e6f0c1a01"}
  ]
}`

func saClient(url, token string) gitpodv1connect.ServiceAccountServiceClient {
	return gitpodv1connect.NewServiceAccountServiceClient(http.DefaultClient, url+"/api", connect.WithInterceptors(authAs(token)))
}

func identityClient(url, token string) gitpodv1connect.IdentityServiceClient {
	return gitpodv1connect.NewIdentityServiceClient(http.DefaultClient, url+"/api", connect.WithInterceptors(authAs(token)))
}

func authAs(token string) connect.UnaryInterceptorFunc {
	return func(next connect.UnaryFunc) connect.UnaryFunc {
		return func(ctx context.Context, req connect.AnyRequest) (connect.AnyResponse, error) {
			req.Header().Set("Authorization", "Bearer "+token)
			return next(ctx, req)
		}
	}
}

func TestServiceAccountFixtures(t *testing.T) {
	t.Parallel()
	f, err := mockapi.ParseFixtures(strings.NewReader(saFixtures))
	if err != nil {
		t.Fatal(err)
	}
	srv, err := mockapi.New(f)
	if err != nil {
		t.Fatal(err)
	}
	url := srv.Start(t).URL
	ctx := t.Context()
	a := srv.ServiceAccount(fxSA)
	if a == nil || a.OrgID != fxOrg || a.Name != "ci" || a.Description != "CI" || a.CreatorID != fxAlice ||
		!a.ValidUntil.Equal(time.Date(2099, 1, 1, 0, 0, 0, 0, time.UTC)) || !a.CreatedAt.Equal(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)) || a.Suspended || a.SystemManaged {
		t.Fatalf("loaded: %+v", a)
	}
	if s := srv.ServiceAccount(fxSys); !s.SystemManaged || s.CreatorID != "" {
		t.Fatalf("system account: %+v", s)
	}
	// Served: the suspended one only on request.
	l, err := saClient(url, "t-alice").ListServiceAccounts(ctx, connect.NewRequest(&v1.ListServiceAccountsRequest{}))
	if err != nil || len(l.Msg.GetServiceAccounts()) != 2 {
		t.Fatalf("list: %v %v", l, err)
	}
	// The fixture token authenticates as the account.
	id, err := identityClient(url, "sa-ci-token").GetAuthenticatedIdentity(ctx, connect.NewRequest(&v1.GetAuthenticatedIdentityRequest{}))
	if err != nil || id.Msg.GetSubject().GetId() != fxSA || id.Msg.GetSubject().GetPrincipal() != v1.Principal_PRINCIPAL_SERVICE_ACCOUNT || id.Msg.GetOrganizationId() != fxOrg {
		t.Fatalf("identity: %v %v", id, err)
	}
	toks := srv.ServiceAccountTokens(fxSA)
	if len(toks) != 1 || toks[0].ID != "5a700000-0000-4000-8000-000000000001" || toks[0].Description != "by hand" ||
		!toks[0].ExpiresAt.Equal(time.Date(2098, 1, 1, 0, 0, 0, 0, time.UTC)) || toks[0].Impersonation || toks[0].LastUsed.IsZero() {
		t.Fatalf("tokens: %+v", toks)
	}
}

func TestServiceAccountFixturesAreStrict(t *testing.T) {
	t.Parallel()
	for name, doc := range map[string]string{
		"unknown key":              strings.Replace(saFixtures, `"systemManaged": true`, `"systemManaged": true, "managed": true`, 1),
		"key in another case":      strings.Replace(saFixtures, `"validUntil": "2099-01-01T00:00:00Z", "systemManaged"`, `"validuntil": "2099-01-01T00:00:00Z", "systemManaged"`, 1),
		"unknown key in a token":   strings.Replace(saFixtures, `"token": "sa-ci-token"`, `"token": "sa-ci-token", "value": "x"`, 1),
		"wrong type":               strings.Replace(saFixtures, `"suspended": true`, `"suspended": "yes"`, 1),
		"validUntil not a time":    strings.Replace(saFixtures, `"validUntil": "2099-01-01T00:00:00Z", "systemManaged"`, `"validUntil": "soon", "systemManaged"`, 1),
		"serviceAccounts mistyped": strings.Replace(saFixtures, `"serviceAccounts"`, `"serviceaccounts"`, 1),
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			if _, err := mockapi.ParseFixtures(strings.NewReader(doc)); err == nil {
				t.Fatal("accepted")
			}
		})
	}
}

func TestServiceAccountFixturesRules(t *testing.T) {
	t.Parallel()
	for name, tc := range map[string]struct {
		change func(f *mockapi.Fixtures)
		msg    string
	}{
		"upper-case id":            {func(f *mockapi.Fixtures) { f.ServiceAccounts[0].ID = strings.ToUpper(fxSA) }, "lower-case UUID"},
		"id twice":                 {func(f *mockapi.Fixtures) { f.ServiceAccounts[1].ID = fxSA }, "unique"},
		"unknown organization":     {func(f *mockapi.Fixtures) { f.ServiceAccounts[0].OrganizationID = fxSys }, "not an organization"},
		"empty name":               {func(f *mockapi.Fixtures) { f.ServiceAccounts[0].Name = "" }, "1 to 64"},
		"name of 65 characters":    {func(f *mockapi.Fixtures) { f.ServiceAccounts[0].Name = strings.Repeat("é", 65) }, "1 to 64"},
		"description of 501":       {func(f *mockapi.Fixtures) { f.ServiceAccounts[0].Description = strings.Repeat("d", 501) }, "500"},
		"no validUntil":            {func(f *mockapi.Fixtures) { f.ServiceAccounts[0].ValidUntil = time.Time{} }, "validUntil is required"},
		"no creator":               {func(f *mockapi.Fixtures) { f.ServiceAccounts[0].CreatorID = "" }, "creatorId is required"},
		"creator not a user":       {func(f *mockapi.Fixtures) { f.ServiceAccounts[0].CreatorID = fxSys }, "not a user"},
		"token value with a space": {func(f *mockapi.Fixtures) { f.ServiceAccounts[0].Tokens[0].Token = "a b" }, "white space"},
		"token value of a user":    {func(f *mockapi.Fixtures) { f.ServiceAccounts[0].Tokens[0].Token = "t-alice" }, "used twice"},
		"token value twice": {func(f *mockapi.Fixtures) {
			f.ServiceAccounts[1].Tokens = []mockapi.ServiceAccountTokenFixture{{Token: "sa-ci-token"}}
		}, "used twice"},
		"token id not a uuid": {func(f *mockapi.Fixtures) { f.ServiceAccounts[0].Tokens[0].ID = "t1" }, "token id"},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			f, err := mockapi.ParseFixtures(strings.NewReader(saFixtures))
			if err != nil {
				t.Fatal(err)
			}
			tc.change(&f)
			_, err = mockapi.New(f)
			if err == nil || !strings.Contains(err.Error(), tc.msg) {
				t.Fatalf("got %v, want an error with %q", err, tc.msg)
			}
		})
	}
	// An expired account loads (tests need them); a token's expiry is
	// capped to its account's.
	f, err := mockapi.ParseFixtures(strings.NewReader(saFixtures))
	if err != nil {
		t.Fatal(err)
	}
	f.ServiceAccounts[0].ValidUntil = time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	srv, err := mockapi.New(f)
	if err != nil {
		t.Fatal(err)
	}
	if toks := srv.ServiceAccountTokens(fxSA); !toks[0].ExpiresAt.Equal(f.ServiceAccounts[0].ValidUntil) {
		t.Fatalf("token expiry %v", toks[0].ExpiresAt)
	}
}

func TestServiceAccountOutOfBand(t *testing.T) {
	t.Parallel()
	f, err := mockapi.ParseFixtures(strings.NewReader(saFixtures))
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2030, 6, 1, 12, 0, 0, 0, time.UTC)
	srv, err := mockapi.New(f, mockapi.WithClock(func() time.Time { return now }))
	if err != nil {
		t.Fatal(err)
	}
	url := srv.Start(t).URL
	ctx := t.Context()

	added, err := srv.AddServiceAccount(mockapi.ServiceAccountFixture{OrganizationID: fxOrg, Name: "added", ValidUntil: now.Add(24 * time.Hour), CreatorID: fxAlice})
	if err != nil || !store.ValidUUID(added.ID) || added.CreatedAt.Before(now) {
		t.Fatalf("added: %+v %v", added, err)
	}
	if _, err := srv.AddServiceAccount(mockapi.ServiceAccountFixture{OrganizationID: fxOrg, Name: "", ValidUntil: now}); err == nil {
		t.Fatal("an invalid account was added")
	}
	if n := len(srv.ServiceAccounts(fxOrg)); n != 4 {
		t.Fatalf("%d accounts in the organization", n)
	}
	if n := len(srv.ServiceAccounts("")); n != 4 {
		t.Fatalf("%d accounts in all", n)
	}

	// A token made out of band authenticates; its expiry is capped.
	tok, value, err := srv.CreateServiceAccountToken(added.ID, "oob", now.Add(48*time.Hour))
	if err != nil || !tok.ExpiresAt.Equal(now.Add(24*time.Hour)) || tok.Impersonation {
		t.Fatalf("token: %+v %v", tok, err)
	}
	whoami := func(token string) error {
		_, err := identityClient(url, token).GetAuthenticatedIdentity(ctx, connect.NewRequest(&v1.GetAuthenticatedIdentityRequest{}))
		return err
	}
	if err := whoami(value); err != nil {
		t.Fatal(err)
	}
	// A minted access token reaches the token methods.
	access, err := srv.ImpersonateServiceAccount(added.ID, fxAlice)
	if err != nil {
		t.Fatal(err)
	}
	l, err := saClient(url, access).ListServiceAccountTokens(ctx, connect.NewRequest(&v1.ListServiceAccountTokensRequest{}))
	if err != nil || len(l.Msg.GetTokens()) != 1 || l.Msg.GetTokens()[0].GetId() != tok.ID {
		t.Fatalf("list: %v %v", l, err)
	}
	if got := srv.ServiceAccountTokens(added.ID); len(got) != 2 || !got[1].Impersonation {
		t.Fatalf("tokens: %+v", got)
	}
	if srv.ServiceAccountToken(tok.ID) == nil {
		t.Fatal("token not found")
	}
	// Expiry and deletion out of band.
	if err := srv.SetServiceAccountTokenExpiry(tok.ID, now); err != nil {
		t.Fatal(err)
	}
	if err := whoami(value); connect.CodeOf(err) != connect.CodeUnauthenticated {
		t.Fatalf("expired token: %v", err)
	}
	tok2, value2, _ := srv.CreateServiceAccountToken(added.ID, "second", time.Time{})
	if !tok2.ExpiresAt.Equal(now.Add(24 * time.Hour)) {
		t.Fatalf("default expiry %v", tok2.ExpiresAt)
	}
	if !srv.DeleteServiceAccountToken(tok2.ID) || srv.DeleteServiceAccountToken(tok2.ID) {
		t.Fatal("delete out of band")
	}
	if err := whoami(value2); connect.CodeOf(err) != connect.CodeUnauthenticated {
		t.Fatalf("deleted token: %v", err)
	}
	// Changes out of band are seen by the API.
	if err := srv.ChangeServiceAccount(added.ID, func(a *store.ServiceAccount) { a.SystemManaged = true }); err != nil {
		t.Fatal(err)
	}
	name := "renamed"
	_, err = saClient(url, "t-alice").UpdateServiceAccount(ctx, connect.NewRequest(&v1.UpdateServiceAccountRequest{ServiceAccountId: added.ID, Name: &name}))
	if connect.CodeOf(err) != connect.CodePermissionDenied {
		t.Fatalf("update of a system-managed account: %v", err)
	}
	if err := srv.SuspendServiceAccount(fxSA); err != nil {
		t.Fatal(err)
	}
	got, err := saClient(url, "t-alice").GetServiceAccount(ctx, connect.NewRequest(&v1.GetServiceAccountRequest{ServiceAccountId: fxSA}))
	if err != nil || !got.Msg.GetServiceAccount().GetSuspended() {
		t.Fatalf("suspended: %v %v", got, err)
	}
	if err := whoami("sa-ci-token"); connect.CodeOf(err) != connect.CodeUnauthenticated {
		t.Fatalf("token of a suspended account: %v", err)
	}
	// Removed for good: not found at all.
	if !srv.RemoveServiceAccount(fxSA) || srv.RemoveServiceAccount(fxSA) || srv.ServiceAccount(fxSA) != nil {
		t.Fatal("remove")
	}
	_, err = saClient(url, "t-alice").GetServiceAccount(ctx, connect.NewRequest(&v1.GetServiceAccountRequest{ServiceAccountId: fxSA}))
	if connect.CodeOf(err) != connect.CodeNotFound {
		t.Fatalf("removed account: %v", err)
	}
	if srv.ChangeServiceAccount(fxSA, func(*store.ServiceAccount) {}) == nil || srv.SuspendServiceAccount(fxSA) == nil {
		t.Fatal("changed a removed account")
	}
	if _, _, err := srv.CreateServiceAccountToken(fxSA, "x", time.Time{}); err == nil {
		t.Fatal("token for a removed account")
	}
	if _, err := srv.ImpersonateServiceAccount(fxSA, ""); err == nil {
		t.Fatal("impersonated a removed account")
	}
	// Made through the API, a token shows in the out-of-band view; values
	// are recorded as issued.
	access, _ = srv.ImpersonateServiceAccount(fxSys, "")
	made, err := saClient(url, access).CreateServiceAccountToken(ctx, connect.NewRequest(&v1.CreateServiceAccountTokenRequest{ValidFor: durationpb.New(time.Hour)}))
	if err != nil {
		t.Fatal(err)
	}
	issued := srv.IssuedSecrets()
	for _, v := range []string{value, value2, access, made.Msg.GetToken()} {
		if !slices.Contains(issued, v) {
			t.Fatalf("%q not recorded as issued", v)
		}
	}
}
