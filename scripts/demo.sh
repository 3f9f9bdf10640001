#!/usr/bin/env bash
# make demo: builds the provider and the mock API, applies examples/demo/
# against the mock (today's Gitpod by default, API=classic for Gitpod
# Classic), shows the outputs and a no-change plan, destroys, checks that
# nothing the demo created is left, and stops the mock. Everything it writes
# lives in one temp dir, removed at exit; nothing is written into the checkout.
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
  echo "using the terraform on PATH: $terraform_bin"
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

step "Building the provider and the mock API"
mkdir -p "$tmp/bin"
(cd "$repo" && go build -ldflags "-X main.version=0.1.0-demo" -o "$tmp/bin/terraform-provider-gitpod" . &&
  go build -o "$tmp/gitpod-mock" ./cmd/gitpod-mock)

step "Starting the mock Gitpod API"
"$tmp/gitpod-mock" -listen 127.0.0.1:0 -stop-delay 1s >"$tmp/mock.log" 2>&1 &
mock_pid=$!
for _ in $(seq 1 100); do
  grep -q '^gitpod-mock listening on ' "$tmp/mock.log" && break
  kill -0 "$mock_pid" 2>/dev/null || {
    cat "$tmp/mock.log"
    exit 1
  }
  sleep 0.1
done
url=$(sed -n 's/^gitpod-mock listening on //p' "$tmp/mock.log")
[ -n "$url" ] || {
  echo "the mock did not start" >&2
  cat "$tmp/mock.log"
  exit 1
}
alice_token=$(sed -n 's/^demo user Alice Example (.*): token //p' "$tmp/mock.log")
echo "mock API at $url, serving both API generations; this demo speaks: $api"

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
[ -t 1 ] || export TF_CLI_ARGS="-no-color"

# Everything terraform prints is also kept, to check no secret was printed.
tf() {
  "$terraform_bin" "$@" 2>&1 | tee -a "$tmp/demo.log"
  return "${PIPESTATUS[0]}"
}

# What the mock holds, as Alice sees it: teams (on Classic, teams are
# organizations) and personal access tokens.
holdings() {
  if [ "$api" = classic ]; then
    curl -sS --fail-with-body -X POST "$url/gitpod.experimental.v1.TeamsService/ListTeams" \
      -H 'Content-Type: application/json' -H "Authorization: Bearer $alice_token" -d '{}'
    curl -sS --fail-with-body -X POST "$url/gitpod.experimental.v1.TokensService/ListPersonalAccessTokens" \
      -H 'Content-Type: application/json' -H "Authorization: Bearer $alice_token" -d '{}'
  else
    curl -sS --fail-with-body -X POST "$url/api/gitpod.v1.TeamService/ListTeams" \
      -H 'Content-Type: application/json' -H "Authorization: Bearer $alice_token" -d '{}'
    curl -sS --fail-with-body -X POST "$url/api/gitpod.v1.UserService/ListPersonalAccessTokens" \
      -H 'Content-Type: application/json' -H "Authorization: Bearer $alice_token" -d '{}'
  fi
}

work="$tmp/work"
cp -R "$repo/examples/demo" "$work"
cd "$work"

step "terraform apply: a team with Bob and Carol, a CI token, and a workspaces lookup"
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
token=$("$terraform_bin" output -raw ci_token)
if [ -z "$token" ] || grep -qF "$token" "$tmp/demo.log"; then
  echo "the token value is missing or appears in the demo's output" >&2
  exit 1
fi
echo "the token value appears nowhere in the demo's output"

step "terraform destroy"
tf destroy -auto-approve -input=false -compact-warnings

step "Checking that the mock holds nothing the demo created"
left=$(holdings)
if grep -q 'Platform Engineering\|demo-ci' <<<"$left"; then
  echo "left behind after destroy: $left" >&2
  exit 1
fi
echo "no team or token of the demo is left in the mock"

step "Stopping the mock"
kill "$mock_pid" && wait "$mock_pid" 2>/dev/null || true
mock_pid=""
echo "demo finished ($api): nothing left running, temp dir removed"
