resource "gitpod_team" "platform" {
  name = "Platform Engineering"
}

# The user must already have joined through gitpod_team.platform.invitation_id.
resource "gitpod_team_member" "bob" {
  team_id = gitpod_team.platform.id
  user_id = "1b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c02"
  role    = "owner"
}
