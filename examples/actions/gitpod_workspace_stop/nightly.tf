terraform {
  required_version = ">= 1.14"
  required_providers {
    gitpod = {
      source = "gitpod-community/gitpod"
    }
  }
}

# Stop every running workspace of the acme/api repository, as a nightly
# clean-up job would. A scheduler (cron, a scheduled CI pipeline) runs
#   terraform apply -auto-approve -invoke=action.gitpod_workspace_stop.nightly
# which invokes the action once per instance (one per running workspace)
# and changes no resource; Terraform reports "Actions: N invoked".
data "gitpod_workspaces" "running_api" {
  phase             = "running"
  context_url_regex = "github\\.com/acme/api"
}

action "gitpod_workspace_stop" "nightly" {
  for_each = toset(data.gitpod_workspaces.running_api.ids)
  config {
    workspace_id = each.key
    timeout      = "15m"
  }
}
