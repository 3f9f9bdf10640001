package v1mock_test

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"connectrpc.com/connect"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/durationpb"
	"google.golang.org/protobuf/types/known/timestamppb"

	v1 "github.com/gitpod-community/terraform-provider-gitpod/internal/gen/gitpod/v1"
	"github.com/gitpod-community/terraform-provider-gitpod/internal/gen/gitpod/v1/gitpodv1connect"
	"github.com/gitpod-community/terraform-provider-gitpod/internal/mockapi"
	"github.com/gitpod-community/terraform-provider-gitpod/internal/mockapi/store"
)

// Service accounts of the fixture world: in organization A, CI and Deploy
// (made by Alice), a system-managed one and a suspended one; in
// organization B, Ops (made by Eve). CI has a fixture token.
const (
	saCI     = "5a000000-0000-4000-8000-000000000001"
	saDeploy = "5a000000-0000-4000-8000-000000000002"
	saSystem = "5a000000-0000-4000-8000-000000000003"
	saGone   = "5a000000-0000-4000-8000-000000000004"
	saOps    = "5a000000-0000-4000-8000-000000000005"

	saCIToken   = "sa-token-ci"
	saCITokenID = "5a700000-0000-4000-8000-000000000001"
)

var saValidUntil = epoch.Add(365 * 24 * time.Hour)

func saFixtures() mockapi.Fixtures {
	f := fixtures()
	f.ServiceAccounts = []mockapi.ServiceAccountFixture{
		{ID: saCI, OrganizationID: orgA, Name: "ci", Description: "CI pipeline", ValidUntil: saValidUntil, CreatorID: alice, CreatedAt: epoch.Add(-10 * time.Hour),
			Tokens: []mockapi.ServiceAccountTokenFixture{{ID: saCITokenID, Description: "fixture", Token: saCIToken}}},
		{ID: saDeploy, OrganizationID: orgA, Name: "Deploy", Description: "Deploys production", ValidUntil: saValidUntil, CreatorID: alice, CreatedAt: epoch.Add(-9 * time.Hour)},
		{ID: saSystem, OrganizationID: orgA, Name: "platform", ValidUntil: saValidUntil, SystemManaged: true, CreatedAt: epoch.Add(-8 * time.Hour)},
		{ID: saGone, OrganizationID: orgA, Name: "old", ValidUntil: saValidUntil, CreatorID: alice, Suspended: true, CreatedAt: epoch.Add(-7 * time.Hour)},
		{ID: saOps, OrganizationID: orgB, Name: "ops", ValidUntil: saValidUntil, CreatorID: eve, CreatedAt: epoch.Add(-6 * time.Hour)},
	}
	return f
}

func startSA(t *testing.T) *harness {
	t.Helper()
	return startWith(t, saFixtures())
}

// sa is a ServiceAccountService client sending token.
func (h *harness) sa(token string, opts ...connect.ClientOption) gitpodv1connect.ServiceAccountServiceClient {
	hc := &http.Client{Transport: bearer{token: token, next: http.DefaultTransport}}
	return gitpodv1connect.NewServiceAccountServiceClient(hc, h.url, opts...)
}

// impersonate gets an access token for an account through the API, as
// Alice (an admin of organization A).
func (h *harness) impersonate(t *testing.T, id string) string {
	t.Helper()
	got := res(h.sa(aliceTok).CreateServiceAccountAccessToken(t.Context(), req(&v1.CreateServiceAccountAccessTokenRequest{ServiceAccountId: id}))).ok(t)
	if got.GetToken() == "" {
		t.Fatal("empty access token")
	}
	return got.GetToken()
}

// mint makes a long-lived token for an account through the API.
func (h *harness) mint(t *testing.T, id, description string, validFor *durationpb.Duration) *v1.CreateServiceAccountTokenResponse {
	t.Helper()
	return res(h.sa(h.impersonate(t, id)).CreateServiceAccountToken(t.Context(), req(&v1.CreateServiceAccountTokenRequest{Description: description, ValidFor: validFor}))).ok(t)
}

func identity(t *testing.T, h *harness, token string) (*v1.GetAuthenticatedIdentityResponse, error) {
	t.Helper()
	resp, err := h.as(token).id.GetAuthenticatedIdentity(t.Context(), req(&v1.GetAuthenticatedIdentityRequest{}))
	if err != nil {
		return nil, err
	}
	return resp.Msg, nil
}

// saCall is one ServiceAccountService call.
type saCall struct {
	name  string
	write bool
	call  func(ctx context.Context, c gitpodv1connect.ServiceAccountServiceClient) (proto.Message, error)
}

// accountCalls are the account methods, each called validly on CI.
func accountCalls() []saCall {
	return []saCall{
		{"CreateServiceAccount", true, func(ctx context.Context, c gitpodv1connect.ServiceAccountServiceClient) (proto.Message, error) {
			return answer(c.CreateServiceAccount(ctx, req(&v1.CreateServiceAccountRequest{Name: "new", ValidUntil: timestamppb.New(saValidUntil)})))
		}},
		{"ListServiceAccounts", false, func(ctx context.Context, c gitpodv1connect.ServiceAccountServiceClient) (proto.Message, error) {
			return answer(c.ListServiceAccounts(ctx, req(&v1.ListServiceAccountsRequest{})))
		}},
		{"GetServiceAccount", false, func(ctx context.Context, c gitpodv1connect.ServiceAccountServiceClient) (proto.Message, error) {
			return answer(c.GetServiceAccount(ctx, req(&v1.GetServiceAccountRequest{ServiceAccountId: saCI})))
		}},
		{"UpdateServiceAccount", true, func(ctx context.Context, c gitpodv1connect.ServiceAccountServiceClient) (proto.Message, error) {
			return answer(c.UpdateServiceAccount(ctx, req(&v1.UpdateServiceAccountRequest{ServiceAccountId: saCI, Name: ptr("ci-2")})))
		}},
		{"CreateServiceAccountAccessToken", true, func(ctx context.Context, c gitpodv1connect.ServiceAccountServiceClient) (proto.Message, error) {
			return answer(c.CreateServiceAccountAccessToken(ctx, req(&v1.CreateServiceAccountAccessTokenRequest{ServiceAccountId: saCI})))
		}},
		{"DeleteServiceAccount", true, func(ctx context.Context, c gitpodv1connect.ServiceAccountServiceClient) (proto.Message, error) {
			return answer(c.DeleteServiceAccount(ctx, req(&v1.DeleteServiceAccountRequest{ServiceAccountId: saDeploy})))
		}},
	}
}

// tokenCalls are the token methods, each called validly (on the fixture
// token of CI where a token id is needed).
func tokenCalls() []saCall {
	return []saCall{
		{"CreateServiceAccountToken", true, func(ctx context.Context, c gitpodv1connect.ServiceAccountServiceClient) (proto.Message, error) {
			return answer(c.CreateServiceAccountToken(ctx, req(&v1.CreateServiceAccountTokenRequest{Description: "gh", ValidFor: durationpb.New(time.Hour)})))
		}},
		{"ListServiceAccountTokens", false, func(ctx context.Context, c gitpodv1connect.ServiceAccountServiceClient) (proto.Message, error) {
			return answer(c.ListServiceAccountTokens(ctx, req(&v1.ListServiceAccountTokensRequest{})))
		}},
		{"GetServiceAccountToken", false, func(ctx context.Context, c gitpodv1connect.ServiceAccountServiceClient) (proto.Message, error) {
			return answer(c.GetServiceAccountToken(ctx, req(&v1.GetServiceAccountTokenRequest{ServiceAccountTokenId: saCITokenID})))
		}},
		{"DeleteServiceAccountToken", true, func(ctx context.Context, c gitpodv1connect.ServiceAccountServiceClient) (proto.Message, error) {
			return answer(c.DeleteServiceAccountToken(ctx, req(&v1.DeleteServiceAccountTokenRequest{ServiceAccountTokenId: saCITokenID})))
		}},
	}
}

func TestServiceAccountValidation(t *testing.T) {
	t.Parallel()
	h := startSA(t)
	until := timestamppb.New(saValidUntil)
	long := strings.Repeat
	type check struct {
		name  string
		call  func(ctx context.Context, c gitpodv1connect.ServiceAccountServiceClient) error
		parts []string // want invalid_argument with these; none = accepted
	}
	e := func(_ any, err error) error { return err }
	create := func(m *v1.CreateServiceAccountRequest) func(ctx context.Context, c gitpodv1connect.ServiceAccountServiceClient) error {
		return func(ctx context.Context, c gitpodv1connect.ServiceAccountServiceClient) error {
			return e(c.CreateServiceAccount(ctx, req(m)))
		}
	}
	update := func(m *v1.UpdateServiceAccountRequest) func(ctx context.Context, c gitpodv1connect.ServiceAccountServiceClient) error {
		return func(ctx context.Context, c gitpodv1connect.ServiceAccountServiceClient) error {
			return e(c.UpdateServiceAccount(ctx, req(m)))
		}
	}
	list := func(m *v1.ListServiceAccountsRequest) func(ctx context.Context, c gitpodv1connect.ServiceAccountServiceClient) error {
		return func(ctx context.Context, c gitpodv1connect.ServiceAccountServiceClient) error {
			return e(c.ListServiceAccounts(ctx, req(m)))
		}
	}
	ids := make([]string, 26)
	for i := range ids {
		ids[i] = fmt.Sprintf("5a000000-0000-4000-8000-%012d", i)
	}
	for _, tc := range []check{
		{"name empty", create(&v1.CreateServiceAccountRequest{ValidUntil: until}), []string{"name:", "string.min_len"}},
		{"name 65 characters", create(&v1.CreateServiceAccountRequest{Name: long("é", 65), ValidUntil: until}), []string{"name:", "string.max_len"}},
		{"name 64 characters of two bytes", create(&v1.CreateServiceAccountRequest{Name: long("é", 64), ValidUntil: until}), nil},
		{"name of one character", create(&v1.CreateServiceAccountRequest{Name: "x", ValidUntil: until}), nil},
		{"description 501", create(&v1.CreateServiceAccountRequest{Name: "x", Description: long("d", 501), ValidUntil: until}), []string{"description:", "string.max_len"}},
		{"description 500", create(&v1.CreateServiceAccountRequest{Name: "x", Description: long("d", 500), ValidUntil: until}), nil},
		{"valid_until missing", create(&v1.CreateServiceAccountRequest{Name: "x"}), []string{"valid_until:", "[required]"}},
		{"every violation at once", create(&v1.CreateServiceAccountRequest{Description: long("d", 501)}), []string{"name:", "description:", "valid_until:"}},
		{"valid_until now", create(&v1.CreateServiceAccountRequest{Name: "x", ValidUntil: timestamppb.New(epoch)}), []string{"valid_until", "future"}},
		{"valid_until past", create(&v1.CreateServiceAccountRequest{Name: "x", ValidUntil: timestamppb.New(epoch.Add(-time.Hour))}), []string{"valid_until", "future"}},
		{"valid_until not a time", create(&v1.CreateServiceAccountRequest{Name: "x", ValidUntil: &timestamppb.Timestamp{Seconds: 1 << 60}}), []string{"valid_until"}},
		{"valid_until a second ahead", create(&v1.CreateServiceAccountRequest{Name: "x", ValidUntil: timestamppb.New(epoch.Add(time.Second))}), nil},
		{"list page size 101", list(&v1.ListServiceAccountsRequest{Pagination: &v1.PaginationRequest{PageSize: 101}}), []string{"pagination.page_size"}},
		{"list 26 ids", list(&v1.ListServiceAccountsRequest{Filter: &v1.ListServiceAccountsRequest_Filter{ServiceAccountIds: ids}}), []string{"filter.service_account_ids", "repeated.max_items"}},
		{"list 25 ids", list(&v1.ListServiceAccountsRequest{Filter: &v1.ListServiceAccountsRequest_Filter{ServiceAccountIds: ids[:25]}}), nil},
		{"list id not a uuid", list(&v1.ListServiceAccountsRequest{Filter: &v1.ListServiceAccountsRequest_Filter{ServiceAccountIds: []string{"nope"}}}), []string{"filter.service_account_ids[0]", "string.uuid"}},
		{"list search 257", list(&v1.ListServiceAccountsRequest{Filter: &v1.ListServiceAccountsRequest_Filter{Search: long("s", 257)}}), []string{"filter.search", "string.max_len"}},
		{"get empty id", func(ctx context.Context, c gitpodv1connect.ServiceAccountServiceClient) error {
			return e(c.GetServiceAccount(ctx, req(&v1.GetServiceAccountRequest{})))
		}, []string{"service_account_id", "string.uuid_empty"}},
		{"get bad id", func(ctx context.Context, c gitpodv1connect.ServiceAccountServiceClient) error {
			return e(c.GetServiceAccount(ctx, req(&v1.GetServiceAccountRequest{ServiceAccountId: "nope"})))
		}, []string{"service_account_id", "string.uuid"}},
		{"update name set empty", update(&v1.UpdateServiceAccountRequest{ServiceAccountId: saCI, Name: ptr("")}), []string{"name:", "string.min_len"}},
		{"update name 65", update(&v1.UpdateServiceAccountRequest{ServiceAccountId: saCI, Name: ptr(long("n", 65))}), []string{"name:", "string.max_len"}},
		{"update description 501", update(&v1.UpdateServiceAccountRequest{ServiceAccountId: saCI, Description: ptr(long("d", 501))}), []string{"description:", "string.max_len"}},
		{"update description set empty", update(&v1.UpdateServiceAccountRequest{ServiceAccountId: saCI, Description: ptr("")}), nil},
		{"update bad id", update(&v1.UpdateServiceAccountRequest{ServiceAccountId: "x"}), []string{"service_account_id"}},
		{"delete bad id", func(ctx context.Context, c gitpodv1connect.ServiceAccountServiceClient) error {
			return e(c.DeleteServiceAccount(ctx, req(&v1.DeleteServiceAccountRequest{})))
		}, []string{"service_account_id"}},
		{"access token bad id", func(ctx context.Context, c gitpodv1connect.ServiceAccountServiceClient) error {
			return e(c.CreateServiceAccountAccessToken(ctx, req(&v1.CreateServiceAccountAccessTokenRequest{ServiceAccountId: "x"})))
		}, []string{"service_account_id"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.call(t.Context(), h.sa(aliceTok))
			if tc.parts == nil {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			wantErr(t, err, connect.CodeInvalidArgument, tc.parts...)
			// Authentication comes first.
			wantErr(t, tc.call(t.Context(), h.sa("")), connect.CodeUnauthenticated)
		})
	}
}

func TestServiceAccountTokenValidation(t *testing.T) {
	t.Parallel()
	h := startSA(t)
	e := func(_ any, err error) error { return err }
	for _, tc := range []struct {
		name  string
		call  func(ctx context.Context, c gitpodv1connect.ServiceAccountServiceClient) error
		parts []string
	}{
		{"valid_for negative", func(ctx context.Context, c gitpodv1connect.ServiceAccountServiceClient) error {
			return e(c.CreateServiceAccountToken(ctx, req(&v1.CreateServiceAccountTokenRequest{ValidFor: durationpb.New(-time.Second)})))
		}, []string{"valid_for", "duration.gte_lte", "2524608000s"}},
		{"valid_for over 80 years", func(ctx context.Context, c gitpodv1connect.ServiceAccountServiceClient) error {
			return e(c.CreateServiceAccountToken(ctx, req(&v1.CreateServiceAccountTokenRequest{ValidFor: &durationpb.Duration{Seconds: 2524608001}})))
		}, []string{"valid_for", "duration.gte_lte"}},
		{"valid_for not a duration", func(ctx context.Context, c gitpodv1connect.ServiceAccountServiceClient) error {
			return e(c.CreateServiceAccountToken(ctx, req(&v1.CreateServiceAccountTokenRequest{ValidFor: &durationpb.Duration{Seconds: 1, Nanos: -1}})))
		}, []string{"valid_for", "duration.valid"}},
		{"valid_for 80 years", func(ctx context.Context, c gitpodv1connect.ServiceAccountServiceClient) error {
			return e(c.CreateServiceAccountToken(ctx, req(&v1.CreateServiceAccountTokenRequest{ValidFor: &durationpb.Duration{Seconds: 2524608000}})))
		}, nil},
		{"valid_for 0s", func(ctx context.Context, c gitpodv1connect.ServiceAccountServiceClient) error {
			return e(c.CreateServiceAccountToken(ctx, req(&v1.CreateServiceAccountTokenRequest{ValidFor: durationpb.New(0)})))
		}, nil},
		{"list page size -1", func(ctx context.Context, c gitpodv1connect.ServiceAccountServiceClient) error {
			return e(c.ListServiceAccountTokens(ctx, req(&v1.ListServiceAccountTokensRequest{Pagination: &v1.PaginationRequest{PageSize: -1}})))
		}, []string{"pagination.page_size"}},
		{"get empty id", func(ctx context.Context, c gitpodv1connect.ServiceAccountServiceClient) error {
			return e(c.GetServiceAccountToken(ctx, req(&v1.GetServiceAccountTokenRequest{})))
		}, []string{"service_account_token_id", "string.uuid_empty"}},
		{"delete bad id", func(ctx context.Context, c gitpodv1connect.ServiceAccountServiceClient) error {
			return e(c.DeleteServiceAccountToken(ctx, req(&v1.DeleteServiceAccountTokenRequest{ServiceAccountTokenId: "nope"})))
		}, []string{"service_account_token_id", "string.uuid"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			access := h.impersonate(t, saDeploy)
			err := tc.call(t.Context(), h.sa(access))
			if tc.parts == nil {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			wantErr(t, err, connect.CodeInvalidArgument, tc.parts...)
			wantErr(t, tc.call(t.Context(), h.sa("")), connect.CodeUnauthenticated)
		})
	}
}

func TestServiceAccountLifecycle(t *testing.T) {
	t.Parallel()
	h := startSA(t)
	ctx := t.Context()
	c := h.sa(aliceTok)
	created := res(c.CreateServiceAccount(ctx, req(&v1.CreateServiceAccountRequest{Name: "nightly", Description: "Nightly builds", ValidUntil: timestamppb.New(saValidUntil)}))).ok(t).GetServiceAccount()
	if !uuidRE.MatchString(created.GetId()) || created.GetOrganizationId() != orgA || created.GetName() != "nightly" ||
		created.GetDescription() != "Nightly builds" || !created.GetValidUntil().AsTime().Equal(saValidUntil) ||
		created.GetSuspended() || created.GetSystemManaged() || created.GetCreatedAt().AsTime().Before(epoch) {
		t.Fatalf("created: %v", created)
	}
	if cr := created.GetCreator(); cr.GetId() != alice || cr.GetPrincipal() != v1.Principal_PRINCIPAL_USER {
		t.Fatalf("creator: %v", cr)
	}
	got := res(c.GetServiceAccount(ctx, req(&v1.GetServiceAccountRequest{ServiceAccountId: created.GetId()}))).ok(t).GetServiceAccount()
	if !proto.Equal(got, created) {
		t.Fatalf("get: %v, want %v", got, created)
	}
	// Names need not be unique.
	res(c.CreateServiceAccount(ctx, req(&v1.CreateServiceAccountRequest{Name: "nightly", ValidUntil: timestamppb.New(saValidUntil)}))).ok(t)

	// An update changes only the fields it sets.
	up := res(c.UpdateServiceAccount(ctx, req(&v1.UpdateServiceAccountRequest{ServiceAccountId: created.GetId(), Name: ptr("nightly-2")}))).ok(t).GetServiceAccount()
	if up.GetName() != "nightly-2" || up.GetDescription() != "Nightly builds" || !up.GetValidUntil().AsTime().Equal(saValidUntil) {
		t.Fatalf("rename: %v", up)
	}
	up = res(c.UpdateServiceAccount(ctx, req(&v1.UpdateServiceAccountRequest{ServiceAccountId: created.GetId(), Description: ptr("")}))).ok(t).GetServiceAccount()
	if up.GetName() != "nightly-2" || up.GetDescription() != "" {
		t.Fatalf("description: %v", up)
	}
	up = res(c.UpdateServiceAccount(ctx, req(&v1.UpdateServiceAccountRequest{ServiceAccountId: created.GetId()}))).ok(t).GetServiceAccount()
	if up.GetName() != "nightly-2" {
		t.Fatalf("empty update: %v", up)
	}
	if a := h.srv.ServiceAccount(created.GetId()); a.Name != "nightly-2" || !a.ValidUntil.Equal(saValidUntil) {
		t.Fatalf("stored: %+v", a)
	}

	// A delete suspends; the account is still readable and listed on
	// request only.
	res(c.DeleteServiceAccount(ctx, req(&v1.DeleteServiceAccountRequest{ServiceAccountId: created.GetId()}))).ok(t)
	got = res(c.GetServiceAccount(ctx, req(&v1.GetServiceAccountRequest{ServiceAccountId: created.GetId()}))).ok(t).GetServiceAccount()
	if !got.GetSuspended() {
		t.Fatalf("deleted account not suspended: %v", got)
	}
	listed := func(include bool) bool {
		l := res(c.ListServiceAccounts(ctx, req(&v1.ListServiceAccountsRequest{Filter: &v1.ListServiceAccountsRequest_Filter{IncludeSuspended: include}}))).ok(t)
		return slices.ContainsFunc(l.GetServiceAccounts(), func(a *v1.ServiceAccount) bool { return a.GetId() == created.GetId() })
	}
	if listed(false) || !listed(true) {
		t.Fatalf("suspended account listed by default %v, with include_suspended %v", listed(false), listed(true))
	}
	// Inferred: deleting again succeeds; updating a deleted account does not.
	res(c.DeleteServiceAccount(ctx, req(&v1.DeleteServiceAccountRequest{ServiceAccountId: created.GetId()}))).ok(t)
	_, err := c.UpdateServiceAccount(ctx, req(&v1.UpdateServiceAccountRequest{ServiceAccountId: created.GetId(), Name: ptr("x")}))
	wantErr(t, err, connect.CodeFailedPrecondition, "suspended")
	// Unknown ids are not found.
	_, err = c.GetServiceAccount(ctx, req(&v1.GetServiceAccountRequest{ServiceAccountId: missing}))
	wantErr(t, err, connect.CodeNotFound)
	_, err = c.DeleteServiceAccount(ctx, req(&v1.DeleteServiceAccountRequest{ServiceAccountId: missing}))
	wantErr(t, err, connect.CodeNotFound)
}

// valid_until cannot change: a JSON update that sends one has it ignored.
func TestServiceAccountValidUntilIsImmutable(t *testing.T) {
	t.Parallel()
	h := startSA(t)
	body := `{"serviceAccountId":"` + saCI + `","name":"renamed","validUntil":"2099-01-01T00:00:00Z"}`
	r, err := http.NewRequestWithContext(t.Context(), http.MethodPost, h.url+gitpodv1connect.ServiceAccountServiceUpdateServiceAccountProcedure, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	r.Header.Set("Content-Type", "application/json")
	r.Header.Set("Authorization", "Bearer "+aliceTok)
	resp, err := http.DefaultClient.Do(r)
	if err != nil {
		t.Fatal(err)
	}
	if err := resp.Body.Close(); err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("%d %v", resp.StatusCode, err)
	}
	if a := h.srv.ServiceAccount(saCI); a.Name != "renamed" || !a.ValidUntil.Equal(saValidUntil) {
		t.Fatalf("stored: %+v", a)
	}
}

// Inferred: the account methods are for organization admins only; the
// check comes before any lookup.
func TestServiceAccountMethodsNeedAnAdmin(t *testing.T) {
	t.Parallel()
	for _, who := range []struct {
		name, token string
		code        connect.Code
	}{
		{"member", bobTok, connect.CodePermissionDenied},
		{"collaborator", daveTok, connect.CodePermissionDenied},
		{"service account token", saCIToken, connect.CodePermissionDenied},
		{"access token", "access", connect.CodePermissionDenied},
		{"admin of another organization", eveTok, connect.CodeNotFound},
	} {
		t.Run(who.name, func(t *testing.T) {
			t.Parallel()
			h := startSA(t)
			token := who.token
			if token == "access" {
				token = h.impersonate(t, saCI)
			}
			for _, m := range accountCalls() {
				_, err := m.call(t.Context(), h.sa(token))
				code := who.code
				if m.name == "CreateServiceAccount" || m.name == "ListServiceAccounts" {
					// These name no account: another organization's admin
					// works in their own organization.
					if who.code == connect.CodeNotFound {
						if err != nil {
							t.Fatalf("%s: %v", m.name, err)
						}
						continue
					}
				}
				wantErr(t, err, code)
				if code == connect.CodePermissionDenied && !strings.Contains(err.Error(), "admin") {
					t.Fatalf("%s: %v", m.name, err)
				}
			}
			// Nothing changed.
			if a := h.srv.ServiceAccount(saCI); a.Name != "ci" {
				t.Fatalf("renamed: %+v", a)
			}
			if a := h.srv.ServiceAccount(saDeploy); a.Suspended {
				t.Fatal("deleted")
			}
		})
	}
	// Eve's list shows only organization B's account.
	h := startSA(t)
	l := res(h.sa(eveTok).ListServiceAccounts(t.Context(), req(&v1.ListServiceAccountsRequest{}))).ok(t)
	if len(l.GetServiceAccounts()) != 1 || l.GetServiceAccounts()[0].GetId() != saOps {
		t.Fatalf("eve lists %v", l.GetServiceAccounts())
	}
}

// Inferred: a read-only token reads accounts but changes nothing and mints
// no access token.
func TestServiceAccountReadOnlyToken(t *testing.T) {
	t.Parallel()
	h := startSA(t)
	ro := res(h.as(aliceTok).user.CreatePersonalAccessToken(t.Context(), req(&v1.CreatePersonalAccessTokenRequest{UserId: alice, ReadOnly: true}))).ok(t).GetToken()
	writes := 0
	for _, m := range accountCalls() {
		_, err := m.call(t.Context(), h.sa(ro))
		if m.write {
			writes++
			wantErr(t, err, connect.CodePermissionDenied, "read-only")
			continue
		}
		if err != nil {
			t.Fatalf("%s: %v", m.name, err)
		}
	}
	if writes != 4 {
		t.Fatalf("%d writes", writes)
	}
	if n := len(h.srv.ServiceAccounts(orgA)); n != 4 {
		t.Fatalf("%d accounts", n)
	}
}

// Descriptor comment: system-managed accounts cannot be modified or
// deleted by users. Inferred code: permission_denied; nor can they be
// impersonated.
func TestSystemManagedServiceAccount(t *testing.T) {
	t.Parallel()
	h := startSA(t)
	ctx := t.Context()
	c := h.sa(aliceTok)
	got := res(c.GetServiceAccount(ctx, req(&v1.GetServiceAccountRequest{ServiceAccountId: saSystem}))).ok(t).GetServiceAccount()
	if !got.GetSystemManaged() || got.GetCreator() != nil {
		t.Fatalf("system account: %v", got)
	}
	_, err := c.UpdateServiceAccount(ctx, req(&v1.UpdateServiceAccountRequest{ServiceAccountId: saSystem, Description: ptr("mine")}))
	wantErr(t, err, connect.CodePermissionDenied, "system-managed")
	_, err = c.DeleteServiceAccount(ctx, req(&v1.DeleteServiceAccountRequest{ServiceAccountId: saSystem}))
	wantErr(t, err, connect.CodePermissionDenied, "system-managed")
	_, err = c.CreateServiceAccountAccessToken(ctx, req(&v1.CreateServiceAccountAccessTokenRequest{ServiceAccountId: saSystem}))
	wantErr(t, err, connect.CodePermissionDenied, "system-managed")
	if a := h.srv.ServiceAccount(saSystem); a.Suspended || a.Description != "" {
		t.Fatalf("changed: %+v", a)
	}
	if n := len(h.srv.ServiceAccountTokens(saSystem)); n != 0 {
		t.Fatalf("%d tokens", n)
	}
	// System-managed accounts are listed.
	l := res(c.ListServiceAccounts(ctx, req(&v1.ListServiceAccountsRequest{}))).ok(t)
	if !slices.ContainsFunc(l.GetServiceAccounts(), func(a *v1.ServiceAccount) bool { return a.GetId() == saSystem }) {
		t.Fatal("system account not listed")
	}
}

func TestListServiceAccounts(t *testing.T) {
	t.Parallel()
	h := startSA(t)
	ids := func(f *v1.ListServiceAccountsRequest_Filter) []string {
		t.Helper()
		l := res(h.sa(aliceTok).ListServiceAccounts(t.Context(), req(&v1.ListServiceAccountsRequest{Filter: f}))).ok(t)
		var out []string
		for _, a := range l.GetServiceAccounts() {
			out = append(out, a.GetId())
		}
		return out
	}
	for _, tc := range []struct {
		name   string
		filter *v1.ListServiceAccountsRequest_Filter
		want   []string
	}{
		{"default: oldest first, suspended left out", nil, []string{saCI, saDeploy, saSystem}},
		{"include suspended", &v1.ListServiceAccountsRequest_Filter{IncludeSuspended: true}, []string{saCI, saDeploy, saSystem, saGone}},
		{"search in the name, any case", &v1.ListServiceAccountsRequest_Filter{Search: "DEPLOY"}, []string{saDeploy}},
		{"search in the description", &v1.ListServiceAccountsRequest_Filter{Search: "pipeline"}, []string{saCI}},
		{"search in the id", &v1.ListServiceAccountsRequest_Filter{Search: "000000000003"}, []string{saSystem}},
		{"search, suspended left out", &v1.ListServiceAccountsRequest_Filter{Search: "old"}, nil},
		{"ids", &v1.ListServiceAccountsRequest_Filter{ServiceAccountIds: []string{saSystem, saCI, missing}}, []string{saCI, saSystem}},
		{"ids in upper case", &v1.ListServiceAccountsRequest_Filter{ServiceAccountIds: []string{strings.ToUpper(saDeploy)}}, []string{saDeploy}},
		{"ids of another organization", &v1.ListServiceAccountsRequest_Filter{ServiceAccountIds: []string{saOps}}, nil},
		{"suspended id needs include_suspended", &v1.ListServiceAccountsRequest_Filter{ServiceAccountIds: []string{saGone}}, nil},
		{"everything", &v1.ListServiceAccountsRequest_Filter{ServiceAccountIds: []string{saGone, saCI}, IncludeSuspended: true, Search: "o"}, []string{saGone}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := ids(tc.filter); !slices.Equal(got, tc.want) {
				t.Fatalf("got %v, want %v", got, tc.want)
			}
		})
	}
}

func TestListServiceAccountsPaging(t *testing.T) {
	t.Parallel()
	h := startSA(t)
	ctx := t.Context()
	c := h.sa(aliceTok)
	for i := range 30 {
		res(c.CreateServiceAccount(ctx, req(&v1.CreateServiceAccountRequest{Name: fmt.Sprintf("bot %02d", i), ValidUntil: timestamppb.New(saValidUntil)}))).ok(t)
		h.clk.advance(time.Second)
	}
	page := func(size int32, token string, f *v1.ListServiceAccountsRequest_Filter) (*v1.ListServiceAccountsResponse, error) {
		resp, err := c.ListServiceAccounts(ctx, req(&v1.ListServiceAccountsRequest{Pagination: &v1.PaginationRequest{PageSize: size, Token: token}, Filter: f}))
		if err != nil {
			return nil, err
		}
		return resp.Msg, nil
	}
	// 33 live accounts; page size 0 means 25.
	first, err := page(0, "", nil)
	if err != nil || len(first.GetServiceAccounts()) != 25 || first.GetPagination().GetNextToken() == "" {
		t.Fatalf("first page: %v %v", first, err)
	}
	// An account made between pages shows up (it sorts last); nothing
	// repeats.
	res(c.CreateServiceAccount(ctx, req(&v1.CreateServiceAccountRequest{Name: "late", ValidUntil: timestamppb.New(saValidUntil)}))).ok(t)
	second, err := page(0, first.GetPagination().GetNextToken(), nil)
	if err != nil || len(second.GetServiceAccounts()) != 9 || second.GetPagination().GetNextToken() != "" {
		t.Fatalf("second page: %v %v", second, err)
	}
	seen := map[string]bool{}
	for _, a := range append(first.GetServiceAccounts(), second.GetServiceAccounts()...) {
		if seen[a.GetId()] {
			t.Fatalf("%s twice", a.GetId())
		}
		seen[a.GetId()] = true
	}
	if last := second.GetServiceAccounts()[8]; last.GetName() != "late" {
		t.Fatalf("last: %v", last)
	}
	// The token is bound to its query and caller, and cannot be forged.
	tok := first.GetPagination().GetNextToken()
	_, err = page(0, tok, &v1.ListServiceAccountsRequest_Filter{Search: "bot"})
	wantErr(t, err, connect.CodeInvalidArgument, "pagination.token")
	_, err = page(0, tok+"x", nil)
	wantErr(t, err, connect.CodeInvalidArgument, "pagination.token")
	if err := h.srv.SetOrgMember(orgA, bob, store.RoleOwner); err != nil {
		t.Fatal(err)
	}
	_, err = h.sa(bobTok).ListServiceAccounts(ctx, req(&v1.ListServiceAccountsRequest{Pagination: &v1.PaginationRequest{Token: tok}}))
	wantErr(t, err, connect.CodeInvalidArgument, "pagination.token")
	// Another method's token is refused too.
	teams := res(h.as(aliceTok).team.ListTeams(ctx, req(&v1.ListTeamsRequest{Pagination: &v1.PaginationRequest{PageSize: 1}}))).ok(t)
	_, err = page(1, teams.GetPagination().GetNextToken(), nil)
	wantErr(t, err, connect.CodeInvalidArgument, "pagination.token")
}

// Descriptor comment: the access token expires after 30 minutes and acts
// as the account. Inferred: besides the account's own tokens it reaches
// only GetAuthenticatedIdentity; everything else is permission_denied.
func TestServiceAccountAccessToken(t *testing.T) {
	t.Parallel()
	h := startSA(t)
	ctx := t.Context()
	access := h.impersonate(t, saDeploy)
	if strings.Count(access, ".") != 2 || !strings.HasPrefix(access, "eyJ") {
		t.Fatalf("access token %q is not shaped like a JWT", access)
	}
	if !slices.Contains(h.srv.IssuedSecrets(), access) {
		t.Fatal("access token not recorded as issued")
	}
	id, err := identity(t, h, access)
	if err != nil {
		t.Fatal(err)
	}
	if id.GetSubject().GetId() != saDeploy || id.GetSubject().GetPrincipal() != v1.Principal_PRINCIPAL_SERVICE_ACCOUNT || id.GetOrganizationId() != orgA {
		t.Fatalf("identity: %v", id)
	}
	// Nothing outside the token methods, whatever it is.
	for _, m := range methods() {
		_, err := m.call(ctx, h.as(access))
		if m.name == "GetAuthenticatedIdentity" {
			if err != nil {
				t.Fatal(err)
			}
			continue
		}
		wantErr(t, err, connect.CodePermissionDenied, m.name, "access token")
	}
	for _, m := range accountCalls() {
		_, err := m.call(ctx, h.sa(access))
		wantErr(t, err, connect.CodePermissionDenied, "admin")
	}
	// An access token is no service account token: not listed.
	l := res(h.sa(access).ListServiceAccountTokens(ctx, req(&v1.ListServiceAccountTokensRequest{}))).ok(t)
	if len(l.GetTokens()) != 0 {
		t.Fatalf("listed: %v", l.GetTokens())
	}
	toks := h.srv.ServiceAccountTokens(saDeploy)
	if len(toks) != 1 || !toks[0].Impersonation || toks[0].CreatorID != alice || !toks[0].ExpiresAt.Equal(toks[0].CreatedAt.Add(30*time.Minute)) {
		t.Fatalf("stored: %+v", toks)
	}
	_, err = h.sa(access).GetServiceAccountToken(ctx, req(&v1.GetServiceAccountTokenRequest{ServiceAccountTokenId: toks[0].ID}))
	wantErr(t, err, connect.CodeNotFound)
	// 30 minutes on the mock's clock.
	h.clk.advance(toks[0].ExpiresAt.Add(-time.Second).Sub(h.clk.now()))
	if _, err := identity(t, h, access); err != nil {
		t.Fatalf("before 30 minutes: %v", err)
	}
	h.clk.advance(time.Second)
	_, err = identity(t, h, access)
	wantErr(t, err, connect.CodeUnauthenticated, "expired")
	_, err = h.sa(access).ListServiceAccountTokens(ctx, req(&v1.ListServiceAccountTokensRequest{}))
	wantErr(t, err, connect.CodeUnauthenticated)
}

// Inferred: only live accounts can be impersonated.
func TestServiceAccountAccessTokenNeedsALiveAccount(t *testing.T) {
	t.Parallel()
	h := startSA(t)
	ctx := t.Context()
	_, err := h.sa(aliceTok).CreateServiceAccountAccessToken(ctx, req(&v1.CreateServiceAccountAccessTokenRequest{ServiceAccountId: saGone}))
	wantErr(t, err, connect.CodeFailedPrecondition, "suspended")
	_, err = h.sa(aliceTok).CreateServiceAccountAccessToken(ctx, req(&v1.CreateServiceAccountAccessTokenRequest{ServiceAccountId: saOps}))
	wantErr(t, err, connect.CodeNotFound)
	_, err = h.sa(aliceTok).CreateServiceAccountAccessToken(ctx, req(&v1.CreateServiceAccountAccessTokenRequest{ServiceAccountId: missing}))
	wantErr(t, err, connect.CodeNotFound)
	h.clk.advance(saValidUntil.Sub(epoch))
	_, err = h.sa(aliceTok).CreateServiceAccountAccessToken(ctx, req(&v1.CreateServiceAccountAccessTokenRequest{ServiceAccountId: saCI}))
	wantErr(t, err, connect.CodeFailedPrecondition, "expired")
}

func TestCreateServiceAccountToken(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name     string
		validFor *durationpb.Duration
		// want is the expected lifetime from creation; 0 means until the
		// account's valid_until.
		want time.Duration
	}{
		{"90 days", durationpb.New(90 * 24 * time.Hour), 90 * 24 * time.Hour},
		{"one second", durationpb.New(time.Second), time.Second},
		{"80 years is capped to the account", &durationpb.Duration{Seconds: 2524608000}, 0},
		{"just past the account is capped", durationpb.New(saValidUntil.Sub(epoch) + time.Hour), 0},
		{"unset means the account's expiry", nil, 0},
		{"0s means the account's expiry", durationpb.New(0), 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			h := startSA(t)
			got := h.mint(t, saDeploy, "GitHub Actions", tc.validFor)
			meta := got.GetServiceAccountToken()
			if got.GetToken() == "" || !slices.Contains(h.srv.IssuedSecrets(), got.GetToken()) {
				t.Fatalf("value %q", got.GetToken())
			}
			if !uuidRE.MatchString(meta.GetId()) || meta.GetServiceAccountId() != saDeploy || meta.GetDescription() != "GitHub Actions" || meta.GetLastUsed() != nil {
				t.Fatalf("metadata: %v", meta)
			}
			// Inferred: the creator is the account (the caller).
			if meta.GetCreator().GetId() != saDeploy || meta.GetCreator().GetPrincipal() != v1.Principal_PRINCIPAL_SERVICE_ACCOUNT {
				t.Fatalf("creator: %v", meta.GetCreator())
			}
			want := saValidUntil
			if tc.want != 0 {
				want = meta.GetCreatedAt().AsTime().Add(tc.want)
			}
			if !meta.GetExpiresAt().AsTime().Equal(want) {
				t.Fatalf("expires %v, want %v", meta.GetExpiresAt().AsTime(), want)
			}
			// The value authenticates as the account until it expires.
			if id, err := identity(t, h, got.GetToken()); err != nil || id.GetSubject().GetId() != saDeploy {
				t.Fatalf("identity: %v %v", id, err)
			}
			h.clk.advance(want.Sub(epoch))
			_, err := identity(t, h, got.GetToken())
			wantErr(t, err, connect.CodeUnauthenticated, "expired")
		})
	}
}

// Descriptor comments: Create and List need impersonation, the account
// being the caller. Inferred: Get and Delete too; another account's token
// is not found.
func TestServiceAccountTokenMethodsNeedImpersonation(t *testing.T) {
	t.Parallel()
	h := startSA(t)
	ctx := t.Context()
	ro := res(h.as(aliceTok).user.CreatePersonalAccessToken(ctx, req(&v1.CreatePersonalAccessTokenRequest{UserId: alice, ReadOnly: true}))).ok(t).GetToken()
	for _, who := range []struct{ name, token string }{
		{"admin", aliceTok}, {"member", bobTok}, {"read-only admin token", ro}, {"the account's own long-lived token", saCIToken},
	} {
		for _, m := range tokenCalls() {
			_, err := m.call(ctx, h.sa(who.token))
			want := "impersonation"
			if who.token == ro && m.write {
				want = "read-only" // the read-only check comes first
			}
			if connect.CodeOf(err) != connect.CodePermissionDenied || !strings.Contains(err.Error(), want) {
				t.Fatalf("%s, %s: %v", who.name, m.name, err)
			}
		}
	}
	// Another account's access token does not see CI's token.
	other := h.impersonate(t, saDeploy)
	_, err := h.sa(other).GetServiceAccountToken(ctx, req(&v1.GetServiceAccountTokenRequest{ServiceAccountTokenId: saCITokenID}))
	wantErr(t, err, connect.CodeNotFound)
	_, err = h.sa(other).DeleteServiceAccountToken(ctx, req(&v1.DeleteServiceAccountTokenRequest{ServiceAccountTokenId: saCITokenID}))
	wantErr(t, err, connect.CodeNotFound)
	if h.srv.ServiceAccountToken(saCITokenID) == nil {
		t.Fatal("CI's token was deleted")
	}
	// CI's own access token reaches every token method.
	access := h.impersonate(t, saCI)
	for _, m := range tokenCalls() {
		if _, err := m.call(ctx, h.sa(access)); err != nil {
			t.Fatalf("%s: %v", m.name, err)
		}
	}
}

func TestListGetDeleteServiceAccountTokens(t *testing.T) {
	t.Parallel()
	h := startSA(t)
	ctx := t.Context()
	var made []*v1.CreateServiceAccountTokenResponse
	for i := range 5 {
		made = append(made, h.mint(t, saDeploy, fmt.Sprintf("token %d", i), durationpb.New(time.Duration(i+1)*time.Hour)))
		h.clk.advance(time.Second)
	}
	h.mint(t, saCI, "other account", nil)
	access := h.impersonate(t, saDeploy)
	c := h.sa(access)
	// Oldest first, two per page, only Deploy's long-lived tokens.
	var listed []*v1.ServiceAccountToken
	token := ""
	for range 10 {
		l := res(c.ListServiceAccountTokens(ctx, req(&v1.ListServiceAccountTokensRequest{Pagination: &v1.PaginationRequest{PageSize: 2, Token: token}}))).ok(t)
		listed = append(listed, l.GetTokens()...)
		if token = l.GetPagination().GetNextToken(); token == "" {
			break
		}
	}
	if len(listed) != 5 {
		t.Fatalf("listed %d", len(listed))
	}
	for i, m := range made {
		if !proto.Equal(listed[i], m.GetServiceAccountToken()) {
			t.Fatalf("token %d: listed %v, made %v", i, listed[i], m.GetServiceAccountToken())
		}
	}
	// A page token survives the access token: a new one of the same
	// account continues the walk; another account's does not.
	first := res(c.ListServiceAccountTokens(ctx, req(&v1.ListServiceAccountTokensRequest{Pagination: &v1.PaginationRequest{PageSize: 2}}))).ok(t)
	next := first.GetPagination().GetNextToken()
	res(h.sa(h.impersonate(t, saDeploy)).ListServiceAccountTokens(ctx, req(&v1.ListServiceAccountTokensRequest{Pagination: &v1.PaginationRequest{Token: next}}))).ok(t)
	_, err := h.sa(h.impersonate(t, saCI)).ListServiceAccountTokens(ctx, req(&v1.ListServiceAccountTokensRequest{Pagination: &v1.PaginationRequest{Token: next}}))
	wantErr(t, err, connect.CodeInvalidArgument, "pagination.token")

	// Using a token records its last use.
	h.clk.advance(time.Minute)
	if _, err := identity(t, h, made[4].GetToken()); err != nil {
		t.Fatal(err)
	}
	got := res(c.GetServiceAccountToken(ctx, req(&v1.GetServiceAccountTokenRequest{ServiceAccountTokenId: made[4].GetServiceAccountToken().GetId()}))).ok(t).GetToken()
	if !got.GetLastUsed().AsTime().Equal(h.clk.now()) {
		t.Fatalf("last used %v, want %v", got.GetLastUsed(), h.clk.now())
	}
	// Expired tokens stay listed until deleted.
	h.clk.advance(90 * time.Minute)
	if _, err := identity(t, h, made[0].GetToken()); connect.CodeOf(err) != connect.CodeUnauthenticated {
		t.Fatalf("expired token: %v", err)
	}
	c = h.sa(h.impersonate(t, saDeploy))
	if l := res(c.ListServiceAccountTokens(ctx, req(&v1.ListServiceAccountTokensRequest{}))).ok(t); len(l.GetTokens()) != 5 {
		t.Fatalf("listed %d", len(l.GetTokens()))
	}
	// A deleted token stops authenticating at once and is gone.
	del := made[4].GetServiceAccountToken().GetId()
	res(c.DeleteServiceAccountToken(ctx, req(&v1.DeleteServiceAccountTokenRequest{ServiceAccountTokenId: del}))).ok(t)
	_, err = identity(t, h, made[4].GetToken())
	wantErr(t, err, connect.CodeUnauthenticated)
	_, err = c.GetServiceAccountToken(ctx, req(&v1.GetServiceAccountTokenRequest{ServiceAccountTokenId: del}))
	wantErr(t, err, connect.CodeNotFound)
	_, err = c.DeleteServiceAccountToken(ctx, req(&v1.DeleteServiceAccountTokenRequest{ServiceAccountTokenId: del}))
	wantErr(t, err, connect.CodeNotFound)
	if l := res(c.ListServiceAccountTokens(ctx, req(&v1.ListServiceAccountTokensRequest{}))).ok(t); len(l.GetTokens()) != 4 {
		t.Fatalf("listed %d after a delete", len(l.GetTokens()))
	}
}

// A long-lived token authenticates as the account, in its organization.
// Inferred (vendor provider README: reads and starting automations):
// reads with a plain member's rights, no writes, nothing about users.
func TestServiceAccountTokenActsAsTheAccount(t *testing.T) {
	t.Parallel()
	h := startSA(t)
	ctx := t.Context()
	id, err := identity(t, h, saCIToken)
	if err != nil {
		t.Fatal(err)
	}
	if id.GetSubject().GetId() != saCI || id.GetSubject().GetPrincipal() != v1.Principal_PRINCIPAL_SERVICE_ACCOUNT || id.GetOrganizationId() != orgA {
		t.Fatalf("identity: %v", id)
	}
	userOnly := []string{"GetAuthenticatedUser", "ListPersonalAccessTokens", "GetPersonalAccessToken", "CreatePersonalAccessToken", "DeletePersonalAccessToken"}
	for _, m := range methods() {
		_, err := m.call(ctx, h.as(saCIToken))
		switch code := connect.CodeOf(err); {
		case slices.Contains(userOnly, m.name):
			wantErr(t, err, connect.CodePermissionDenied, "only for users")
		case m.write:
			wantErr(t, err, connect.CodePermissionDenied, "can only read")
		case err != nil && (code == connect.CodePermissionDenied || code == connect.CodeUnauthenticated):
			t.Fatalf("%s: a read was refused: %v", m.name, err)
		}
	}
	// It reads as a plain member: teams and members of its organization,
	// no environment (it made none).
	teams := res(h.as(saCIToken).team.ListTeams(ctx, req(&v1.ListTeamsRequest{}))).ok(t)
	if len(teams.GetTeams()) != 2 {
		t.Fatalf("teams: %v", teams.GetTeams())
	}
	envs := res(h.as(saCIToken).env.ListEnvironments(ctx, req(&v1.ListEnvironmentsRequest{}))).ok(t)
	if len(envs.GetEnvironments()) != 0 {
		t.Fatalf("environments: %v", envs.GetEnvironments())
	}
	_, err = h.as(saCIToken).env.GetEnvironment(ctx, req(&v1.GetEnvironmentRequest{EnvironmentId: envAliceRunning}))
	wantErr(t, err, connect.CodeNotFound)
	if u := res(h.as(saCIToken).user.GetUser(ctx, req(&v1.GetUserRequest{UserId: bob}))).ok(t); u.GetUser().GetId() != bob {
		t.Fatalf("user: %v", u)
	}
	// Nothing changed.
	if tm := h.srv.Team(teamPlatform); tm.Name != "Platform" {
		t.Fatalf("team renamed: %q", tm.Name)
	}
}

// Descriptor comments: a suspended account, and one past valid_until,
// authenticates nothing. Inferred code: unauthenticated, for either kind of
// token; so when the organization is gone.
func TestServiceAccountCredentialsDieWithTheAccount(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		kill func(t *testing.T, h *harness)
		msg  string
	}{
		{"deleted through the API", func(t *testing.T, h *harness) {
			res(h.sa(aliceTok).DeleteServiceAccount(t.Context(), req(&v1.DeleteServiceAccountRequest{ServiceAccountId: saCI}))).ok(t)
		}, "is suspended"},
		{"suspended out of band", func(t *testing.T, h *harness) {
			if err := h.srv.SuspendServiceAccount(saCI); err != nil {
				t.Fatal(err)
			}
		}, "is suspended"},
		{"account past valid_until", func(t *testing.T, h *harness) {
			if err := h.srv.ChangeServiceAccount(saCI, func(a *store.ServiceAccount) { a.ValidUntil = epoch.Add(time.Minute) }); err != nil {
				t.Fatal(err)
			}
			h.clk.advance(time.Minute)
		}, "has expired"},
		{"a year later", func(_ *testing.T, h *harness) { h.clk.advance(saValidUntil.Sub(epoch)) }, "expired"},
		{"removed", func(_ *testing.T, h *harness) { h.srv.RemoveServiceAccount(saCI) }, "invalid"},
		{"organization deleted", func(_ *testing.T, h *harness) { h.srv.DeleteOrg(orgA) }, "organization"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			h := startSA(t)
			access := h.impersonate(t, saCI)
			for _, tok := range []string{saCIToken, access} {
				if _, err := identity(t, h, tok); err != nil {
					t.Fatal(err)
				}
			}
			tc.kill(t, h)
			for _, tok := range []string{saCIToken, access} {
				_, err := identity(t, h, tok)
				wantErr(t, err, connect.CodeUnauthenticated, tc.msg)
				_, err = h.sa(tok).ListServiceAccountTokens(t.Context(), req(&v1.ListServiceAccountTokensRequest{}))
				wantErr(t, err, connect.CodeUnauthenticated)
				_, err = h.as(tok).team.ListTeams(t.Context(), req(&v1.ListTeamsRequest{}))
				wantErr(t, err, connect.CodeUnauthenticated)
			}
		})
	}
}

// Faults and counters work by procedure name for the new methods too.
func TestServiceAccountFaultsAndCounters(t *testing.T) {
	t.Parallel()
	h := startSA(t)
	ctx := t.Context()
	h.srv.Inject("CreateServiceAccountToken", mockapi.Fault{Code: connect.CodeUnavailable, Times: 1})
	access := h.impersonate(t, saCI)
	_, err := h.sa(access).CreateServiceAccountToken(ctx, req(&v1.CreateServiceAccountTokenRequest{}))
	wantErr(t, err, connect.CodeUnavailable)
	res(h.sa(access).CreateServiceAccountToken(ctx, req(&v1.CreateServiceAccountTokenRequest{}))).ok(t)
	if n := h.srv.Calls("ServiceAccountService/CreateServiceAccountToken"); n != 2 {
		t.Fatalf("%d calls", n)
	}
	if n := h.srv.Calls("gitpod.v1.ServiceAccountService/CreateServiceAccountAccessToken"); n != 1 {
		t.Fatalf("%d access token calls", n)
	}
	// A lost create: the account exists, the client saw an error.
	h.srv.Inject("ServiceAccountService/CreateServiceAccount", mockapi.Fault{DropAfterWork: true, Times: 1})
	_, err = h.sa(aliceTok).CreateServiceAccount(ctx, req(&v1.CreateServiceAccountRequest{Name: "lost", ValidUntil: timestamppb.New(saValidUntil)}))
	if err == nil {
		t.Fatal("dropped answer arrived")
	}
	if !slices.ContainsFunc(h.srv.ServiceAccounts(orgA), func(a *store.ServiceAccount) bool { return a.Name == "lost" }) {
		t.Fatal("the dropped create did no work")
	}
}

var jwtRE = regexp.MustCompile(`eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+`)

// Every ServiceAccountService method answers the same through the JSON and
// the binary codec (the pattern of TestCodecsGiveEqualAnswers).
func TestServiceAccountCodecs(t *testing.T) {
	t.Parallel()
	type side struct {
		h      *harness
		cn     *canon
		opts   []connect.ClientOption
		access string
		tokID  string
	}
	sides := []*side{
		{h: startSA(t), cn: &canon{map[string]string{}}, opts: []connect.ClientOption{connect.WithProtoJSON()}},
		{h: startSA(t), cn: &canon{map[string]string{}}},
	}
	render := func(s *side, m proto.Message, err error) string {
		t.Helper()
		if err != nil {
			return s.cn.apply(fmt.Sprintf("error %v: %s", connect.CodeOf(err), err))
		}
		j, err := protojson.Marshal(m)
		if err != nil {
			t.Fatal(err)
		}
		return s.cn.apply(jwtRE.ReplaceAllString(string(j), "<jwt>"))
	}
	ctx := t.Context()
	steps := []struct {
		name  string
		fails bool
		call  func(s *side) (proto.Message, error)
	}{
		{"CreateServiceAccount", false, func(s *side) (proto.Message, error) {
			return answer(s.h.sa(aliceTok, s.opts...).CreateServiceAccount(ctx, req(&v1.CreateServiceAccountRequest{Name: "codec", Description: "é", ValidUntil: timestamppb.New(saValidUntil)})))
		}},
		{"CreateServiceAccount invalid", true, func(s *side) (proto.Message, error) {
			return answer(s.h.sa(aliceTok, s.opts...).CreateServiceAccount(ctx, req(&v1.CreateServiceAccountRequest{})))
		}},
		{"ListServiceAccounts", false, func(s *side) (proto.Message, error) {
			return answer(s.h.sa(aliceTok, s.opts...).ListServiceAccounts(ctx, req(&v1.ListServiceAccountsRequest{Pagination: &v1.PaginationRequest{PageSize: 2}, Filter: &v1.ListServiceAccountsRequest_Filter{IncludeSuspended: true}})))
		}},
		{"GetServiceAccount", false, func(s *side) (proto.Message, error) {
			return answer(s.h.sa(aliceTok, s.opts...).GetServiceAccount(ctx, req(&v1.GetServiceAccountRequest{ServiceAccountId: saSystem})))
		}},
		{"UpdateServiceAccount", false, func(s *side) (proto.Message, error) {
			return answer(s.h.sa(aliceTok, s.opts...).UpdateServiceAccount(ctx, req(&v1.UpdateServiceAccountRequest{ServiceAccountId: saCI, Description: ptr("")})))
		}},
		{"CreateServiceAccountAccessToken", false, func(s *side) (proto.Message, error) {
			r, err := s.h.sa(aliceTok, s.opts...).CreateServiceAccountAccessToken(ctx, req(&v1.CreateServiceAccountAccessTokenRequest{ServiceAccountId: saCI}))
			if err == nil {
				s.access = r.Msg.GetToken()
			}
			return answer(r, err)
		}},
		{"CreateServiceAccountToken", false, func(s *side) (proto.Message, error) {
			r, err := s.h.sa(s.access, s.opts...).CreateServiceAccountToken(ctx, req(&v1.CreateServiceAccountTokenRequest{Description: "gh", ValidFor: durationpb.New(7776000 * time.Second)}))
			if err == nil {
				s.tokID = r.Msg.GetServiceAccountToken().GetId()
			}
			return answer(r, err)
		}},
		{"ListServiceAccountTokens", false, func(s *side) (proto.Message, error) {
			return answer(s.h.sa(s.access, s.opts...).ListServiceAccountTokens(ctx, req(&v1.ListServiceAccountTokensRequest{Pagination: &v1.PaginationRequest{PageSize: 1}})))
		}},
		{"GetServiceAccountToken", false, func(s *side) (proto.Message, error) {
			return answer(s.h.sa(s.access, s.opts...).GetServiceAccountToken(ctx, req(&v1.GetServiceAccountTokenRequest{ServiceAccountTokenId: s.tokID})))
		}},
		{"DeleteServiceAccountToken", false, func(s *side) (proto.Message, error) {
			return answer(s.h.sa(s.access, s.opts...).DeleteServiceAccountToken(ctx, req(&v1.DeleteServiceAccountTokenRequest{ServiceAccountTokenId: s.tokID})))
		}},
		{"GetServiceAccountToken deleted", true, func(s *side) (proto.Message, error) {
			return answer(s.h.sa(s.access, s.opts...).GetServiceAccountToken(ctx, req(&v1.GetServiceAccountTokenRequest{ServiceAccountTokenId: s.tokID})))
		}},
		{"GetAuthenticatedIdentity as the account", false, func(s *side) (proto.Message, error) {
			return answer(s.h.as(saCIToken).id.GetAuthenticatedIdentity(ctx, req(&v1.GetAuthenticatedIdentityRequest{})))
		}},
		{"DeleteServiceAccount", false, func(s *side) (proto.Message, error) {
			return answer(s.h.sa(aliceTok, s.opts...).DeleteServiceAccount(ctx, req(&v1.DeleteServiceAccountRequest{ServiceAccountId: saCI})))
		}},
		{"DeleteServiceAccount system-managed", true, func(s *side) (proto.Message, error) {
			return answer(s.h.sa(aliceTok, s.opts...).DeleteServiceAccount(ctx, req(&v1.DeleteServiceAccountRequest{ServiceAccountId: saSystem})))
		}},
	}
	for _, st := range steps {
		a, errA := st.call(sides[0])
		b, errB := st.call(sides[1])
		outA, outB := render(sides[0], a, errA), render(sides[1], b, errB)
		if outA != outB {
			t.Fatalf("%s:\n json:   %s\n binary: %s", st.name, outA, outB)
		}
		if st.fails != (errA != nil) {
			t.Fatalf("%s: error %v", st.name, errA)
		}
	}
	// Every method of the service was called.
	for _, m := range []string{"CreateServiceAccount", "ListServiceAccounts", "GetServiceAccount", "UpdateServiceAccount", "DeleteServiceAccount",
		"CreateServiceAccountAccessToken", "CreateServiceAccountToken", "ListServiceAccountTokens", "GetServiceAccountToken", "DeleteServiceAccountToken"} {
		for _, s := range sides {
			if s.h.srv.Calls("ServiceAccountService/"+m) == 0 {
				t.Fatalf("%s not called", m)
			}
		}
	}
}
