#!/usr/bin/env bash
# Installs (from Debian packages / Maven Central) and starts the brokers and databases the tests need, natively,
# idempotently, and waits until each answers. Prints the environment to use on stdout:
#
#   eval "$(bash scripts/services.sh up)"          # all services
#   eval "$(bash scripts/services.sh up rabbitmq)" # just one
#   bash scripts/services.sh down [name…]
#   bash scripts/services.sh env  [name…]          # print the variables without starting anything
#   bash scripts/services.sh restart <name…>       # stop and start again, keeping the data (fault drills)
#   bash scripts/services.sh start <name…>         # start a stopped service with its data (after `down`)
#   eval "$(bash scripts/services.sh up --cluster)" # the 3-node RabbitMQ and 3-broker Kafka clusters
#   bash scripts/services.sh node stop|start <node> # one cluster node: rabbitmq-1…3, kafka-1…3 (data kept)
#
# The clusters (rabbitmq-cluster, kafka-cluster) run beside the single-node brokers on other ports, and are heavy:
# they are left out of "all services" of `up`, `start`, `restart` and `env`; name them, or say --cluster for both.
#
# `up` starts a service that is not running with empty data (test data is disposable); `start` and `restart` keep
# the data, as a broker or database restarting in production does.
#
# Each service lives in scripts/services/<name>.sh and defines <name>_up, <name>_start, <name>_down and <name>_env
# (with `-` in the name written `_`: asb-emulator.sh defines asb_emulator_up).
# Progress goes to stderr so stdout stays eval-able.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
export SERVICES_STATE_DIR="${SERVICES_STATE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/pragmatic-messaging}"
mkdir -p "$SERVICES_STATE_DIR"

log() { printf '[services] %s\n' "$*" >&2; }

apt_updated=""
apt_install() {
  local missing=()
  for package in "$@"; do dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ -z "$apt_updated" ]; then
    log "apt-get update"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
    apt_updated=1
  fi
  log "installing ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
}

# wait_until <seconds> <description> <command…>
wait_until() {
  local seconds="$1" description="$2"
  shift 2
  local deadline=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    if [ "$SECONDS" -ge "$deadline" ]; then
      log "timed out after ${seconds}s waiting for $description"
      return 1
    fi
    sleep 1
  done
}

# Closes every file descriptor above 2 of the current (sub)shell; call it in the subshell that execs a daemon. A
# broker that inherited, say, the descriptor of a lock file (flock) would hold that lock for as long as it runs.
close_inherited_fds() {
  local fd
  for fd in /proc/"$BASHPID"/fd/*; do
    fd="${fd##*/}"
    if [ "$fd" -gt 2 ] 2>/dev/null; then eval "exec $fd>&-" 2>/dev/null || true; fi
  done
}

export -f log apt_install wait_until close_inherited_fds

for file in "$here"/services/*.sh; do
  # shellcheck source=/dev/null
  source "$file"
done

cluster_services=(rabbitmq-cluster kafka-cluster)
all_services=()
for file in "$here"/services/*.sh; do
  name="$(basename "$file" .sh)"
  [[ " ${cluster_services[*]} " == *" $name "* ]] || all_services+=("$name")
done

command="${1:-up}"
shift || true
selected=()
for argument in "$@"; do
  if [ "$argument" = --cluster ]; then selected+=("${cluster_services[@]}"); else selected+=("$argument"); fi
done
if [ ${#selected[@]} -eq 0 ]; then
  selected=("${all_services[@]}")
  # `down` stops everything this script may have started, the clusters too.
  [ "$command" = down ] && selected+=("${cluster_services[@]}")
fi

case "$command" in
  up)
    for name in "${selected[@]}"; do
      log "starting $name"
      "${name//-/_}_up"
      "${name//-/_}_env"
    done
    ;;
  down)
    for name in "${selected[@]}"; do "${name//-/_}_down" || true; done
    ;;
  start)
    for name in "${selected[@]}"; do "${name//-/_}_start"; done
    ;;
  restart)
    for name in "${selected[@]}"; do
      log "restarting $name (data kept)"
      "${name//-/_}_down"
      "${name//-/_}_start"
    done
    ;;
  env)
    for name in "${selected[@]}"; do "${name//-/_}_env"; done
    ;;
  node)
    # node stop|start rabbitmq-2 / kafka-3: one node of a cluster, its data kept.
    action="${selected[0]:-}" node="${selected[1]:-}"
    if [[ ! "$action" =~ ^(stop|start)$ ]] || [[ ! "$node" =~ ^(rabbitmq|kafka)-[0-9]+$ ]]; then
      echo "usage: $0 node stop|start rabbitmq-1|rabbitmq-2|rabbitmq-3|kafka-1|kafka-2|kafka-3" >&2
      exit 2
    fi
    "${node%-*}_cluster_node_$action" "${node##*-}"
    ;;
  *)
    echo "usage: $0 up|down|start|restart|env [--cluster] [${all_services[*]} ${cluster_services[*]}]" >&2
    echo "       $0 node stop|start <rabbitmq-N|kafka-N>" >&2
    exit 2
    ;;
esac
