# The token value cannot be read back: after import, `token` is null until
# the next rotation (change rotation_triggers to rotate right away).
import {
  to = gitpod_personal_access_token.ci
  id = "5b0e7c1d-2f3a-4b5c-8d9e-0a1b2c3d4e5f"
}
