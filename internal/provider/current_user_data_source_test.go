package provider_test

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/gitpod-community/terraform-provider-gitpod/internal/mockapi"
)

// TestAccCurrentUser reads who the token belongs to: on Classic without
// email and organization (the API does not say), on gitpod.v1 with both.
// Bob's token reads Bob.
func TestAccCurrentUser(t *testing.T) {
	forEachAPI(t, func(t *testing.T, e *testEnv) {
		const me = "data.gitpod_current_user.me"
		resource.ParallelTest(t, resource.TestCase{
			ProtoV6ProviderFactories: e.factories(),
			Steps: []resource.TestStep{
				{
					Config: e.config(`data "gitpod_current_user" "me" {}`),
					ConfigStateChecks: []statecheck.StateCheck{
						statecheck.ExpectKnownValue(me, tfjsonpath.New("id"), knownvalue.StringExact(demoAlice)),
						statecheck.ExpectKnownValue(me, tfjsonpath.New("name"), knownvalue.StringExact(pick(e, "alice", "Alice Example"))),
						statecheck.ExpectKnownValue(me, tfjsonpath.New("email"), pick[knownvalue.Check](e, knownvalue.Null(), knownvalue.StringExact("alice@example.com"))),
						statecheck.ExpectKnownValue(me, tfjsonpath.New("organization_id"), pick[knownvalue.Check](e, knownvalue.Null(), knownvalue.StringExact(mockapi.DemoOrgID))),
						statecheck.ExpectKnownValue(me, tfjsonpath.New("created_at"), knownvalue.NotNull()),
						statecheck.ExpectKnownValue(me, tfjsonpath.New("api"), knownvalue.StringExact(e.api)),
					},
				},
				{
					Config: e.configAs(mockapi.DemoBobToken, `data "gitpod_current_user" "me" {}`),
					ConfigStateChecks: []statecheck.StateCheck{
						statecheck.ExpectKnownValue(me, tfjsonpath.New("id"), knownvalue.StringExact(demoBob)),
						statecheck.ExpectKnownValue(me, tfjsonpath.New("email"), pick[knownvalue.Check](e, knownvalue.Null(), knownvalue.StringExact("bob@example.com"))),
					},
				},
			},
		})
	})
}
