# The vendor's own provider (gitpod-io/ona) manages the rest of the
# organization in the same run. Instead of a second long-lived secret in
# CI, it gets a fresh token for each run: never in state or in a plan
# file, deleted when the run closes it, and dead within the hour anyway.
terraform {
  required_version = ">= 1.10"
  required_providers {
    gitpod = {
      source = "gitpod-community/gitpod"
    }
    ona = {
      source = "gitpod-io/ona"
    }
  }
}

provider "gitpod" {} # GITPOD_TOKEN: the pipeline's one long-lived credential

ephemeral "gitpod_personal_access_token" "ona" {
  name_prefix = "ci-ona-"
  expires_in  = "1h"
}

provider "ona" {
  token = ephemeral.gitpod_personal_access_token.ona.token
}
