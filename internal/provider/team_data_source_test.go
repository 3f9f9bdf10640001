package provider_test

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	gitpodv1 "github.com/gitpod-community/terraform-provider-gitpod/internal/api/gen/gitpod/experimental/v1"
	"github.com/gitpod-community/terraform-provider-gitpod/internal/mockapi"
)

func TestAccTeamDataSource(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	const lookups = `
data "gitpod_team" "by_id" {
  id = gitpod_team.test.id
}

data "gitpod_team" "by_slug" {
  slug = gitpod_team.test.slug
}
`
	aliceMember := knownvalue.ObjectPartial(map[string]knownvalue.Check{
		"user_id":       knownvalue.StringExact(mockapi.DemoAliceID),
		"role":          knownvalue.StringExact("owner"),
		"full_name":     knownvalue.StringExact("Alice Example"),
		"primary_email": knownvalue.StringExact("alice@example.com"),
		"member_since":  knownvalue.NotNull(),
	})
	bobMember := knownvalue.ObjectPartial(map[string]knownvalue.Check{
		"user_id": knownvalue.StringExact(mockapi.DemoBobID),
		"role":    knownvalue.StringExact("member"),
	})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		CheckDestroy:             teamsDestroyed(e),
		Steps: []resource.TestStep{
			{
				Config:      e.config(`data "gitpod_team" "x" { slug = "no-such-team" }`),
				PlanOnly:    true,
				ExpectError: errorMatching("Team not found", `No team with slug "no-such-team"`),
			},
			{
				Config:      e.config(`data "gitpod_team" "x" {}`),
				PlanOnly:    true,
				ExpectError: errorMatching("Exactly one of these attributes must be configured: [id,slug]"),
			},
			{
				Config:      e.config(`data "gitpod_team" "x" { id = "nope" }`),
				PlanOnly:    true,
				ExpectError: errorMatching("must be a UUID"),
			},
			{
				Config: e.config(teamConfig("Readers", "")),
				Check: func(s *terraform.State) error {
					// Bob joins outside Terraform, as through the invitation.
					id, err := attr(s, teamAddr, "id")
					if err != nil {
						return err
					}
					return e.mock.AddMember(id, mockapi.DemoBobID, gitpodv1.TeamRole_TEAM_ROLE_MEMBER)
				},
			},
			{
				Config: e.config(teamConfig("Readers", "") + lookups),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.gitpod_team.by_id", tfjsonpath.New("name"), knownvalue.StringExact("Readers")),
					statecheck.ExpectKnownValue("data.gitpod_team.by_id", tfjsonpath.New("slug"), knownvalue.StringExact("readers")),
					statecheck.ExpectKnownValue("data.gitpod_team.by_id", tfjsonpath.New("members"), knownvalue.ListExact([]knownvalue.Check{aliceMember, bobMember})),
					statecheck.ExpectKnownValue("data.gitpod_team.by_slug", tfjsonpath.New("members"), knownvalue.ListSizeExact(2)),
					statecheck.CompareValuePairs("data.gitpod_team.by_slug", tfjsonpath.New("id"), teamAddr, tfjsonpath.New("id"), compare.ValuesSame()),
				},
			},
		},
	})
}
