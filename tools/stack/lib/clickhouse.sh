# shellcheck shell=bash
# ClickHouse server from Debian's packages (18.16 on bookworm), run as our own background
# process with a config under .gatehouse; the system service and /var/lib/clickhouse are
# never used.

CLICKHOUSE_HTTP_PORT="${GATEHOUSE_CLICKHOUSE_HTTP_PORT:-18123}"
CLICKHOUSE_TCP_PORT="${GATEHOUSE_CLICKHOUSE_TCP_PORT:-19000}"
CLICKHOUSE_DATABASE=gatehouse
CLICKHOUSE_DIR="$(component_dir clickhouse)"
CLICKHOUSE_PID_FILE="$CLICKHOUSE_DIR/clickhouse.pid"
CLICKHOUSE_LOG="$CLICKHOUSE_DIR/logs/clickhouse-server.log"

clickhouse_url() { printf 'http://127.0.0.1:%s' "$CLICKHOUSE_HTTP_PORT"; }

# Debian ships /usr/sbin/clickhouse-server; upstream packages ship one `clickhouse` binary.
clickhouse_server_cmd() {
  if command -v clickhouse-server >/dev/null; then
    printf '%s\n' "$(command -v clickhouse-server)"
  elif [[ -x /usr/sbin/clickhouse-server ]]; then
    printf '%s\n' /usr/sbin/clickhouse-server
  elif command -v clickhouse >/dev/null; then
    printf '%s\n%s\n' "$(command -v clickhouse)" server
  else
    return 1
  fi
}

clickhouse_ensure_installed() {
  clickhouse_server_cmd >/dev/null && return 0
  apt_install clickhouse-server clickhouse-client
  clickhouse_server_cmd >/dev/null || die "clickhouse: installed packages but found no server binary"
}

clickhouse_render_config() {
  local conf="$CLICKHOUSE_DIR/conf"
  mkdir -p "$conf" "$CLICKHOUSE_DIR/data/tmp" "$CLICKHOUSE_DIR/data/user_files" \
    "$CLICKHOUSE_DIR/data/format_schemas"
  render "$REPO/infra/clickhouse/config.xml" "$conf/config.xml" \
    "HTTP_PORT=$CLICKHOUSE_HTTP_PORT" "TCP_PORT=$CLICKHOUSE_TCP_PORT" \
    "DATA_DIR=$CLICKHOUSE_DIR/data" "LOG_DIR=$CLICKHOUSE_DIR/logs" "CONF_DIR=$conf"
  cp "$REPO/infra/clickhouse/users.xml" "$conf/users.xml"
}

clickhouse_healthy() {
  [[ "$(curl -fsS --max-time 2 "$(clickhouse_url)/ping" 2>/dev/null)" == "Ok." ]]
}

# Runs one statement over HTTP; ClickHouse answers errors with a non-2xx status and a message.
clickhouse_exec() {
  curl -fsS --max-time 10 --data-binary "$1" "$(clickhouse_url)/" >/dev/null
}

# Starts the server without waiting for it, so the other components can start meanwhile.
clickhouse_launch() {
  ensure_component_dirs clickhouse
  if live_pid "$CLICKHOUSE_PID_FILE" >/dev/null; then
    info "clickhouse: already running (pid $(live_pid "$CLICKHOUSE_PID_FILE")) on $(clickhouse_url)"
    return 0
  fi
  # Another checkout's stack (or a CI job's) may already serve these ports: use a healthy one.
  if port_open 127.0.0.1 "$CLICKHOUSE_HTTP_PORT" && clickhouse_healthy >/dev/null 2>&1; then
    info "clickhouse: a healthy server not started by this checkout answers on $(clickhouse_url); using it"
    CLICKHOUSE_PID_FILE=-
    return 0
  fi
  require_free_port "clickhouse http" "$CLICKHOUSE_HTTP_PORT"
  require_free_port "clickhouse tcp" "$CLICKHOUSE_TCP_PORT"
  clickhouse_ensure_installed
  clickhouse_render_config
  local server=()
  mapfile -t server < <(clickhouse_server_cmd)
  info "clickhouse: starting on $(clickhouse_url)"
  # The server refuses a data directory owned by another user; this script creates the
  # directory and starts the server as the same user, root included.
  spawn_detached "$CLICKHOUSE_PID_FILE" "$CLICKHOUSE_DIR/logs/stdout.log" \
    "${server[@]}" "--config-file=$CLICKHOUSE_DIR/conf/config.xml"
}

clickhouse_await() {
  wait_healthy clickhouse "$CLICKHOUSE_LOG" "$CLICKHOUSE_PID_FILE" clickhouse_healthy
  clickhouse_exec "CREATE DATABASE IF NOT EXISTS $CLICKHOUSE_DATABASE" ||
    die "clickhouse: could not create database $CLICKHOUSE_DATABASE; see $CLICKHOUSE_DIR/logs/clickhouse-server.err.log"
}

clickhouse_stop() { stop_pid_file clickhouse "$CLICKHOUSE_PID_FILE" 30; }

clickhouse_status() {
  if clickhouse_healthy; then
    printf 'clickhouse  up    %s\n' "$(clickhouse_url)"
  else
    printf 'clickhouse  down  %s\n' "$(clickhouse_url)"
    return 1
  fi
}

clickhouse_wipe() { rm -rf "$CLICKHOUSE_DIR/data" "$CLICKHOUSE_DIR/logs" "$CLICKHOUSE_DIR/conf"; }
