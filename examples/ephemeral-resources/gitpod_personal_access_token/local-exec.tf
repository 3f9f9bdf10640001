# A report script gets a read-only token (gitpod.v1) of its own, valid for
# 15 minutes, through its environment: it can read environments, change
# nothing, and never sees the pipeline's own token.
ephemeral "gitpod_personal_access_token" "report" {
  name_prefix = "ci-report-"
  read_only   = true
  expires_in  = "15m"
}

# Replaced (and so run) by the first apply of each day.
resource "terraform_data" "daily_report" {
  triggers_replace = formatdate("YYYY-MM-DD", plantimestamp())

  provisioner "local-exec" {
    command = "./scripts/environment-report.sh"
    environment = {
      GITPOD_TOKEN = ephemeral.gitpod_personal_access_token.report.token
    }
  }
}
