# The complete member list of a team: anyone else who joins is removed on the
# next apply (the plan names them first). Your own membership is kept unless
# you list it. Do not combine with gitpod_team_member on the same team.
resource "gitpod_team_members" "platform" {
  team_id = gitpod_team.platform.id

  members = [
    { user_id = "0f9a3a4e-6d0c-4f0f-9d8e-4a1e6f0c1a01", role = "owner" },
    { user_id = "1b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c02", role = "member" },
  ]
}
