# An identity for CI that belongs to no person: its tokens keep working when
# people leave. valid_until is required; moving it replaces the account (and
# the tokens that reference it), so choose it with the account's purpose.
resource "gitpod_service_account" "ci" {
  name        = "ci"
  description = "Deploys from the main branch"
  valid_until = "2028-01-01T00:00:00Z"
}
