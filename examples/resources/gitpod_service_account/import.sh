# A service account is imported by its ID.
terraform import gitpod_service_account.ci 5a0c1d2e-3f40-4a5b-8c6d-7e8f9a0b1c2d
