package provider_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/gitpod-community/terraform-provider-gitpod/internal/mockapi"
)

// twoTeams is two teams, "a" (Infra) and "b" (Platform).
const twoTeams = `
resource "gitpod_team" "a" {
  name = "Infra"
}

resource "gitpod_team" "b" {
  name = "Platform"
}
`

// teamList is a gitpod_team_members named name for team (an expression),
// with extra arguments (move_from_team_ids).
func teamList(name, team, extra string, ms ...memberEntry) string {
	var b strings.Builder
	for _, m := range ms {
		if m.role == "" {
			fmt.Fprintf(&b, "    { user_id = %q },\n", m.user)
		} else {
			fmt.Fprintf(&b, "    { user_id = %q, role = %q },\n", m.user, m.role)
		}
	}
	return fmt.Sprintf(`
resource "gitpod_team_members" %q {
  team_id = %s
  %s
  members = [
%s  ]
}
`, name, team, extra, b.String())
}

// TestAccTeamMembers_newTeamRefusedAtPlan: the configuration of the
// issue, a new team and a member list it cannot have, fails at plan time
// with nothing created, on both APIs (gitpod.v1: a role; Classic: no role;
// gitpod.v1 also: a user who left the organization, a user in another
// team, and a provider user who is no admin).
func TestAccTeamMembers_newTeamRefusedAtPlan(t *testing.T) {
	forEachAPIWith(t, func(api string) []func(*mockapi.Fixtures) {
		if api == "v1" {
			return []func(*mockapi.Fixtures){withV1Team(infraTeamID, "Infra", demoCarol)}
		}
		return nil
	}, func(t *testing.T, e *testEnv) {
		team := `resource "gitpod_team" "n" { name = "withrole" }`
		list := func(ms ...memberEntry) string { return team + teamList("t", "gitpod_team.n.id", "", ms...) }
		var steps []resource.TestStep
		if e.classic() {
			steps = []resource.TestStep{{
				Config:      e.config(list(memberEntry{demoBob, ""})),
				ExpectError: errorMatching("Role required", "User "+demoBob+" has no role", "needs a role for every member"),
			}}
		} else {
			steps = []resource.TestStep{
				{
					Config:      e.config(list(memberEntry{demoBob, "owner"})),
					ExpectError: errorMatching("Not available on this API", "Teams of today's Gitpod (gitpod.v1) have no roles"),
				},
				{
					Config:      e.config(list(memberEntry{mockapi.DemoFormerID, ""})),
					ExpectError: errorMatching("Users are not members of the organization", mockapi.DemoFormerID, "cannot join the new team", "Invite them"),
				},
				{
					Config:      e.config(list(memberEntry{demoBob, ""}, memberEntry{demoCarol, ""})),
					ExpectError: errorMatching("User already in another team", "Carol Example <carol@example.com>", `team "Infra" (`+infraTeamID+`)`, "move_from_team_ids"),
				},
				{
					Config:      e.configAs(mockapi.DemoBobToken, list(memberEntry{demoCarol, ""})),
					ExpectError: errorMatching("Not allowed to change the team's members", "Only organization admins", "("+demoBob+") is an organization member"),
				},
			}
		}
		before := e.teamCount()
		resource.ParallelTest(t, resource.TestCase{ProtoV6ProviderFactories: e.factories(), Steps: steps})
		if n := e.mock.Calls("CreateTeam") + e.mutations(); n != 0 {
			t.Errorf("%d changing calls reached the mock; a plan-time error must change nothing", n)
		}
		if n := e.teamCount(); n != before {
			t.Errorf("%d teams, want %d: nothing may be created", n, before)
		}
	})
}

// TestAccTeamMembers_moveInOneApply moves Carol from team a to team b,
// both managed here by gitpod_team_members, in one apply; the next plan is
// empty. On gitpod.v1 team b names team a in move_from_team_ids and the
// plan warns about the move; on Classic, where a user can be in both
// teams, no such argument is needed (and it is refused).
//
// Terraform applies the two lists in any order; each order is forced once
// (depends_on), so that both the move (team b first: it removes Carol from
// team a itself) and the plain add (team a first) are exercised.
func TestAccTeamMembers_moveInOneApply(t *testing.T) {
	for _, first := range []string{"b", "a"} {
		t.Run(first+" first", func(t *testing.T) { testMoveInOneApply(t, first) })
	}
}

func testMoveInOneApply(t *testing.T, first string) {
	forEachAPI(t, func(t *testing.T, e *testEnv) {
		rec := newDiagRecorder()
		dependsA, dependsB := "depends_on = [gitpod_team_members.b]", ""
		if first == "a" {
			dependsA, dependsB = "", "depends_on = [gitpod_team_members.a]"
		}
		before := twoTeams + teamList("a", "gitpod_team.a.id", "", e.member(demoCarol, "member")) + teamList("b", "gitpod_team.b.id", "", e.member(demoBob, "member"))
		moveFrom := pick(e, "", "move_from_team_ids = [gitpod_team.a.id]")
		after := twoTeams + teamList("a", "gitpod_team.a.id", dependsA) + teamList("b", "gitpod_team.b.id", moveFrom+"\n  "+dependsB, e.member(demoBob, "member"), e.member(demoCarol, "member"))
		steps := []resource.TestStep{
			{Config: e.config(before)},
			{
				PreConfig: rec.reset,
				Config:    e.config(after),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("gitpod_team_members.a", plancheck.ResourceActionUpdate),
					plancheck.ExpectResourceAction("gitpod_team_members.b", plancheck.ResourceActionUpdate),
				}},
				Check: resource.ComposeAggregateTestCheckFunc(
					e.expectMembers("gitpod_team.a.id", pick(e, map[string]string{demoAlice: "owner"}, map[string]string{})),
					e.expectMembers("gitpod_team.b.id", pick(e, map[string]string{demoAlice: "owner", demoBob: "member", demoCarol: "member"}, map[string]string{demoBob: "", demoCarol: ""})),
				),
			},
			{
				Config:           e.config(after),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
		}
		if e.classic() {
			steps = append(steps, resource.TestStep{
				Config:      e.config(twoTeams + teamList("a", "gitpod_team.a.id", dependsA) + teamList("b", "gitpod_team.b.id", "move_from_team_ids = [gitpod_team.a.id]\n  "+dependsB, e.member(demoBob, "member"), e.member(demoCarol, "member"))),
				ExpectError: errorMatching("Not available on this API", "has no organizations", "remove move_from_team_ids"),
			})
		} else {
			steps[1].Check = resource.ComposeAggregateTestCheckFunc(steps[1].Check,
				func(s *terraform.State) error {
					a, _ := attr(s, "gitpod_team.a", "id")
					return rec.expectWarning("plan", "gitpod_team_members", "1 user(s) will move to team \"Platform\"", "Carol Example <carol@example.com>", `from team "Infra" (`+a+`)`)(s)
				})
		}
		resource.ParallelTest(t, resource.TestCase{ProtoV6ProviderFactories: e.recordingFactories(rec), Steps: steps})
	})
}

// TestAccTeamMember_moveInOneApply moves users with gitpod_team_member on
// one side: Carol's membership resource changes team (it is replaced: the
// old one goes first), and Bob's is removed while team c's member list
// takes him, naming team a in move_from_team_ids on gitpod.v1. One apply;
// the next plan is empty.
func TestAccTeamMember_moveInOneApply(t *testing.T) {
	forEachAPI(t, func(t *testing.T, e *testEnv) {
		role := classicRole(e, "member")
		teams := twoTeams + `
resource "gitpod_team" "c" {
  name = "Web"
}
`
		before := teams + memberResource("carol", "gitpod_team.a.id", demoCarol, role) + memberResource("bob", "gitpod_team.a.id", demoBob, role) +
			teamList("c", "gitpod_team.c.id", "")
		moveFrom := pick(e, "", "move_from_team_ids = [gitpod_team.a.id]")
		after := teams + memberResource("carol", "gitpod_team.b.id", demoCarol, role) + teamList("c", "gitpod_team.c.id", moveFrom, e.member(demoBob, "member"))
		owner := func(ms map[string]string) map[string]string {
			if e.classic() {
				ms[demoAlice] = "owner" // the creator of a Classic team
			}
			return ms
		}
		resource.ParallelTest(t, resource.TestCase{
			ProtoV6ProviderFactories: e.factories(),
			Steps: []resource.TestStep{
				{Config: e.config(before)},
				{
					Config: e.config(after),
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction("gitpod_team_member.carol", plancheck.ResourceActionDestroyBeforeCreate),
						plancheck.ExpectResourceAction("gitpod_team_member.bob", plancheck.ResourceActionDestroy),
					}},
					Check: resource.ComposeAggregateTestCheckFunc(
						e.expectMembers("gitpod_team.a.id", owner(map[string]string{})),
						e.expectMembers("gitpod_team.b.id", owner(map[string]string{demoCarol: "member"})),
						e.expectMembers("gitpod_team.c.id", owner(map[string]string{demoBob: "member"})),
					),
				},
				{
					Config:           e.config(after),
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				},
			},
		})
	})
}

// TestAccTeamMembers_userListedForTwoTeams: two resources that list one
// user for two teams fail the plan on gitpod.v1, whichever is planned
// first, so two resources never hold one user.
func TestAccTeamMembers_userListedForTwoTeams(t *testing.T) {
	e := newTestEnvWith(t, "v1", withV1Team(infraTeamID, "Infra"), withV1Team(platformTeamID, "Platform"))
	cfg := teamList("a", fmt.Sprintf("%q", infraTeamID), "", memberEntry{demoCarol, ""}) +
		teamList("b", fmt.Sprintf("%q", platformTeamID), fmt.Sprintf("move_from_team_ids = [%q]", infraTeamID), memberEntry{demoCarol, ""})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		Steps: []resource.TestStep{{
			Config:      e.config(cfg),
			ExpectError: errorMatching("User listed for two teams", demoCarol, "at most one team per organization"),
		}},
	})
	if n := e.mutations(); n != 0 {
		t.Errorf("%d calls changed team members; the refusal must change nothing", n)
	}
}

// TestAccTeamMembers_plansNameTeamsAndRoles: warnings name the team by
// name and ID, and a Classic role change reads as one.
func TestAccTeamMembers_plansNameTeamsAndRoles(t *testing.T) {
	forEachAPI(t, func(t *testing.T, e *testEnv) {
		rec := newDiagRecorder()
		first := platformTeam + membersResource("gitpod_team.t.id", e.member(demoBob, "member"), e.member(demoCarol, "member"))
		second := platformTeam + membersResource("gitpod_team.t.id", e.member(demoCarol, "owner"))
		checks := []resource.TestCheckFunc{
			func(s *terraform.State) error {
				id, _ := attr(s, "gitpod_team.t", "id")
				return rec.expectWarning("plan", "gitpod_team_members", `1 member(s) will be removed from team "Platform" (`+id+`)`, "Bob Example <bob@example.com> ("+demoBob+")")(s)
			},
		}
		if e.classic() {
			checks = append(checks, func(s *terraform.State) error {
				id, _ := attr(s, "gitpod_team.t", "id")
				return rec.expectWarning("plan", "gitpod_team_members", `1 member(s) of team "Platform" (`+id+`) will change role`, "Carol Example <carol@example.com> ("+demoCarol+"): member -> owner")(s)
			})
		}
		resource.ParallelTest(t, resource.TestCase{
			ProtoV6ProviderFactories: e.recordingFactories(rec),
			Steps: []resource.TestStep{
				{Config: e.config(first)},
				{PreConfig: rec.reset, Config: e.config(second), Check: resource.ComposeAggregateTestCheckFunc(checks...)},
			},
		})
	})
}
