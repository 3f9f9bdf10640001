data "gitpod_workspace" "api" {
  id = "alice-demo-api-7f3k2"
}

output "api_workspace_url" {
  value = data.gitpod_workspace.api.url # null when the workspace is not running
}
