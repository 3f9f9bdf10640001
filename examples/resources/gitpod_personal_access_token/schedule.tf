# A rotation on a calendar: a new value every 30 days, whatever the
# expiry, from a time_rotating resource (hashicorp/time). The token stays
# valid for 45 days, so a pipeline that misses a few scheduled runs still
# has a working token; rotate_before_days is the backstop if the schedule
# is changed or removed.
terraform {
  required_providers {
    gitpod = {
      source = "gitpod-community/gitpod"
    }
    time = {
      source = "hashicorp/time"
    }
  }
}

resource "time_rotating" "ci_token" {
  rotation_days = 30
}

resource "gitpod_personal_access_token" "ci" {
  name               = "ci-nightly"
  expires_in_days    = 45
  rotate_before_days = 7

  # time_rotating gets a new ID when its 30 days are up; the changed
  # trigger rotates the token in the same plan.
  rotation_triggers = {
    schedule = time_rotating.ci_token.id
  }
}
