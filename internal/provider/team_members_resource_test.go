package provider_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	gitpodv1 "github.com/gitpod-community/terraform-provider-gitpod/internal/api/gen/gitpod/experimental/v1"
	"github.com/gitpod-community/terraform-provider-gitpod/internal/mockapi"
)

const membersAddr = "gitpod_team_members.all"

func membersConfig(entries ...string) string {
	var b strings.Builder
	for i := 0; i+1 < len(entries); i += 2 {
		fmt.Fprintf(&b, "    { user_id = %q, role = %q },\n", entries[i], entries[i+1])
	}
	return fmt.Sprintf(`
resource "gitpod_team_members" "all" {
  team_id = gitpod_team.test.id
  members = [
%s  ]
}
`, b.String())
}

// expectMembersChange checks, in the plan, which user IDs the members set
// loses and gains, so that the plan provably shows who would be removed.
type expectMembersChange struct{ removed, added []string }

func userIDs(v any) []string {
	var out []string
	obj, _ := v.(map[string]any)
	list, _ := obj["members"].([]any)
	for _, m := range list {
		if mm, ok := m.(map[string]any); ok {
			if id, ok := mm["user_id"].(string); ok {
				out = append(out, id)
			}
		}
	}
	slices.Sort(out)
	return out
}

func (c expectMembersChange) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	for _, rc := range req.Plan.ResourceChanges {
		if rc.Address != membersAddr {
			continue
		}
		before, after := userIDs(rc.Change.Before), userIDs(rc.Change.After)
		var removed, added []string
		for _, id := range before {
			if !slices.Contains(after, id) {
				removed = append(removed, id)
			}
		}
		for _, id := range after {
			if !slices.Contains(before, id) {
				added = append(added, id)
			}
		}
		slices.Sort(c.removed)
		slices.Sort(c.added)
		if !slices.Equal(removed, c.removed) || !slices.Equal(added, c.added) {
			resp.Error = fmt.Errorf("plan removes %v and adds %v; want removed %v, added %v", removed, added, c.removed, c.added)
		}
		return
	}
	resp.Error = fmt.Errorf("%s not in the plan", membersAddr)
}

func TestAccTeamMembers_authoritative(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	carol := e.mock.AddUser(mockapi.User{Name: "Carol Example", Email: "carol@example.com"})
	dave := e.mock.AddUser(mockapi.User{Name: "Dave Example", Email: "dave@example.com"})
	team := teamConfig("Authoritative", "")
	var teamID string
	join := func(userID string, role gitpodv1.TeamRole) func() {
		return func() {
			if err := e.mock.AddMember(teamID, userID, role); err != nil {
				t.Fatal(err)
			}
		}
	}
	A, B, C := mockapi.DemoAliceID, mockapi.DemoBobID, carol.ID
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		CheckDestroy:             teamsDestroyed(e),
		Steps: []resource.TestStep{
			{
				Config: e.config(team),
				Check: func(s *terraform.State) (err error) {
					teamID, err = attr(s, teamAddr, "id")
					if err == nil {
						join(B, gitpodv1.TeamRole_TEAM_ROLE_MEMBER)()
						join(C, gitpodv1.TeamRole_TEAM_ROLE_MEMBER)()
					}
					return err
				},
			},
			{
				// Carol is not listed: she is removed.
				Config: e.config(team + membersConfig(A, "owner", B, "member")),
				Check: resource.ComposeAggregateTestCheckFunc(
					roleInMock(e, A, gitpodv1.TeamRole_TEAM_ROLE_OWNER),
					roleInMock(e, B, gitpodv1.TeamRole_TEAM_ROLE_MEMBER),
					roleInMock(e, C, gitpodv1.TeamRole_TEAM_ROLE_UNSPECIFIED),
				),
			},
			{
				// Carol joins again outside Terraform: the plan shows exactly
				// her being removed, and applying removes her.
				PreConfig: join(C, gitpodv1.TeamRole_TEAM_ROLE_MEMBER),
				Config:    e.config(team + membersConfig(A, "owner", B, "member")),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(membersAddr, plancheck.ResourceActionUpdate),
					expectMembersChange{removed: []string{C}},
				}},
				Check: roleInMock(e, C, gitpodv1.TeamRole_TEAM_ROLE_UNSPECIFIED),
			},
			{
				// Dave never joined: the plan fails before anything changes.
				Config:      e.config(team + membersConfig(A, "owner", B, "member", dave.ID, "member")),
				ExpectError: errorMatching("Users have not joined the team", dave.ID, "must first join through the team's invitation"),
			},
			{
				// No owner listed while the provider user is listed as member.
				Config:      e.config(team + membersConfig(A, "member", B, "member")),
				ExpectError: errorMatching("Team would have no owner"),
			},
			{
				// Promote Bob and demote Alice in one apply: promotion first.
				Config: e.config(team + membersConfig(A, "member", B, "owner")),
				Check: resource.ComposeAggregateTestCheckFunc(
					roleInMock(e, A, gitpodv1.TeamRole_TEAM_ROLE_MEMBER),
					roleInMock(e, B, gitpodv1.TeamRole_TEAM_ROLE_OWNER),
				),
			},
			{
				// Unlisting the provider user never removes it.
				Config: e.config(team + membersConfig(B, "owner")),
				Check:  roleInMock(e, A, gitpodv1.TeamRole_TEAM_ROLE_MEMBER),
			},
			{
				ResourceName:      membersAddr,
				ImportState:       true,
				ImportStateVerify: true,
				ImportStateIdFunc: func(*terraform.State) (string, error) { return teamID, nil },
			},
			{
				// Bob as a plain member, Alice (a member) unlisted: no owner.
				Config:      e.config(team + membersConfig(B, "member")),
				ExpectError: errorMatching("Team would have no owner"),
			},
			{
				// Alice is a plain member now: she may not remove Bob's
				// ownership, and the plan says so.
				Config:      e.config(team + membersConfig(A, "owner", B, "member")),
				ExpectError: errorMatching("Not allowed to change the team's members", "not an owner"),
			},
			{
				// Bob gives Alice back ownership outside Terraform, so the
				// configuration below needs no change and the team can be
				// destroyed.
				PreConfig: join(A, gitpodv1.TeamRole_TEAM_ROLE_OWNER),
				Config:    e.config(team + membersConfig(A, "owner", B, "owner")),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(membersAddr, plancheck.ResourceActionUpdate),
					expectMembersChange{added: []string{A}},
				}},
				Check: roleInMock(e, A, gitpodv1.TeamRole_TEAM_ROLE_OWNER),
			},
		},
	})
}

func TestAccTeamMembers_errors(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		Steps: []resource.TestStep{
			{
				Config:      e.config(teamConfig("Dup", "") + membersConfig(mockapi.DemoAliceID, "owner", mockapi.DemoAliceID, "member")),
				PlanOnly:    true,
				ExpectError: errorMatching("User listed twice"),
			},
			{
				Config:      e.config(teamConfig("Dup", "") + membersConfig("alice", "owner")),
				PlanOnly:    true,
				ExpectError: errorMatching("must be a UUID"),
			},
			{
				Config:      e.config(teamConfig("Dup", "") + membersConfig(mockapi.DemoAliceID, "admin")),
				PlanOnly:    true,
				ExpectError: errorMatching(`value must be one of: ["owner" "member"]`),
			},
			{
				Config:        e.config(teamConfig("Dup", "") + membersConfig(mockapi.DemoAliceID, "owner")),
				ResourceName:  membersAddr,
				ImportState:   true,
				ImportStateId: "team",
				ExpectError:   errorMatching("Invalid team ID"),
			},
		},
	})
}
