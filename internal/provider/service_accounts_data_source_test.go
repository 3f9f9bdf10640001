package provider_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck/queryfilter"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/gitpod-community/terraform-provider-gitpod/internal/mockapi"
	"github.com/gitpod-community/terraform-provider-gitpod/internal/tokenlife"
)

// TestAccServiceAccounts_everyPage lists 130 accounts made out of band,
// more than one page of the API, oldest first, with the system-managed
// demo account; search narrows the listing, and deleted accounts are
// listed only when asked for.
func TestAccServiceAccounts_everyPage(t *testing.T) {
	saV1(t, func(t *testing.T, e *testEnv) {
		const n = 130
		ids := []knownvalue.Check{knownvalue.StringExact(mockapi.DemoSystemServiceAccountID)}
		var deleted string
		for i := range n {
			id := saOutOfBand(t, e, fmt.Sprintf("bulk-%03d", i))
			ids = append(ids, knownvalue.StringExact(id))
			if i == 7 {
				deleted = id
			}
		}
		if err := e.mock.SuspendServiceAccount(deleted); err != nil {
			t.Fatal(err)
		}
		live := append(append([]knownvalue.Check(nil), ids[:8]...), ids[9:]...)
		const ds = "data.gitpod_service_accounts."
		resource.ParallelTest(t, resource.TestCase{
			ProtoV6ProviderFactories: e.factories(),
			Steps: []resource.TestStep{{
				Config: e.config(`
data "gitpod_service_accounts" "all" {}

data "gitpod_service_accounts" "with_deleted" {
  include_suspended = true
}

data "gitpod_service_accounts" "search" {
  search = "BULK-12"
}
`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(ds+"all", tfjsonpath.New("ids"), knownvalue.ListExact(live)),
					statecheck.ExpectKnownValue(ds+"with_deleted", tfjsonpath.New("ids"), knownvalue.ListExact(ids)),
					statecheck.ExpectKnownValue(ds+"search", tfjsonpath.New("ids"), knownvalue.ListExact(ids[121:131])),
					statecheck.ExpectKnownValue(ds+"all", tfjsonpath.New("service_accounts").AtSliceIndex(0), knownvalue.ObjectPartial(map[string]knownvalue.Check{
						"id":             knownvalue.StringExact(mockapi.DemoSystemServiceAccountID),
						"system_managed": knownvalue.Bool(true),
						"creator_id":     knownvalue.Null(),
					})),
					statecheck.ExpectKnownValue(ds+"with_deleted", tfjsonpath.New("service_accounts").AtSliceIndex(8), knownvalue.ObjectPartial(map[string]knownvalue.Check{
						"id":        knownvalue.StringExact(deleted),
						"suspended": knownvalue.Bool(true),
					})),
					statecheck.ExpectKnownValue(ds+"all", tfjsonpath.New("service_accounts").AtSliceIndex(n-1), knownvalue.ObjectPartial(map[string]knownvalue.Check{
						"name":            knownvalue.StringExact(fmt.Sprintf("bulk-%03d", n-1)),
						"organization_id": knownvalue.StringExact(mockapi.DemoOrgID),
						"creator_id":      knownvalue.StringExact(mockapi.DemoAliceID),
						"suspended":       knownvalue.Bool(false),
						"system_managed":  knownvalue.Bool(false),
						"expired":         knownvalue.Bool(false),
						"valid_until":     tokTimeNear(func() time.Time { return e.clock.Now().Add(365 * tokenlife.Day) }),
					})),
				},
			}},
		})
	})
}

// TestAccServiceAccount_identity imports the account and its token with
// import blocks that name their identities, and checks the identities kept
// in state.
func TestAccServiceAccount_identity(t *testing.T) {
	saV1(t, func(t *testing.T, e *testEnv) {
		cfg := saTokenConfig(e, saFar(e), `description = "deploy"`)
		resource.ParallelTest(t, resource.TestCase{
			TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_12_0)},
			ProtoV6ProviderFactories: e.factories(),
			CheckDestroy:             saDestroyed(e),
			Steps: []resource.TestStep{
				{
					Config: cfg,
					ConfigStateChecks: []statecheck.StateCheck{
						statecheck.ExpectIdentityValueMatchesState(saAddr, tfjsonpath.New("id")),
						statecheck.ExpectIdentityValueMatchesState(satAddr, tfjsonpath.New("id")),
						statecheck.ExpectIdentityValueMatchesStateAtPath(satAddr, tfjsonpath.New("service_account_id"), tfjsonpath.New("service_account_id")),
					},
				},
				{ResourceName: saAddr, ImportState: true, ImportStateKind: resource.ImportBlockWithResourceIdentity, Config: cfg},
				{ResourceName: satAddr, ImportState: true, ImportStateKind: resource.ImportBlockWithResourceIdentity, Config: cfg},
			},
		})
	})
}

// TestAccServiceAccount_query finds accounts made outside Terraform with
// `terraform query`: deleted and system-managed accounts are left out, as
// Terraform cannot manage them.
func TestAccServiceAccount_query(t *testing.T) {
	saV1(t, func(t *testing.T, e *testEnv) {
		saOutOfBand(t, e, "nightly builds")
		gone := saOutOfBand(t, e, "nightly old")
		if err := e.mock.SuspendServiceAccount(gone); err != nil {
			t.Fatal(err)
		}
		resource.ParallelTest(t, resource.TestCase{
			TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)},
			ProtoV6ProviderFactories: e.factories(),
			Steps: []resource.TestStep{
				{Config: e.config(saAccount("nightly deploys", "", saFar(e)))},
				{
					Query: true,
					Config: `
list "gitpod_service_account" "all" {
  provider         = gitpod
  include_resource = true
}

list "gitpod_service_account" "nightly" {
  provider = gitpod
  config {
    search = "NIGHTLY B"
  }
}
`,
					QueryResultChecks: []querycheck.QueryResultCheck{
						querycheck.ExpectLength("gitpod_service_account.all", 2),
						querycheck.ExpectLength("gitpod_service_account.nightly", 1),
						querycheck.ExpectResourceDisplayName("gitpod_service_account.nightly", queryfilter.ByDisplayName(knownvalue.StringExact("nightly builds")), knownvalue.StringExact("nightly builds")),
						querycheck.ExpectResourceKnownValues("gitpod_service_account.all", queryfilter.ByDisplayName(knownvalue.StringExact("nightly deploys")), []querycheck.KnownValueCheck{
							{Path: tfjsonpath.New("id"), KnownValue: knownvalue.StringRegexp(uuidRE)},
							{Path: tfjsonpath.New("creator_id"), KnownValue: knownvalue.StringExact(mockapi.DemoAliceID)},
						}),
					},
				},
			},
		})
	})
}
