package provider_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/gitpod-community/terraform-provider-gitpod/internal/mockapi"
	"github.com/gitpod-community/terraform-provider-gitpod/internal/mockapi/store"
	"github.com/gitpod-community/terraform-provider-gitpod/internal/tokenlife"
)

// Helpers shared by the service account tests. Service accounts exist on
// gitpod.v1 only: the tests run there, and on Classic check the refusal.

const (
	saAddr  = "gitpod_service_account.ci"
	satAddr = "gitpod_service_account_token.t"
)

// saV1 runs a test on gitpod.v1 only.
func saV1(t *testing.T, f func(t *testing.T, e *testEnv)) {
	t.Helper()
	tokOnlyAPI(t, "v1", f)
}

// saUntil is an RFC 3339 time d from the test clock's start.
func saUntil(e *testEnv, d time.Duration) string {
	return e.clock.Now().Add(d).UTC().Format(time.RFC3339)
}

// saFar is a valid_until far enough away for any token of these tests.
func saFar(e *testEnv) string { return saUntil(e, 2*365*tokenlife.Day) }

// saAccount is a gitpod_service_account "ci" block.
func saAccount(name, description, validUntil string) string {
	desc := ""
	if description != "" {
		desc = fmt.Sprintf("  description = %q\n", description)
	}
	return fmt.Sprintf(`
resource "gitpod_service_account" "ci" {
  name        = %q
%s  valid_until = %q
}
`, name, desc, validUntil)
}

// saTokenConfig is Alice's provider, the account "ci" (valid until
// validUntil) and a gitpod_service_account_token "t" of it with args.
func saTokenConfig(e *testEnv, validUntil, args string) string {
	return e.config(saAccount("ci", "CI pipeline", validUntil) + fmt.Sprintf(`
resource "gitpod_service_account_token" "t" {
  service_account_id = gitpod_service_account.ci.id
%s
}
`, args))
}

// saManaged returns the accounts Terraform could have made: neither
// system-managed nor deleted.
func saManaged(e *testEnv) []*store.ServiceAccount {
	var out []*store.ServiceAccount
	for _, a := range e.mock.ServiceAccounts(mockapi.DemoOrgID) {
		if !a.SystemManaged && !a.Suspended {
			out = append(out, a)
		}
	}
	return out
}

// saLiveTokens returns the long-lived tokens (not access tokens) of an
// account that were not deleted.
func saLiveTokens(e *testEnv, accountID string) []*store.ServiceAccountToken {
	var out []*store.ServiceAccountToken
	for _, t := range e.mock.ServiceAccountTokens(accountID) {
		if !t.Impersonation {
			out = append(out, t)
		}
	}
	return out
}

// saWorkingTokens returns every long-lived token that still
// authenticates: not deleted, of an account that is neither deleted nor
// expired. (Tokens of a deleted account stay in the mock, as in Gitpod,
// but authenticate nothing.)
func saWorkingTokens(e *testEnv) []*store.ServiceAccountToken {
	var out []*store.ServiceAccountToken
	now := e.clock.Now()
	for _, a := range e.mock.ServiceAccounts("") {
		if a.Suspended || !now.Before(a.ValidUntil) {
			continue
		}
		for _, t := range saLiveTokens(e, a.ID) {
			if now.Before(t.ExpiresAt) {
				out = append(out, t)
			}
		}
	}
	return out
}

// saDestroyed is a CheckDestroy: every account Terraform made is deleted
// (suspended), and no long-lived token that works is left.
func saDestroyed(e *testEnv) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if left := saManaged(e); len(left) != 0 {
			return fmt.Errorf("%d service account(s) left after destroy, first %q", len(left), left[0].Name)
		}
		if left := saWorkingTokens(e); len(left) != 0 {
			return fmt.Errorf("%d service account token(s) left after destroy, first %q", len(left), left[0].Description)
		}
		return nil
	}
}

// saTokenOf returns the live long-lived token whose value is value, or
// nil; it records nothing (unlike authenticating).
func saTokenOf(e *testEnv, value string) *store.ServiceAccountToken {
	st := e.mock.Store()
	st.Mu.Lock()
	defer st.Mu.Unlock()
	t := st.ServiceAccountCredential(value)
	if t == nil || t.Impersonation {
		return nil
	}
	c := *t
	return &c
}

// saValueWorks checks that the token in state at address is the value of
// the live token with the ID in state, of the account in state, and has
// not expired.
type saValueWorks struct {
	e       *testEnv
	address string
}

func (c saValueWorks) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	attrs, err := tokStateAttrs(req.State, c.address)
	if err != nil {
		resp.Error = err
		return
	}
	value, _ := attrs["token"].(string)
	if !tokIssued(c.e, value) {
		resp.Error = fmt.Errorf("%s: the token in state was never issued by the mock", c.address)
		return
	}
	t := saTokenOf(c.e, value)
	id, _ := attrs["id"].(string)
	account, _ := attrs["service_account_id"].(string)
	switch {
	case t == nil:
		resp.Error = fmt.Errorf("%s: the token in state is no live service account token", c.address)
	case t.ID != id || t.ServiceAccountID != account:
		resp.Error = fmt.Errorf("%s: the token in state is the value of token %s of account %s, not of %s of %s", c.address, t.ID, t.ServiceAccountID, id, account)
	case !c.e.clock.Now().Before(t.ExpiresAt):
		resp.Error = fmt.Errorf("%s: the token in state expired at %s", c.address, t.ExpiresAt)
	}
}

// saAccessTokenValues returns the values of every access token the mock
// issued (impersonation), found by their hashes.
func saAccessTokenValues(e *testEnv) []string {
	st := e.mock.Store()
	st.Mu.Lock()
	hashes := map[string]bool{}
	for _, t := range st.ServiceAccountTokens {
		if t.Impersonation {
			hashes[t.Hash] = true
		}
	}
	st.Mu.Unlock()
	var out []string
	for _, v := range e.mock.IssuedSecrets() {
		if hashes[store.HashOf(v)] {
			out = append(out, v)
		}
	}
	return out
}

// saNoAccessToken fails when any access token value appears in v (a plan
// or a state), and when none was issued.
func saNoAccessToken(e *testEnv, what string, v any) error {
	return noneIn(v, what, "service account access token value", saAccessTokenValues(e))
}

type saPlanHasNoAccessToken struct{ e *testEnv }

func (c saPlanHasNoAccessToken) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	resp.Error = saNoAccessToken(c.e, "plan JSON", req.Plan)
}

type saStateHasNoAccessToken struct{ e *testEnv }

func (c saStateHasNoAccessToken) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	resp.Error = saNoAccessToken(c.e, "state JSON", req.State)
}

// saServiceAccountCalls counts the calls of every ServiceAccountService
// method.
func saServiceAccountCalls(e *testEnv) int {
	n := 0
	for p, c := range e.mock.AllCalls() {
		if strings.Contains(p, "ServiceAccountService/") {
			n += c
		}
	}
	return n
}

// saStateAttr reads an attribute of a resource in the flat state.
func saStateAttr(s *terraform.State, address, name string) string {
	v, _ := attr(s, address, name)
	return v
}
