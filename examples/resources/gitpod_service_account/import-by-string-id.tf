# A service account is imported by its ID (a lower-case UUID); the
# gitpod_service_accounts data source lists them. System-managed accounts
# cannot be imported: no one may change or delete them.
import {
  to = gitpod_service_account.ci
  id = "5a0c1d2e-3f40-4a5b-8c6d-7e8f9a0b1c2d"
}
