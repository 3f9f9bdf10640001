# The organization's teams from one map, protected against an accidental
# destroy: removing an entry, or a Classic rename (which replaces the team),
# then fails the plan instead of deleting a team and all its memberships.
locals {
  teams = {
    platform = "Platform Engineering"
    data     = "Data Science"
    web      = "Web Frontend"
  }
}

resource "gitpod_team" "this" {
  for_each = local.teams
  name     = each.value

  lifecycle {
    prevent_destroy = true
  }
}

output "team_ids" {
  value = { for k, t in gitpod_team.this : k => t.id }
}
