# today's Gitpod (gitpod.v1): CI acts as a service account, not as a
# person. The account ends at valid_until, and no token outlives it.
resource "gitpod_service_account" "deploy" {
  name        = "deploy-pipeline"
  description = "Deploys acme/api from GitHub Actions"
  valid_until = "2027-12-31T00:00:00Z"
}

resource "gitpod_service_account_token" "deploy" {
  service_account_id = gitpod_service_account.deploy.id
  description        = "github-actions acme/api"
  expires_in_days    = 30
  rotate_before_days = 10
}

resource "github_actions_secret" "gitpod_token" {
  repository      = "acme-api"
  secret_name     = "GITPOD_TOKEN"
  plaintext_value = gitpod_service_account_token.deploy.token
}
