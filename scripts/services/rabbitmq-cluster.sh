# A 3-node RabbitMQ cluster on this one machine, beside the single node of rabbitmq.sh (which the rest of the suite
# uses): Debian's rabbitmq-server started three times with distinct node names (rabbit-1@<host>…), AMQP ports
# (5681–5683), management ports (15681–15683), distribution ports (25681–25683), plugin files and data directories,
# then joined with `rabbitmqctl join_cluster`. Node 1 also listens for AMQP over TLS on 5691 with a certificate
# generated here (openssl), for the TLS tests.
#
#   bash scripts/services.sh up --cluster             # both clusters (or: up rabbitmq-cluster)
#   bash scripts/services.sh node stop rabbitmq-2     # stop one node (data and membership kept)
#   bash scripts/services.sh node start rabbitmq-2    # start it again; it rejoins the cluster
#
# `up` wipes the cluster's data whenever it has to start it (test data is disposable); `start`/`node start` keep it.
rabbitmq_cluster_nodes=(1 2 3)
RABBITMQ_CLUSTER_TLS_PORT=5691
rabbitmq_cluster_home() { echo "${RABBITMQ_CLUSTER_DATA_DIR:-/var/lib/rabbitmq/pragmatic-messaging-cluster}"; }
rabbitmq_cluster_node_dir() { echo "$(rabbitmq_cluster_home)/rabbitmq-$1"; }
rabbitmq_cluster_erlang_name() { echo "rabbit-$1@$(hostname -s)"; }
rabbitmq_cluster_amqp_port() { echo $((5680 + $1)); }
rabbitmq_cluster_management_port() { echo $((15680 + $1)); }
rabbitmq_cluster_dist_port() { echo $((25680 + $1)); }

rabbitmq_cluster_ctl() {
  local node="$1"
  shift
  (close_inherited_fds && exec rabbitmqctl -q -n "$(rabbitmq_cluster_erlang_name "$node")" "$@")
}

rabbitmq_cluster_node_running() {
  rabbitmq-diagnostics -q -n "$(rabbitmq_cluster_erlang_name "$1")" ping >/dev/null 2>&1
}

rabbitmq_cluster_node_ready() {
  local name
  name="$(rabbitmq_cluster_erlang_name "$1")"
  rabbitmq-diagnostics -q -n "$name" check_running && rabbitmq-diagnostics -q -n "$name" check_port_connectivity
}

# The certificate authority and the server certificate of node 1's TLS listener (CN and SAN localhost/127.0.0.1).
rabbitmq_cluster_write_certificates() {
  local dir
  dir="$(rabbitmq_cluster_home)/tls"
  [ -s "$dir/server.pem" ] && return 0
  mkdir -p "$dir"
  log "generating a certificate authority and a server certificate for the RabbitMQ TLS listener"
  openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=pragmatic-messaging test CA" \
    -keyout "$dir/ca-key.pem" -out "$dir/ca.pem" >/dev/null 2>&1
  openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" -keyout "$dir/server-key.pem" \
    -out "$dir/server.csr" >/dev/null 2>&1
  printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\n' >"$dir/san.ext"
  openssl x509 -req -in "$dir/server.csr" -CA "$dir/ca.pem" -CAkey "$dir/ca-key.pem" -CAcreateserial -days 3650 \
    -extfile "$dir/san.ext" -out "$dir/server.pem" >/dev/null 2>&1
  chown -R rabbitmq:rabbitmq "$dir" 2>/dev/null || true
  chmod 0644 "$dir"/*.pem
}

rabbitmq_cluster_write_config() {
  local node="$1" dir
  dir="$(rabbitmq_cluster_node_dir "$node")"
  mkdir -p "$dir"
  {
    echo "listeners.tcp.default = $(rabbitmq_cluster_amqp_port "$node")"
    echo "management.tcp.port = $(rabbitmq_cluster_management_port "$node")"
    echo "cluster_name = pragmatic-messaging-cluster"
    # A stopped node must not make the others pause: the drills stop one of three on purpose.
    echo "cluster_partition_handling = pause_minority"
    if [ "$node" = 1 ]; then
      local tls
      tls="$(rabbitmq_cluster_home)/tls"
      echo "listeners.ssl.default = $RABBITMQ_CLUSTER_TLS_PORT"
      echo "ssl_options.cacertfile = $tls/ca.pem"
      echo "ssl_options.certfile = $tls/server.pem"
      echo "ssl_options.keyfile = $tls/server-key.pem"
      echo "ssl_options.verify = verify_none"
      echo "ssl_options.fail_if_no_peer_cert = false"
    fi
  } >"$dir/rabbitmq.conf"
  echo '[rabbitmq_consistent_hash_exchange,rabbitmq_management].' >"$dir/enabled_plugins"
  chown -R rabbitmq:rabbitmq "$(rabbitmq_cluster_home)" 2>/dev/null || true
}

# Boots one node on whatever its data directory holds. The Debian wrapper runs it as the rabbitmq user through
# `su`, which keeps these variables (so every node shares that user's Erlang cookie).
rabbitmq_cluster_boot_node() {
  local node="$1" dir
  dir="$(rabbitmq_cluster_node_dir "$node")"
  rabbitmq_cluster_write_config "$node"
  log "starting RabbitMQ node $(rabbitmq_cluster_erlang_name "$node") on 127.0.0.1:$(rabbitmq_cluster_amqp_port "$node")"
  (
    close_inherited_fds
    export RABBITMQ_NODENAME="$(rabbitmq_cluster_erlang_name "$node")"
    export RABBITMQ_NODE_PORT="$(rabbitmq_cluster_amqp_port "$node")"
    export RABBITMQ_DIST_PORT="$(rabbitmq_cluster_dist_port "$node")"
    export RABBITMQ_CONFIG_FILE="$dir/rabbitmq.conf"
    export RABBITMQ_ENABLED_PLUGINS_FILE="$dir/enabled_plugins"
    export RABBITMQ_MNESIA_BASE="$dir/mnesia"
    export RABBITMQ_LOG_BASE="$dir/log"
    export RABBITMQ_PID_FILE="$dir/rabbit.pid"
    exec rabbitmq-server -detached
  ) >&2 2>/dev/null || true
}

rabbitmq_cluster_wait_node() {
  local node="$1"
  if ! wait_until 120 "RabbitMQ node $node to accept connections" rabbitmq_cluster_node_ready "$node"; then
    log "last lines of the log of RabbitMQ node $node:"
    tail -n 30 "$(rabbitmq_cluster_node_dir "$node")"/log/*.log >&2 2>/dev/null || true
    return 1
  fi
}

rabbitmq_cluster_running() {
  local node
  for node in "${rabbitmq_cluster_nodes[@]}"; do rabbitmq_cluster_node_running "$node" || return 1; done
}

# Every node sees all three as running members.
rabbitmq_cluster_formed() {
  local running
  running="$(rabbitmq-diagnostics -q -n "$(rabbitmq_cluster_erlang_name 1)" cluster_status --formatter json 2>/dev/null |
    grep -o '"running_nodes":\[[^]]*\]' | grep -o 'rabbit-[0-9]@' | sort -u | wc -l)"
  [ "$running" -eq "${#rabbitmq_cluster_nodes[@]}" ]
}

rabbitmq_cluster_up() {
  apt_install rabbitmq-server openssl
  if rabbitmq_cluster_running && rabbitmq_cluster_formed; then return 0; fi
  # Whatever is left of an earlier cluster is disposable: stop it and start from empty data.
  rabbitmq_cluster_down
  rm -rf "$(rabbitmq_cluster_home)"/rabbitmq-*
  rabbitmq_cluster_write_certificates
  local node
  for node in "${rabbitmq_cluster_nodes[@]}"; do rabbitmq_cluster_boot_node "$node"; done
  for node in "${rabbitmq_cluster_nodes[@]}"; do rabbitmq_cluster_wait_node "$node"; done
  # rabbitmqctl prints the joining node's warnings (feature flags written anew…): keep them out of the way.
  local ctl_log
  ctl_log="$(rabbitmq_cluster_home)/join.log"
  for node in "${rabbitmq_cluster_nodes[@]:1}"; do
    log "joining $(rabbitmq_cluster_erlang_name "$node") to $(rabbitmq_cluster_erlang_name 1)"
    rabbitmq_cluster_ctl "$node" stop_app >>"$ctl_log" 2>&1
    rabbitmq_cluster_ctl "$node" reset >>"$ctl_log" 2>&1
    rabbitmq_cluster_ctl "$node" join_cluster "$(rabbitmq_cluster_erlang_name 1)" >>"$ctl_log" 2>&1 ||
      { tail -n 20 "$ctl_log" >&2; return 1; }
    rabbitmq_cluster_ctl "$node" start_app >>"$ctl_log" 2>&1
  done
  wait_until 60 "the RabbitMQ cluster to form" rabbitmq_cluster_formed
  for node in "${rabbitmq_cluster_nodes[@]}"; do rabbitmq_cluster_wait_node "$node"; done
}

# Start every stopped node again with its data (a restart drill, or after `down`).
rabbitmq_cluster_start() {
  local node
  for node in "${rabbitmq_cluster_nodes[@]}"; do rabbitmq_cluster_node_running "$node" || rabbitmq_cluster_boot_node "$node"; done
  for node in "${rabbitmq_cluster_nodes[@]}"; do rabbitmq_cluster_wait_node "$node"; done
}

rabbitmq_cluster_down() {
  local node
  for node in "${rabbitmq_cluster_nodes[@]}"; do rabbitmq_cluster_node_stop "$node" || true; done
}

rabbitmq_cluster_node_stop() {
  local node="$1"
  rabbitmq_cluster_node_running "$node" || return 0
  log "stopping RabbitMQ node $(rabbitmq_cluster_erlang_name "$node")"
  rabbitmq_cluster_ctl "$node" stop >&2 2>/dev/null || true
}

rabbitmq_cluster_node_start() {
  local node="$1"
  rabbitmq_cluster_node_running "$node" || rabbitmq_cluster_boot_node "$node"
  rabbitmq_cluster_wait_node "$node"
}

rabbitmq_cluster_env() {
  local node urls=() management=()
  for node in "${rabbitmq_cluster_nodes[@]}"; do
    urls+=("amqp://guest:guest@127.0.0.1:$(rabbitmq_cluster_amqp_port "$node")")
    management+=("http://guest:guest@127.0.0.1:$(rabbitmq_cluster_management_port "$node")")
  done
  echo "export RABBITMQ_CLUSTER_URLS=$(IFS=,; echo "${urls[*]}")"
  echo "export RABBITMQ_CLUSTER_MANAGEMENT_URLS=$(IFS=,; echo "${management[*]}")"
  echo "export RABBITMQ_CLUSTER_NODE_NAMES=$(for node in "${rabbitmq_cluster_nodes[@]}"; do printf 'rabbitmq-%s=%s,' "$node" "$(rabbitmq_cluster_erlang_name "$node")"; done | sed 's/,$//')"
  echo "export RABBITMQ_CLUSTER_TLS_URL=amqps://guest:guest@localhost:$RABBITMQ_CLUSTER_TLS_PORT"
  echo "export RABBITMQ_CLUSTER_CA_FILE=$(rabbitmq_cluster_home)/tls/ca.pem"
}
