data "gitpod_current_user" "me" {}

output "me" {
  value = "${data.gitpod_current_user.me.name} (${data.gitpod_current_user.me.id}) on ${data.gitpod_current_user.me.api}"
}
