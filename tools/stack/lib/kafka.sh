# shellcheck shell=bash
# Apache Kafka 3.9 as a single KRaft node (broker + controller in one JVM), run from the broker
# jars that Maven copies out of Maven Central. Why 3.9 and not 4.x: docs/adr/0001.

KAFKA_PORT="${GATEHOUSE_KAFKA_PORT:-19092}"
KAFKA_CONTROLLER_PORT="${GATEHOUSE_KAFKA_CONTROLLER_PORT:-19093}"
KAFKA_HEAP="${GATEHOUSE_KAFKA_HEAP:-512m}"
KAFKA_DIR="$(component_dir kafka)"
KAFKA_LIB="$KAFKA_DIR/lib"
KAFKA_POM="$REPO/tools/stack/kafka/pom.xml"
KAFKA_PID_FILE="$KAFKA_DIR/kafka.pid"
KAFKA_LOG="$KAFKA_DIR/logs/server.log"

kafka_address() { printf '127.0.0.1:%s' "$KAFKA_PORT"; }

# The JVM command line shared by the storage tool and the broker (an array, not a function,
# so setsid can exec it).
KAFKA_JAVA=(java -Xms128m "-Xmx$KAFKA_HEAP" -XX:+UseG1GC -XX:MaxGCPauseMillis=20
  -Djava.awt.headless=true "-Dlog4j.configuration=file:$KAFKA_DIR/log4j.properties"
  "-Dkafka.logs.dir=$KAFKA_DIR/logs" -cp "$KAFKA_LIB/*")

# Copies the broker and its runtime dependencies into .gatehouse/kafka/lib once. A hash of the
# pom is kept next to the jars so changing the Kafka version in the pom refreshes them.
kafka_ensure_jars() {
  local want have=""
  command -v java >/dev/null || die "kafka: java not found (install a JDK 17+: apt-get install -y openjdk-17-jre-headless)"
  want="$(sha256sum "$KAFKA_POM" | cut -d' ' -f1)"
  [[ -f "$KAFKA_LIB/.pom.sha256" ]] && have="$(<"$KAFKA_LIB/.pom.sha256")"
  [[ "$want" == "$have" ]] && return 0

  command -v mvn >/dev/null || die "kafka: mvn not found (apt-get install -y maven)"
  info "kafka: resolving broker jars from Maven Central (first start only)"
  local staging="$KAFKA_DIR/lib.staging"
  rm -rf "$staging"
  mvn -q -B -f "$KAFKA_POM" dependency:copy-dependencies \
    -DincludeScope=runtime "-DoutputDirectory=$staging" >"$KAFKA_DIR/logs/maven.log" 2>&1 ||
    die "kafka: maven could not resolve the broker jars; see $KAFKA_DIR/logs/maven.log"
  printf '%s' "$want" >"$staging/.pom.sha256"
  rm -rf "$KAFKA_LIB"
  mv "$staging" "$KAFKA_LIB"
}

kafka_render_config() {
  render "$REPO/infra/kafka/server.properties" "$KAFKA_DIR/server.properties" \
    "BROKER_PORT=$KAFKA_PORT" "CONTROLLER_PORT=$KAFKA_CONTROLLER_PORT" "DATA_DIR=$KAFKA_DIR/data"
  cp "$REPO/infra/kafka/log4j.properties" "$KAFKA_DIR/log4j.properties"
}

# KRaft needs its log directory formatted with a cluster id before the first start. The id is
# generated once and kept, so the data directory and the id always agree.
kafka_format_storage() {
  [[ -f "$KAFKA_DIR/data/meta.properties" ]] && return 0
  if [[ ! -s "$KAFKA_DIR/cluster.id" ]]; then
    "${KAFKA_JAVA[@]}" kafka.tools.StorageTool random-uuid >"$KAFKA_DIR/cluster.id.tmp" 2>>"$KAFKA_LOG"
    mv "$KAFKA_DIR/cluster.id.tmp" "$KAFKA_DIR/cluster.id"
  fi
  info "kafka: formatting storage (cluster id $(<"$KAFKA_DIR/cluster.id"))"
  "${KAFKA_JAVA[@]}" kafka.tools.StorageTool format --ignore-formatted \
    -t "$(<"$KAFKA_DIR/cluster.id")" -c "$KAFKA_DIR/server.properties" >>"$KAFKA_LOG" 2>&1 ||
    die "kafka: storage format failed; see $KAFKA_LOG"
}

# Healthy = the broker answers a metadata request with an elected controller. The probe uses
# the repo's kafkajs (the same client the services use); before `npm ci` has run it falls back
# to a TCP connect plus the broker's own "started" log line.
kafka_healthy() {
  port_open 127.0.0.1 "$KAFKA_PORT" || return 1
  if [[ -f "$REPO/node_modules/kafkajs/package.json" ]]; then
    "$(stack_node)" "$REPO/tools/stack/kafka/probe.cjs" "$(kafka_address)"
  else
    grep -q 'Kafka Server started' "$KAFKA_LOG" 2>/dev/null
  fi
}

# Starts the JVM without waiting for it, so the other components can start meanwhile.
kafka_launch() {
  ensure_component_dirs kafka
  if live_pid "$KAFKA_PID_FILE" >/dev/null; then
    info "kafka: already running (pid $(live_pid "$KAFKA_PID_FILE")) on $(kafka_address)"
    return 0
  fi
  # Another checkout's stack (or a CI job's) may already serve these ports: use a healthy one.
  if port_open 127.0.0.1 "$KAFKA_PORT" && kafka_healthy >/dev/null 2>&1; then
    info "kafka: a healthy broker not started by this checkout answers on $(kafka_address); using it"
    KAFKA_PID_FILE=-
    # Tests that start a throwaway broker of their own still need the jars in this checkout.
    kafka_ensure_jars
    return 0
  fi
  require_free_port kafka "$KAFKA_PORT"
  require_free_port "kafka controller" "$KAFKA_CONTROLLER_PORT"
  kafka_ensure_jars
  kafka_render_config
  kafka_format_storage
  info "kafka: starting on $(kafka_address)"
  spawn_detached "$KAFKA_PID_FILE" "$KAFKA_DIR/logs/kafkaServer.out" \
    "${KAFKA_JAVA[@]}" kafka.Kafka "$KAFKA_DIR/server.properties"
}

# A JVM that dies before log4j is up (bad heap flag, missing class) only writes to
# kafkaServer.out, so show that too when the broker does not come up.
kafka_await() {
  if ! (wait_healthy kafka "$KAFKA_LOG" "$KAFKA_PID_FILE" kafka_healthy); then
    tail -n 5 "$KAFKA_DIR/logs/kafkaServer.out" >&2 2>/dev/null || true
    die "kafka did not start; see $KAFKA_LOG and $KAFKA_DIR/logs/kafkaServer.out"
  fi
}

kafka_stop() {
  # A clean shutdown writes the clean-shutdown marker, so the next start skips log recovery.
  stop_pid_file kafka "$KAFKA_PID_FILE" 30
}

kafka_status() {
  if kafka_healthy >/dev/null 2>&1; then
    printf 'kafka       up    %s%s\n' "$(kafka_address)" "$(live_pid "$KAFKA_PID_FILE" >/dev/null || printf ' (not started by this checkout)')"
  else
    printf 'kafka       down  %s\n' "$(kafka_address)"
    return 1
  fi
}

kafka_wipe() { rm -rf "$KAFKA_DIR/data" "$KAFKA_DIR/logs" "$KAFKA_DIR/cluster.id" "$KAFKA_DIR"/*.properties; }
