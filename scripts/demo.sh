#!/usr/bin/env bash
# make demo: builds the provider and the mock API, applies examples/demo/
# against the mock, shows the outputs and a no-change plan, destroys, and
# stops the mock. Everything it writes lives in one temp dir, removed at exit.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
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

step "Building the provider and the mock API"
mkdir -p "$tmp/bin"
(cd "$repo" && go build -ldflags "-X main.version=demo" -o "$tmp/bin/terraform-provider-gitpod" . \
  && go build -o "$tmp/gitpod-mock" ./cmd/gitpod-mock)

step "Starting the mock Gitpod API"
"$tmp/gitpod-mock" -listen 127.0.0.1:0 >"$tmp/mock.log" 2>&1 &
mock_pid=$!
for _ in $(seq 1 100); do
  grep -q '^gitpod-mock listening on ' "$tmp/mock.log" && break
  kill -0 "$mock_pid" 2>/dev/null || { cat "$tmp/mock.log"; exit 1; }
  sleep 0.1
done
url=$(sed -n 's/^gitpod-mock listening on //p' "$tmp/mock.log")
[ -n "$url" ] || { echo "the mock did not start" >&2; cat "$tmp/mock.log"; exit 1; }
echo "mock API at $url"
alice_token=$(sed -n 's/^demo user Alice Example (.*): token //p' "$tmp/mock.log")
bob_token=$(sed -n 's/^demo user Bob Example (.*): token //p' "$tmp/mock.log")
export DEMO_MOCK_URL="$url" DEMO_BOB_TOKEN="$bob_token"

# dev_overrides makes terraform use the provider just built, with no registry.
cat >"$tmp/terraformrc" <<RC
provider_installation {
  dev_overrides {
    "gitpod-community/gitpod" = "$tmp/bin"
  }
  direct {}
}
RC
export TF_CLI_CONFIG_FILE="$tmp/terraformrc" CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1
export GITPOD_HOST="$url" GITPOD_TOKEN="$alice_token"
export TF_DATA_DIR="$tmp/.terraform"
[ -t 1 ] || export TF_CLI_ARGS="-no-color"

# Everything terraform prints is also kept, to check no secret was printed.
tf() { terraform "$@" 2>&1 | tee -a "$tmp/demo.log"; return "${PIPESTATUS[0]}"; }

work="$tmp/work"
cp -R "$repo/examples/demo" "$work"
cd "$work"

step "terraform apply: a team, a CI token and a workspaces lookup"
tf apply -auto-approve -input=false -compact-warnings

step "Bob joins the team through its invitation (a direct call to the mock, as Bob)"
invitation=$(terraform output -raw team_invitation_id)
bob_id=$(curl -sS --fail-with-body -X POST "$DEMO_MOCK_URL/gitpod.experimental.v1.UserService/GetAuthenticatedUser" \
  -H 'Content-Type: application/json' -H "Authorization: Bearer $DEMO_BOB_TOKEN" -d '{}' | sed -n 's/.*"id":"\([^"]*\)".*/\1/p')
curl -sS --fail-with-body -o /dev/null -X POST "$DEMO_MOCK_URL/gitpod.experimental.v1.TeamsService/JoinTeam" \
  -H 'Content-Type: application/json' -H "Authorization: Bearer $DEMO_BOB_TOKEN" -d "{\"invitationId\":\"$invitation\"}"
echo "Bob ($bob_id) joined"
export TF_VAR_bob_user_id="$bob_id"

step "terraform apply: gitpod_team_member makes Bob an owner"
tf apply -auto-approve -input=false -compact-warnings

step "terraform output"
tf output

step "terraform plan (expecting no changes)"
set +e
tf plan -detailed-exitcode -input=false -compact-warnings
rc=$?
set -e
if [ "$rc" -ne 0 ]; then
  echo "the plan after apply was not empty (exit code $rc)" >&2
  exit 1
fi

step "Checking that the token value was never printed"
token=$(terraform output -raw ci_token)
if [ -z "$token" ] || grep -qF "$token" "$tmp/demo.log"; then
  echo "the token value is missing or appears in the demo's output" >&2
  exit 1
fi
echo "the token value appears nowhere in the demo's output"

step "terraform destroy"
tf destroy -auto-approve -input=false -compact-warnings

step "Stopping the mock"
kill "$mock_pid" && wait "$mock_pid" 2>/dev/null || true
mock_pid=""
echo "demo finished: nothing left running, temp dir removed"
