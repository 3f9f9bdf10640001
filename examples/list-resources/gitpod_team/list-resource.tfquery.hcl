# terraform query -generate-config-out=teams.tf
list "gitpod_team" "platform" {
  provider         = gitpod
  include_resource = true

  config {
    search = "platform"
  }
}
