# Onboarding: each new joiner's pull request adds one line here. Only
# these memberships are managed; the teams and their other members are
# left to whoever owns them (gitpod_team_member is not authoritative).
locals {
  joiners = {
    "frank@example.com" = "Platform Engineering"
    "grace@example.com" = "Data Science"
  }
}

data "gitpod_user" "joiner" {
  for_each = local.joiners
  email    = each.key
}

data "gitpod_team" "target" {
  for_each = toset(values(local.joiners))
  name     = each.key
}

resource "gitpod_team_member" "joiner" {
  for_each = local.joiners
  team_id  = data.gitpod_team.target[each.value].id
  user_id  = data.gitpod_user.joiner[each.key].id
}
