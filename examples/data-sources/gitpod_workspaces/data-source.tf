data "gitpod_workspaces" "running" {
  phase = "running"
}

output "running_workspaces" {
  value = { for w in data.gitpod_workspaces.running.workspaces : w.id => w.context_url }
}
