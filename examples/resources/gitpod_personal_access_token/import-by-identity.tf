import {
  to = gitpod_personal_access_token.ci
  identity = {
    id = "9e1f2a3b-4c5d-4e6f-8a7b-0c1d2e3f4a5b"
  }
}
