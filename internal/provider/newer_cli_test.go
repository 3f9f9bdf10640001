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
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/gitpod-community/terraform-provider-gitpod/internal/mockapi"
)

// These tests need newer CLIs: resource identity (Terraform 1.12, OpenTofu
// 1.12), list resources and actions (Terraform 1.14). Under an older CLI the
// version checks leave them out; `make test` runs them under Terraform 1.15,
// and `make test-compat` the identity ones under OpenTofu 1.12.

// TestAccTeam_identity imports a team with an import block that names its
// identity, and checks the identity kept in state.
func TestAccTeam_identity(t *testing.T) {
	forEachAPI(t, func(t *testing.T, e *testEnv) {
		resource.ParallelTest(t, resource.TestCase{
			TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_12_0)},
			ProtoV6ProviderFactories: e.factories(),
			Steps: []resource.TestStep{
				{
					Config: teamConfig(e, "Platform", ""),
					ConfigStateChecks: []statecheck.StateCheck{
						statecheck.ExpectIdentityValueMatchesState("gitpod_team.t", tfjsonpath.New("id")),
					},
				},
				{
					ResourceName:    "gitpod_team.t",
					ImportState:     true,
					ImportStateKind: resource.ImportBlockWithResourceIdentity,
					Config:          teamConfig(e, "Platform", ""),
				},
			},
		})
	})
}

// TestAccTeam_query finds teams made outside Terraform with `terraform query`.
func TestAccTeam_query(t *testing.T) {
	forEachAPI(t, func(t *testing.T, e *testEnv) {
		resource.ParallelTest(t, resource.TestCase{
			TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)},
			ProtoV6ProviderFactories: e.factories(),
			Steps: []resource.TestStep{
				{Config: teamConfig(e, "Platform Team", "")},
				{
					Query: true,
					// The previous step's configuration (with the provider
					// block) stays; this is the .tfquery.hcl file.
					Config: `
list "gitpod_team" "all" {
  provider         = gitpod
  include_resource = true
  config {
    search = "platform"
  }
}
`,
					QueryResultChecks: []querycheck.QueryResultCheck{
						querycheck.ExpectLength("gitpod_team.all", 1),
						querycheck.ExpectResourceDisplayName("gitpod_team.all", queryfilter.ByDisplayName(knownvalue.StringExact("Platform Team")), knownvalue.StringExact("Platform Team")),
						querycheck.ExpectResourceKnownValues("gitpod_team.all", queryfilter.ByDisplayName(knownvalue.StringExact("Platform Team")), []querycheck.KnownValueCheck{
							{Path: tfjsonpath.New("name"), KnownValue: knownvalue.StringExact("Platform Team")},
							{Path: tfjsonpath.New("id"), KnownValue: knownvalue.StringRegexp(uuidRE)},
						}),
					},
				},
			},
		})
	})
}

// TestAccWorkspaceStop_actionTrigger stops a running workspace from a
// lifecycle action trigger and checks that the mock has it stopped.
func TestAccWorkspaceStop_actionTrigger(t *testing.T) {
	forEachAPI(t, func(t *testing.T, e *testEnv) {
		id := pick(e, "amber-heron-k2f9x1qz7mw", "01970a4e-8b2c-7d3e-9f40-a1b2c3d4e5f6")
		phase := func() string {
			if e.classic() {
				return e.mock.Workspace(id).Phase
			}
			return e.mock.Environment(id).Phase
		}
		resource.ParallelTest(t, resource.TestCase{
			TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)},
			ProtoV6ProviderFactories: e.factories(),
			Steps: []resource.TestStep{
				{
					PreConfig: func() {
						if phase() != "running" {
							t.Fatalf("workspace %s is %q before the action, want running", id, phase())
						}
					},
					Config: e.config(fmt.Sprintf(`
action "gitpod_workspace_stop" "s" {
  config {
    workspace_id = %q
    timeout      = "30s"
  }
}

resource "terraform_data" "trigger" {
  input = "stop"
  lifecycle {
    action_trigger {
      events  = [after_create]
      actions = [action.gitpod_workspace_stop.s]
    }
  }
}
`, id)),
					Check: func(*terraform.State) error {
						if p := phase(); p != "stopped" {
							return fmt.Errorf("workspace %s is %q after the action, want stopped", id, p)
						}
						return nil
					},
				},
			},
		})
	})
}

// TestAcc_identityImportEveryResource imports each resource with an import
// block that names its identity, and checks the identity kept in state.
func TestAcc_identityImportEveryResource(t *testing.T) {
	forEachAPI(t, func(t *testing.T, e *testEnv) {
		role := pick(e, `role = "member"`, "")
		members := pick(e, fmt.Sprintf(`{ user_id = %q, role = "owner" }`, mockapi.DemoBobID), fmt.Sprintf(`{ user_id = %q }`, mockapi.DemoBobID))
		cfg := e.config(fmt.Sprintf(`
resource "gitpod_team" "a" {
  name = "Team A"
}

resource "gitpod_team" "b" {
  name = "Team B"
}

resource "gitpod_team_member" "carol" {
  team_id = gitpod_team.a.id
  user_id = %q
  %s
}

resource "gitpod_team_members" "b" {
  team_id = gitpod_team.b.id
  members = [%s]
}

resource "gitpod_personal_access_token" "k" {
  name = "identity-token"
}
`, mockapi.DemoCarolID, role, members))
		steps := []resource.TestStep{{
			Config: cfg,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectIdentityValueMatchesStateAtPath("gitpod_team_member.carol", tfjsonpath.New("team_id"), tfjsonpath.New("team_id")),
				statecheck.ExpectIdentityValueMatchesStateAtPath("gitpod_team_member.carol", tfjsonpath.New("user_id"), tfjsonpath.New("user_id")),
				statecheck.ExpectIdentityValueMatchesStateAtPath("gitpod_team_members.b", tfjsonpath.New("team_id"), tfjsonpath.New("team_id")),
				statecheck.ExpectIdentityValueMatchesState("gitpod_personal_access_token.k", tfjsonpath.New("id")),
			},
		}}
		for _, addr := range []string{"gitpod_team.a", "gitpod_team_member.carol", "gitpod_team_members.b", "gitpod_personal_access_token.k"} {
			steps = append(steps, resource.TestStep{ResourceName: addr, ImportState: true, ImportStateKind: resource.ImportBlockWithResourceIdentity, Config: cfg})
		}
		resource.ParallelTest(t, resource.TestCase{
			TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_12_0)},
			ProtoV6ProviderFactories: e.factories(),
			Steps:                    steps,
		})
	})
}

// TestAcc_queryMembersAndTokens finds memberships and tokens with
// `terraform query`: the provider's own membership is left out unless
// asked for, and expired tokens unless asked for.
func TestAcc_queryMembersAndTokens(t *testing.T) {
	forEachAPI(t, func(t *testing.T, e *testEnv) {
		role := pick(e, `role = "member"`, "")
		resource.ParallelTest(t, resource.TestCase{
			TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)},
			ProtoV6ProviderFactories: e.factories(),
			Steps: []resource.TestStep{
				{
					Config: e.config(fmt.Sprintf(`
resource "gitpod_team" "t" {
  name = "Query Team"
}

resource "gitpod_team_member" "bob" {
  team_id = gitpod_team.t.id
  user_id = %q
  %s
}

resource "gitpod_personal_access_token" "k" {
  name = "query-token"
}
`, mockapi.DemoBobID, role)),
					PostApplyFunc: func() {
						// One expired token made elsewhere, to be left out.
						e.mock.CreateToken(e.generation(), mockapi.DemoAliceID, "query-expired", e.clock.Now().Add(-time.Hour))
					},
				},
				{
					Query: true,
					Config: `
list "gitpod_team_member" "m" {
  provider         = gitpod
  include_resource = true
  config {
    team_id = gitpod_team.t.id
  }
}

list "gitpod_personal_access_token" "k" {
  provider = gitpod
  config {
    name_regex = "^query-"
  }
}
`,
					QueryResultChecks: []querycheck.QueryResultCheck{
						querycheck.ExpectLength("gitpod_team_member.m", 1),
						querycheck.ExpectIdentity("gitpod_team_member.m", map[string]knownvalue.Check{
							"team_id": knownvalue.StringRegexp(uuidRE),
							"user_id": knownvalue.StringExact(mockapi.DemoBobID),
						}),
						querycheck.ExpectLength("gitpod_personal_access_token.k", 1),
						querycheck.ExpectResourceDisplayName("gitpod_personal_access_token.k", queryfilter.ByDisplayName(knownvalue.StringExact("query-token")), knownvalue.StringExact("query-token")),
					},
				},
			},
		})
	})
}
