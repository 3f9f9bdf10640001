#!/usr/bin/env bash
# make bench: runs scripts/bench (see its doc comment), which measures, on both
# API generations, a refreshing `terraform plan` over 990 resources (900
# gitpod_team_member in 10 teams, 90 gitpod_personal_access_token) against the
# mock with 20 ms of latency, with the API calls it makes, next to plans over as
# many resources of two no-op terraform-plugin-framework providers (2 and 9
# attributes per resource); then a gitpod_workspaces read over 10,000 gitpod.v1
# environments with the provider's peak memory. It prints tables and asserts
# nothing. Arguments go to scripts/bench (-members, -teams, -tokens,
# -environments, -latency, -runs, -api, -terraform).
#
# The CLI is the terraform on PATH, else the Terraform 1.15 that
# scripts/build-clis.sh builds from the Go module proxy on first use (about 3
# minutes) and caches; the line before the tables says which.
set -euo pipefail
cd "$(dirname "$0")/.."
export CHECKPOINT_DISABLE=1
if tf=$(command -v terraform); then
	echo "using the terraform on PATH: $tf"
else
	tf=$(./scripts/build-clis.sh terraform)
	echo "no terraform on PATH: using the one scripts/build-clis.sh built: $tf"
fi
go run ./scripts/bench -terraform "$tf" "$@"
