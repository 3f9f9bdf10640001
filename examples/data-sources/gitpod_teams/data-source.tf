data "gitpod_teams" "mine" {}

output "my_teams" {
  value = { for t in data.gitpod_teams.mine.teams : t.slug => length(t.members) }
}
