package provider_test

import (
	"fmt"
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/echoprovider"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/gitpod-community/terraform-provider-gitpod/internal/mockapi"
	"github.com/gitpod-community/terraform-provider-gitpod/internal/mockapi/store"
	"github.com/gitpod-community/terraform-provider-gitpod/internal/provider"
)

// The tests run the providers in-process, and the CLI reattaches to them
// under <TF_ACC_PROVIDER_HOST>/<TF_ACC_PROVIDER_NAMESPACE>/<factory name>.
// Pinning both here, and naming the same full addresses in every
// configuration (requiredProviders), makes the tests work the same under
// Terraform and OpenTofu: without a namespace terraform-plugin-testing also
// registers the legacy "-" namespace, which OpenTofu refuses; and a
// configuration without required_providers means hashicorp/gitpod on the
// CLI's own default registry, which differs between the two.
const (
	testProviderHost      = "registry.terraform.io"
	testProviderNamespace = "gitpod-community"
)

func TestMain(m *testing.M) {
	for k, v := range map[string]string{
		resource.EnvTfAccProviderHost:      testProviderHost,
		resource.EnvTfAccProviderNamespace: testProviderNamespace,
	} {
		if err := os.Setenv(k, v); err != nil {
			panic(err)
		}
	}
	code := m.Run()
	if buildDir != "" {
		_ = os.RemoveAll(buildDir)
	}
	os.Exit(code)
}

// checkProviders are extra local names served by their own instances of
// the provider. A test that needs a second provider configuration (to use
// a token it made) uses one of them rather than an alias: in these
// in-process tests every alias of a provider shares one server, while in
// real use each configuration runs in its own process.
var checkProviders = []string{"gitpodci", "gitpodcheck", "gitpodfirst", "gitpodsecond"}

// requiredProviders names the full source address of every provider the
// factories serve.
var requiredProviders = func() string {
	var b strings.Builder
	b.WriteString("\nterraform {\n  required_providers {\n")
	for _, name := range append([]string{"gitpod", "echo"}, checkProviders...) {
		fmt.Fprintf(&b, "    %s = { source = \"%s/%s/%s\" }\n", name, testProviderHost, testProviderNamespace, name)
	}
	b.WriteString("  }\n}\n")
	return b.String()
}()

// The API generations every acceptance test runs against.
var apis = []string{"classic", "v1"}

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

// testEnv is one test's mock API (serving both generations), clock, and the
// API generation the provider is told to speak.
type testEnv struct {
	api   string
	mock  *mockapi.Server
	url   string
	clock *testClock
	opts  []provider.Option
}

// newTestEnv starts a mock with the demo data: Alice owns the organization
// Acme Engineering (a Classic team; she is its gitpod.v1 admin), Bob and
// Carol are members.
func newTestEnv(t *testing.T, api string) *testEnv {
	t.Helper()
	clock := newTestClock()
	mock, err := mockapi.New(mockapi.DemoFixtures(), mockapi.WithClock(clock.Now))
	if err != nil {
		t.Fatal(err)
	}
	mock.SetStopDelay(0)
	return &testEnv{api: api, mock: mock, url: mock.Start(t).URL, clock: clock}
}

// forEachAPI runs a test once per API generation, as subtests; they run in
// parallel when f uses resource.ParallelTest (which calls t.Parallel).
func forEachAPI(t *testing.T, f func(t *testing.T, e *testEnv)) {
	t.Helper()
	for _, api := range apis {
		t.Run(api, func(t *testing.T) {
			f(t, newTestEnv(t, api))
		})
	}
}

func (e *testEnv) classic() bool { return e.api == "classic" }

// pick returns the value for the API generation in use.
func pick[T any](e *testEnv, classic, v1 T) T {
	if e.classic() {
		return classic
	}
	return v1
}

func (e *testEnv) factories() map[string]func() (tfprotov6.ProviderServer, error) {
	opts := append([]provider.Option{provider.WithClock(e.clock.Now)}, e.opts...)
	f := map[string]func() (tfprotov6.ProviderServer, error){
		"gitpod": providerserver.NewProtocol6WithError(provider.New("test", opts...)()),
		"echo":   echoprovider.NewProviderServer(),
	}
	for _, name := range checkProviders {
		f[name] = providerserver.NewProtocol6WithError(provider.New("test", opts...)())
	}
	return f
}

// providerBlock configures the provider against this test's mock as the
// user of token. Retries are fast so that fault tests finish quickly.
func (e *testEnv) providerBlock(token string) string {
	return requiredProviders + fmt.Sprintf(`
provider "gitpod" {
  host              = %q
  api               = %q
  token             = %q
  max_retries       = 4
  retry_max_backoff = "2s"
}
`, e.url, e.api, token)
}

// config prefixes a configuration with the provider block for Alice.
func (e *testEnv) config(body string) string {
	return e.providerBlock(mockapi.DemoAliceToken) + body
}

// generation is the store's name for the API in use.
func (e *testEnv) generation() store.Generation {
	if e.classic() {
		return store.Classic
	}
	return store.V1
}

// liveTokens returns Alice's tokens of the API in use.
func (e *testEnv) liveTokens() []*store.Token {
	var out []*store.Token
	for _, t := range e.mock.Tokens(mockapi.DemoAliceID) {
		if t.Generation == e.generation() {
			out = append(out, t)
		}
	}
	return out
}

// teamExists reports whether a team (an organization on Classic) exists.
func (e *testEnv) teamExists(id string) bool {
	if e.classic() {
		return e.mock.Organization(id) != nil
	}
	return e.mock.Team(id) != nil
}

// teamCount is the number of teams (organizations on Classic besides the
// demo organization) that exist.
func (e *testEnv) teamCount() int {
	if e.classic() {
		return len(e.mock.Organizations()) - 1
	}
	return len(e.mock.Teams())
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

// hclString is s as an HCL string literal: quotes, backslashes and
// template openers escaped, and every character that is not printable
// written as \uNNNN, so that tests can configure control characters.
func hclString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for i, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case (r == '$' || r == '%') && strings.HasPrefix(s[i+1:], "{"):
			b.WriteRune(r)
			b.WriteRune(r)
		case unicode.IsPrint(r):
			b.WriteRune(r)
		case r > 0xFFFF:
			fmt.Fprintf(&b, "\\U%08X", r)
		default:
			fmt.Fprintf(&b, "\\u%04X", r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// teamName is the name the mock holds for a team (an organization on
// Classic), or "".
func (e *testEnv) teamName(id string) string {
	if e.classic() {
		if o := e.mock.Organization(id); o != nil {
			return o.Name
		}
		return ""
	}
	if t := e.mock.Team(id); t != nil {
		return t.Name
	}
	return ""
}
