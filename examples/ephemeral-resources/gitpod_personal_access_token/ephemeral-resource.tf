# A token that exists only for this run: never in state or in a plan, and
# deleted when the run is done with it. Here it configures a second provider
# configuration, as another system would use it.
ephemeral "gitpod_personal_access_token" "run" {
  name_prefix = "terraform-run-"
  expires_in  = "30m"
}

provider "gitpod" {
  alias = "short_lived"
  token = ephemeral.gitpod_personal_access_token.run.token
}

data "gitpod_current_user" "seen_by_the_short_lived_token" {
  provider = gitpod.short_lived
}
