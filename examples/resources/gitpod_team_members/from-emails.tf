# Teams kept in one reviewed file, people named by email. A change to the
# file is a pull request; the plan names everyone who joins or leaves.
locals {
  teams = {
    "Platform Engineering" = ["bob@example.com", "carol@example.com"]
    "Data Science"         = ["dave@example.com", "erin@example.com"]
  }
  # Every address once, with its team.
  people = merge([for team, emails in local.teams : { for e in emails : e => team }]...)
}

# One lookup per address: a typo fails the plan with the address in the
# error, and gitpod_team_members refuses at plan time someone who left the
# organization or (gitpod.v1) is in a team not listed here.
data "gitpod_user" "person" {
  for_each = local.people
  email    = each.key
}

resource "gitpod_team" "team" {
  for_each = local.teams
  name     = each.key
}

resource "gitpod_team_members" "team" {
  for_each = local.teams
  team_id  = gitpod_team.team[each.key].id
  # On Gitpod Classic add a role to each entry: role = "member" (at least
  # one "owner", unless the provider's user stays the owner).
  members = [for e in each.value : { user_id = data.gitpod_user.person[e].id }]
}
