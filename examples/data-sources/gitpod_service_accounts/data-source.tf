# The organization's service accounts whose name, description or ID
# contains "ci", and when each one ends.
data "gitpod_service_accounts" "ci" {
  search = "ci"
}

output "service_accounts_ending" {
  value = { for a in data.gitpod_service_accounts.ci.service_accounts : a.name => a.valid_until }
}
