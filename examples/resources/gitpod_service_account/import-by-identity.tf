import {
  to = gitpod_service_account.ci
  identity = {
    id = "5a0c1d2e-3f40-4a5b-8c6d-7e8f9a0b1c2d"
  }
}
