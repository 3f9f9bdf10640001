# A token is imported by its ID; its value stays null until the next rotation.
terraform import gitpod_personal_access_token.ci 5b0e7c1d-2f3a-4b5c-8d9e-0a1b2c3d4e5f
