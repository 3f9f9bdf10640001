# terraform query -generate-config-out=tokens.tf
# Adopted tokens have no value in state until their first rotation.
list "gitpod_personal_access_token" "ci" {
  provider         = gitpod
  include_resource = true

  config {
    name_regex = "^ci-"
  }
}
