package provider_test

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/gitpod-community/terraform-provider-gitpod/internal/mockapi"
)

func TestAccWorkspaceDataSource(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	ds := func(name string) string { return "data.gitpod_workspace." + name }
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		Steps: []resource.TestStep{
			{
				Config:      e.config(`data "gitpod_workspace" "bobs" { id = "bob-demo-api-1a2b3" }`),
				ExpectError: errorMatching("Workspace not found", "Only the provider user's own workspaces"),
			},
			{
				Config:      e.config(`data "gitpod_workspace" "empty" { id = "" }`),
				ExpectError: errorMatching("string length must be at least 1"),
			},
			{
				Config: e.config(`
data "gitpod_workspace" "running" { id = "alice-demo-api-7f3k2" }
data "gitpod_workspace" "stopped" { id = "alice-demo-web-9q8w1" }
data "gitpod_workspace" "no_instance" { id = "alice-demo-docs-4m5n6" }
`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(ds("running"), tfjsonpath.New("owner_id"), knownvalue.StringExact(mockapi.DemoAliceID)),
					statecheck.ExpectKnownValue(ds("running"), tfjsonpath.New("description"), knownvalue.StringExact("API service")),
					statecheck.ExpectKnownValue(ds("running"), tfjsonpath.New("context_url"), knownvalue.StringExact("https://github.com/example/api")),
					statecheck.ExpectKnownValue(ds("running"), tfjsonpath.New("repository_owner"), knownvalue.StringExact("example")),
					statecheck.ExpectKnownValue(ds("running"), tfjsonpath.New("repository_name"), knownvalue.StringExact("api")),
					statecheck.ExpectKnownValue(ds("running"), tfjsonpath.New("git_provider"), knownvalue.StringExact("github")),
					statecheck.ExpectKnownValue(ds("running"), tfjsonpath.New("git_host"), knownvalue.StringExact("github.com")),
					statecheck.ExpectKnownValue(ds("running"), tfjsonpath.New("instance_id"), knownvalue.StringExact("alice-demo-api-7f3k2-instance")),
					statecheck.ExpectKnownValue(ds("running"), tfjsonpath.New("phase"), knownvalue.StringExact("running")),
					statecheck.ExpectKnownValue(ds("running"), tfjsonpath.New("url"), knownvalue.StringExact("https://alice-demo-api-7f3k2.ws.gitpod.example")),
					statecheck.ExpectKnownValue(ds("running"), tfjsonpath.New("admission_level"), knownvalue.StringExact("owner_only")),
					statecheck.ExpectKnownValue(ds("running"), tfjsonpath.New("ports"), knownvalue.ListExact([]knownvalue.Check{knownvalue.ObjectExact(map[string]knownvalue.Check{
						"port":     knownvalue.Int64Exact(3000),
						"policy":   knownvalue.StringExact("private"),
						"url":      knownvalue.StringExact("https://3000-alice-demo-api-7f3k2.ws.gitpod.example"),
						"protocol": knownvalue.StringExact("http"),
					})})),
					statecheck.ExpectKnownValue(ds("stopped"), tfjsonpath.New("phase"), knownvalue.StringExact("stopped")),
					statecheck.ExpectKnownValue(ds("no_instance"), tfjsonpath.New("phase"), knownvalue.Null()),
					statecheck.ExpectKnownValue(ds("no_instance"), tfjsonpath.New("instance_id"), knownvalue.Null()),
					statecheck.ExpectKnownValue(ds("no_instance"), tfjsonpath.New("ports"), knownvalue.ListSizeExact(0)),
					statecheck.ExpectKnownValue(ds("no_instance"), tfjsonpath.New("git_provider"), knownvalue.StringExact("gitlab")),
				},
			},
		},
	})
}

func TestAccWorkspacesDataSource(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	// 3 demo workspaces plus 130: more than one page of 100.
	for i := range 130 {
		w := mockapi.Workspace{ID: fmt.Sprintf("bulk-%03d", i), OwnerID: mockapi.DemoAliceID, ContextURL: "https://github.com/example/service-" + fmt.Sprint(i%3)}
		if i%2 == 0 {
			w.OrganizationID = "org-even"
			w.Phase = "PHASE_RUNNING"
		}
		if err := e.mock.AddWorkspace(w); err != nil {
			t.Fatal(err)
		}
	}
	ds := func(name string) string { return "data.gitpod_workspaces." + name }
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		Steps: []resource.TestStep{
			{
				PreConfig: e.mock.ResetCalls,
				Config: e.config(fmt.Sprintf(`
data "gitpod_workspaces" "all" {}
data "gitpod_workspaces" "org" { organization_id = "org-even" }
data "gitpod_workspaces" "running" { phase = "running" }
data "gitpod_workspaces" "service_1" { context_url_regex = "service-1$" }
data "gitpod_workspaces" "mine" { owner_id = %q }
data "gitpod_workspaces" "bobs" { owner_id = %q }
data "gitpod_workspaces" "stopped_docs" {
  phase             = "stopped"
  context_url_regex = "example/web"
}
`, mockapi.DemoAliceID, mockapi.DemoBobID)),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(ds("all"), tfjsonpath.New("ids"), knownvalue.ListSizeExact(133)),
					// The API's order: the demo workspaces first, then bulk-000...
					statecheck.ExpectKnownValue(ds("all"), tfjsonpath.New("ids").AtSliceIndex(0), knownvalue.StringExact("alice-demo-api-7f3k2")),
					statecheck.ExpectKnownValue(ds("all"), tfjsonpath.New("ids").AtSliceIndex(3), knownvalue.StringExact("bulk-000")),
					statecheck.ExpectKnownValue(ds("all"), tfjsonpath.New("ids").AtSliceIndex(132), knownvalue.StringExact("bulk-129")),
					statecheck.ExpectKnownValue(ds("all"), tfjsonpath.New("workspaces"), knownvalue.ListSizeExact(133)),
					statecheck.ExpectKnownValue(ds("org"), tfjsonpath.New("ids"), knownvalue.ListSizeExact(65)),
					// 65 bulk plus the running demo workspace.
					statecheck.ExpectKnownValue(ds("running"), tfjsonpath.New("ids"), knownvalue.ListSizeExact(66)),
					statecheck.ExpectKnownValue(ds("service_1"), tfjsonpath.New("ids"), knownvalue.ListSizeExact(43)),
					statecheck.ExpectKnownValue(ds("mine"), tfjsonpath.New("ids"), knownvalue.ListSizeExact(133)),
					statecheck.ExpectKnownValue(ds("bobs"), tfjsonpath.New("ids"), knownvalue.ListSizeExact(0)),
					statecheck.ExpectKnownValue(ds("stopped_docs"), tfjsonpath.New("ids"), knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("alice-demo-web-9q8w1")})),
				},
				Check: func(*terraform.State) error {
					// Every read pages: the org filter is served in one page,
					// the other six listings need two pages each.
					if got := e.mock.Calls("ListWorkspaces"); got < 13 {
						return fmt.Errorf("ListWorkspaces calls = %d; paging did not read every page", got)
					}
					return nil
				},
			},
			{
				Config:      e.config(`data "gitpod_workspaces" "x" { phase = "PHASE_RUNNING" }`),
				ExpectError: errorMatching("phase value must be one of"),
			},
			{
				Config:      e.config(`data "gitpod_workspaces" "x" { context_url_regex = "(" }`),
				ExpectError: errorMatching("Invalid regular expression"),
			},
			{Config: e.config(`data "gitpod_workspaces" "all" {}`)},
		},
	})
}

func TestAccTeamsDataSource(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		CheckDestroy:             teamsDestroyed(e),
		Steps: []resource.TestStep{{
			Config: e.config(`
resource "gitpod_team" "a" { name = "Alpha" }
resource "gitpod_team" "b" { name = "Beta" }

data "gitpod_teams" "mine" {
  depends_on = [gitpod_team.a, gitpod_team.b]
}
`),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.gitpod_teams.mine", tfjsonpath.New("ids"), knownvalue.ListSizeExact(2)),
				statecheck.ExpectKnownValue("data.gitpod_teams.mine", tfjsonpath.New("teams"), knownvalue.SetPartial([]knownvalue.Check{
					knownvalue.ObjectPartial(map[string]knownvalue.Check{"name": knownvalue.StringExact("Alpha"), "slug": knownvalue.StringExact("alpha"), "members": knownvalue.ListSizeExact(1)}),
					knownvalue.ObjectPartial(map[string]knownvalue.Check{"name": knownvalue.StringExact("Beta"), "members": knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectPartial(map[string]knownvalue.Check{"user_id": knownvalue.StringExact(mockapi.DemoAliceID), "role": knownvalue.StringExact("owner")}),
					})}),
				})),
			},
		}},
	})
}
