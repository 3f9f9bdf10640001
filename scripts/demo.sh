#!/usr/bin/env bash
# make demo: builds the provider and the mock API, and runs examples/demo/
# against the mock (today's Gitpod by default, API=classic for Gitpod
# Classic), in steps: apply; a plan with no changes; a token rotation with
# its warning; a plan-time refusal that creates nothing; the adoption of a
# team made outside Terraform, with an empty plan after it; destroy; and
# the proofs (no token value printed, nothing the demo made left in the
# mock). Terraform's output is shortened to what each step shows (results,
# diagnostics); all of it is kept in a log, printed when a step fails.
# Everything it writes lives in one temp dir, removed at exit; nothing is
# written into the checkout.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
api=${API:-v1}
case "$api" in v1 | classic) ;; *)
  echo "API must be v1 or classic, not '$api'" >&2
  exit 2
  ;;
esac
# The terraform on PATH, else the Terraform 1.15 that scripts/build-clis.sh
# builds from the Go module proxy on first use (about 3 minutes) and caches.
if terraform_bin=$(command -v terraform); then
  echo "using the terraform on PATH: $terraform_bin ($(TF_CLI_CONFIG_FILE=/dev/null "$terraform_bin" version | head -n 1))"
else
  terraform_bin=$("$repo/scripts/build-clis.sh" terraform)
  echo "no terraform on PATH: using the one scripts/build-clis.sh built: $terraform_bin"
fi
tmp=$(mktemp -d)
mock_pid=""
cleanup() {
  if [ -n "$mock_pid" ] && kill -0 "$mock_pid" 2>/dev/null; then
    kill "$mock_pid" && wait "$mock_pid" 2>/dev/null || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT

step() { printf '\n==> %s\n' "$*"; }
fail() {
  echo "FAILED: $*" >&2
  [ -f "$tmp/step.log" ] && { echo "--- terraform's full output of this step:" && sed 's/\x1b\[[0-9;]*m//g' "$tmp/step.log"; } >&2
  exit 1
}

mkdir -p "$tmp/bin"
(cd "$repo" && go build -ldflags "-X main.version=0.1.0-demo" -o "$tmp/bin/terraform-provider-gitpod" . &&
  go build -o "$tmp/gitpod-mock" ./cmd/gitpod-mock) || fail "building the provider or the mock"

: >"$tmp/mock.log" # exists before the mock (started in the background) writes to it
"$tmp/gitpod-mock" -listen 127.0.0.1:0 -stop-delay 1s >>"$tmp/mock.log" 2>&1 &
mock_pid=$!
for _ in $(seq 1 100); do
  grep -q '^gitpod-mock listening on ' "$tmp/mock.log" && break
  kill -0 "$mock_pid" 2>/dev/null || fail "the mock did not start: $(cat "$tmp/mock.log")"
  sleep 0.1
done
url=$(sed -n 's/^gitpod-mock listening on //p' "$tmp/mock.log")
[ -n "$url" ] || fail "the mock did not start: $(cat "$tmp/mock.log")"
alice_token=$(sed -n 's/^demo user Alice Example (.*): token //p' "$tmp/mock.log")
echo "provider and mock built; mock API at $url (both generations), this demo speaks: $api, as Alice"

# dev_overrides makes terraform use the provider just built, with no registry
# (so there is no `terraform init`).
cat >"$tmp/terraformrc" <<RC
provider_installation {
  dev_overrides {
    "gitpod-community/gitpod" = "$tmp/bin"
  }
  direct {}
}
RC
export TF_CLI_CONFIG_FILE="$tmp/terraformrc" CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1
export GITPOD_HOST="$url" GITPOD_TOKEN="$alice_token" GITPOD_API="$api"
export TF_DATA_DIR="$tmp/.terraform"

# shorten keeps what a step shows from terraform's output: its results
# ("Apply complete!", "No changes.", ...), the changed id and token lines of
# a plan, and each diagnostic's title and text (indented; not the lines that
# point into the configuration), but not the warning that dev_overrides is
# in effect, which every command repeats. Terraform draws each diagnostic in
# a box (╷ │ ╵) when it prints colours, which are stripped here.
shorten() {
  sed 's/\x1b\[[0-9;]*m//g' | awk '
    /^╷/ { inbox = 1; n = 0; next }
    /^╵/ { inbox = 0
           if (n > 0 && box[1] !~ /Provider development overrides are in effect/) for (i = 1; i <= n; i++) print box[i]
           next }
    inbox { sub(/^│ ?/, "")
            if ($0 ~ /^(  with |  on | +[0-9]+: | +[├│]|\(and .* similar)/ || $0 ~ /^ *$/) next
            n++; box[n] = (n == 1 ? "  " : "    ") $0; next }
    /^(Apply complete!|Destroy complete!|No changes\.)/ { print "  " $0 }
    /^      ~ (id|token) +=/ { sub(/^ +/, ""); print "    plan: " $0 }
  '
}

# tf runs terraform, keeping its whole output in the step's log and in the
# demo's log (checked for secrets at the end), and prints it shortened.
tf() {
  local rc=0
  "$terraform_bin" "$@" >"$tmp/step.log" 2>&1 || rc=$?
  cat "$tmp/step.log" >>"$tmp/demo.log"
  shorten <"$tmp/step.log"
  return "$rc"
}

# call POSTs a Connect call to the mock as Alice: call SERVICE/METHOD JSON.
call() {
  local prefix="$url/api/gitpod.v1."
  [ "$api" = classic ] && prefix="$url/gitpod.experimental.v1."
  curl -sS --fail-with-body -X POST "$prefix$1" -H 'Content-Type: application/json' \
    -H "Authorization: Bearer $alice_token" -d "$2"
}

# json_field prints the first string value of FIELD in the JSON on stdin
# (the answers read here have one such field; no jq needed).
json_field() { grep -o "\"$1\": *\"[^\"]*\"" | head -n 1 | sed 's/.*: *"\(.*\)"/\1/'; }

# holdings is what the mock holds as Alice sees it: teams (on Classic, teams
# are organizations) and personal access tokens.
holdings() {
  if [ "$api" = classic ]; then
    call TeamsService/ListTeams '{}' && call TokensService/ListPersonalAccessTokens '{}'
  else
    call TeamService/ListTeams '{}' && call UserService/ListPersonalAccessTokens '{}'
  fi
}

work="$tmp/work"
cp -R "$repo/examples/demo" "$work"
cd "$work"

step "1. terraform apply: a team of Bob and Carol (found by email), a CI token, a workspaces lookup"
tf apply -auto-approve -input=false || fail "terraform apply"
"$terraform_bin" output | sed 's/^/  /'
old_id=$("$terraform_bin" output -raw ci_token_created | sed 's/.*(\(.*\)),.*/\1/')
old_token=$("$terraform_bin" output -raw ci_token)

step "2. terraform plan right after: nothing to do"
tf plan -detailed-exitcode -input=false || fail "the plan after apply was not empty"

step "3. A rotation: rotation_triggers change (-var rotation=2); the plan warns, the apply rotates"
tf apply -auto-approve -input=false -var rotation=2 || fail "the rotating apply"
new_id=$("$terraform_bin" output -raw ci_token_created | sed 's/.*(\(.*\)),.*/\1/')
new_token=$("$terraform_bin" output -raw ci_token)
[ -n "$new_token" ] && [ "$new_token" != "$old_token" ] || fail "the token has no new value"
if [ "$api" = classic ]; then
  [ "$new_id" = "$old_id" ] || fail "Classic regenerates in place, but the ID changed"
  echo "  same ID ($new_id), new value: Classic regenerates the token in place"
else
  holdings | grep -qF "$old_id" && fail "the old token $old_id is still in the mock"
  echo "  new ID $new_id; the old token $old_id is deleted from the mock"
fi

step "4. A plan-time refusal: a configuration the API cannot take fails the plan; nothing is created"
if [ "$api" = classic ]; then
  # Gitpod Classic takes token names of letters, digits, -, _ and spaces.
  printf 'resource "gitpod_personal_access_token" "refused" {\n  name = "deploy/prod"\n}\n' >refused.tf
else
  # gitpod.v1 teams have no roles.
  cat >refused.tf <<'TF'
resource "gitpod_team" "refused" {
  name = "Refused Team"
}
resource "gitpod_team_members" "refused" {
  team_id = gitpod_team.refused.id
  members = [{ user_id = data.gitpod_current_user.me.id, role = "owner" }]
}
TF
fi
if tf plan -input=false -var rotation=2; then fail "the plan with refused.tf succeeded"; fi
rm refused.tf
holdings | grep -q 'Refused Team\|deploy/prod' && fail "the refused plan created something"
echo "  the plan failed before any change: the mock holds nothing from refused.tf"

step "5. An adoption: a team made outside Terraform (with curl), imported, then an empty plan"
if [ "$api" = classic ]; then
  team_id=$(call TeamsService/CreateTeam '{"name":"Adopted Team"}' | json_field id)
else
  org_id=$(call IdentityService/GetAuthenticatedIdentity '{}' | json_field organizationId)
  team_id=$(call TeamService/CreateTeam "{\"organizationId\":\"$org_id\",\"name\":\"Adopted Team\"}" | json_field id)
fi
echo "  curl created team \"Adopted Team\" ($team_id); adopt.tf imports it:"
printf 'import {\n  to = gitpod_team.adopted\n  id = "%s"\n}\n\nresource "gitpod_team" "adopted" {\n  name = "Adopted Team"\n}\n' "$team_id" >adopt.tf
tf apply -auto-approve -input=false -var rotation=2 || fail "the importing apply"
tf plan -detailed-exitcode -input=false -var rotation=2 || fail "the plan after the import was not empty"

step "6. terraform destroy"
tf destroy -auto-approve -input=false -var rotation=2 || fail "terraform destroy"
rm -f "$tmp/step.log"

step "7. Proofs"
for t in "$old_token" "$new_token"; do
  [ -n "$t" ] && ! grep -qF "$t" "$tmp/demo.log" || fail "a token value is missing or appears in terraform's output"
done
echo "  neither token value (before or after the rotation) appears in terraform's output"
left=$(holdings)
if grep -q 'Platform Engineering\|Adopted Team\|demo-ci' <<<"$left"; then
  fail "left behind after destroy: $left"
fi
echo "  the mock holds no team or token the demo created or adopted"

kill "$mock_pid" && wait "$mock_pid" 2>/dev/null || true
mock_pid=""
echo "demo finished ($api): mock stopped, temp dir removed"
