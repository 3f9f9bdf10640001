#!/usr/bin/env bash
# make bench: plan time and API calls for N gitpod_team_member resources
# against the mock with 20 ms latency, against N terraform_data as baseline.
set -euo pipefail
cd "$(dirname "$0")/.."
export CHECKPOINT_DISABLE=1
go run ./scripts/bench "$@"
