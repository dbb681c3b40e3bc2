#!/usr/bin/env bash
# make bench [BENCH_ARGS="-n 200 -latency 50ms -parallelism 10"]
set -euo pipefail
cd "$(dirname "$0")/.."
exec go run ./internal/bench "$@"
