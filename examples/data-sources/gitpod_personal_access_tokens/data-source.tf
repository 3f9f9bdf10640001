# Tokens that expire within two weeks (or already have), without values.
data "gitpod_personal_access_tokens" "expiring" {
  expiring_within_days = 14
}

output "expiring_tokens" {
  value = { for t in data.gitpod_personal_access_tokens.expiring.tokens : t.name => t.expires_at }
}
