# shellcheck shell=bash
# Shared helpers for tools/stack/stack.sh: paths, messages, background processes, waiting.
# Sourced, never executed; every component file (kafka.sh, postgres.sh, clickhouse.sh) uses them.

STACK_HOME="${GATEHOUSE_STACK_DIR:-$REPO/.gatehouse}"
# shellcheck disable=SC2034 # used by stack.sh and env-file.sh
STACK_ENV_FILE="$STACK_HOME/stack.env"
# How long one component may take to become healthy before start gives up on it.
STACK_TIMEOUT="${GATEHOUSE_STACK_TIMEOUT:-120}"

info() { printf '[stack] %s\n' "$*"; }
warn() { printf '[stack] warning: %s\n' "$*" >&2; }
die() {
  printf '[stack] error: %s\n' "$*" >&2
  exit 1
}

# Runs "$@" and reports how long it took, so slow starts are visible.
timed() {
  local label="$1" started=$SECONDS
  shift
  "$@"
  info "$label ready in $((SECONDS - started))s"
}

component_dir() { printf '%s/%s' "$STACK_HOME" "$1"; }

ensure_component_dirs() {
  local dir
  dir="$(component_dir "$1")"
  mkdir -p "$dir/data" "$dir/logs"
}

# True when something accepts TCP connections on host:port (bash's /dev/tcp, 1 s cap).
port_open() {
  timeout 1 bash -c "exec 3<>/dev/tcp/$1/$2" 2>/dev/null
}

# Reads a pid file and prints the pid if that process is still alive.
live_pid() {
  local pid_file="$1" pid
  [[ -s "$pid_file" ]] || return 1
  pid="$(<"$pid_file")"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  printf '%s' "$pid"
}

# Starts a long-running process detached from this shell (own session, so Ctrl-C in the
# terminal or the end of a test run does not take the stack down) and records its pid.
# Usage: spawn_detached <pid-file> <stdout-log> <command...>
spawn_detached() {
  local pid_file="$1" out_log="$2"
  shift 2
  # Without job control the background child is not a group leader, so setsid execs the
  # command in place and $! is the server's own pid.
  # fd 9 is the stack lock (stack.sh); a daemon must not inherit it or the lock never frees.
  setsid "$@" >"$out_log" 2>&1 </dev/null 9>&- &
  printf '%s' "$!" >"$pid_file"
}

# Sends TERM, waits up to <seconds>, then KILL. Only ever signals the pid from our own file.
# Usage: stop_pid_file <name> <pid-file> <seconds>
stop_pid_file() {
  local name="$1" pid_file="$2" grace="$3" pid waited=0
  if ! pid="$(live_pid "$pid_file")"; then
    rm -f "$pid_file"
    info "$name: not running"
    return 0
  fi
  kill -TERM "$pid" 2>/dev/null || true
  while kill -0 "$pid" 2>/dev/null && ((waited < grace * 10)); do
    sleep 0.1
    waited=$((waited + 1))
  done
  if kill -0 "$pid" 2>/dev/null; then
    warn "$name (pid $pid) ignored TERM for ${grace}s, killing it"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$pid_file"
  info "$name: stopped (pid $pid)"
}

# Polls <check...> every half second until it succeeds. On timeout (or when the watched
# process dies) it fails with the component's name and the log to read.
# Usage: wait_healthy <name> <log-file> <pid-file|-> <check...>
wait_healthy() {
  local name="$1" log_file="$2" pid_file="$3"
  shift 3
  local deadline=$((SECONDS + STACK_TIMEOUT))
  until "$@" >/dev/null 2>&1; do
    if [[ "$pid_file" != - ]] && ! live_pid "$pid_file" >/dev/null; then
      tail -n 20 "$log_file" >&2 2>/dev/null || true
      die "$name exited during start; see $log_file"
    fi
    if ((SECONDS >= deadline)); then
      tail -n 20 "$log_file" >&2 2>/dev/null || true
      die "$name not healthy after ${STACK_TIMEOUT}s; see $log_file"
    fi
    sleep 0.5
  done
}

# Fails early with a clear message when a port we are about to bind belongs to someone else.
require_free_port() {
  local name="$1" port="$2"
  if port_open 127.0.0.1 "$port"; then
    die "$name: port $port is already taken by another process (set the matching GATEHOUSE_*_PORT to move it)"
  fi
}

# apt-get install that runs `apt-get update` only when needed: when apt does not know the
# package yet, or when the install fails because the package lists are stale.
apt_install() {
  if [[ $EUID -ne 0 ]]; then
    die "need to install $* but not running as root: sudo apt-get install -y $*"
  fi
  if ! apt-cache show "$1" >/dev/null 2>&1; then
    info "apt-get update (package lists do not know $1 yet)"
    apt-get update -qq
  fi
  info "installing $* from Debian packages"
  if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null; then
    info "install failed; refreshing package lists and retrying"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null || die "apt-get install $* failed"
  fi
}

# Substitutes @@KEY@@ placeholders in a template. Usage: render <template> <out> KEY=value...
render() {
  local template="$1" out="$2" expr=() pair
  shift 2
  for pair in "$@"; do
    expr+=(-e "s|@@${pair%%=*}@@|${pair#*=}|g")
  done
  sed "${expr[@]}" "$template" >"$out.tmp"
  mv "$out.tmp" "$out"
}

# The repo pins Node 24 in node_modules; use it when present so probes match the services.
stack_node() {
  if [[ -x "$REPO/node_modules/.bin/node" ]]; then
    printf '%s' "$REPO/node_modules/.bin/node"
  else
    command -v node || die "node not found"
  fi
}
