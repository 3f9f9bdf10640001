# A token that lives for one Terraform run: created when the run needs it,
# deleted when the run is done, and never written to state or a plan file.
ephemeral "gitpod_personal_access_token" "run" {
  name_prefix = "terraform-run-"
  scopes      = ["*"]
  expires_in  = "1h"
}

# Feed it to another provider configuration, here a second Gitpod provider
# that acts with the short-lived token.
provider "gitpod" {
  alias = "short_lived"
  token = ephemeral.gitpod_personal_access_token.run.token
}

data "gitpod_personal_access_tokens" "seen_by_short_lived" {
  provider = gitpod.short_lived
}
