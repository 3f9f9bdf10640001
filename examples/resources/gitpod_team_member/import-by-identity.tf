import {
  to = gitpod_team_member.bob
  identity = {
    team_id = "5b0e7c1d-2f3a-4b5c-8d9e-0a1b2c3d4e5f"
    user_id = "1b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c02"
  }
}
