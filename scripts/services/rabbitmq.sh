# RabbitMQ from Debian's package, started detached (no systemd here), with the plugins the transport uses.
rabbitmq_url() { echo "${RABBITMQ_URL:-amqp://guest:guest@127.0.0.1:5672}"; }

rabbitmq_ready() { rabbitmq-diagnostics -q check_port_connectivity; }

rabbitmq_up() {
  apt_install rabbitmq-server
  if ! rabbitmq-diagnostics -q ping >/dev/null 2>&1; then
    # The Debian service wrapper is not running; start the node directly.
    rabbitmq-server -detached >&2 2>/dev/null || true
    wait_until 90 "RabbitMQ to boot" rabbitmq-diagnostics -q ping
  fi
  rabbitmq-plugins enable --quiet rabbitmq_consistent_hash_exchange rabbitmq_management >&2 || true
  wait_until 60 "RabbitMQ to accept connections" rabbitmq_ready
}

rabbitmq_down() { rabbitmqctl -q stop >&2 2>/dev/null || true; }

rabbitmq_env() {
  echo "export RABBITMQ_URL=$(rabbitmq_url)"
  echo "export RABBITMQ_MANAGEMENT_URL=${RABBITMQ_MANAGEMENT_URL:-http://guest:guest@127.0.0.1:15672}"
}
