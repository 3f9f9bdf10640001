package provider_test

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/gitpod-community/terraform-provider-gitpod/internal/mockapi"
	"github.com/gitpod-community/terraform-provider-gitpod/internal/mockapi/store"
)

const currentUser = `
data "gitpod_current_user" "me" {}
`

// TestAccProvider_autoDetectsTheAPI checks api = "auto": a host that serves
// gitpod.v1 is spoken to in gitpod.v1, a Classic installation (where the
// gitpod.v1 paths answer 404) in Classic.
func TestAccProvider_autoDetectsTheAPI(t *testing.T) {
	for _, tc := range []struct {
		name string
		gens []store.Generation
		want string
	}{
		{name: "both", gens: []store.Generation{store.Classic, store.V1}, want: "v1"},
		{name: "classic installation", gens: []store.Generation{store.Classic}, want: "classic"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			mock, err := mockapi.New(mockapi.DemoFixtures(), mockapi.WithGenerations(tc.gens...))
			if err != nil {
				t.Fatal(err)
			}
			url := mock.Start(t).URL
			e := &testEnv{api: "auto", mock: mock, url: url, clock: newTestClock()}
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: e.factories(),
				Steps: []resource.TestStep{{
					Config: requiredProviders + fmt.Sprintf(`
provider "gitpod" {
  host  = %q
  token = %q
}
`, url, mockapi.DemoAliceToken) + currentUser,
					ConfigStateChecks: []statecheck.StateCheck{
						statecheck.ExpectKnownValue("data.gitpod_current_user.me", tfjsonpath.New("api"), knownvalue.StringExact(tc.want)),
						statecheck.ExpectKnownValue("data.gitpod_current_user.me", tfjsonpath.New("id"), knownvalue.StringExact(mockapi.DemoAliceID)),
					},
				}},
			})
			if got := mock.Calls("gitpod.v1.IdentityService/GetAuthenticatedIdentity"); tc.want == "v1" && got == 0 {
				t.Fatal("auto detection never asked the host")
			}
		})
	}
}

// TestAccProvider_arguments checks plan-time errors for bad provider
// arguments, each on its attribute with the rule in the message.
func TestAccProvider_arguments(t *testing.T) {
	e := newTestEnv(t, "v1")
	for _, tc := range []struct {
		name, block, want string
	}{
		{"plain http off loopback", `host = "http://127.attacker.example.com"` + "\n  token = \"x\"", "plain http is only allowed for loopback hosts"},
		{"user info in host", fmt.Sprintf(`host = "http://user:pw@%s"`, e.url[len("http://"):]) + "\n  token = \"x\"", "must not contain user information"},
		{"token with newline", fmt.Sprintf("host = %q\n  token = \"abc\\n\"", e.url), "starts or ends with white space"},
		{"unknown api", fmt.Sprintf("host = %q\n  token = \"x\"\n  api = \"v2\"", e.url), `value must be one of`},
		{"classic without host", "token = \"x\"\n  api = \"classic\"", "Gitpod Classic needs a host"},
		{"too many retries", fmt.Sprintf("host = %q\n  token = \"x\"\n  max_retries = 11", e.url), "must be between 0 and 10"},
		{"timeout too short", fmt.Sprintf("host = %q\n  token = \"x\"\n  request_timeout = \"10ms\"", e.url), "must be between 1s and 10m0s"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: e.factories(),
				Steps: []resource.TestStep{{
					Config:      requiredProviders + "provider \"gitpod\" {\n  " + tc.block + "\n}\n" + currentUser,
					ExpectError: errorMatching(tc.want),
				}},
			})
		})
	}
}

// TestAccProvider_environment reads the token from GITPOD_API_KEY when
// GITPOD_TOKEN is unset, and checks the environment's numeric settings. It
// sets environment variables, so it cannot run in parallel.
func TestAccProvider_environment(t *testing.T) {
	e := newTestEnv(t, "v1")
	cfg := requiredProviders + "provider \"gitpod\" {}\n" + currentUser
	t.Setenv("GITPOD_HOST", e.url)
	t.Setenv("GITPOD_API", "classic")
	t.Setenv("GITPOD_TOKEN", "")
	t.Setenv("GITPOD_API_KEY", mockapi.DemoBobToken)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		Steps: []resource.TestStep{{
			Config: cfg,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.gitpod_current_user.me", tfjsonpath.New("id"), knownvalue.StringExact(mockapi.DemoBobID)),
				statecheck.ExpectKnownValue("data.gitpod_current_user.me", tfjsonpath.New("api"), knownvalue.StringExact("classic")),
			},
		}},
	})
	for env, val := range map[string]string{"GITPOD_REQUEST_TIMEOUT": "forever", "GITPOD_MAX_RETRIES": "99", "GITPOD_RETRY_MAX_BACKOFF": "-1s"} {
		t.Run(env, func(t *testing.T) {
			t.Setenv(env, val)
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: e.factories(),
				Steps:                    []resource.TestStep{{Config: cfg, ExpectError: errorMatching("Invalid "+env, val)}},
			})
		})
	}
	t.Run("GITPOD_TOKEN wins", func(t *testing.T) {
		t.Setenv("GITPOD_TOKEN", mockapi.DemoAliceToken)
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: e.factories(),
			Steps: []resource.TestStep{{
				Config: cfg,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.gitpod_current_user.me", tfjsonpath.New("id"), knownvalue.StringExact(mockapi.DemoAliceID)),
				},
			}},
		})
	})
	t.Run("no token", func(t *testing.T) {
		t.Setenv("GITPOD_API_KEY", "")
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: e.factories(),
			Steps:                    []resource.TestStep{{Config: cfg, ExpectError: errorMatching("Missing Gitpod token", "GITPOD_TOKEN")}},
		})
	})
}

// TestAccProvider_failureMessages checks the wording of failures a new user
// meets: a wrong API generation, a rejected token.
func TestAccProvider_failureMessages(t *testing.T) {
	classicOnly, err := mockapi.New(mockapi.DemoFixtures(), mockapi.WithGenerations(store.Classic))
	if err != nil {
		t.Fatal(err)
	}
	url := classicOnly.Start(t).URL
	e := newTestEnv(t, "v1")
	for _, tc := range []struct {
		name, block string
		want        []string
	}{
		{"v1 against a Classic installation", fmt.Sprintf("host = %q\n  api = \"v1\"\n  token = %q", url, mockapi.DemoAliceToken),
			[]string{"has no API method IdentityService/GetAuthenticatedIdentity", "api argument"}},
		{"unknown token", fmt.Sprintf("host = %q\n  api = \"v1\"\n  token = \"not-a-token\"", e.url),
			[]string{"did not accept the provider's token", "GITPOD_API_KEY"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: e.factories(),
				Steps: []resource.TestStep{{
					Config:      requiredProviders + "provider \"gitpod\" {\n  " + tc.block + "\n}\n" + currentUser,
					ExpectError: errorMatching(tc.want...),
				}},
			})
		})
	}
}
