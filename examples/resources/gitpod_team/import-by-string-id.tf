import {
  to = gitpod_team.platform
  id = "0f9a3a4e-6d0c-4f0f-9d8e-4a1e6f0c1a01"
}
