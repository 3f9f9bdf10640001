package provider_test

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/gitpod-community/terraform-provider-gitpod/internal/mockapi"
)

// Demo environments besides v1APIEnvironment.
const (
	v1WebEnvironment = "01970a4f-1c3d-7e4f-8a51-b2c3d4e5f607"
	v1BobEnvironment = "01970a50-2d4e-7f50-9b62-c3d4e5f60718"
	v1Archived       = "01970a51-3e5f-7061-8c73-d4e5f6071829"
)

func wsIDList(values ...string) knownvalue.Check {
	out := make([]knownvalue.Check, 0, len(values))
	for _, v := range values {
		out = append(out, knownvalue.StringExact(v))
	}
	return knownvalue.ListExact(out)
}

// TestAccWorkspacesDataSource_filters applies each filter to the demo
// workspaces, and refuses the filters the API in use does not have.
func TestAccWorkspacesDataSource_filters(t *testing.T) {
	forEachAPI(t, func(t *testing.T, e *testEnv) {
		own := `
data "gitpod_workspaces" "archived" {
  include_archived = true
  search           = "old"
}
data "gitpod_workspaces" "active" {
  search = "old"
}
`
		if !e.classic() {
			if err := e.mock.AddEnvironment(mockapi.EnvironmentFixture{ID: v1Archived, OrganizationID: mockapi.DemoOrgID, CreatorID: demoAlice, Name: "old", Phase: "stopped", Archived: true}); err != nil {
				t.Fatal(err)
			}
		} else {
			own = fmt.Sprintf(`
data "gitpod_workspaces" "org" {
  organization_id = %q
}
data "gitpod_workspaces" "other_org" {
  organization_id = %q
}
`, mockapi.DemoOrgID, globexOrgID)
		}
		const ws = "data.gitpod_workspaces."
		checks := []statecheck.StateCheck{
			statecheck.ExpectKnownValue(ws+"all", tfjsonpath.New("ids"), pick(e,
				// Classic: the caller's own, running first, then by last activity.
				wsIDList("amber-heron-k2f9x1qz7mw", "coral-lynx-p4n8w2ke6ta", "teal-otter-7hq3c8vb2ld"),
				// gitpod.v1: every environment an admin may see, newest first.
				wsIDList(v1BobEnvironment, v1WebEnvironment, v1APIEnvironment))),
			statecheck.ExpectKnownValue(ws+"all", tfjsonpath.New("truncated"), knownvalue.Bool(false)),
			statecheck.ExpectKnownValue(ws+"all", tfjsonpath.New("workspaces"), knownvalue.ListSizeExact(3)),
			statecheck.ExpectKnownValue(ws+"running", tfjsonpath.New("ids"), pick(e, wsIDList("amber-heron-k2f9x1qz7mw"), wsIDList(v1BobEnvironment, v1APIEnvironment))),
			statecheck.ExpectKnownValue(ws+"bob", tfjsonpath.New("ids"), pick(e, wsIDList(), wsIDList(v1BobEnvironment))),
			statecheck.ExpectKnownValue(ws+"web", tfjsonpath.New("ids"), pick(e, wsIDList("teal-otter-7hq3c8vb2ld"), wsIDList(v1WebEnvironment))),
			statecheck.ExpectKnownValue(ws+"re", tfjsonpath.New("ids"), pick(e, wsIDList("amber-heron-k2f9x1qz7mw"), wsIDList(v1APIEnvironment))),
			statecheck.ExpectKnownValue(ws+"re", tfjsonpath.New("workspaces").AtSliceIndex(0).AtMapKey("context_url"), knownvalue.StringExact("https://github.com/acme/api")),
		}
		if e.classic() {
			checks = append(checks,
				statecheck.ExpectKnownValue(ws+"org", tfjsonpath.New("ids"), knownvalue.ListSizeExact(3)),
				statecheck.ExpectKnownValue(ws+"other_org", tfjsonpath.New("ids"), wsIDList()))
		} else {
			checks = append(checks,
				statecheck.ExpectKnownValue(ws+"archived", tfjsonpath.New("ids"), wsIDList(v1Archived)),
				statecheck.ExpectKnownValue(ws+"archived", tfjsonpath.New("workspaces").AtSliceIndex(0).AtMapKey("archived_at"), knownvalue.NotNull()),
				statecheck.ExpectKnownValue(ws+"active", tfjsonpath.New("ids"), wsIDList()))
		}
		notHere := pick(e, `
data "gitpod_workspaces" "x" {
  include_archived = true
}
`, fmt.Sprintf(`
data "gitpod_workspaces" "x" {
  organization_id = %q
}
`, mockapi.DemoOrgID))
		wrongPhase := pick(e, "deleting", "interrupted")
		resource.ParallelTest(t, resource.TestCase{
			ProtoV6ProviderFactories: e.factories(),
			Steps: []resource.TestStep{
				{
					Config: e.config(fmt.Sprintf(`
data "gitpod_workspaces" "all" {}
data "gitpod_workspaces" "running" {
  phase = "running"
}
data "gitpod_workspaces" "bob" {
  owner_id = %q
}
data "gitpod_workspaces" "web" {
  search = "WEB"
}
data "gitpod_workspaces" "re" {
  context_url_regex = "/api$"
}
%s`, demoBob, own)),
					ConfigStateChecks: checks,
				},
				{
					Config:      e.config(notHere),
					ExpectError: errorMatching("Not available on this API", pick(e, "include_archived = true", "organization_id = "), pick(e, "has no archived workspaces", "lists the environments of the token's organization")),
				},
				{
					Config:      e.config(fmt.Sprintf("data \"gitpod_workspaces\" \"x\" {\n  phase = %q\n}\n", wrongPhase)),
					ExpectError: errorMatching("Phase not available on this API", `"`+wrongPhase+`" is a`),
				},
			},
		})
	})
}

// TestAccWorkspacesDataSource_classicTruncated: Classic gives at most 100
// workspaces in one call and no further page. With 123 workspaces exactly
// 100 come back, truncated is set and the read warns.
func TestAccWorkspacesDataSource_classicTruncated(t *testing.T) {
	e := newTestEnv(t, "classic")
	for i := range 120 {
		if err := e.mock.AddWorkspace(mockapi.WorkspaceFixture{
			ID: fmt.Sprintf("gray-mole-%08d", i), OwnerID: demoAlice, OrganizationID: mockapi.DemoOrgID,
			Description: "bulk", ContextURL: "https://github.com/acme/bulk", Phase: "stopped",
		}); err != nil {
			t.Fatal(err)
		}
	}
	rec := newDiagRecorder()
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.recordingFactories(rec),
		Steps: []resource.TestStep{{
			PreConfig: func() {
				rec.reset()
				e.mock.ResetCalls()
			},
			Config: e.config(`data "gitpod_workspaces" "all" {}`),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.gitpod_workspaces.all", tfjsonpath.New("ids"), knownvalue.ListSizeExact(100)),
				statecheck.ExpectKnownValue("data.gitpod_workspaces.all", tfjsonpath.New("workspaces"), knownvalue.ListSizeExact(100)),
				statecheck.ExpectKnownValue("data.gitpod_workspaces.all", tfjsonpath.New("truncated"), knownvalue.Bool(true)),
				// Running workspaces come first.
				statecheck.ExpectKnownValue("data.gitpod_workspaces.all", tfjsonpath.New("ids").AtSliceIndex(0), knownvalue.StringExact(classicAPIWorkspace)),
			},
			Check: resource.ComposeAggregateTestCheckFunc(
				rec.expectWarning("data", "gitpod_workspaces", "Workspace list may be incomplete", "returned 100 workspaces"),
				func(*terraform.State) error {
					// One call per read: there is no further page to ask for.
					if reads, calls := rec.readsOf("gitpod_workspaces"), e.mock.Calls("ListWorkspaces"); reads == 0 || calls != reads {
						return fmt.Errorf("%d reads made %d ListWorkspaces calls, want one each", reads, calls)
					}
					return nil
				},
			),
		}},
	})
}

// TestAccWorkspacesDataSource_v1Paging lists 253 environments: every page
// is read, newest first, and the phase filter is applied by the server
// (one page instead of three).
func TestAccWorkspacesDataSource_v1Paging(t *testing.T) {
	const n = 250
	e := newTestEnv(t, "v1")
	start := e.clock.Now().Add(time.Hour)
	running := 0
	for i := 1; i <= n; i++ {
		phase := "stopped"
		if i%25 == 0 {
			phase, running = "running", running+1
		}
		if err := e.mock.AddEnvironment(mockapi.EnvironmentFixture{
			ID: fmt.Sprintf("%08x-1111-4000-8000-%012x", i, i), OrganizationID: mockapi.DemoOrgID, CreatorID: demoAlice,
			Name: fmt.Sprintf("env-%d", i), Phase: phase, CreatedAt: start.Add(time.Duration(i) * time.Minute),
		}); err != nil {
			t.Fatal(err)
		}
	}
	newest := fmt.Sprintf("%08x-1111-4000-8000-%012x", n, n)
	rec := newDiagRecorder()
	reset := func() {
		rec.reset()
		e.mock.ResetCalls()
	}
	// pagesPerRead checks every read of the data source made exactly
	// pages ListEnvironments calls.
	pagesPerRead := func(pages int) func(*terraform.State) error {
		return func(*terraform.State) error {
			if reads, calls := rec.readsOf("gitpod_workspaces"), e.mock.Calls("ListEnvironments"); reads == 0 || calls != pages*reads {
				return fmt.Errorf("%d reads made %d ListEnvironments calls, want %d each", reads, calls, pages)
			}
			return nil
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.recordingFactories(rec),
		Steps: []resource.TestStep{
			{
				PreConfig: reset,
				Config:    e.config(`data "gitpod_workspaces" "all" {}`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.gitpod_workspaces.all", tfjsonpath.New("ids"), knownvalue.ListSizeExact(n+3)),
					statecheck.ExpectKnownValue("data.gitpod_workspaces.all", tfjsonpath.New("ids").AtSliceIndex(0), knownvalue.StringExact(newest)),
					statecheck.ExpectKnownValue("data.gitpod_workspaces.all", tfjsonpath.New("truncated"), knownvalue.Bool(false)),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					func(s *terraform.State) error {
						created, err := flatList(s, "data.gitpod_workspaces.all", "workspaces", "created_at")
						if err != nil {
							return err
						}
						ids, _ := flatList(s, "data.gitpod_workspaces.all", "ids", "")
						if len(created) != n+3 || len(ids) != n+3 {
							return fmt.Errorf("%d workspaces, %d ids; want %d", len(created), len(ids), n+3)
						}
						times := make([]time.Time, len(created))
						for i, c := range created {
							if times[i], err = time.Parse(time.RFC3339Nano, c); err != nil {
								return fmt.Errorf("workspace %d: created_at: %w", i, err)
							}
						}
						if !slices.IsSortedFunc(times, func(a, b time.Time) int { return b.Compare(a) }) {
							return fmt.Errorf("workspaces are not newest first: %v", created)
						}
						if unique := slices.Compact(slices.Sorted(slices.Values(ids))); len(unique) != n+3 {
							return fmt.Errorf("%d distinct ids, want %d: pages repeat or skip", len(unique), n+3)
						}
						return nil
					},
					pagesPerRead(3),
				),
			},
			{
				PreConfig: reset,
				Config:    e.config(`data "gitpod_workspaces" "running" { phase = "running" }`),
				ConfigStateChecks: []statecheck.StateCheck{
					// Ten of the new ones and two demo environments run.
					statecheck.ExpectKnownValue("data.gitpod_workspaces.running", tfjsonpath.New("ids"), knownvalue.ListSizeExact(running+2)),
					statecheck.ExpectKnownValue("data.gitpod_workspaces.running", tfjsonpath.New("ids").AtSliceIndex(0), knownvalue.StringExact(newest)),
				},
				Check: pagesPerRead(1),
			},
		},
	})
}
