data "gitpod_current_user" "me" {}

resource "gitpod_team" "platform" {
  name = "Platform Engineering"
}

# Adds Bob to the team. On Gitpod Classic a role can be given (owner or
# member, the default); today's Gitpod (gitpod.v1) has no team roles.
resource "gitpod_team_member" "bob" {
  team_id = gitpod_team.platform.id
  user_id = "1b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c02"
  role    = data.gitpod_current_user.me.api == "classic" ? "owner" : null
}
