package provider_test

import (
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/gitpod-community/terraform-provider-gitpod/internal/mockapi"
)

func TestAccPersonalAccessTokensDataSource(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	now := e.clock.Now()
	day := 24 * time.Hour
	ciSoon, _ := e.mock.CreatePATFor(mockapi.DemoAliceID, "ci-deploy", []string{"*"}, now.Add(10*day))
	e.clock.Advance(time.Second)
	ciLater, _ := e.mock.CreatePATFor(mockapi.DemoAliceID, "ci-release", nil, now.Add(80*day))
	e.clock.Advance(time.Second)
	laptop, _ := e.mock.CreatePATFor(mockapi.DemoAliceID, "laptop", []string{"*"}, now.Add(5*day))
	// Bob's token is never visible to Alice.
	e.mock.CreatePATFor(mockapi.DemoBobID, "ci-bob", []string{"*"}, now.Add(day))
	expired := func() { e.clock.Advance(6 * day) }

	ds := "data.gitpod_personal_access_tokens."
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		Steps: []resource.TestStep{
			{
				Config: e.config(`
data "gitpod_personal_access_tokens" "all" {}

data "gitpod_personal_access_tokens" "ci" {
  name_regex = "^ci-"
}

data "gitpod_personal_access_tokens" "ci_this_month" {
  name_regex           = "^ci-"
  expiring_within_days = 30
}
`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(ds+"all", tfjsonpath.New("ids"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.StringExact(ciSoon.GetId()), knownvalue.StringExact(ciLater.GetId()), knownvalue.StringExact(laptop.GetId()),
					})),
					statecheck.ExpectKnownValue(ds+"all", tfjsonpath.New("tokens").AtSliceIndex(0), knownvalue.ObjectExact(map[string]knownvalue.Check{
						"id":          knownvalue.StringExact(ciSoon.GetId()),
						"name":        knownvalue.StringExact("ci-deploy"),
						"description": knownvalue.StringExact(""),
						"scopes":      knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact("*")}),
						"created_at":  knownvalue.StringExact(rfc3339(now)),
						"expires_at":  knownvalue.StringExact(rfc3339(now.Add(10 * day))),
						"expired":     knownvalue.Bool(false),
					})),
					statecheck.ExpectKnownValue(ds+"ci", tfjsonpath.New("ids"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.StringExact(ciSoon.GetId()), knownvalue.StringExact(ciLater.GetId()),
					})),
					statecheck.ExpectKnownValue(ds+"ci_this_month", tfjsonpath.New("ids"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.StringExact(ciSoon.GetId()),
					})),
				},
			},
			{
				PreConfig: expired,
				Config: e.config(`
data "gitpod_personal_access_tokens" "expired_or_soon" {
  expiring_within_days = 0
}
`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(ds+"expired_or_soon", tfjsonpath.New("tokens"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectPartial(map[string]knownvalue.Check{"id": knownvalue.StringExact(laptop.GetId()), "expired": knownvalue.Bool(true)}),
					})),
				},
			},
			{
				Config:      e.config(`data "gitpod_personal_access_tokens" "bad" { name_regex = "ci-(" }`),
				ExpectError: errorMatching("Invalid regular expression"),
			},
			{
				Config:      e.config(`data "gitpod_personal_access_tokens" "bad" { expiring_within_days = -1 }`),
				ExpectError: errorMatching("expiring_within_days value must be at least 0"),
			},
			// The test's final destroy runs with the last step's configuration.
			{Config: e.config(`data "gitpod_personal_access_tokens" "all" {}`)},
		},
	})
}
