# Better than a sensitive argument: a write-only argument (Terraform 1.11
# or later) sends the value to the consumer and keeps it out of that
# resource's plan and state. Here AWS Secrets Manager stores the token for
# a deployment job; the version number changes at every rotation (each new
# token has a new expiry), which tells the AWS provider to write again.
terraform {
  required_version = ">= 1.11"
  required_providers {
    gitpod = {
      source = "gitpod-community/gitpod"
    }
    aws = {
      source = "hashicorp/aws"
    }
  }
}

resource "gitpod_personal_access_token" "deploy" {
  name               = "deploy-job"
  expires_in_days    = 30
  rotate_before_days = 7
}

resource "aws_secretsmanager_secret" "gitpod_token" {
  name = "ci/gitpod-token"
}

resource "aws_secretsmanager_secret_version" "gitpod_token" {
  secret_id                = aws_secretsmanager_secret.gitpod_token.id
  secret_string_wo         = gitpod_personal_access_token.deploy.token
  secret_string_wo_version = parseint(formatdate("YYYYMMDDhhmmss", gitpod_personal_access_token.deploy.valid_until), 10)
}
