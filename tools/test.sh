#!/usr/bin/env bash
# Runs every test tier: lint + typecheck + unit, then integration and e2e against the real local
# stack (Kafka, PostgreSQL, ClickHouse — started by tools/stack when not already running).
# Ends with one line "N passed, N failed" summing every jest run.
set -uo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
bash tools/dev/ensure-deps.sh || exit 1
export NX_DAEMON=false NX_TUI=false NX_NO_CLOUD=true FORCE_COLOR=0
rm -rf .gatehouse/test-results && mkdir -p .gatehouse/test-results
status=0
run() { echo; echo "══ $*"; "$@" || status=1; }
run npx nx run-many -t lint typecheck test --output-style=stream
run bash tools/stack/stack.sh start
if [[ $status -eq 0 ]]; then
  run npx nx run-many -t test-int --parallel=1 --output-style=stream
  run npx nx run-many -t test-e2e --parallel=1 --output-style=stream
fi
npx node tools/dev/test-summary.cjs .gatehouse/test-results || status=1
exit $status
