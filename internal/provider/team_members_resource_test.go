package provider_test

import (
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/gitpod-community/terraform-provider-gitpod/internal/mockapi"
)

// memberEntry is one entry of gitpod_team_members; role "" is left out.
type memberEntry struct{ user, role string }

// membersResource is a gitpod_team_members "m" for a team (an expression).
func membersResource(teamID string, members ...memberEntry) string {
	var b strings.Builder
	for _, m := range members {
		if m.role == "" {
			fmt.Fprintf(&b, "    { user_id = %q },\n", m.user)
		} else {
			fmt.Fprintf(&b, "    { user_id = %q, role = %q },\n", m.user, m.role)
		}
	}
	return fmt.Sprintf(`
resource "gitpod_team_members" "m" {
  team_id = %s
  members = [
%s  ]
}
`, teamID, b.String())
}

// member lists a user with a role on Classic and none on gitpod.v1.
func (e *testEnv) member(user, role string) memberEntry {
	return memberEntry{user, classicRole(e, role)}
}

// membersValue is the state value of members for these entries.
func membersValue(ms ...memberEntry) knownvalue.Check {
	out := make([]knownvalue.Check, 0, len(ms))
	for _, m := range ms {
		var role knownvalue.Check = knownvalue.Null()
		if m.role != "" {
			role = knownvalue.StringExact(m.role)
		}
		out = append(out, knownvalue.ObjectExact(map[string]knownvalue.Check{"user_id": knownvalue.StringExact(m.user), "role": role}))
	}
	return knownvalue.SetExact(out)
}

// TestAccTeamMembers_authoritative adds the listed members to a new team,
// then removes an unlisted one (named in a plan warning) and changes a
// role on Classic, imports the list by team id (without the provider's own
// membership), and destroys the list together with the team.
func TestAccTeamMembers_authoritative(t *testing.T) {
	forEachAPI(t, func(t *testing.T, e *testEnv) {
		rec := newDiagRecorder()
		cfg := func(ms ...memberEntry) string {
			return e.config(platformTeam + membersResource("gitpod_team.t.id", ms...))
		}
		first := []memberEntry{e.member(demoBob, "member"), e.member(demoCarol, "member")}
		second := []memberEntry{e.member(demoBob, "owner")}
		var teamID string
		resource.ParallelTest(t, resource.TestCase{
			ProtoV6ProviderFactories: e.recordingFactories(rec),
			Steps: []resource.TestStep{
				{
					Config: cfg(first...),
					ConfigStateChecks: []statecheck.StateCheck{
						statecheck.ExpectKnownValue("gitpod_team_members.m", tfjsonpath.New("members"), membersValue(first...)),
					},
					Check: resource.ComposeAggregateTestCheckFunc(
						func(s *terraform.State) error {
							teamID, _ = attr(s, "gitpod_team.t", "id")
							return nil
						},
						// Alice made the team: its owner on Classic, kept though not listed.
						e.expectMembers("gitpod_team.t.id", pick(e,
							map[string]string{demoAlice: "owner", demoBob: "member", demoCarol: "member"},
							map[string]string{demoBob: "", demoCarol: ""})),
					),
				},
				{
					PreConfig: rec.reset,
					Config:    cfg(second...),
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction("gitpod_team_members.m", plancheck.ResourceActionUpdate),
					}},
					ConfigStateChecks: []statecheck.StateCheck{
						statecheck.ExpectKnownValue("gitpod_team_members.m", tfjsonpath.New("members"), membersValue(second...)),
					},
					Check: resource.ComposeAggregateTestCheckFunc(
						e.expectMembers("gitpod_team.t.id", pick(e,
							map[string]string{demoAlice: "owner", demoBob: "owner"},
							map[string]string{demoBob: ""})),
						rec.expectWarning("plan", "gitpod_team_members", "1 member(s) will be removed", "Carol Example <carol@example.com> ("+demoCarol+")"),
						rec.expectNoWarning("plan", "gitpod_team_members", "gives up its owner rights"),
					),
				},
				{
					Config:            cfg(second...),
					ResourceName:      "gitpod_team_members.m",
					ImportState:       true,
					ImportStateVerify: true,
					ImportStateIdFunc: func(s *terraform.State) (string, error) { return attr(s, "gitpod_team.t", "id") },
				},
			},
			CheckDestroy: func(*terraform.State) error {
				if teamID == "" || e.teamExists(teamID) {
					return fmt.Errorf("team %q was not destroyed together with its member list", teamID)
				}
				return nil
			},
		})
	})
}

// TestAccTeamMembers_refusals checks change sets that cannot complete
// fail at plan time with nothing changed in the mock: on Classic a list
// without an owner, and a provider user who is not an owner; on gitpod.v1
// a provider user who is not an organization admin, and a user who is in
// another team (the error names it).
func TestAccTeamMembers_refusals(t *testing.T) {
	forEachAPIWith(t, func(api string) []func(*mockapi.Fixtures) {
		if api == "classic" {
			return nil
		}
		return []func(*mockapi.Fixtures){withV1Team(platformTeamID, "Platform", demoBob), withV1Team(infraTeamID, "Infra", demoCarol)}
	}, func(t *testing.T, e *testEnv) {
		var steps []resource.TestStep
		var teamID string
		var before map[string]string
		if e.classic() {
			teamID = mockapi.DemoOrgID
			steps = []resource.TestStep{
				{
					Config:      e.config(membersResource(fmt.Sprintf("%q", teamID), memberEntry{demoAlice, "member"}, memberEntry{demoBob, "member"}, memberEntry{demoCarol, "member"})),
					ExpectError: errorMatching("Team would have no owner", "list at least one member with the role owner", "Nothing was changed"),
				},
				{
					Config:      e.configAs(mockapi.DemoBobToken, membersResource(fmt.Sprintf("%q", teamID), memberEntry{demoAlice, "owner"}, memberEntry{demoBob, "member"})),
					ExpectError: errorMatching("Not allowed to change the team's members", "is not an owner of the team", "Nothing was changed"),
				},
			}
		} else {
			teamID = platformTeamID
			steps = []resource.TestStep{
				{
					Config:      e.configAs(mockapi.DemoBobToken, membersResource(fmt.Sprintf("%q", teamID), memberEntry{demoBob, ""}, memberEntry{demoAlice, ""})),
					ExpectError: errorMatching("Not allowed to change the team's members", "Only organization admins", "("+demoBob+") is an organization member", "Nothing was changed"),
				},
				{
					Config:      e.config(membersResource(fmt.Sprintf("%q", teamID), memberEntry{demoBob, ""}, memberEntry{demoCarol, ""})),
					ExpectError: errorMatching("User already in another team", "Carol Example", `is a member of team "Infra" (`+infraTeamID+`)`, "Nothing was changed"),
				},
			}
		}
		before = e.memberRoles(teamID)
		resource.ParallelTest(t, resource.TestCase{ProtoV6ProviderFactories: e.factories(), Steps: steps})
		if n := e.mutations(); n != 0 {
			t.Errorf("%d calls changed team members; refusals must change nothing", n)
		}
		if err := e.checkMembers(teamID, before); err != nil {
			t.Error(err)
		}
	})
}

// TestAccTeamMembers_ordering promotes Bob, demotes the provider's own
// user Alice and removes Carol in one apply on Classic: it completes,
// converges (the plan after it is empty), and Alice's demotion is the last
// change the mock sees.
func TestAccTeamMembers_ordering(t *testing.T) {
	e := newTestEnv(t, "classic")
	rec := newDiagRecorder()
	team := fmt.Sprintf("%q", mockapi.DemoOrgID)

	type snapshot struct {
		method  string
		members map[string]string
	}
	var mu sync.Mutex
	var seen []snapshot
	watch := func(method string) {
		e.mock.Inject(method, mockapi.Fault{Hook: func() {
			mu.Lock()
			defer mu.Unlock()
			seen = append(seen, snapshot{method, e.memberRoles(mockapi.DemoOrgID)})
		}})
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.recordingFactories(rec),
		Steps: []resource.TestStep{
			{
				Config: e.config(membersResource(team, memberEntry{demoAlice, "owner"}, memberEntry{demoBob, "member"}, memberEntry{demoCarol, "member"})),
				Check: func(*terraform.State) error {
					if n := e.mutations(); n != 0 {
						return fmt.Errorf("adopting a matching list made %d changes", n)
					}
					return nil
				},
			},
			{
				PreConfig: func() {
					rec.reset()
					watch("UpdateTeamMember")
					watch("DeleteTeamMember")
				},
				Config: e.config(membersResource(team, memberEntry{demoAlice, "member"}, memberEntry{demoBob, "owner"})),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("gitpod_team_members.m", plancheck.ResourceActionUpdate),
				}},
				Check: resource.ComposeAggregateTestCheckFunc(
					e.expectMembers(mockapi.DemoOrgID, map[string]string{demoAlice: "member", demoBob: "owner"}),
					rec.expectWarning("plan", "gitpod_team_members", "will be removed", "Carol Example <carol@example.com>"),
					rec.expectWarning("plan", "gitpod_team_members", "The provider's user gives up its owner rights", demoAlice),
					func(*terraform.State) error {
						mu.Lock()
						defer mu.Unlock()
						var methods []string
						for _, s := range seen {
							methods = append(methods, s.method)
							if s.members[demoAlice] != "owner" {
								return fmt.Errorf("alice was no longer an owner before a later change; calls: %v", seen)
							}
						}
						if got := strings.Join(methods, " "); got != "UpdateTeamMember DeleteTeamMember UpdateTeamMember" {
							return fmt.Errorf("calls %q, want promote, remove, demote", got)
						}
						if last := seen[2].members; last[demoBob] != "owner" || last[demoCarol] != "" {
							return fmt.Errorf("before Alice's demotion the team was %v; Bob should own it and Carol be gone", last)
						}
						return nil
					},
				),
			},
			{
				// Alice gave up her owner rights: destroying the list
				// (which would remove Bob) is refused, naming why, and
				// nothing is removed.
				PreConfig: func() {
					e.mock.ClearFaults()
					e.mock.ResetCalls()
				},
				Config:      e.config(membersResource(team, memberEntry{demoAlice, "member"}, memberEntry{demoBob, "owner"})),
				Destroy:     true,
				ExpectError: errorMatching("Not allowed to remove the team's members", "("+demoBob+")", "("+demoAlice+") is not an owner of the team", "Nothing was removed"),
			},
			{
				// Make Alice an owner again out of band, so that the list
				// can be destroyed (only owners remove members).
				PreConfig: func() {
					if n := e.mutations(); n != 0 {
						t.Errorf("the refused destroy made %d member changes", n)
					}
					if err := e.mock.SetOrgMember(mockapi.DemoOrgID, demoAlice, "owner"); err != nil {
						t.Error(err)
					}
				},
				Config: e.config(membersResource(team, memberEntry{demoAlice, "owner"}, memberEntry{demoBob, "owner"})),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectEmptyPlan(),
				}},
			},
		},
		CheckDestroy: func(*terraform.State) error {
			return e.checkMembers(mockapi.DemoOrgID, map[string]string{demoAlice: "owner"})
		},
	})
}

// TestAccTeamMembers_drift removes a listed member out of band: the next
// plan shows it and the apply adds the member again. A listed member who
// then leaves blocks neither the plan nor the destroy.
func TestAccTeamMembers_drift(t *testing.T) {
	forEachAPI(t, func(t *testing.T, e *testEnv) {
		cfg := e.config(platformTeam + membersResource("gitpod_team.t.id", e.member(demoBob, "member"), e.member(demoCarol, "member")))
		remove := func(user string) func(*terraform.State) error {
			return func(s *terraform.State) error {
				id, _ := attr(s, "gitpod_team.t", "id")
				if e.classic() {
					return e.mock.RemoveOrgMember(id, user)
				}
				return e.mock.RemoveTeamMember(id, user)
			}
		}
		var teamID string
		resource.ParallelTest(t, resource.TestCase{
			ProtoV6ProviderFactories: e.factories(),
			Steps: []resource.TestStep{
				{
					Config: cfg,
					Check: resource.ComposeAggregateTestCheckFunc(
						func(s *terraform.State) error {
							teamID, _ = attr(s, "gitpod_team.t", "id")
							return nil
						},
						remove(demoBob),
					),
					ExpectNonEmptyPlan: true,
				},
				{
					Config: cfg,
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction("gitpod_team_members.m", plancheck.ResourceActionUpdate),
					}},
					Check: resource.ComposeAggregateTestCheckFunc(
						e.expectMembers("gitpod_team.t.id", pick(e,
							map[string]string{demoAlice: "owner", demoBob: "member", demoCarol: "member"},
							map[string]string{demoBob: "", demoCarol: ""})),
						remove(demoCarol),
					),
					ExpectNonEmptyPlan: true,
				},
			},
			CheckDestroy: func(*terraform.State) error {
				if teamID == "" || e.teamExists(teamID) {
					return fmt.Errorf("team %q was not destroyed", teamID)
				}
				return nil
			},
		})
	})
}
