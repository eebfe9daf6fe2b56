#!/usr/bin/env bash
# Installs what the browser and terminal e2e tests drive: Debian's Chromium (/usr/bin/chromium,
# launched by playwright-core; Playwright's own browser download cannot reach its CDN here) and
# tmux (Claude Code's interactive screens). Idempotent: does nothing when both are present, and
# runs `apt-get update` only when a package is missing. Needs root (CI runs as root) or sudo.
set -euo pipefail

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v tmux >/dev/null 2>&1 || missing+=(tmux)

if [ "${#missing[@]}" -eq 0 ]; then
  exit 0
fi

as_root=()
if [ "$(id -u)" -ne 0 ]; then
  if ! command -v sudo >/dev/null 2>&1; then
    echo "install-browser: need root (or sudo) to install ${missing[*]} with apt-get" >&2
    exit 1
  fi
  as_root=(sudo -n)
fi

echo "install-browser: installing ${missing[*]} from Debian's packages" >&2
export DEBIAN_FRONTEND=noninteractive
# Only refresh the package lists when apt does not know a candidate yet: an update costs
# tens of seconds and is not needed on a machine that installed something recently.
for package in "${missing[@]}"; do
  if ! apt-cache policy "$package" 2>/dev/null | grep -q 'Candidate: [0-9]'; then
    "${as_root[@]}" apt-get update -qq
    break
  fi
done
"${as_root[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2

[ -x /usr/bin/chromium ] || { echo "install-browser: /usr/bin/chromium still missing" >&2; exit 1; }
command -v tmux >/dev/null 2>&1 || { echo "install-browser: tmux still missing" >&2; exit 1; }
