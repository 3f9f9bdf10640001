package provider_test

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/gitpod-community/terraform-provider-gitpod/internal/mockapi"
)

// Helpers shared by the personal access token tests.

const tokAddr = "gitpod_personal_access_token.t"

// tokOnlyAPI runs a test for one API generation, for behaviour that exists
// on that generation only.
func tokOnlyAPI(t *testing.T, api string, f func(t *testing.T, e *testEnv)) {
	t.Helper()
	t.Run(api, func(t *testing.T) { f(t, newTestEnv(t, api)) })
}

// tokConfig is Alice's provider and one gitpod_personal_access_token "t"
// with the given arguments.
func tokConfig(e *testEnv, args string) string {
	return e.config(fmt.Sprintf(`
resource "gitpod_personal_access_token" "t" {
%s
}
`, args))
}

// tokAliasCheck configures a second provider that authenticates with
// tokenExpr and reads gitpod_current_user through it: the read succeeds
// only when the value works. The second provider is one of the harness's
// checkProviders ("gitpod" + name), a separate instance, as an alias would
// be in real use.
func tokAliasCheck(e *testEnv, name, tokenExpr string) string {
	return fmt.Sprintf(`
provider "gitpod%[1]s" {
  host              = %[2]q
  api               = %[3]q
  token             = %[4]s
  max_retries       = 0
}

data "gitpod_current_user" %[1]q {
  provider = gitpod%[1]s
}
`, name, e.url, e.api, tokenExpr)
}

// tokAuthenticates reports whether value is a live personal access token
// of Alice in the mock (not a fixture credential), as the mock's own
// authentication decides: unknown, deleted and expired values fail.
func tokAuthenticates(e *testEnv, value string) error {
	if value == "" {
		return fmt.Errorf("the token value is empty")
	}
	st := e.mock.Store()
	st.Mu.Lock()
	defer st.Mu.Unlock()
	p, err := st.Authenticate(value)
	switch {
	case err != nil:
		return fmt.Errorf("the token value does not authenticate: %w", err)
	case p.Token == nil:
		return fmt.Errorf("the token value is a fixture credential, not a personal access token")
	case p.UserID != mockapi.DemoAliceID:
		return fmt.Errorf("the token value authenticates as %s, not Alice", p.UserID)
	}
	return nil
}

// tokIssued reports whether the mock handed out value.
func tokIssued(e *testEnv, value string) bool {
	return slices.Contains(e.mock.IssuedSecrets(), value)
}

// tokValueWorks checks that the token in state at address was issued by
// the mock and authenticates as Alice; with id, that it belongs to the
// token with the ID in state.
type tokValueWorks struct {
	e       *testEnv
	address string
}

func (c tokValueWorks) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
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
	if err := tokAuthenticates(c.e, value); err != nil {
		resp.Error = fmt.Errorf("%s: %w", c.address, err)
		return
	}
	id, _ := attrs["id"].(string)
	if owner := tokOwnerID(c.e, value); owner != id {
		resp.Error = fmt.Errorf("%s: the token in state is the value of token %q, not of %s, the ID in state", c.address, owner, id)
	}
}

// tokOwnerID is the ID of the live token whose value is value, or "".
func tokOwnerID(e *testEnv, value string) string {
	st := e.mock.Store()
	st.Mu.Lock()
	defer st.Mu.Unlock()
	p, err := st.Authenticate(value)
	if err != nil || p.Token == nil {
		return ""
	}
	return p.Token.ID
}

// tokStateAttrs returns the attributes of a resource in a state (a
// *tfjson.State, read through its JSON form).
func tokStateAttrs(state any, address string) (map[string]any, error) {
	b, err := json.Marshal(state)
	if err != nil {
		return nil, err
	}
	var s struct {
		Values *struct {
			RootModule *struct {
				Resources []struct {
					Address string         `json:"address"`
					Values  map[string]any `json:"values"`
				} `json:"resources"`
			} `json:"root_module"`
		} `json:"values"`
	}
	if err := json.Unmarshal(b, &s); err != nil {
		return nil, err
	}
	if s.Values == nil || s.Values.RootModule == nil {
		return nil, fmt.Errorf("no state")
	}
	for _, r := range s.Values.RootModule.Resources {
		if r.Address == address {
			return r.Values, nil
		}
	}
	return nil, fmt.Errorf("%s not in state", address)
}

// tokNoSecret fails when any value the mock issued appears in v as JSON,
// and when none was issued (the check would prove nothing).
func tokNoSecret(e *testEnv, what string, v any) error {
	return noneIn(v, what, "token value", e.mock.IssuedSecrets())
}

// noneIn fails when any of secrets appears in v as JSON, and when there
// are none (the check would prove nothing); kind names them.
func noneIn(v any, what, kind string, secrets []string) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	if len(secrets) == 0 {
		return fmt.Errorf("no %s was issued, so the %s check proves nothing", kind, what)
	}
	for _, s := range secrets {
		if strings.Contains(string(b), s) {
			return fmt.Errorf("a %s appears in the %s", kind, what)
		}
	}
	return nil
}

type tokPlanHasNoSecret struct{ e *testEnv }

func (c tokPlanHasNoSecret) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	resp.Error = tokNoSecret(c.e, "plan JSON", req.Plan)
}

type tokStateHasNoSecret struct{ e *testEnv }

func (c tokStateHasNoSecret) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	resp.Error = tokNoSecret(c.e, "state JSON", req.State)
}

// tokTimeNear matches an RFC 3339 value within a second of want().
func tokTimeNear(want func() time.Time) knownvalue.Check {
	return knownvalue.StringFunc(func(v string) error {
		got, err := time.Parse(time.RFC3339Nano, v)
		if err != nil {
			return err
		}
		if d := got.Sub(want()); d < -time.Second || d > time.Second {
			return fmt.Errorf("%s is %s away from %s", v, d, want().Format(time.RFC3339))
		}
		return nil
	})
}

// tokLive checks how many tokens of the API in use Alice holds.
func tokLive(e *testEnv, want int) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if got := len(e.liveTokens()); got != want {
			return fmt.Errorf("the mock holds %d live tokens of Alice, want %d", got, want)
		}
		return nil
	}
}

// tokDestroyed is a CheckDestroy: no token of Alice is left.
func tokDestroyed(e *testEnv) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		if n := len(e.liveTokens()); n != 0 {
			return fmt.Errorf("%d token(s) left after destroy", n)
		}
		return nil
	}
}

// tokStateValue reads an attribute from the shimmed state.
func tokStateValue(s *terraform.State, name string) string {
	v, _ := attr(s, tokAddr, name)
	return v
}
