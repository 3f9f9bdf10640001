terraform {
  required_version = ">= 1.10"
  required_providers {
    gitpod = {
      source  = "gitpod-community/gitpod"
      version = "~> 0.1.0" # the first release; see the README's version policy
    }
  }
}

# The token is read from GITPOD_TOKEN (or GITPOD_API_KEY) when not set here;
# prefer the environment, so that the token stays out of your configuration.
provider "gitpod" {
  # host = "https://app.gitpod.io"   # or GITPOD_HOST; a Gitpod Classic installation's API address for Classic
  # api  = "auto"                    # or GITPOD_API: "v1", "classic", or "auto" to ask the host

  request_timeout   = "30s"
  max_retries       = 4
  retry_max_backoff = "10s"
}
