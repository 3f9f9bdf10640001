# The demo configuration that `make demo` applies against the local mock API.
# The provider reads GITPOD_HOST and GITPOD_TOKEN from the environment.
terraform {
  required_version = ">= 1.10"
  required_providers {
    gitpod = {
      source = "gitpod-community/gitpod"
    }
  }
}

provider "gitpod" {}

resource "gitpod_team" "platform" {
  name = "Platform Engineering"
}

data "gitpod_team" "platform" {
  slug = gitpod_team.platform.slug
  # Read after the memberships change, so the outputs show them.
  depends_on = [gitpod_team_member.bob]
}

output "team_id" {
  value = gitpod_team.platform.id
}

output "team_slug" {
  value = gitpod_team.platform.slug
}

output "team_members" {
  value = { for m in data.gitpod_team.platform.members : m.full_name => m.role }
}

# The invitation lets a second user join; `make demo` has Bob join with it
# between two applies, as a person would through the invite link.
output "team_invitation_id" {
  value     = gitpod_team.platform.invitation_id
  sensitive = true
}

variable "bob_user_id" {
  description = "Set once Bob has joined the team; until then there is no membership to manage."
  type        = string
  default     = ""
}

resource "gitpod_team_member" "bob" {
  count   = var.bob_user_id == "" ? 0 : 1
  team_id = gitpod_team.platform.id
  user_id = var.bob_user_id
  role    = "owner"
}

output "bob_role" {
  value = one(gitpod_team_member.bob[*].role)
}

# Workspaces: every running one, and the details of one of them.
data "gitpod_workspaces" "running" {
  phase = "running"
}

data "gitpod_workspace" "first_running" {
  id = data.gitpod_workspaces.running.ids[0]
}

output "running_workspaces" {
  value = { for w in data.gitpod_workspaces.running.workspaces : w.id => w.context_url }
}

output "first_running_workspace_url" {
  value = data.gitpod_workspace.first_running.url
}

# A CI token. Its value is sensitive: the demo reports that it exists, never
# what it is.
resource "gitpod_personal_access_token" "ci" {
  name               = "demo-ci"
  description        = "Token for the demo's CI pipeline"
  scopes             = ["*"]
  expires_in_days    = 30
  rotate_before_days = 7
}

output "ci_token_created" {
  value = "token ${gitpod_personal_access_token.ci.name} (${gitpod_personal_access_token.ci.id}) created, expires ${gitpod_personal_access_token.ci.expires_at}; its value is in state, marked sensitive"
}

output "ci_token" {
  value     = gitpod_personal_access_token.ci.token
  sensitive = true
}
