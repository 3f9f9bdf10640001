# terraform query -generate-config-out=service_accounts.tf
# Deleted and system-managed accounts are not listed: they cannot be managed.
list "gitpod_service_account" "ci" {
  provider         = gitpod
  include_resource = true

  config {
    search = "ci"
  }
}
