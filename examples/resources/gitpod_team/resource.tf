resource "gitpod_team" "platform" {
  name = "Platform Engineering"

  # Change any value to issue a new invitation; the old one stops working.
  invitation_reset_triggers = {
    rotated = "2026-11"
  }
}

# Share the invitation with the people who should join. It is sensitive:
# anyone who has it can join the team.
output "platform_invitation_id" {
  value     = gitpod_team.platform.invitation_id
  sensitive = true
}
