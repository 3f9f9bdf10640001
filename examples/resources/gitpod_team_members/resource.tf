data "gitpod_current_user" "me" {}

locals {
  classic = data.gitpod_current_user.me.api == "classic"
}

resource "gitpod_team" "platform" {
  name = "Platform Engineering"
}

# The whole member list: members not listed here are removed (the plan
# names them). The provider's own user is kept when it is not listed.
resource "gitpod_team_members" "platform" {
  team_id = gitpod_team.platform.id
  members = [
    { user_id = "1b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c02", role = local.classic ? "owner" : null },  # Bob
    { user_id = "2c3d4e5f-6071-4b8c-9dae-1f2a3b4c5d03", role = local.classic ? "member" : null }, # Carol
  ]
}
