package provider_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/gitpod-community/terraform-provider-gitpod/internal/mockapi"
	"github.com/gitpod-community/terraform-provider-gitpod/internal/tokenlife"
)

const tokListAddr = "data.gitpod_personal_access_tokens.l"

func tokListConfig(e *testEnv, args string) string {
	return e.config(fmt.Sprintf(`
data "gitpod_personal_access_tokens" "l" {
%s
}
`, args))
}

// TestAccPersonalAccessTokens_everyPage lists 130 tokens made out of band,
// more than one page of the API (Classic pages by number, gitpod.v1 by
// token), oldest first, without any value.
func TestAccPersonalAccessTokens_everyPage(t *testing.T) {
	forEachAPI(t, func(t *testing.T, e *testEnv) {
		const n = 130
		ids := make([]knownvalue.Check, 0, n)
		for i := range n {
			tok, _ := e.mock.CreateToken(e.generation(), mockapi.DemoAliceID, fmt.Sprintf("bulk-%03d", i), e.clock.Now().Add(30*tokenlife.Day))
			ids = append(ids, knownvalue.StringExact(tok.ID))
		}
		resource.ParallelTest(t, resource.TestCase{
			ProtoV6ProviderFactories: e.factories(),
			Steps: []resource.TestStep{{
				Config: tokListConfig(e, ""),
				ConfigStateChecks: []statecheck.StateCheck{
					tokStateHasNoSecret{e},
					statecheck.ExpectKnownValue(tokListAddr, tfjsonpath.New("ids"), knownvalue.ListExact(ids)),
					statecheck.ExpectKnownValue(tokListAddr, tfjsonpath.New("tokens"), knownvalue.ListSizeExact(n)),
					statecheck.ExpectKnownValue(tokListAddr, tfjsonpath.New("tokens").AtSliceIndex(n-1), knownvalue.ObjectPartial(map[string]knownvalue.Check{
						"id":          ids[n-1],
						"name":        knownvalue.StringExact(fmt.Sprintf("bulk-%03d", n-1)),
						"user_id":     knownvalue.StringExact(mockapi.DemoAliceID),
						"full_access": knownvalue.Bool(true),
						"read_only":   knownvalue.Bool(false),
						"expired":     knownvalue.Bool(false),
						"expires_at":  knownvalue.StringExact(e.clock.Now().Add(30 * tokenlife.Day).Format(time.RFC3339)),
					})),
				},
			}},
		})
	})
}

// TestAccPersonalAccessTokens_filters checks name_regex and
// expiring_within_days (expired tokens included; 0 and 36500 work, 36501
// does not).
func TestAccPersonalAccessTokens_filters(t *testing.T) {
	forEachAPI(t, func(t *testing.T, e *testEnv) {
		now := e.clock.Now()
		mk := func(name string, expires time.Duration) knownvalue.Check {
			tok, _ := e.mock.CreateToken(e.generation(), mockapi.DemoAliceID, name, now.Add(expires))
			return knownvalue.StringExact(tok.ID)
		}
		expired := mk("ci-old", -time.Hour)
		soon := mk("ci-soon", 2*tokenlife.Day)
		later := mk("deploy", 20*tokenlife.Day)
		far := mk("ci-far", 300*tokenlife.Day)
		ids := func(name string, c ...knownvalue.Check) statecheck.StateCheck {
			return statecheck.ExpectKnownValue("data.gitpod_personal_access_tokens."+name, tfjsonpath.New("ids"), knownvalue.ListExact(c))
		}
		resource.ParallelTest(t, resource.TestCase{
			ProtoV6ProviderFactories: e.factories(),
			Steps: []resource.TestStep{
				{
					Config:      tokListConfig(e, `expiring_within_days = 36501`),
					ExpectError: errorMatching("expiring_within_days value must be between 0 and 36500"),
				},
				{
					Config:      tokListConfig(e, `name_regex = "ci-("`),
					ExpectError: errorMatching("Invalid regular expression", "missing closing )"),
				},
				{
					Config: e.config(`
data "gitpod_personal_access_tokens" "regex" {
  name_regex = "^ci-"
}

data "gitpod_personal_access_tokens" "now" {
  expiring_within_days = 0
}

data "gitpod_personal_access_tokens" "week" {
  expiring_within_days = 7
}

data "gitpod_personal_access_tokens" "both" {
  name_regex           = "^ci-"
  expiring_within_days = 30
}

data "gitpod_personal_access_tokens" "all" {
  expiring_within_days = 36500
}
`),
					ConfigStateChecks: []statecheck.StateCheck{
						tokStateHasNoSecret{e},
						ids("regex", expired, soon, far),
						ids("now", expired),
						statecheck.ExpectKnownValue("data.gitpod_personal_access_tokens.now", tfjsonpath.New("tokens").AtSliceIndex(0).AtMapKey("expired"), knownvalue.Bool(true)),
						ids("week", expired, soon),
						ids("both", expired, soon),
						ids("all", expired, soon, later, far),
					},
				},
			},
		})
	})
}

// TestAccPersonalAccessTokens_otherUsers lists another member's tokens as
// Alice, an organization admin, on gitpod.v1; on Classic, which lists only
// the caller's tokens, user_ids is an error.
func TestAccPersonalAccessTokens_otherUsers(t *testing.T) {
	forEachAPI(t, func(t *testing.T, e *testEnv) {
		bobs, _ := e.mock.CreateToken(e.generation(), mockapi.DemoBobID, "bob-laptop", e.clock.Now().Add(10*tokenlife.Day))
		alices, _ := e.mock.CreateToken(e.generation(), mockapi.DemoAliceID, "alice-ci", e.clock.Now().Add(10*tokenlife.Day))
		step := resource.TestStep{Config: tokListConfig(e, fmt.Sprintf(`user_ids = [%q]`, mockapi.DemoBobID))}
		if e.classic() {
			step.ExpectError = errorMatching("Not available on this API", "lists only the provider's user's own tokens")
		} else {
			step.ConfigStateChecks = []statecheck.StateCheck{
				tokStateHasNoSecret{e},
				statecheck.ExpectKnownValue(tokListAddr, tfjsonpath.New("ids"), knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact(bobs.ID)})),
				statecheck.ExpectKnownValue(tokListAddr, tfjsonpath.New("tokens").AtSliceIndex(0), knownvalue.ObjectPartial(map[string]knownvalue.Check{
					"user_id":           knownvalue.StringExact(mockapi.DemoBobID),
					"name":              knownvalue.StringExact("bob-laptop"),
					"creator_id":        knownvalue.StringExact(mockapi.DemoBobID),
					"creator_principal": knownvalue.StringExact("user"),
				})),
			}
		}
		resource.ParallelTest(t, resource.TestCase{
			ProtoV6ProviderFactories: e.factories(),
			Steps: []resource.TestStep{
				{
					Config:      tokListConfig(e, `user_ids = ["not-a-uuid"]`),
					ExpectError: errorMatching("must be a user ID"),
				},
				step,
				{
					// Without user_ids: the caller's own tokens only.
					Config: tokListConfig(e, ""),
					ConfigStateChecks: []statecheck.StateCheck{
						statecheck.ExpectKnownValue(tokListAddr, tfjsonpath.New("ids"), knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact(alices.ID)})),
					},
				},
			},
		})
	})
}
