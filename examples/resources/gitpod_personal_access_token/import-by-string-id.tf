# A token is imported by its ID (a lower-case UUID); the
# gitpod_personal_access_tokens data source lists your tokens.
import {
  to = gitpod_personal_access_token.ci
  id = "9e1f2a3b-4c5d-4e6f-8a7b-0c1d2e3f4a5b"
}
