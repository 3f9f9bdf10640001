resource "gitpod_service_account" "ci" {
  name        = "ci"
  description = "Deploys from the main branch"
  valid_until = "2028-01-01T00:00:00Z"
}

# A token of the account for the CI system, valid for 90 days and rotated
# two weeks before it expires (whenever Terraform runs in that window).
resource "gitpod_service_account_token" "ci" {
  service_account_id = gitpod_service_account.ci.id
  description        = "GitHub Actions deploy job"
  expires_in_days    = 90
  rotate_before_days = 14
}

# The value is sensitive: hand it to the system that needs it, never print it.
output "ci_token" {
  value     = gitpod_service_account_token.ci.token
  sensitive = true
}
