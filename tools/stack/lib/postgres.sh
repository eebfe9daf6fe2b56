# shellcheck shell=bash
# PostgreSQL for the local stack. Machines here usually already run a server on
# 127.0.0.1:5432; the stack then only creates its databases there ("external" mode). When
# nothing answers, it runs a private cluster from Debian's binaries under .gatehouse
# ("private" mode, 127.0.0.1:55432, trust auth on loopback only).

PG_DATABASES=(gatehouse gatehouse_test)
PG_PRIVATE_PORT="${GATEHOUSE_PG_PORT:-55432}"
PG_DIR="$(component_dir postgres)"
PG_DATA="$PG_DIR/data"
PG_LOG="$PG_DIR/logs/postgres.log"
PG_PID_FILE="$PG_DIR/postgres.pid"
PG_SERVER_FILE="$PG_DIR/server"
# Chosen by postgres_start, written to stack.env by write_stack_env (env-file.sh).
# shellcheck disable=SC2034
PG_MODE="" PG_SERVER=""

# Where to look for an existing server: an explicit GATEHOUSE_PG_URL, else the DATABASE_URL
# in the environment, else the usual local default. Only scheme, credentials, host and port
# matter; the database name is always ours.
pg_configured_url() { printf '%s' "${GATEHOUSE_PG_URL:-${DATABASE_URL:-postgres://postgres@127.0.0.1:5432}}"; }

# Drops a trailing /database (and ?options) from a postgres:// URL.
pg_server_url() {
  local url="${1%%\?*}" rest
  rest="${url#*://}"
  [[ "$rest" == */* ]] && url="${url%/*}"
  printf '%s' "$url"
}

pg_private_url() { printf 'postgres://postgres@127.0.0.1:%s' "$PG_PRIVATE_PORT"; }

pg_ready() { pg_isready -q -t 2 -d "$1/postgres"; }

pg_private_running() {
  [[ -f "$PG_DATA/postmaster.pid" ]] || return 1
  local pid
  pid="$(head -n1 "$PG_DATA/postmaster.pid")"
  [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null
}

# Debian installs server binaries per major version; use the newest one present.
pg_bin_dir() {
  local dir
  dir="$(find /usr/lib/postgresql -mindepth 2 -maxdepth 2 -name bin -type d 2>/dev/null | sort -V | tail -n1)"
  [[ -n "$dir" && -x "$dir/initdb" ]] && printf '%s' "$dir"
}

# initdb and the postmaster refuse to run as root, so as root they run as the `postgres`
# OS user (created by the Debian package) and that user owns the private cluster's files.
as_pg_user() {
  if [[ $EUID -eq 0 ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

pg_prepare_private_dirs() {
  mkdir -p "$PG_DATA" "$PG_DIR/logs" "$PG_DIR/run"
  touch "$PG_LOG"
  chmod 700 "$PG_DATA"
  if [[ $EUID -eq 0 ]]; then
    id postgres >/dev/null 2>&1 || die "postgres: no 'postgres' OS user to run the private cluster as"
    # The server appends to the same log that initdb's output went to.
    chown postgres: "$PG_DATA" "$PG_DIR/logs" "$PG_LOG" "$PG_DIR/run"
  fi
}

pg_init_private() {
  local bin="$1"
  [[ -f "$PG_DATA/PG_VERSION" ]] && return 0
  info "postgres: initdb into $PG_DATA"
  as_pg_user "$bin/initdb" -D "$PG_DATA" -U postgres --auth=trust -E UTF8 --locale=C \
    >>"$PG_LOG" 2>&1 || die "postgres: initdb failed; see $PG_LOG"
}

pg_start_private() {
  local bin
  if ! bin="$(pg_bin_dir)"; then
    apt_install postgresql
    bin="$(pg_bin_dir)" || die "postgres: installed postgresql but found no initdb under /usr/lib/postgresql"
  fi
  pg_prepare_private_dirs
  pg_init_private "$bin"
  require_free_port postgres "$PG_PRIVATE_PORT"
  info "postgres: starting private cluster on 127.0.0.1:$PG_PRIVATE_PORT"
  as_pg_user "$bin/pg_ctl" -D "$PG_DATA" -l "$PG_LOG" -w -t "$STACK_TIMEOUT" \
    -o "-c port=$PG_PRIVATE_PORT -c listen_addresses=127.0.0.1 -c unix_socket_directories=$PG_DIR/run" \
    start >/dev/null 9>&- || die "postgres: private cluster did not start; see $PG_LOG"
}

pg_create_databases() {
  local server="$1" db
  for db in "${PG_DATABASES[@]}"; do
    if [[ "$(psql "$server/postgres" -XtAc "SELECT 1 FROM pg_database WHERE datname = '$db'")" != 1 ]]; then
      info "postgres: creating database $db"
      psql "$server/postgres" -Xqc "CREATE DATABASE $db" >/dev/null
    fi
  done
}

# Decides the mode: our private cluster if it is already running (its data lives here),
# else an existing server at the configured address, else a new private cluster.
postgres_start() {
  local server mode
  command -v pg_isready >/dev/null || apt_install postgresql-client
  mkdir -p "$PG_DIR"
  if pg_private_running; then
    mode=private server="$(pg_private_url)"
    info "postgres: private cluster already running on 127.0.0.1:$PG_PRIVATE_PORT"
  else
    server="$(pg_server_url "$(pg_configured_url)")"
    if pg_ready "$server"; then
      mode=external
      info "postgres: using the server that answers at ${server##*@}"
    else
      mode=private server="$(pg_private_url)"
      info "postgres: nothing answers at $(pg_server_url "$(pg_configured_url)" | sed 's|.*@||'), using a private cluster"
      pg_start_private
    fi
  fi
  wait_healthy postgres "$PG_LOG" - pg_ready "$server"
  pg_create_databases "$server" || die "postgres: could not create databases at ${server##*@} (wrong credentials? set GATEHOUSE_PG_URL)"
  [[ "$mode" == private ]] && head -n1 "$PG_DATA/postmaster.pid" >"$PG_PID_FILE"
  printf '%s %s\n' "$mode" "$server" >"$PG_SERVER_FILE"
  # shellcheck disable=SC2034
  PG_MODE="$mode" PG_SERVER="$server"
}

# Only the private cluster is ours to stop; an external server is left alone.
postgres_stop() {
  if ! pg_private_running; then
    rm -f "$PG_PID_FILE"
    info "postgres: no private cluster running (an external server, if used, is left alone)"
    return 0
  fi
  local bin
  bin="$(pg_bin_dir)" || die "postgres: private cluster runs but pg_ctl is missing"
  as_pg_user "$bin/pg_ctl" -D "$PG_DATA" -m fast -w stop >/dev/null
  rm -f "$PG_PID_FILE"
  info "postgres: private cluster stopped"
}

# Reports the server the last start chose (or the configured one before any start).
postgres_status() {
  local mode=external server
  server="$(pg_server_url "$(pg_configured_url)")"
  if [[ -s "$PG_SERVER_FILE" ]]; then
    read -r mode server <"$PG_SERVER_FILE"
  fi
  if pg_ready "$server"; then
    printf 'postgres    up    %s (%s)\n' "${server##*@}" "$mode"
  else
    printf 'postgres    down  %s (%s)\n' "${server##*@}" "$mode"
    return 1
  fi
}

# Wipes the private cluster, or on an external server drops only the stack's own databases
# (the server itself may hold other work). Runs after stop, so nothing of ours is connected.
postgres_wipe() {
  local mode="" server="" db
  [[ -s "$PG_SERVER_FILE" ]] && read -r mode server <"$PG_SERVER_FILE"
  if [[ "$mode" == external ]] && pg_ready "$server"; then
    for db in "${PG_DATABASES[@]}"; do
      psql "$server/postgres" -Xqc "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null ||
        warn "postgres: could not drop $db at ${server##*@}"
    done
    info "postgres: dropped ${PG_DATABASES[*]} at ${server##*@}"
  fi
  rm -rf "$PG_DIR"
}
