# Moving Carol from Infra to Platform in one apply (gitpod.v1, where a user
# belongs to at most one team per organization): remove her from Infra's
# list and add her to Platform's, which names Infra in move_from_team_ids.
resource "gitpod_team_members" "infra" {
  team_id = gitpod_team.infra.id
  members = [
    { user_id = data.gitpod_user.dave.id },
  ]
}

resource "gitpod_team_members" "platform" {
  team_id            = gitpod_team.platform.id
  move_from_team_ids = [gitpod_team.infra.id]
  members = [
    { user_id = data.gitpod_user.bob.id },
    { user_id = data.gitpod_user.carol.id }, # moves from Infra
  ]
}
