# Look a team up by its slug (or by id).
data "gitpod_team" "platform" {
  slug = "platform-engineering"
}

output "platform_owners" {
  value = [for m in data.gitpod_team.platform.members : m.primary_email if m.role == "owner"]
}
