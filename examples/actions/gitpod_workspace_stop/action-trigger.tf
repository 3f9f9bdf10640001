# Or from a lifecycle trigger: stop the environment once the resource that
# needs it stopped has been updated.
resource "terraform_data" "maintenance_window" {
  input = "2026-11-22"

  lifecycle {
    action_trigger {
      events  = [after_create, after_update]
      actions = [action.gitpod_workspace_stop.api]
    }
  }
}
