data "gitpod_teams" "platform" {
  search = "platform"
}

output "team_ids" {
  value = data.gitpod_teams.platform.ids
}
