# A service account token is imported as <service_account_id>/<token_id>:
# only the account can read its tokens, so both are needed. Its value stays
# unknown (Gitpod shows it once): change rotation_triggers to get one.
import {
  to = gitpod_service_account_token.ci
  id = "5a0c1d2e-3f40-4a5b-8c6d-7e8f9a0b1c2d/8d2e4f60-7a8b-4c9d-8e0f-1a2b3c4d5e6f"
}
