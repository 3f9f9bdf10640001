# Name people by email instead of hard-coding user IDs.
data "gitpod_user" "bob" {
  email = "bob@example.com"
}

# A team built from a list of email addresses.
locals {
  platform_team = ["bob@example.com", "carol@example.com"]
}

data "gitpod_user" "platform" {
  for_each = toset(local.platform_team)
  email    = each.value
}

resource "gitpod_team" "platform" {
  name = "Platform"
}

resource "gitpod_team_members" "platform" {
  team_id = gitpod_team.platform.id
  # On Gitpod Classic give each member a role: { user_id = u.id, role = "member" }.
  members = [for u in data.gitpod_user.platform : { user_id = u.id }]
}
