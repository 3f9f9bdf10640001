# Which CI tokens expire this month (or have already expired)?
data "gitpod_personal_access_tokens" "ci_expiring" {
  name_regex           = "^ci-"
  expiring_within_days = 30
}

output "ci_tokens_to_rotate" {
  value = { for t in data.gitpod_personal_access_tokens.ci_expiring.tokens : t.name => t.expires_at }
}
