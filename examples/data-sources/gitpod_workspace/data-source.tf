# A gitpod.v1 environment (on Classic, a workspace ID such as amber-heron-k2f9x1qz7mw).
data "gitpod_workspace" "api" {
  id = "01970a4e-8b2c-7d3e-9f40-a1b2c3d4e5f6"
}

output "api_phase" {
  value = data.gitpod_workspace.api.phase
}
