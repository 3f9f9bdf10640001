# The token a GitHub Actions workflow uses to call Gitpod: created here,
# stored as a repository secret, rotated a week before it expires.
terraform {
  required_providers {
    gitpod = {
      source = "gitpod-community/gitpod"
    }
    github = {
      source = "integrations/github"
    }
  }
}

resource "gitpod_personal_access_token" "deploy" {
  name               = "github-actions-deploy"
  expires_in_days    = 30
  rotate_before_days = 7
}

# plaintext_value is sensitive: the plan shows "(sensitive value)", never
# the token. At every rotation the secret is updated in place with the new
# value. (GitHub encrypts it; it is also in this configuration's state.)
resource "github_actions_secret" "gitpod_token" {
  repository      = "acme-api"
  secret_name     = "GITPOD_TOKEN"
  plaintext_value = gitpod_personal_access_token.deploy.token
}
