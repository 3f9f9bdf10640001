package provider_test

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/gitpod-community/terraform-provider-gitpod/internal/mockapi"
)

// Demo workspaces (Classic) and environments (gitpod.v1).
const (
	classicAPIWorkspace = "amber-heron-k2f9x1qz7mw"
	v1APIEnvironment    = "01970a4e-8b2c-7d3e-9f40-a1b2c3d4e5f6"
)

func workspaceConfig(e *testEnv, id string) string {
	return e.config(fmt.Sprintf("data \"gitpod_workspace\" \"w\" {\n  id = %q\n}\n", id))
}

// TestAccWorkspaceDataSource reads one workspace by each generation's id
// format; an unknown id, and a Classic id on gitpod.v1, are errors on id.
func TestAccWorkspaceDataSource(t *testing.T) {
	forEachAPI(t, func(t *testing.T, e *testEnv) {
		const w = "data.gitpod_workspace.w"
		id := pick(e, classicAPIWorkspace, v1APIEnvironment)
		missing := pick(e, "pink-whale-a1b2c3d4e5f", "01970a4e-0000-7000-8000-00000000dead")
		checks := []statecheck.StateCheck{
			statecheck.ExpectKnownValue(w, tfjsonpath.New("id"), knownvalue.StringExact(id)),
			statecheck.ExpectKnownValue(w, tfjsonpath.New("owner_id"), knownvalue.StringExact(demoAlice)),
			statecheck.ExpectKnownValue(w, tfjsonpath.New("name"), knownvalue.StringExact(pick(e, "api: main", "api"))),
			statecheck.ExpectKnownValue(w, tfjsonpath.New("context_url"), knownvalue.StringExact("https://github.com/acme/api")),
			statecheck.ExpectKnownValue(w, tfjsonpath.New("repository_owner"), knownvalue.StringExact("acme")),
			statecheck.ExpectKnownValue(w, tfjsonpath.New("repository_name"), knownvalue.StringExact("api")),
			statecheck.ExpectKnownValue(w, tfjsonpath.New("phase"), knownvalue.StringExact("running")),
			statecheck.ExpectKnownValue(w, tfjsonpath.New("branch"), knownvalue.StringExact("main")),
			statecheck.ExpectKnownValue(w, tfjsonpath.New("ports"), knownvalue.ListSizeExact(1)),
			statecheck.ExpectKnownValue(w, tfjsonpath.New("ports").AtSliceIndex(0).AtMapKey("port"), knownvalue.Int64Exact(3000)),
			// Each generation's own attributes, null on the other.
			statecheck.ExpectKnownValue(w, tfjsonpath.New("instance_id"), pick[knownvalue.Check](e, knownvalue.StringRegexp(uuidRE), knownvalue.Null())),
			statecheck.ExpectKnownValue(w, tfjsonpath.New("url"), pick[knownvalue.Check](e, knownvalue.StringExact("https://"+classicAPIWorkspace+".ws.gitpod.example"), knownvalue.Null())),
			statecheck.ExpectKnownValue(w, tfjsonpath.New("git_remote"), pick[knownvalue.Check](e, knownvalue.Null(), knownvalue.StringExact("https://github.com/acme/api.git"))),
			statecheck.ExpectKnownValue(w, tfjsonpath.New("organization_id"), pick[knownvalue.Check](e, knownvalue.Null(), knownvalue.StringExact(mockapi.DemoOrgID))),
			statecheck.ExpectKnownValue(w, tfjsonpath.New("created_at"), pick[knownvalue.Check](e, knownvalue.Null(), knownvalue.NotNull())),
		}
		steps := []resource.TestStep{
			{Config: workspaceConfig(e, id), ConfigStateChecks: checks},
			{
				Config:      workspaceConfig(e, missing),
				ExpectError: errorMatching("Workspace not found", `id = "`+missing+`"`, "No workspace with ID "+missing),
			},
		}
		if !e.classic() {
			steps = append(steps, resource.TestStep{
				Config:      workspaceConfig(e, classicAPIWorkspace),
				ExpectError: errorMatching("Invalid environment ID", `id = "`+classicAPIWorkspace+`"`, "looks like a Gitpod Classic workspace ID", "names environments by UUID"),
			})
		}
		resource.ParallelTest(t, resource.TestCase{ProtoV6ProviderFactories: e.factories(), Steps: steps})
	})
}
