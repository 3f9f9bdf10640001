# A token for CI, valid for 30 days and rotated a week before it expires
# (whenever Terraform runs in that window).
resource "gitpod_personal_access_token" "ci" {
  name               = "ci-deploy"
  expires_in_days    = 30
  rotate_before_days = 7
}

# The value is sensitive: hand it to the system that needs it, never print it.
output "ci_token" {
  value     = gitpod_personal_access_token.ci.token
  sensitive = true
}
