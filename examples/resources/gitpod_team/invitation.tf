# Gitpod Classic: a new invitation link on the first of every month
# (hashicorp/time), so a link that was shared too widely stops working.
resource "time_rotating" "invitation" {
  rotation_months = 1
}

resource "gitpod_team" "contractors" {
  name = "Contractors"

  invitation_reset_triggers = {
    month = time_rotating.invitation.id
  }
}

# Anyone who has the invitation can join the team: keep it sensitive.
output "contractors_invitation" {
  value     = gitpod_team.contractors.invitation_id
  sensitive = true
}
