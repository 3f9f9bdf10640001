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
