# A token of a service account that exists only for this run: never in state
# or in a plan, and deleted when the run is done with it. Here a second
# provider configuration acts as the account.
ephemeral "gitpod_service_account_token" "run" {
  service_account_id = "5a0c1d2e-3f40-4a5b-8c6d-7e8f9a0b1c2d"
  description        = "terraform run"
  expires_in         = "30m"
}

provider "gitpod" {
  alias = "as_ci"
  token = ephemeral.gitpod_service_account_token.run.token
}

data "gitpod_current_user" "seen_as_the_account" {
  provider = gitpod.as_ci
}
