data "gitpod_team" "platform" {
  name = "Platform Engineering"
}

output "platform_members" {
  value = { for m in data.gitpod_team.platform.members : m.user_id => m.primary_email }
}
