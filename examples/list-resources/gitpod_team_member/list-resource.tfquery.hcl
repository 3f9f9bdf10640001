# terraform query -generate-config-out=members.tf
list "gitpod_team_member" "platform" {
  provider         = gitpod
  include_resource = true

  config {
    team_id = "5b0e7c1d-2f3a-4b5c-8d9e-0a1b2c3d4e5f"
  }
}
