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

// TestAccUser_lookup finds users by email (ignoring case) and by ID on
// both APIs, with the attributes each API has (the organization's on
// gitpod.v1, null on Classic), and fails with the candidates named when
// nothing or the wrong thing is asked for.
func TestAccUser_lookup(t *testing.T) {
	forEachAPI(t, func(t *testing.T, e *testEnv) {
		v1Only := func(v string) knownvalue.Check {
			if e.classic() {
				return knownvalue.Null()
			}
			return knownvalue.StringExact(v)
		}
		resource.ParallelTest(t, resource.TestCase{
			ProtoV6ProviderFactories: e.factories(),
			Steps: []resource.TestStep{
				{
					Config:      e.config(`data "gitpod_user" "x" { email = "example.com" }`),
					ExpectError: errorMatching("User not found", `No user has email "example.com"`, "Users whose name or email contains it:", "Bob Example <bob@example.com>"),
				},
				{
					Config:      e.config(`data "gitpod_user" "x" { id = "9f0e1d2c-3b4a-4958-8776-655443322110" }`),
					ExpectError: errorMatching("User not found", "No user has ID 9f0e1d2c-3b4a-4958-8776-655443322110", pick(e, "itself and the members of the teams it belongs to", "among the members of the token's organization")),
				},
				{
					Config:      e.config(`data "gitpod_user" "x" {}`),
					ExpectError: errorMatching("Missing Attribute Configuration", "Exactly one of these attributes must be configured: [id,email]"),
				},
				{
					Config:      e.config(`data "gitpod_user" "x" {` + "\n" + `email = "bob@example.com"` + "\n" + `id = "` + demoBob + `"` + "\n" + `}`),
					ExpectError: errorMatching("Invalid Attribute Combination"),
				},
				{
					Config: e.config(`
data "gitpod_user" "bob" { email = "BOB@Example.com" }
data "gitpod_user" "carol" { id = "` + demoCarol + `" }
`),
					ConfigStateChecks: []statecheck.StateCheck{
						statecheck.ExpectKnownValue("data.gitpod_user.bob", tfjsonpath.New("id"), knownvalue.StringExact(demoBob)),
						statecheck.ExpectKnownValue("data.gitpod_user.bob", tfjsonpath.New("email"), knownvalue.StringExact("bob@example.com")),
						statecheck.ExpectKnownValue("data.gitpod_user.bob", tfjsonpath.New("full_name"), knownvalue.StringExact("Bob Example")),
						statecheck.ExpectKnownValue("data.gitpod_user.bob", tfjsonpath.New("role"), v1Only("member")),
						statecheck.ExpectKnownValue("data.gitpod_user.bob", tfjsonpath.New("status"), v1Only("active")),
						statecheck.ExpectKnownValue("data.gitpod_user.bob", tfjsonpath.New("login_provider"), v1Only("google")),
						statecheck.ExpectKnownValue("data.gitpod_user.bob", tfjsonpath.New("member_since"), pick[knownvalue.Check](e, knownvalue.Null(), knownvalue.NotNull())),
						statecheck.ExpectKnownValue("data.gitpod_user.carol", tfjsonpath.New("email"), knownvalue.StringExact("carol@example.com")),
						statecheck.ExpectKnownValue("data.gitpod_user.carol", tfjsonpath.New("login_provider"), v1Only("custom")),
					},
				},
			},
		})
	})
}

// TestAccUser_ambiguousEmail: two members with the same address (in any
// case) are an error that names both.
func TestAccUser_ambiguousEmail(t *testing.T) {
	e := newTestEnv(t, "v1")
	twin, err := e.mock.AddOrgMember(mockapi.DemoOrgID, mockapi.UserFixture{Name: "Bob Twin", Email: "Bob@Example.com"}, mockapi.OrgMemberFixture{})
	if err != nil {
		t.Fatal(err)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		Steps: []resource.TestStep{{
			Config:      e.config(`data "gitpod_user" "x" { email = "bob@example.com" }`),
			ExpectError: errorMatching("Several users match", "2 users have email", demoBob, twin.ID, "Look the user up by id instead"),
		}},
	})
}

// TestAccUsers_list lists users with each filter, sorted by email, and
// refuses the gitpod.v1-only filters on Classic at plan time.
func TestAccUsers_list(t *testing.T) {
	forEachAPIWith(t, func(api string) []func(*mockapi.Fixtures) {
		if api == "v1" {
			return []func(*mockapi.Fixtures){withV1Team("4e5f6071-8293-4a4b-9c5d-6e7f8091a2b3", "Backend", demoCarol)}
		}
		return nil
	}, func(t *testing.T, e *testEnv) {
		all := pick(e, []string{demoAlice, demoBob, demoCarol}, []string{demoAlice, demoBob, demoCarol, mockapi.DemoFormerID})
		steps := []resource.TestStep{{
			Config: e.config(`
data "gitpod_users" "all" {}
data "gitpod_users" "ex" { search = "EXAMPLE.COM" }
data "gitpod_users" "bo" { search = "bo" }
`),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.gitpod_users.all", tfjsonpath.New("ids"), wsIDList(all...)),
				statecheck.ExpectKnownValue("data.gitpod_users.ex", tfjsonpath.New("ids"), wsIDList(all...)),
				statecheck.ExpectKnownValue("data.gitpod_users.bo", tfjsonpath.New("ids"), wsIDList(demoBob)),
				statecheck.ExpectKnownValue("data.gitpod_users.bo", tfjsonpath.New("users").AtSliceIndex(0).AtMapKey("email"), knownvalue.StringExact("bob@example.com")),
			},
		}}
		if e.classic() {
			for _, arg := range []string{`roles = ["admin"]`, `statuses = ["active"]`, `exclude_members_in_any_team = true`} {
				steps = append(steps, resource.TestStep{
					Config:      e.config(`data "gitpod_users" "x" { ` + arg + ` }`),
					ExpectError: errorMatching("Not available on this API", "has no organizations"),
				})
			}
		} else {
			steps = append(steps, resource.TestStep{
				Config: e.config(`
data "gitpod_users" "admins" { roles = ["admin"] }
data "gitpod_users" "active" { statuses = ["active"] }
data "gitpod_users" "gone" { statuses = ["left", "suspended"] }
data "gitpod_users" "free" {
  statuses                    = ["active"]
  exclude_members_in_any_team = true
}
`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.gitpod_users.admins", tfjsonpath.New("ids"), wsIDList(demoAlice)),
					statecheck.ExpectKnownValue("data.gitpod_users.active", tfjsonpath.New("ids"), wsIDList(demoAlice, demoBob, demoCarol)),
					statecheck.ExpectKnownValue("data.gitpod_users.gone", tfjsonpath.New("ids"), wsIDList(mockapi.DemoFormerID)),
					statecheck.ExpectKnownValue("data.gitpod_users.gone", tfjsonpath.New("users").AtSliceIndex(0).AtMapKey("status"), knownvalue.StringExact("left")),
					statecheck.ExpectKnownValue("data.gitpod_users.free", tfjsonpath.New("ids"), wsIDList(demoAlice, demoBob)),
				},
			})
		}
		resource.ParallelTest(t, resource.TestCase{ProtoV6ProviderFactories: e.factories(), Steps: steps})
	})
}

// TestAccUsers_teamFromEmails builds a team from a list of email
// addresses, as the docs show, on both APIs.
func TestAccUsers_teamFromEmails(t *testing.T) {
	forEachAPI(t, func(t *testing.T, e *testEnv) {
		role := pick(e, `, role = "member"`, "")
		cfg := e.config(fmt.Sprintf(`
locals {
  emails = ["bob@example.com", "Carol@Example.com"]
}

data "gitpod_user" "member" {
  count = length(local.emails) # the docs use for_each, which the test harness's state shim cannot read
  email = local.emails[count.index]
}

resource "gitpod_team" "t" {
  name = "From emails"
}

resource "gitpod_team_members" "m" {
  team_id = gitpod_team.t.id
  members = [for u in data.gitpod_user.member : { user_id = u.id%s }]
}
`, role))
		resource.ParallelTest(t, resource.TestCase{
			ProtoV6ProviderFactories: e.factories(),
			Steps: []resource.TestStep{{
				Config: cfg,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("gitpod_team_members.m", tfjsonpath.New("members"), membersValue(e.member(demoBob, "member"), e.member(demoCarol, "member"))),
				},
				Check: func(s *terraform.State) error {
					id, err := attr(s, "gitpod_team.t", "id")
					if err != nil {
						return err
					}
					for _, u := range []string{demoBob, demoCarol} {
						if _, ok := e.memberRoles(id)[u]; !ok {
							return fmt.Errorf("user %s is not a member of the new team in the mock", u)
						}
					}
					return nil
				},
			}},
		})
	})
}
