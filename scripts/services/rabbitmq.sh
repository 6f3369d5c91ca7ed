# RabbitMQ from Debian's package, started detached (no systemd here), with the plugins the transport uses.
#
# The node keeps its data in a directory of its own, which is wiped whenever this script has to start the node:
# test data is disposable, and a node that must first recover the thousands of queues earlier test runs left behind
# takes minutes to boot (it timed out in CI). The system's default data directory is left alone.
rabbitmq_url() { echo "${RABBITMQ_URL:-amqp://guest:guest@127.0.0.1:5672}"; }
rabbitmq_data_dir() { echo "${RABBITMQ_TEST_DATA_DIR:-/var/lib/rabbitmq/pragmatic-messaging}"; }

rabbitmq_running() { rabbitmq-diagnostics -q ping >/dev/null 2>&1; }

rabbitmq_ready() {
  rabbitmq-diagnostics -q check_running && rabbitmq-diagnostics -q check_port_connectivity
}

rabbitmq_start_fresh() {
  local data
  data="$(rabbitmq_data_dir)"
  log "starting RabbitMQ with empty data in $data"
  rm -rf "$data"
  rabbitmq_boot
}

# Boots the node on whatever its data directory holds (nothing after start_fresh, the queues after a restart).
rabbitmq_boot() {
  local data
  data="$(rabbitmq_data_dir)"
  mkdir -p "$data"
  chown rabbitmq:rabbitmq "$data" 2>/dev/null || true
  # Enabled before boot, so the node starts with them and nothing has to wait for a plugin restart.
  rabbitmq-plugins enable --offline --quiet rabbitmq_consistent_hash_exchange rabbitmq_management >&2
  # The Debian wrapper runs the node as the rabbitmq user through `su`, which keeps these variables.
  (
    close_inherited_fds
    RABBITMQ_MNESIA_BASE="$data/mnesia" RABBITMQ_LOG_BASE="$data/log" exec rabbitmq-server -detached
  ) >&2 2>/dev/null || true
  if ! wait_until 300 "RabbitMQ to boot" rabbitmq_running; then
    rabbitmq_show_log
    return 1
  fi
}

rabbitmq_show_log() {
  log "last lines of the RabbitMQ log:"
  tail -n 30 "$(rabbitmq_data_dir)"/log/*.log >&2 2>/dev/null || true
}

rabbitmq_up() {
  apt_install rabbitmq-server
  rabbitmq_running || rabbitmq_start_fresh
  if ! wait_until 90 "RabbitMQ to accept connections" rabbitmq_ready; then
    rabbitmq_show_log
    return 1
  fi
}

rabbitmq_down() { rabbitmqctl -q stop >&2 2>/dev/null || true; }

# Start a stopped node again with its data (durable queues and their messages), for restart drills.
rabbitmq_start() {
  if ! rabbitmq_running; then
    log "starting RabbitMQ with its data in $(rabbitmq_data_dir)"
    rabbitmq_boot
  fi
  # Recovering the queues of many earlier test runs takes a while.
  if ! wait_until 300 "RabbitMQ to accept connections" rabbitmq_ready; then
    rabbitmq_show_log
    return 1
  fi
}

rabbitmq_env() {
  echo "export RABBITMQ_URL=$(rabbitmq_url)"
  echo "export RABBITMQ_MANAGEMENT_URL=${RABBITMQ_MANAGEMENT_URL:-http://guest:guest@127.0.0.1:15672}"
}
