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
}

output "team_id" {
  value = gitpod_team.platform.id
}

output "team_slug" {
  value = gitpod_team.platform.slug
}

output "team_owners" {
  value = [for m in data.gitpod_team.platform.members : m.full_name if m.role == "owner"]
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
