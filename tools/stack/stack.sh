#!/usr/bin/env bash
# The real local stack (Kafka 3.9 KRaft, PostgreSQL, ClickHouse) as plain background
# processes, no Docker. Data, logs and pid files live under <repo>/.gatehouse/<component>/.
# See docs/local-stack.md for ports, environment variables and troubleshooting.
#
#   stack.sh start            start what is not running, wait until healthy, write stack.env
#   stack.sh stop             stop our processes (data is kept)
#   stack.sh reset            stop, then delete all data and logs (nothing is recreated)
#   stack.sh status           one line per component; exit 1 if any is down
#   stack.sh logs <component> [-f]   show (or follow) kafka | clickhouse | postgres logs
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
LIB="$REPO/tools/stack/lib"
# shellcheck source=lib/common.sh
source "$LIB/common.sh"
# shellcheck source=lib/kafka.sh
source "$LIB/kafka.sh"
# shellcheck source=lib/clickhouse.sh
source "$LIB/clickhouse.sh"
# shellcheck source=lib/postgres.sh
source "$LIB/postgres.sh"
# shellcheck source=lib/env-file.sh
source "$LIB/env-file.sh"

# One stack command at a time (a test run and a developer may both call start).
take_lock() {
  mkdir -p "$STACK_HOME"
  exec 9>"$STACK_HOME/stack.lock"
  flock -w 600 9 || die "another stack.sh command holds $STACK_HOME/stack.lock"
}

cmd_start() {
  take_lock
  local started=$SECONDS
  # Kafka's JVM takes longest to boot, so it is launched first and awaited last.
  kafka_launch
  clickhouse_launch
  timed postgres postgres_start
  timed clickhouse clickhouse_await
  timed kafka kafka_await
  write_stack_env
  info "stack up in $((SECONDS - started))s"
}

cmd_stop() {
  take_lock
  kafka_stop
  clickhouse_stop
  postgres_stop
}

cmd_reset() {
  take_lock
  kafka_stop
  clickhouse_stop
  postgres_stop
  kafka_wipe
  clickhouse_wipe
  postgres_wipe
  rm -f "$STACK_ENV_FILE"
  info "data and logs wiped (Kafka jars in $KAFKA_LIB are kept as a download cache)"
}

cmd_status() {
  local down=0
  kafka_status || down=1
  postgres_status || down=1
  clickhouse_status || down=1
  return "$down"
}

cmd_logs() {
  local file
  case "${1:-}" in
    kafka) file="$KAFKA_LOG" ;;
    clickhouse) file="$CLICKHOUSE_LOG" ;;
    postgres) file="$PG_LOG" ;;
    *) die "usage: stack.sh logs kafka|clickhouse|postgres [-f]" ;;
  esac
  [[ -f "$file" ]] || die "no log yet at $file"
  if [[ "${2:-}" == -f ]]; then
    exec tail -n 50 -F "$file"
  fi
  tail -n 200 "$file"
}

main() {
  local command="${1:-}"
  shift || true
  case "$command" in
    start) cmd_start ;;
    stop) cmd_stop ;;
    reset) cmd_reset ;;
    status) cmd_status ;;
    logs) cmd_logs "$@" ;;
    *)
      sed -n '6,10p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
      [[ "$command" == help || "$command" == -h || "$command" == --help ]] || exit 2
      ;;
  esac
}

main "$@"
