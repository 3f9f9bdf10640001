resource "gitpod_team" "platform" {
  name = "Platform Engineering"

  # Classic only: rotate the invitation link on demand.
  # invitation_reset_triggers = { rotated = "2026-11" }
}
