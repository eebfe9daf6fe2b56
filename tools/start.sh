#!/usr/bin/env bash
# README command 1: installs dependencies, compiles the services to dist/ (ADR 0020), starts the
# real local stack (Kafka, PostgreSQL, ClickHouse) and the four services, waits until every
# /readyz is green and prints the URLs.
# Runs in the foreground; Ctrl-C stops the services and leaves the stack running.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
bash tools/dev/ensure-deps.sh
node_modules/.bin/node -r @swc-node/register tools/build/main.ts
bash tools/stack/stack.sh start
# Endpoints from the stack, except variables the caller already exported (those win).
preset="$(export -p)"
set -a
# shellcheck disable=SC1091
source .gatehouse/stack.env
set +a
eval "$preset"
exec node_modules/.bin/node -r @swc-node/register tools/dev/run-services.ts
