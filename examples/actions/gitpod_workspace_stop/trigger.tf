terraform {
  required_version = ">= 1.14"
  required_providers {
    gitpod = {
      source = "gitpod-community/gitpod"
    }
  }
}

# The environment that runs database migrations is stopped after each
# apply that changes the migration version, so it does not keep running
# (and billing) once its work is done.
variable "migration_version" {
  type    = string
  default = "2026-11-22"
}

action "gitpod_workspace_stop" "migrations" {
  config {
    workspace_id = "01970a4f-1c3d-7e4f-8a51-b2c3d4e5f607"
  }
}

resource "terraform_data" "migrations" {
  input = var.migration_version

  lifecycle {
    action_trigger {
      events  = [after_create, after_update]
      actions = [action.gitpod_workspace_stop.migrations]
    }
  }
}
