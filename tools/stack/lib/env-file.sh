# shellcheck shell=bash
# Writes .gatehouse/stack.env: the resolved endpoints as KEY=VALUE lines that services
# (`set -a; source`) and the jest global setup (libs/testing/src/jest-global-setup.cjs) read.

# Single-quotes a value only when it holds characters a shell would interpret, so the common
# case stays a plain KEY=VALUE line that any dotenv reader understands.
env_line() {
  local key="$1" value="$2"
  if [[ "$value" =~ ^[A-Za-z0-9@:/._,=?\&%+-]*$ ]]; then
    printf '%s=%s\n' "$key" "$value"
  else
    printf "%s='%s'\n" "$key" "${value//\'/\'\\\'\'}"
  fi
}

write_stack_env() {
  local tmp="$STACK_ENV_FILE.tmp"
  {
    printf '# Written by tools/stack/stack.sh start; do not edit (the next start rewrites it).\n'
    env_line KAFKA_BROKERS "$(kafka_address)"
    env_line DATABASE_URL "$PG_SERVER/gatehouse"
    env_line DATABASE_TEST_URL "$PG_SERVER/gatehouse_test"
    env_line GATEHOUSE_PG_MODE "$PG_MODE"
    env_line CLICKHOUSE_URL "$(clickhouse_url)"
    env_line CLICKHOUSE_DATABASE "$CLICKHOUSE_DATABASE"
    env_line CLICKHOUSE_USER default
    env_line CLICKHOUSE_PASSWORD ""
  } >"$tmp"
  mv "$tmp" "$STACK_ENV_FILE"
  info "wrote $STACK_ENV_FILE"
}
