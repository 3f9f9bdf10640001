package provider_test

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/gitpod-community/terraform-provider-gitpod/internal/mockapi"
)

const (
	demoAlice = mockapi.DemoAliceID
	demoBob   = mockapi.DemoBobID
	demoCarol = mockapi.DemoCarolID
)

// memberResource is a gitpod_team_member; role is left out when empty.
func memberResource(name, teamID, userID, role string) string {
	r := ""
	if role != "" {
		r = fmt.Sprintf("role = %q", role)
	}
	return fmt.Sprintf(`
resource "gitpod_team_member" %q {
  team_id = %s
  user_id = %q
  %s
}
`, name, teamID, userID, r)
}

const platformTeam = `
resource "gitpod_team" "t" {
  name = "Platform"
}
`

// classicRole is role on Classic and nothing on gitpod.v1.
func classicRole(e *testEnv, role string) string { return pick(e, role, "") }

// TestAccTeamMember_lifecycle adds Bob to a new team directly (no joining
// first), imports the membership, changes its role in place on Classic,
// and removes it, checking the mock at each step.
func TestAccTeamMember_lifecycle(t *testing.T) {
	forEachAPI(t, func(t *testing.T, e *testEnv) {
		cfg := func(role string) string {
			return e.config(platformTeam + memberResource("bob", "gitpod_team.t.id", demoBob, classicRole(e, role)))
		}
		// Alice created the team: its owner on Classic, not a member on gitpod.v1.
		withBob := func(role string) map[string]string {
			if e.classic() {
				return map[string]string{demoAlice: "owner", demoBob: role}
			}
			return map[string]string{demoBob: ""}
		}
		steps := []resource.TestStep{
			{
				Config: cfg(""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("gitpod_team_member.bob", plancheck.ResourceActionCreate),
					plancheck.ExpectKnownValue("gitpod_team_member.bob", tfjsonpath.New("role"), pick[knownvalue.Check](e, knownvalue.StringExact("member"), knownvalue.Null())),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.CompareValuePairs("gitpod_team_member.bob", tfjsonpath.New("team_id"), "gitpod_team.t", tfjsonpath.New("id"), compare.ValuesSame()),
					statecheck.ExpectKnownValue("gitpod_team_member.bob", tfjsonpath.New("user_id"), knownvalue.StringExact(demoBob)),
					statecheck.ExpectKnownValue("gitpod_team_member.bob", tfjsonpath.New("id"), knownvalue.StringRegexp(uuidSlash(demoBob))),
					statecheck.ExpectKnownValue("gitpod_team_member.bob", tfjsonpath.New("role"), pick[knownvalue.Check](e, knownvalue.StringExact("member"), knownvalue.Null())),
					statecheck.ExpectKnownValue("gitpod_team_member.bob", tfjsonpath.New("membership_id"), pick[knownvalue.Check](e, knownvalue.Null(), knownvalue.StringRegexp(uuidRE))),
					statecheck.ExpectKnownValue("gitpod_team_member.bob", tfjsonpath.New("full_name"), knownvalue.StringExact("Bob Example")),
					statecheck.ExpectKnownValue("gitpod_team_member.bob", tfjsonpath.New("primary_email"), pick[knownvalue.Check](e, knownvalue.StringExact("bob@example.com"), knownvalue.Null())),
					statecheck.ExpectKnownValue("gitpod_team_member.bob", tfjsonpath.New("member_since"), knownvalue.NotNull()),
				},
				Check: e.expectMembers("gitpod_team.t.id", withBob("member")),
			},
			{
				Config:            cfg(""),
				ResourceName:      "gitpod_team_member.bob",
				ImportState:       true,
				ImportStateVerify: true,
				ImportStateIdFunc: func(s *terraform.State) (string, error) {
					id, err := attr(s, "gitpod_team.t", "id")
					return id + "/" + demoBob, err
				},
			},
		}
		if e.classic() {
			for _, role := range []string{"owner", "member"} {
				steps = append(steps, resource.TestStep{
					Config: cfg(role),
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction("gitpod_team_member.bob", plancheck.ResourceActionUpdate),
					}},
					ConfigStateChecks: []statecheck.StateCheck{
						statecheck.ExpectKnownValue("gitpod_team_member.bob", tfjsonpath.New("role"), knownvalue.StringExact(role)),
					},
					Check: e.expectMembers("gitpod_team.t.id", withBob(role)),
				})
			}
		}
		steps = append(steps, resource.TestStep{
			Config: e.config(platformTeam),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction("gitpod_team_member.bob", plancheck.ResourceActionDestroy),
				plancheck.ExpectResourceAction("gitpod_team.t", plancheck.ResourceActionNoop),
			}},
			Check: e.expectMembers("gitpod_team.t.id", pick(e, map[string]string{demoAlice: "owner"}, map[string]string{})),
		})
		resource.ParallelTest(t, resource.TestCase{ProtoV6ProviderFactories: e.factories(), Steps: steps})
	})
}

// uuidSlash matches "<team uuid>/<userID>".
func uuidSlash(userID string) *regexp.Regexp {
	return regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/` + userID + `$`)
}

// TestAccTeamMember_ownMembership destroys the membership of the
// provider's own user: Classic keeps it (with a warning) so that the team
// stays deletable, gitpod.v1 removes it. Finally the team is destroyed in
// the same run as the memberships, its last owner's among them.
func TestAccTeamMember_ownMembership(t *testing.T) {
	forEachAPI(t, func(t *testing.T, e *testEnv) {
		rec := newDiagRecorder()
		cfg := func(withAlice bool) string {
			body := platformTeam + memberResource("bob", "gitpod_team.t.id", demoBob, classicRole(e, "owner"))
			if withAlice {
				body += memberResource("alice", "gitpod_team.t.id", demoAlice, classicRole(e, "owner"))
			}
			return e.config(body)
		}
		var teamID string
		both := map[string]string{demoAlice: "owner", demoBob: "owner"}
		resource.ParallelTest(t, resource.TestCase{
			ProtoV6ProviderFactories: e.recordingFactories(rec),
			Steps: []resource.TestStep{
				{
					Config: cfg(true),
					Check: resource.ComposeAggregateTestCheckFunc(
						func(s *terraform.State) error {
							teamID, _ = attr(s, "gitpod_team.t", "id")
							return nil
						},
						e.expectMembers("gitpod_team.t.id", both),
					),
				},
				{
					PreConfig: rec.reset,
					Config:    cfg(false),
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction("gitpod_team_member.alice", plancheck.ResourceActionDestroy),
					}},
					Check: pick(e,
						resource.ComposeAggregateTestCheckFunc(
							e.expectMembers("gitpod_team.t.id", both),
							rec.expectWarning("apply", "gitpod_team_member", "Kept the provider user's own membership", demoAlice),
						),
						resource.ComposeAggregateTestCheckFunc(
							e.expectMembers("gitpod_team.t.id", map[string]string{demoBob: ""}),
							rec.expectNoWarning("apply", "gitpod_team_member", "Kept"),
						),
					),
				},
				{
					Config: cfg(true),
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction("gitpod_team_member.alice", plancheck.ResourceActionCreate),
					}},
					Check: e.expectMembers("gitpod_team.t.id", both),
				},
			},
			CheckDestroy: func(*terraform.State) error {
				if teamID == "" || e.teamExists(teamID) {
					return fmt.Errorf("team %q was not deleted together with its members", teamID)
				}
				return nil
			},
		})
	})
}

// TestAccTeamMember_drift removes Bob out of band: the next plan adds him
// again instead of failing.
func TestAccTeamMember_drift(t *testing.T) {
	forEachAPI(t, func(t *testing.T, e *testEnv) {
		cfg := e.config(platformTeam + memberResource("bob", "gitpod_team.t.id", demoBob, ""))
		resource.ParallelTest(t, resource.TestCase{
			ProtoV6ProviderFactories: e.factories(),
			Steps: []resource.TestStep{
				{
					Config: cfg,
					Check: func(s *terraform.State) error {
						id, _ := attr(s, "gitpod_team.t", "id")
						if e.classic() {
							return e.mock.RemoveOrgMember(id, demoBob)
						}
						return e.mock.RemoveTeamMember(id, demoBob)
					},
					ExpectNonEmptyPlan: true,
				},
				{
					Config: cfg,
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction("gitpod_team_member.bob", plancheck.ResourceActionCreate),
					}},
					Check: e.expectMembers("gitpod_team.t.id", pick(e, map[string]string{demoAlice: "owner", demoBob: "member"}, map[string]string{demoBob: ""})),
				},
			},
		})
	})
}

// TestAccTeamMember_lastOwnerDemotion demotes a Classic team's only owner:
// the server silently keeps the role, the provider fails, and the state
// keeps the role the server holds (the next plan still wants the change,
// and asking for owner again is no change at all).
func TestAccTeamMember_lastOwnerDemotion(t *testing.T) {
	e := newTestEnv(t, "classic")
	rec := newDiagRecorder()
	cfg := func(role string) string {
		return e.config(platformTeam + memberResource("alice", "gitpod_team.t.id", demoAlice, role))
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.recordingFactories(rec),
		Steps: []resource.TestStep{
			{Config: cfg("owner")},
			{
				PreConfig:   rec.reset,
				Config:      cfg("member"),
				ExpectError: errorMatching("Unable to set the role of the membership of user "+demoAlice, "a team must keep at least one owner", "kept the role owner instead of member", "Make another member an owner first"),
			},
			{
				// The failed apply saved the role the server holds.
				PreConfig: func() {
					states := rec.appliedStates("gitpod_team_member")
					if len(states) != 1 || !states[0].failed || states[0].attrs["role"] != "owner" {
						t.Errorf("the failed update saved %+v; want one failed apply that kept role owner", states)
					}
				},
				Config:             cfg("member"),
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
			},
			{
				Config: cfg("owner"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectEmptyPlan(),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("gitpod_team_member.alice", tfjsonpath.New("role"), knownvalue.StringExact("owner")),
				},
				Check: e.expectMembers("gitpod_team.t.id", map[string]string{demoAlice: "owner"}),
			},
		},
	})
}

// TestAccTeamMember_v1Role refuses role on gitpod.v1 at plan time, naming
// the API, before anything is created.
func TestAccTeamMember_v1Role(t *testing.T) {
	e := newTestEnv(t, "v1")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		Steps: []resource.TestStep{{
			Config:      e.config(platformTeam + memberResource("bob", "gitpod_team.t.id", demoBob, "member")),
			PlanOnly:    true,
			ExpectError: errorMatching("Not available on this API", "Teams of today's Gitpod (gitpod.v1) have no roles"),
		}},
	})
	if n := e.mock.Calls("CreateTeam") + e.mutations(); n != 0 {
		t.Errorf("%d changing calls reached the mock; a plan-time error must change nothing", n)
	}
}

// TestAccTeamMember_v1InOtherTeam adds a user who already belongs to
// another team of the organization, to a team the same apply would
// create: the plan fails, naming that team and what to do, before the
// team is created.
func TestAccTeamMember_v1InOtherTeam(t *testing.T) {
	e := newTestEnvWith(t, "v1", withV1Team(infraTeamID, "Infra", demoCarol))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		Steps: []resource.TestStep{{
			Config: e.config(platformTeam + memberResource("carol", "gitpod_team.t.id", demoCarol, "")),
			ExpectError: errorMatching("User already in another team", `is a member of team "Infra" (`+infraTeamID+`)`, "at most one team per organization",
				"Nothing was changed", "move_from_team_ids"),
		}},
	})
	if err := e.checkMembers(infraTeamID, map[string]string{demoCarol: ""}); err != nil {
		t.Error(err)
	}
	if n := len(e.mock.Teams()); n != 1 {
		t.Errorf("%d teams left, want only Infra", n)
	}
	if n := e.mock.Calls("CreateTeam") + e.mutations(); n != 0 {
		t.Errorf("%d changing calls reached the mock; a plan-time error must change nothing", n)
	}
}

// TestAccTeamMember_managedTwice refuses two resources for one membership.
func TestAccTeamMember_managedTwice(t *testing.T) {
	forEachAPI(t, func(t *testing.T, e *testEnv) {
		resource.ParallelTest(t, resource.TestCase{
			ProtoV6ProviderFactories: e.factories(),
			Steps: []resource.TestStep{{
				Config: e.config(platformTeam +
					memberResource("a", "gitpod_team.t.id", demoBob, "") +
					memberResource("b", "gitpod_team.t.id", demoBob, "")),
				ExpectError: errorMatching("Membership managed twice", "already manages user "+demoBob),
			}},
		})
	})
}

// TestAccTeamMember_identitySwitch re-configures the provider with other
// users' tokens after the create. On Classic the team belongs to its
// members, so Bob (not one) gets an error naming both users. On gitpod.v1
// the team belongs to the organization: Bob, of the same organization,
// sees no change; Dave, of another, gets an error naming both
// organizations.
func TestAccTeamMember_identitySwitch(t *testing.T) {
	forEachAPIWith(t, func(api string) []func(*mockapi.Fixtures) {
		if api == "classic" {
			return []func(*mockapi.Fixtures){withGlobex, withClassicTeam(platformOrgID, "Platform")}
		}
		return []func(*mockapi.Fixtures){withGlobex, withV1Team(platformTeamID, "Platform")}
	}, func(t *testing.T, e *testEnv) {
		teamID := pick(e, platformOrgID, platformTeamID)
		cfg := func(token string) string {
			return e.configAs(token, memberResource("carol", fmt.Sprintf("%q", teamID), demoCarol, ""))
		}
		steps := []resource.TestStep{{
			Config: cfg(mockapi.DemoAliceToken),
			Check:  e.expectMembers(teamID, pick(e, map[string]string{demoAlice: "owner", demoCarol: "member"}, map[string]string{demoCarol: ""})),
		}}
		if e.classic() {
			steps = append(steps, resource.TestStep{
				Config:      cfg(mockapi.DemoBobToken),
				ExpectError: errorMatching("Resource belongs to another user", "created by user "+demoAlice, "authenticated as user "+demoBob),
			})
		} else {
			steps = append(steps,
				resource.TestStep{Config: cfg(mockapi.DemoBobToken), PlanOnly: true},
				resource.TestStep{
					Config:      cfg(daveToken),
					ExpectError: errorMatching("Resource belongs to another organization", "belongs to organization "+mockapi.DemoOrgID, "acts in organization "+globexOrgID),
				})
		}
		// Back to Alice, who can see it and destroy it.
		steps = append(steps, resource.TestStep{Config: cfg(mockapi.DemoAliceToken), PlanOnly: true})
		resource.ParallelTest(t, resource.TestCase{
			ProtoV6ProviderFactories: e.factories(),
			Steps:                    steps,
			CheckDestroy: func(*terraform.State) error {
				return e.checkMembers(teamID, pick(e, map[string]string{demoAlice: "owner"}, map[string]string{}))
			},
		})
	})
}

// TestAccTeamMember_classicUnknownUser: Gitpod Classic answers OK for a
// user it does not know and adds nobody; the error says so in the
// provider's words, with what to check, not as the server's.
func TestAccTeamMember_classicUnknownUser(t *testing.T) {
	e := newTestEnv(t, "classic")
	unknown := "9f0e1d2c-3b4a-4958-8776-655443322110"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		Steps: []resource.TestStep{{
			Config:      e.config(memberResource("x", fmt.Sprintf("%q", mockapi.DemoOrgID), unknown, "member")),
			ExpectError: regexp.MustCompile(`(?s)Could not add the membership of user ` + unknown + `.*the server did not\s+apply\s+the\s+change:\s+the\s+server\s+answered\s+OK,\s+but\s+the\s+user\s+is\s+not\s+a\s+member\s+afterwards\.\s+Check\s+the\s+user\s+ID`),
		}},
	})
}
