package provider_test

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"connectrpc.com/connect"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/gitpod-community/terraform-provider-gitpod/internal/api"
	gitpodv1 "github.com/gitpod-community/terraform-provider-gitpod/internal/api/gen/gitpod/experimental/v1"
	"github.com/gitpod-community/terraform-provider-gitpod/internal/mockapi"
)

const bobAddr = "gitpod_team_member.bob"

func memberConfig(name, userID, role string) string {
	return fmt.Sprintf(`
resource "gitpod_team_member" %q {
  team_id = gitpod_team.test.id
  user_id = %q
  role    = %q
}
`, name, userID, role)
}

// joinAs makes a user join the team in state through its invitation, with
// the user's own token, as a person would.
func joinAs(e *testEnv, token string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		inv, err := attr(s, teamAddr, "invitation_id")
		if err != nil {
			return err
		}
		c, err := api.New(api.Config{Host: e.url, Token: token})
		if err != nil {
			return err
		}
		_, err = c.Teams.JoinTeam(context.Background(), connect.NewRequest(&gitpodv1.JoinTeamRequest{InvitationId: inv}))
		return err
	}
}

// roleInMock checks a user's role in the team in state, "" meaning absent.
func roleInMock(e *testEnv, userID string, want gitpodv1.TeamRole) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		id, err := attr(s, teamAddr, "id")
		if err != nil {
			return err
		}
		var got gitpodv1.TeamRole
		for _, m := range e.mock.Team(id).GetMembers() {
			if m.GetUserId() == userID {
				got = m.GetRole()
			}
		}
		if got != want {
			return fmt.Errorf("user %s has role %v in the mock, want %v", userID, got, want)
		}
		return nil
	}
}

func TestAccTeamMember_lifecycle(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	team := teamConfig("Members", "")
	var teamID string
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		CheckDestroy:             teamsDestroyed(e),
		Steps: []resource.TestStep{
			{
				Config: e.config(team),
				Check: resource.ComposeAggregateTestCheckFunc(joinAs(e, mockapi.DemoBobToken), func(s *terraform.State) (err error) {
					teamID, err = attr(s, teamAddr, "id")
					return err
				}),
			},
			{
				// Adopt Bob's membership and make him an owner.
				Config: e.config(team + memberConfig("bob", mockapi.DemoBobID, "owner")),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(bobAddr, plancheck.ResourceActionCreate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(bobAddr, tfjsonpath.New("role"), knownvalue.StringExact("owner")),
					statecheck.ExpectKnownValue(bobAddr, tfjsonpath.New("full_name"), knownvalue.StringExact("Bob Example")),
					statecheck.ExpectKnownValue(bobAddr, tfjsonpath.New("primary_email"), knownvalue.StringExact("bob@example.com")),
					statecheck.ExpectKnownValue(bobAddr, tfjsonpath.New("member_since"), knownvalue.StringRegexp(regexp.MustCompile(`^\d{4}-\d\d-\d\dT`))),
				},
				Check: roleInMock(e, mockapi.DemoBobID, gitpodv1.TeamRole_TEAM_ROLE_OWNER),
			},
			{
				ResourceName:      bobAddr,
				ImportState:       true,
				ImportStateVerify: true,
				ImportStateIdFunc: func(*terraform.State) (string, error) { return teamID + "/" + mockapi.DemoBobID, nil },
			},
			{
				Config: e.config(team + memberConfig("bob", mockapi.DemoBobID, "member")),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(bobAddr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(bobAddr, tfjsonpath.New("role"), knownvalue.StringExact("member")),
				},
				Check: roleInMock(e, mockapi.DemoBobID, gitpodv1.TeamRole_TEAM_ROLE_MEMBER),
			},
			{
				// Bob left outside Terraform: the plan shows it, and applying
				// explains that he must rejoin.
				PreConfig: func() {
					if err := e.mock.RemoveMember(teamID, mockapi.DemoBobID); err != nil {
						t.Fatal(err)
					}
				},
				Config: e.config(team + memberConfig("bob", mockapi.DemoBobID, "member")),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(bobAddr, plancheck.ResourceActionCreate),
				}},
				ExpectError: errorMatching("User has not joined the team", "must first join through the team's invitation", "invitation_id"),
			},
			{
				// After rejoining, the same configuration adopts him again;
				// destroy then removes him (checked by CheckDestroy with the team).
				PreConfig: func() {
					if err := e.mock.AddMember(teamID, mockapi.DemoBobID, gitpodv1.TeamRole_TEAM_ROLE_MEMBER); err != nil {
						t.Fatal(err)
					}
				},
				Config: e.config(team + memberConfig("bob", mockapi.DemoBobID, "member")),
				Check:  roleInMock(e, mockapi.DemoBobID, gitpodv1.TeamRole_TEAM_ROLE_MEMBER),
			},
			{
				// Removing the resource removes the member.
				Config: e.config(team),
				Check:  roleInMock(e, mockapi.DemoBobID, gitpodv1.TeamRole_TEAM_ROLE_UNSPECIFIED),
			},
		},
	})
}

func TestAccTeamMember_lastOwner(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	team := teamConfig("Owners", "")
	var teamID string
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		// The last step hands the team to Bob; destroying Alice's
		// membership then succeeds, Alice leaves, and the team stays with Bob.
		CheckDestroy: func(*terraform.State) error {
			team := e.mock.Team(teamID)
			if team == nil || len(team.GetMembers()) != 1 || team.GetMembers()[0].GetUserId() != mockapi.DemoBobID {
				return fmt.Errorf("want the team left to Bob alone, got %v", team)
			}
			return nil
		},
		Steps: []resource.TestStep{
			{
				Config: e.config(team + memberConfig("alice", mockapi.DemoAliceID, "owner")),
				Check: func(s *terraform.State) (err error) {
					teamID, err = attr(s, teamAddr, "id")
					return err
				},
			},
			{
				Config:      e.config(team + memberConfig("alice", mockapi.DemoAliceID, "member")),
				ExpectError: errorMatching("Cannot demote the team's last owner", "must keep at least one owner", "The team is unchanged"),
			},
			{
				Config:      e.config(team),
				ExpectError: errorMatching("Cannot remove the team's last owner", "left intact"),
			},
			{
				Config: e.config(team + memberConfig("alice", mockapi.DemoAliceID, "owner")),
				Check:  roleInMock(e, mockapi.DemoAliceID, gitpodv1.TeamRole_TEAM_ROLE_OWNER),
			},
			{
				Config:      e.config(team + memberConfig("bob", mockapi.DemoBobID, "member") + memberConfig("alice", mockapi.DemoAliceID, "owner")),
				ExpectError: errorMatching("User has not joined the team", mockapi.DemoBobID),
			},
			{
				PreConfig: func() {
					if err := e.mock.AddMember(teamID, mockapi.DemoBobID, gitpodv1.TeamRole_TEAM_ROLE_OWNER); err != nil {
						t.Fatal(err)
					}
				},
				Config: e.config(team + memberConfig("alice", mockapi.DemoAliceID, "owner")),
			},
		},
	})
}

func TestAccTeamMember_validationAndImportErrors(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	cfg := e.config(teamConfig("Import", "") + memberConfig("bob", mockapi.DemoBobID, "member"))
	step := func(id string) resource.TestStep {
		return resource.TestStep{Config: cfg, ResourceName: bobAddr, ImportState: true, ImportStateId: id,
			ExpectError: errorMatching("Invalid team member ID", `"<team_id>/<user_id>"`)}
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		Steps: []resource.TestStep{
			{
				Config:      e.config(teamConfig("Import", "") + memberConfig("bob", "bob", "member")),
				PlanOnly:    true,
				ExpectError: errorMatching("Attribute user_id must be a UUID"),
			},
			{
				Config:      e.config(teamConfig("Import", "") + memberConfig("bob", mockapi.DemoBobID, "admin")),
				PlanOnly:    true,
				ExpectError: errorMatching(`Attribute role value must be one of: ["owner" "member"]`),
			},
			step("abc"),
			step(mockapi.DemoBobID),
			step(mockapi.DemoBobID + "/x"),
			step(strings.Repeat("/", 3)),
		},
	})
}
