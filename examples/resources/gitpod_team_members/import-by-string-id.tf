# The member list is imported by the team's ID.
import {
  to = gitpod_team_members.platform
  id = "5b0e7c1d-2f3a-4b5c-8d9e-0a1b2c3d4e5f"
}
