# The demo configuration that `make demo` applies against the local mock API.
# The provider reads GITPOD_HOST, GITPOD_TOKEN and GITPOD_API from the
# environment; the same configuration works on today's Gitpod (gitpod.v1)
# and on Gitpod Classic.
terraform {
  required_version = ">= 1.10"
  required_providers {
    gitpod = {
      source  = "gitpod-community/gitpod"
      version = ">= 0.1.0"
    }
  }
}

provider "gitpod" {}

# Who the token belongs to, and which API generation the host serves.
data "gitpod_current_user" "me" {}

locals {
  # Team roles exist on Classic only.
  classic = data.gitpod_current_user.me.api == "classic"
}

variable "members" {
  description = "User IDs to put in the team (Bob and Carol of the mock's demo data), with their Classic role."
  type        = map(string)
  default = {
    "1b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c02" = "owner"  # Bob
    "2c3d4e5f-6071-4b8c-9dae-1f2a3b4c5d03" = "member" # Carol
  }
}

resource "gitpod_team" "platform" {
  name = "Platform Engineering"
}

# The whole member list; the provider's own user (Alice) is kept as it is.
resource "gitpod_team_members" "platform" {
  team_id = gitpod_team.platform.id
  members = [for id, role in var.members : {
    user_id = id
    role    = local.classic ? role : null
  }]
}

data "gitpod_team" "platform" {
  name = gitpod_team.platform.name
  # Read after the memberships change, so the outputs show them.
  depends_on = [gitpod_team_members.platform]
}

output "api" {
  value = data.gitpod_current_user.me.api
}

output "team_id" {
  value = gitpod_team.platform.id
}

output "team_members" {
  value = { for m in data.gitpod_team.platform.members : m.full_name => coalesce(m.role, m.primary_email) }
}

# Workspaces (Classic) or environments (gitpod.v1): every running one, and
# the details of one of them.
data "gitpod_workspaces" "running" {
  phase = "running"
}

data "gitpod_workspace" "first_running" {
  id = data.gitpod_workspaces.running.ids[0]
}

output "running_workspaces" {
  value = { for w in data.gitpod_workspaces.running.workspaces : w.id => w.context_url }
}

output "first_running_workspace" {
  value = "${data.gitpod_workspace.first_running.name} (${data.gitpod_workspace.first_running.phase})"
}

# A CI token. Its value is sensitive: the demo reports that it exists, never
# what it is.
resource "gitpod_personal_access_token" "ci" {
  name               = "demo-ci"
  expires_in_days    = 30
  rotate_before_days = 7
}

output "ci_token_created" {
  value = "token ${gitpod_personal_access_token.ci.name} (${gitpod_personal_access_token.ci.id}) created, valid until ${gitpod_personal_access_token.ci.valid_until}; its value is in state, marked sensitive"
}

output "ci_token" {
  value     = gitpod_personal_access_token.ci.token
  sensitive = true
}
