package provider_test

import (
	"fmt"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/echoprovider"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/gitpod-community/terraform-provider-gitpod/internal/mockapi"
	"github.com/gitpod-community/terraform-provider-gitpod/internal/provider"
)

// testClock is a clock shared by one test's mock and provider, so that tests
// can move time (token expiry, rotation windows) without sleeping.
type testClock struct {
	mu  sync.Mutex
	now time.Time
}

func newTestClock() *testClock {
	return &testClock{now: time.Now().UTC().Truncate(time.Second)}
}

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *testClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// testEnv is one test's mock API, clock and provider factories.
type testEnv struct {
	mock  *mockapi.Server
	url   string
	clock *testClock
}

func newTestEnv(t *testing.T) *testEnv {
	t.Helper()
	mock, err := mockapi.New(mockapi.DemoFixtures())
	if err != nil {
		t.Fatal(err)
	}
	clock := newTestClock()
	mock.SetClock(clock.Now)
	return &testEnv{mock: mock, url: mock.Start(t).URL, clock: clock}
}

func (e *testEnv) factories() map[string]func() (tfprotov6.ProviderServer, error) {
	return map[string]func() (tfprotov6.ProviderServer, error){
		"gitpod": providerserver.NewProtocol6WithError(provider.New("test", provider.WithClock(e.clock.Now))()),
		"echo":   echoprovider.NewProviderServer(),
	}
}

// providerBlock configures the provider against this test's mock as the
// given user. Retries are fast so that fault tests finish quickly.
func (e *testEnv) providerBlock(token string) string {
	return fmt.Sprintf(`
provider "gitpod" {
  host              = %q
  token             = %q
  max_retries       = 4
  retry_max_backoff = "2s"
}
`, e.url, token)
}

// config prefixes a configuration with the provider block for Alice.
func (e *testEnv) config(body string) string {
	return e.providerBlock(mockapi.DemoAliceToken) + body
}

// attr reads an attribute of a resource from the state in a Check or an
// ImportStateIdFunc.
func attr(s *terraform.State, address, name string) (string, error) {
	rs, ok := s.RootModule().Resources[address]
	if !ok {
		return "", fmt.Errorf("%s not in state", address)
	}
	return rs.Primary.Attributes[name], nil
}

var uuidRE = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)

// errorMatching builds an ExpectError pattern from plain phrases that must
// appear in order. Terraform wraps diagnostics at any space, so every space
// in a phrase matches any run of white space.
func errorMatching(phrases ...string) *regexp.Regexp {
	parts := make([]string, len(phrases))
	for i, p := range phrases {
		parts[i] = strings.Join(strings.Fields(regexp.QuoteMeta(p)), `\s+`)
	}
	return regexp.MustCompile(`(?s)` + strings.Join(parts, ".*"))
}
