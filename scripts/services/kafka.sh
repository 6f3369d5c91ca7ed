# Apache Kafka, single node in KRaft mode, run natively on Java 17 from the broker's jars on Maven Central
# (no Debian package, no Docker here). Jars and data live under $SERVICES_STATE_DIR/kafka, outside git; the data is
# wiped whenever `up` has to start the broker, and `up` restarts a broker that no longer answers or that holds more
# partitions than KAFKA_MAX_PARTITION_DIRS from earlier runs.
KAFKA_VERSION="${KAFKA_VERSION:-4.4.0}"
KAFKA_PORT=9092
# Each test run creates hundreds of topics. Past a few thousand partitions the single broker's heap fills up and it
# stops answering (seen at 14 346 after a day of runs), so `up` starts it afresh well before that.
KAFKA_MAX_PARTITION_DIRS="${KAFKA_MAX_PARTITION_DIRS:-4000}"
kafka_config_dir() { cd "$(dirname "${BASH_SOURCE[0]}")/../kafka" && pwd; }
kafka_home() { echo "$SERVICES_STATE_DIR/kafka"; }
kafka_libs() { echo "$(kafka_home)/libs-$KAFKA_VERSION"; }
kafka_pid_file() { echo "$(kafka_home)/kafka.pid"; }

kafka_java() {
  # The broker needs Java 17 or newer; prefer Debian's 17 and fall back to any newer JDK under /usr/lib/jvm.
  local candidate
  for candidate in /usr/lib/jvm/java-17-openjdk-amd64/bin/java /usr/lib/jvm/*/bin/java "$(command -v java || true)"; do
    [ -x "$candidate" ] && { echo "$candidate"; return 0; }
  done
  return 1
}

kafka_running() {
  local pid_file
  pid_file="$(kafka_pid_file)"
  [ -f "$pid_file" ] && kill -0 "$(cat "$pid_file")" 2>/dev/null
}

# Answers: the port accepts connections and the broker logged that it finished starting.
kafka_ready() {
  (exec 3<>"/dev/tcp/127.0.0.1/$KAFKA_PORT") 2>/dev/null &&
    grep -q "Kafka Server started" "$(kafka_home)/server.log" 2>/dev/null
}

kafka_fetch_jars() {
  local libs
  libs="$(kafka_libs)"
  [ -f "$libs/.complete" ] && return 0
  apt_install maven
  log "downloading Kafka $KAFKA_VERSION jars from Maven Central"
  rm -rf "$libs"
  mvn -q -B -Dstyle.color=never -f "$(kafka_config_dir)/pom.xml" -Dkafka.version="$KAFKA_VERSION" \
    dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$libs" >&2
  touch "$libs/.complete"
}

kafka_write_config() {
  local home="$1"
  sed "s|@DATA_DIR@|$home/data|" "$(kafka_config_dir)/server.properties" >"$home/server.properties"
}

# Sets the array `kafka_jvm` to the JVM command line (without the main class) shared by the tools and the broker.
kafka_jvm_command() {
  local home
  home="$(kafka_home)"
  kafka_jvm=("$(kafka_java)" -Xms256m -Xmx1g -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -Djava.awt.headless=true
    -Dlog4j2.configurationFile="$(kafka_config_dir)/log4j2.properties" -Dkafka.logs.file="$home/server.log"
    -cp "$(kafka_libs)/*")
}

kafka_format_storage() {
  local home cluster_id
  home="$(kafka_home)"
  [ -f "$home/data/meta.properties" ] && return 0
  log "formatting KRaft storage in $home/data"
  kafka_jvm_command
  cluster_id="$("${kafka_jvm[@]}" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -1)"
  "${kafka_jvm[@]}" kafka.tools.StorageTool format --ignore-formatted -t "$cluster_id" \
    -c "$home/server.properties" >&2
}

# The partition directories in the broker's log directory: one per partition of every topic earlier runs created.
kafka_partition_dirs() {
  find "$(kafka_home)/data" -mindepth 1 -maxdepth 1 -type d 2>/dev/null | wc -l
}

kafka_up() {
  if kafka_running; then
    local partitions
    partitions="$(kafka_partition_dirs)"
    if ! kafka_ready || grep -q OutOfMemoryError "$(kafka_home)/server.log" "$(kafka_home)/stdout.log" 2>/dev/null; then
      log "Kafka is running but does not answer or ran out of memory; stopping it to start afresh"
      kafka_down
    elif [ "$partitions" -gt "$KAFKA_MAX_PARTITION_DIRS" ]; then
      log "Kafka holds $partitions partitions from earlier runs (limit $KAFKA_MAX_PARTITION_DIRS); starting it afresh"
      kafka_down
    else
      return 0
    fi
  fi
  apt_install openjdk-17-jre-headless
  kafka_fetch_jars
  local home
  home="$(kafka_home)"
  if ! kafka_running; then
    # Test data is disposable; a broker that must first reopen the thousands of partitions earlier runs left
    # behind starts slowly and holds thousands of files open.
    rm -rf "$home/data"
  fi
  kafka_boot
}

# Starts the broker on whatever its log directory holds (nothing after up, the topics and records after a restart).
kafka_boot() {
  local home
  home="$(kafka_home)"
  mkdir -p "$home/data"
  kafka_write_config "$home"
  kafka_format_storage
  if ! kafka_running; then
    log "starting Kafka $KAFKA_VERSION on 127.0.0.1:$KAFKA_PORT (log: $home/server.log)"
    : >"$home/server.log"
    # setsid: the broker outlives this script and the shell that ran it (it is not a process group leader
    # here, so setsid execs in place and $! is the broker's own pid).
    kafka_jvm_command
    (
      close_inherited_fds
      exec setsid "${kafka_jvm[@]}" kafka.Kafka "$home/server.properties" >"$home/stdout.log" 2>&1 </dev/null
    ) &
    echo $! >"$(kafka_pid_file)"
  fi
  kafka_wait_until_ready "${1:-90}"
}

# Start a stopped broker again with its data, for restart drills.
# A broker holding the thousands of partitions a long session of test runs leaves behind reopens them for minutes.
kafka_start() {
  if kafka_running && kafka_ready; then return 0; fi
  kafka_boot 300
}

# Like wait_until, but gives up at once when the broker process exits (a port in use, a bad config).
kafka_wait_until_ready() {
  local deadline=$((SECONDS + $1)) home
  home="$(kafka_home)"
  until kafka_ready; do
    if ! kafka_running || [ "$SECONDS" -ge "$deadline" ]; then
      log "Kafka did not start (see $home/server.log):"
      tail -n 30 "$home/server.log" "$home/stdout.log" | cut -c1-400 >&2 || true
      return 1
    fi
    sleep 1
  done
}

kafka_down() {
  kafka_running || return 0
  local pid
  pid="$(cat "$(kafka_pid_file)")"
  log "stopping Kafka (pid $pid)"
  kill "$pid"
  # A broker whose heap is full may never finish its orderly shutdown.
  if ! wait_until 60 "Kafka to stop" bash -c "! kill -0 $pid"; then
    log "Kafka did not stop within 60 s; killing it"
    kill -9 "$pid" 2>/dev/null || true
    wait_until 10 "Kafka to die" bash -c "! kill -0 $pid"
  fi
  rm -f "$(kafka_pid_file)"
}

kafka_env() { echo "export KAFKA_BROKERS=${KAFKA_BROKERS:-127.0.0.1:$KAFKA_PORT}"; }
