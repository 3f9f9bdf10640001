terraform {
  required_providers {
    gitpod = {
      source = "gitpod-community/gitpod"
    }
  }
}

# The token is read from GITPOD_TOKEN when not set here; prefer the
# environment variable so that the token stays out of your configuration.
provider "gitpod" {
  # host  = "https://api.gitpod.io" # or GITPOD_HOST
  # token = var.gitpod_token        # or GITPOD_TOKEN

  request_timeout   = "30s"
  max_retries       = 4
  retry_max_backoff = "10s"
}
