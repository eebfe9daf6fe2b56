#!/usr/bin/env bash
# Installs the workspace's npm dependencies when they are missing or older than the lockfile.
# Runs on the system npm; the `node` devDependency then provides the pinned Node 24 for every
# npm/npx command (its preinstall is the one install script allowed in package.json).
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$repo"
marker=node_modules/.package-lock.json
# `npm install` rather than `npm ci`: the registry this project installs from does not serve
# other platforms' optional binaries (e.g. @swc/core-darwin-arm64), so the lockfile cannot list
# them and `npm ci` rejects it as out of sync. `npm install` still installs the locked versions.
if [[ ! -x node_modules/.bin/node || ! -f "$marker" || package-lock.json -nt "$marker" || package.json -nt "$marker" ]]; then
  echo "› installing npm dependencies…"
  npm install --no-audit --no-fund --loglevel=error
fi
pinned="$(node_modules/.bin/node -v)"
if [[ "$pinned" != v24.* ]]; then
  echo "✖ expected the pinned Node 24 in node_modules/.bin/node, found $pinned; run: rm -rf node_modules && npm install" >&2
  exit 1
fi
