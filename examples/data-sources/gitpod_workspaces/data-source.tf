# Every running workspace opened from one of the org's GitHub repositories.
data "gitpod_workspaces" "running_api" {
  phase             = "running"
  context_url_regex = "^https://github\\.com/example/"
}

output "running_workspace_urls" {
  value = { for w in data.gitpod_workspaces.running_api.workspaces : w.id => w.url }
}
