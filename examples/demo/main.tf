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
  description = "Email addresses of the people to put in the team (Bob and Carol of the mock's demo data), with their Classic role."
  type        = map(string)
  default = {
    "bob@example.com"   = "owner"
    "carol@example.com" = "member"
  }
}

variable "rotation" {
  description = "Change it (terraform apply -var rotation=2) to rotate the CI token now."
  type        = string
  default     = "1"
}

# People are named by email; the data source finds their user IDs.
data "gitpod_user" "member" {
  for_each = var.members
  email    = each.key
}

resource "gitpod_team" "platform" {
  name = "Platform Engineering"
}

# The whole member list; the provider's own user (Alice) is kept as it is.
resource "gitpod_team_members" "platform" {
  team_id = gitpod_team.platform.id
  members = [for email, role in var.members : {
    user_id = data.gitpod_user.member[email].id
    role    = local.classic ? role : null
  }]
}

data "gitpod_team" "platform" {
  name = gitpod_team.platform.name
  # Read after the memberships change, so the outputs show them.
  depends_on = [gitpod_team_members.platform]
}

# Workspaces (Classic) or environments (gitpod.v1) that are running.
data "gitpod_workspaces" "running" {
  phase = "running"
}

# A CI token: valid for 30 days, rotated by any plan in its last 7, and
# right away when var.rotation changes. Its value is sensitive: the demo
# reports that it exists, never what it is.
resource "gitpod_personal_access_token" "ci" {
  name               = "demo-ci"
  expires_in_days    = 30
  rotate_before_days = 7
  rotation_triggers  = { rotation = var.rotation }
}

output "api" {
  value = data.gitpod_current_user.me.api
}

output "team" {
  value = "${gitpod_team.platform.name}: ${join(", ", sort([for m in data.gitpod_team.platform.members : "${m.full_name} (${coalesce(m.role, m.primary_email)})"]))}"
}

output "running_workspaces" {
  value = join(", ", [for w in data.gitpod_workspaces.running.workspaces : "${w.name} (${w.context_url})"])
}

output "ci_token_created" {
  value = "${gitpod_personal_access_token.ci.name} (${gitpod_personal_access_token.ci.id}), valid until ${gitpod_personal_access_token.ci.valid_until}"
}

output "ci_token" {
  value     = gitpod_personal_access_token.ci.token
  sensitive = true
}
