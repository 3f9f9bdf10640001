# Every member of the token's organization, sorted by email.
data "gitpod_users" "all" {}

# Active members who are not in a team yet (gitpod.v1): whom a new team can take.
data "gitpod_users" "available" {
  statuses                    = ["active"]
  exclude_members_in_any_team = true
}

# The organization's admins.
data "gitpod_users" "admins" {
  roles = ["admin"]
}

output "admin_emails" {
  value = data.gitpod_users.admins.users[*].email
}
