# A 3-broker Apache Kafka cluster in KRaft mode on this one machine (each node broker and controller, replication
# factor 3, min.insync.replicas 2), beside the single node of kafka.sh (port 9092, which the rest of the suite uses).
# Same jars and Java as kafka.sh. Node n listens on 127.0.0.1:1909(1+n) (PLAINTEXT), 1919(1+n) (controller) and
# 1929(1+n) (SASL_PLAINTEXT with PLAIN, for the credential tests); data under $SERVICES_STATE_DIR/kafka-cluster.
#
#   bash scripts/services.sh up --cluster          # both clusters (or: up kafka-cluster)
#   bash scripts/services.sh node stop kafka-2     # stop one broker (its data kept)
#   bash scripts/services.sh node start kafka-2    # start it again
kafka_cluster_nodes=(1 2 3)
# The SASL/PLAIN user of the test cluster. Not a secret (a local test broker); the canary tests check that the
# password never shows up in logs, errors or health.
KAFKA_CLUSTER_SASL_USERNAME=pm-sasl-user
KAFKA_CLUSTER_SASL_PASSWORD=pm-sasl-canary-5e1f0c
kafka_cluster_home() { echo "$SERVICES_STATE_DIR/kafka-cluster"; }
kafka_cluster_node_dir() { echo "$(kafka_cluster_home)/kafka-$1"; }
kafka_cluster_port() { echo $((19091 + $1)); }
kafka_cluster_controller_port() { echo $((19191 + $1)); }
kafka_cluster_sasl_port() { echo $((19291 + $1)); }
kafka_cluster_pid_file() { echo "$(kafka_cluster_node_dir "$1")/kafka.pid"; }

kafka_cluster_node_running() {
  local pid_file
  pid_file="$(kafka_cluster_pid_file "$1")"
  [ -f "$pid_file" ] && kill -0 "$(cat "$pid_file")" 2>/dev/null
}

kafka_cluster_node_ready() {
  (exec 3<>"/dev/tcp/127.0.0.1/$(kafka_cluster_port "$1")") 2>/dev/null &&
    grep -q "Kafka Server started" "$(kafka_cluster_node_dir "$1")/server.log" 2>/dev/null
}

kafka_cluster_running() {
  local node
  for node in "${kafka_cluster_nodes[@]}"; do kafka_cluster_node_running "$node" && kafka_cluster_node_ready "$node" || return 1; done
}

kafka_cluster_write_config() {
  local node="$1" dir voters="" n
  dir="$(kafka_cluster_node_dir "$node")"
  for n in "${kafka_cluster_nodes[@]}"; do voters+="${voters:+,}$n@127.0.0.1:$(kafka_cluster_controller_port "$n")"; done
  mkdir -p "$dir/data"
  sed -e "s|@NODE_ID@|$node|" -e "s|@VOTERS@|$voters|" -e "s|@PORT@|$(kafka_cluster_port "$node")|g" \
    -e "s|@CONTROLLER_PORT@|$(kafka_cluster_controller_port "$node")|" -e "s|@SASL_PORT@|$(kafka_cluster_sasl_port "$node")|g" \
    -e "s|@SASL_USERNAME@|$KAFKA_CLUSTER_SASL_USERNAME|" -e "s|@SASL_PASSWORD@|$KAFKA_CLUSTER_SASL_PASSWORD|" \
    -e "s|@DATA_DIR@|$dir/data|" "$(kafka_config_dir)/cluster-server.properties" >"$dir/server.properties"
}

# Sets `kafka_cluster_jvm` to node n's JVM command line (without the main class): kafka.sh's, with its own log file.
kafka_cluster_jvm_command() {
  kafka_cluster_jvm=("$(kafka_java)" -Xms128m -Xmx384m -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -Djava.awt.headless=true
    -Dlog4j2.configurationFile="$(kafka_config_dir)/log4j2.properties"
    -Dkafka.logs.file="$(kafka_cluster_node_dir "$1")/server.log" -cp "$(kafka_libs)/*")
}

kafka_cluster_boot_node() {
  local node="$1" dir
  dir="$(kafka_cluster_node_dir "$node")"
  kafka_cluster_write_config "$node"
  kafka_cluster_jvm_command "$node"
  if [ ! -f "$dir/data/meta.properties" ]; then
    "${kafka_cluster_jvm[@]}" kafka.tools.StorageTool format --ignore-formatted -t "$(cat "$(kafka_cluster_home)/cluster-id")" \
      -c "$dir/server.properties" >"$dir/format.log" 2>&1 || { cat "$dir/format.log" >&2; return 1; }
  fi
  kafka_cluster_node_running "$node" && return 0
  log "starting Kafka broker $node of the cluster on 127.0.0.1:$(kafka_cluster_port "$node") (log: $dir/server.log)"
  : >"$dir/server.log"
  (
    close_inherited_fds
    exec setsid "${kafka_cluster_jvm[@]}" kafka.Kafka "$dir/server.properties" >"$dir/stdout.log" 2>&1 </dev/null
  ) &
  echo $! >"$(kafka_cluster_pid_file "$node")"
}

kafka_cluster_wait_node() {
  local node="$1" deadline=$((SECONDS + 120)) dir
  dir="$(kafka_cluster_node_dir "$node")"
  until kafka_cluster_node_ready "$node"; do
    if ! kafka_cluster_node_running "$node" || [ "$SECONDS" -ge "$deadline" ]; then
      log "Kafka broker $node of the cluster did not start (see $dir/server.log):"
      tail -n 30 "$dir/server.log" "$dir/stdout.log" | cut -c1-400 >&2 || true
      return 1
    fi
    sleep 1
  done
}

kafka_cluster_up() {
  if kafka_cluster_running; then return 0; fi
  apt_install openjdk-17-jre-headless
  kafka_fetch_jars
  # Whatever is left of an earlier cluster is disposable: stop it and start from empty data.
  kafka_cluster_down
  rm -rf "$(kafka_cluster_home)"
  mkdir -p "$(kafka_cluster_home)"
  kafka_cluster_jvm_command 1
  "${kafka_cluster_jvm[@]}" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -1 >"$(kafka_cluster_home)/cluster-id"
  kafka_cluster_start
}

# Start every stopped broker again with its data.
kafka_cluster_start() {
  local node
  for node in "${kafka_cluster_nodes[@]}"; do kafka_cluster_boot_node "$node"; done
  for node in "${kafka_cluster_nodes[@]}"; do kafka_cluster_wait_node "$node"; done
}

kafka_cluster_down() {
  local node
  # The last broker standing has no controller quorum left and waits for one instead of exiting: give each a short
  # grace, then SIGKILL (the cluster's data is discarded by the next `up` anyway).
  for node in "${kafka_cluster_nodes[@]}"; do kafka_cluster_node_stop "$node" 15 || true; done
}

# kafka_cluster_node_stop <node> [grace seconds, default 60]: SIGTERM, then SIGKILL after the grace, so a broker
# that hangs in its shutdown never keeps its ports for the next start.
kafka_cluster_node_stop() {
  local node="$1" grace="${2:-60}" pid
  kafka_cluster_node_running "$node" || return 0
  pid="$(cat "$(kafka_cluster_pid_file "$node")")"
  log "stopping Kafka broker $node of the cluster (pid $pid)"
  kill "$pid"
  if ! wait_until "$grace" "Kafka broker $node to stop" bash -c "! kill -0 $pid"; then
    log "killing Kafka broker $node (pid $pid) with SIGKILL"
    kill -9 "$pid" 2>/dev/null || true
    wait_until 10 "Kafka broker $node to exit after SIGKILL" bash -c "! kill -0 $pid" || true
  fi
  rm -f "$(kafka_cluster_pid_file "$node")"
}

kafka_cluster_node_start() {
  kafka_cluster_boot_node "$1"
  kafka_cluster_wait_node "$1"
}

kafka_cluster_env() {
  local node brokers=() sasl=()
  for node in "${kafka_cluster_nodes[@]}"; do
    brokers+=("127.0.0.1:$(kafka_cluster_port "$node")")
    sasl+=("127.0.0.1:$(kafka_cluster_sasl_port "$node")")
  done
  echo "export KAFKA_CLUSTER_BROKERS=$(IFS=,; echo "${brokers[*]}")"
  echo "export KAFKA_CLUSTER_SASL_BROKERS=$(IFS=,; echo "${sasl[*]}")"
  echo "export KAFKA_CLUSTER_SASL_USERNAME=$KAFKA_CLUSTER_SASL_USERNAME"
  echo "export KAFKA_CLUSTER_SASL_PASSWORD=$KAFKA_CLUSTER_SASL_PASSWORD"
}
