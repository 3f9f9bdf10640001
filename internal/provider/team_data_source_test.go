package provider_test

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/gitpod-community/terraform-provider-gitpod/internal/mockapi"
)

// orgUserID is the id of the i-th extra user of the demo organization.
func orgUserID(i int) string { return fmt.Sprintf("%08x-0000-4000-8000-%012x", i, i) }

func orgUserEmail(i int) string { return fmt.Sprintf("user%d@example.com", i) }

// withOrgUsers adds n users to the demo organization and spreads them over
// gitpod.v1 teams of the given ids (named "Team 1", "Team 2", ...), an
// equal share each.
func withOrgUsers(n int, teamIDs ...string) func(*mockapi.Fixtures) {
	return func(f *mockapi.Fixtures) {
		teams := make([]mockapi.TeamFixture, len(teamIDs))
		for i, id := range teamIDs {
			teams[i] = mockapi.TeamFixture{ID: id, OrganizationID: mockapi.DemoOrgID, Name: fmt.Sprintf("Team %d", i+1)}
		}
		for i := range n {
			id := orgUserID(i + 1)
			f.Users = append(f.Users, mockapi.UserFixture{ID: id, Name: fmt.Sprintf("User %d", i+1), Email: orgUserEmail(i + 1), Token: "token-" + id})
			f.Organizations[0].Members = append(f.Organizations[0].Members, mockapi.OrgMemberFixture{UserID: id, Role: "member"})
			if len(teams) > 0 {
				t := &teams[i%len(teams)]
				t.Members = append(t.Members, id)
			}
		}
		f.Teams = append(f.Teams, teams...)
	}
}

// TestAccTeamDataSource_byIDAndName reads one team by id and by name, with
// its members (on gitpod.v1 their emails come from the organization).
func TestAccTeamDataSource_byIDAndName(t *testing.T) {
	forEachAPIWith(t, func(api string) []func(*mockapi.Fixtures) {
		return []func(*mockapi.Fixtures){withV1Team(platformTeamID, "Platform", demoBob, demoCarol)}
	}, func(t *testing.T, e *testEnv) {
		id, name := pick(e, mockapi.DemoOrgID, platformTeamID), pick(e, "Acme Engineering", "Platform")
		m := func(user, role, fullName, email string) knownvalue.Check {
			return knownvalue.ObjectExact(map[string]knownvalue.Check{
				"user_id":       knownvalue.StringExact(user),
				"membership_id": pick[knownvalue.Check](e, knownvalue.Null(), knownvalue.StringRegexp(uuidRE)),
				"role":          pick[knownvalue.Check](e, knownvalue.StringExact(role), knownvalue.Null()),
				"full_name":     knownvalue.StringExact(fullName),
				"primary_email": knownvalue.StringExact(email),
				"avatar_url":    knownvalue.StringExact(""),
				"member_since":  knownvalue.NotNull(),
			})
		}
		bobM := m(demoBob, "member", "Bob Example", "bob@example.com")
		carolM := m(demoCarol, "member", "Carol Example", "carol@example.com")
		// Classic lists members newest first, gitpod.v1 oldest first.
		members := pick(e,
			knownvalue.ListExact([]knownvalue.Check{carolM, bobM, m(demoAlice, "owner", "Alice Example", "alice@example.com")}),
			knownvalue.ListExact([]knownvalue.Check{bobM, carolM}))
		resource.ParallelTest(t, resource.TestCase{
			ProtoV6ProviderFactories: e.factories(),
			Steps: []resource.TestStep{{
				Config: e.config(fmt.Sprintf(`
data "gitpod_team" "by_id" {
  id = %q
}
data "gitpod_team" "by_name" {
  name = %q
}
`, id, name)),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.gitpod_team.by_id", tfjsonpath.New("name"), knownvalue.StringExact(name)),
					statecheck.ExpectKnownValue("data.gitpod_team.by_id", tfjsonpath.New("organization_id"), pick[knownvalue.Check](e, knownvalue.Null(), knownvalue.StringExact(mockapi.DemoOrgID))),
					statecheck.ExpectKnownValue("data.gitpod_team.by_id", tfjsonpath.New("created_at"), pick[knownvalue.Check](e, knownvalue.Null(), knownvalue.NotNull())),
					statecheck.ExpectKnownValue("data.gitpod_team.by_id", tfjsonpath.New("invitation_id"), pick[knownvalue.Check](e, knownvalue.StringRegexp(uuidRE), knownvalue.Null())),
					statecheck.ExpectKnownValue("data.gitpod_team.by_id", tfjsonpath.New("members"), members),
					statecheck.ExpectKnownValue("data.gitpod_team.by_name", tfjsonpath.New("id"), knownvalue.StringExact(id)),
					statecheck.CompareValuePairs("data.gitpod_team.by_id", tfjsonpath.New("members"), "data.gitpod_team.by_name", tfjsonpath.New("members"), compare.ValuesSame()),
					statecheck.CompareValuePairs("data.gitpod_team.by_id", tfjsonpath.New("invitation_id"), "data.gitpod_team.by_name", tfjsonpath.New("invitation_id"), compare.ValuesSame()),
				},
			}},
		})
	})
}

// TestAccTeamDataSource_notFound: an unknown id is an error on id naming
// it; an unknown name is an error on name.
func TestAccTeamDataSource_notFound(t *testing.T) {
	forEachAPI(t, func(t *testing.T, e *testEnv) {
		const missing = "00000000-0000-4000-8000-00000000dead"
		resource.ParallelTest(t, resource.TestCase{
			ProtoV6ProviderFactories: e.factories(),
			Steps: []resource.TestStep{
				{
					Config:      e.config(fmt.Sprintf("data \"gitpod_team\" \"t\" {\n  id = %q\n}\n", missing)),
					ExpectError: errorMatching("Team not found", `id = "`+missing+`"`, "No team with ID "+missing+" is visible"),
				},
				{
					Config:      e.config("data \"gitpod_team\" \"t\" {\n  name = \"acme engineering\"\n}\n"),
					ExpectError: errorMatching("Team not found", `name = "acme engineering"`, `No team named "acme engineering"`, "matched exactly"),
				},
			},
		})
	})
}

// TestAccTeamDataSource_duplicateNames: several Classic teams with the
// name asked for are an error listing their ids.
func TestAccTeamDataSource_duplicateNames(t *testing.T) {
	e := newTestEnvWith(t, "classic", withClassicTeam(platformOrgID, "Platform"), withClassicTeam(infraOrgID, "Platform"))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		Steps: []resource.TestStep{{
			Config:      e.config("data \"gitpod_team\" \"t\" {\n  name = \"Platform\"\n}\n"),
			ExpectError: errorMatching("Several teams have this name", `2 teams are named "Platform": `+platformOrgID+", "+infraOrgID, "by id instead"),
		}},
	})
}

// TestAccTeamDataSource_v1Emails reads a gitpod.v1 team of 30 members:
// every email comes from the organization's member list, asked for in
// batches of at most 25 user ids.
func TestAccTeamDataSource_v1Emails(t *testing.T) {
	const n = 30
	e := newTestEnvWith(t, "v1", withOrgUsers(n, platformTeamID))
	rec := newDiagRecorder()
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.recordingFactories(rec),
		Steps: []resource.TestStep{{
			PreConfig: func() {
				rec.reset()
				e.mock.ResetCalls()
			},
			Config: e.config(fmt.Sprintf("data \"gitpod_team\" \"t\" {\n  id = %q\n}\n", platformTeamID)),
			Check: resource.ComposeAggregateTestCheckFunc(
				func(s *terraform.State) error {
					ids, err := flatList(s, "data.gitpod_team.t", "members", "user_id")
					if err != nil {
						return err
					}
					emails, _ := flatList(s, "data.gitpod_team.t", "members", "primary_email")
					if len(ids) != n {
						return fmt.Errorf("%d members, want %d", len(ids), n)
					}
					for i, id := range ids {
						var k int
						if _, err := fmt.Sscanf(id[len(id)-12:], "%x", &k); err != nil || emails[i] != orgUserEmail(k) {
							return fmt.Errorf("member %s has email %q, want %q", id, emails[i], orgUserEmail(k))
						}
					}
					return nil
				},
				boundedCalls(e, rec, "gitpod_team", "ListMembers", (n+24)/25),
			),
		}},
	})
}

// boundedCalls is a Check that method was called at least once and at
// most perRead times for each read of the data source.
func boundedCalls(e *testEnv, rec *diagRecorder, dataSource, method string, perRead int) func(*terraform.State) error {
	return func(*terraform.State) error {
		reads, calls := rec.readsOf(dataSource), e.mock.Calls(method)
		if reads == 0 || calls == 0 || calls > perRead*reads {
			return fmt.Errorf("%d reads of %s made %d %s calls; want 1 to %d per read", reads, dataSource, calls, method, perRead)
		}
		return nil
	}
}
