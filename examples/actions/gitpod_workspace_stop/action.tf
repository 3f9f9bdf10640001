# Actions need Terraform 1.14 or later; with the guard an older CLI says
# so ("Unsupported Terraform Core version") besides failing on the block.
terraform {
  required_version = ">= 1.14"
  required_providers {
    gitpod = {
      source = "gitpod-community/gitpod"
    }
  }
}

# Stop one workspace (here a gitpod.v1 environment; on Classic a workspace
# ID such as amber-heron-k2f9x1qz7mw):
#   terraform apply -invoke=action.gitpod_workspace_stop.api
action "gitpod_workspace_stop" "api" {
  config {
    workspace_id = "01970a4e-8b2c-7d3e-9f40-a1b2c3d4e5f6"
    timeout      = "5m"
  }
}
