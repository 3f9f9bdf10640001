# A token for CI, rotated in place a week before it expires.
resource "gitpod_personal_access_token" "ci" {
  name        = "github-actions-deploy"
  description = "Used by the deploy workflow"
  scopes      = ["*"] # no scopes = no access; "*" = everything the user may do

  expires_in_days    = 30 # Gitpod's UI offers 30, 60 or 90; use the shortest that works
  rotate_before_days = 7

  # Change a value to rotate right away, for example after a leak.
  rotation_triggers = {
    reason = "initial"
  }
}

# Hand the value to a secret store without ever printing it. With the GitHub
# provider, for example:
#
# resource "github_actions_secret" "gitpod_token" {
#   repository      = "my-repo"
#   secret_name     = "GITPOD_TOKEN"
#   plaintext_value = gitpod_personal_access_token.ci.token
# }
output "ci_token" {
  value     = gitpod_personal_access_token.ci.token
  sensitive = true
}
