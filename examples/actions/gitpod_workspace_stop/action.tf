# Stop one workspace: terraform apply -invoke=action.gitpod_workspace_stop.api
action "gitpod_workspace_stop" "api" {
  config {
    workspace_id = "01970a4e-8b2c-7d3e-9f40-a1b2c3d4e5f6"
    timeout      = "5m"
  }
}

# Stop every running workspace, as a scheduled clean-up job would:
#   terraform apply -invoke=action.gitpod_workspace_stop.running
data "gitpod_workspaces" "running" {
  phase = "running"
}

action "gitpod_workspace_stop" "running" {
  for_each = toset(data.gitpod_workspaces.running.ids)
  config {
    workspace_id = each.key
  }
}
