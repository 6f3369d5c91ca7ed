# Our own Azure Service Bus emulator (packages/asb-emulator: AMQP 1.0 on rhea, the ATOM management API over HTTPS,
# one port), run with Node from the repository's sources; Microsoft's emulator ships only as a Docker image. It
# keeps everything in memory, so every start is empty. Needs `npm ci` first (it runs on the installed rhea and tsx).
ASB_EMULATOR_PORT="${ASB_EMULATOR_PORT:-5673}"
asb_emulator_root() { cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd; }
asb_emulator_home() { echo "$SERVICES_STATE_DIR/asb-emulator"; }
asb_emulator_pid_file() { echo "$(asb_emulator_home)/emulator.pid"; }
asb_emulator_ca_file() { echo "$(asb_emulator_home)/emulator-ca.pem"; }
# The certificates Node processes from this environment trust besides the built-in ones: any already given to them
# (NODE_EXTRA_CA_CERTS) plus the emulator's.
asb_emulator_trusted_file() { echo "$(asb_emulator_home)/trusted-ca-certificates.pem"; }

asb_emulator_running() {
  local pid_file
  pid_file="$(asb_emulator_pid_file)"
  [ -f "$pid_file" ] && kill -0 "$(cat "$pid_file")" 2>/dev/null
}

# Answers: the port accepts connections and the emulator wrote its certificate and its ready line.
asb_emulator_ready() {
  (exec 3<>"/dev/tcp/127.0.0.1/$ASB_EMULATOR_PORT") 2>/dev/null &&
    [ -s "$(asb_emulator_ca_file)" ] && grep -q connectionString "$(asb_emulator_home)/stdout.log" 2>/dev/null
}

asb_emulator_up() {
  if asb_emulator_running && asb_emulator_ready; then return 0; fi
  local root home
  root="$(asb_emulator_root)"
  home="$(asb_emulator_home)"
  if [ ! -e "$root/node_modules/rhea" ] || [ ! -e "$root/node_modules/tsx" ]; then
    log "the Service Bus emulator runs on the repository's node_modules: run npm ci first"
    return 1
  fi
  mkdir -p "$home"
  if ! asb_emulator_running; then
    log "starting the Service Bus emulator on 127.0.0.1:$ASB_EMULATOR_PORT (log: $home/stderr.log)"
    rm -f "$(asb_emulator_ca_file)"
    : >"$home/stdout.log"
    # setsid: the emulator outlives this script and the shell that ran it ($! is its own pid).
    (cd "$root" && close_inherited_fds && exec setsid node --import tsx packages/asb-emulator/src/cli.ts --port "$ASB_EMULATOR_PORT" \
      --certificate-file "$(asb_emulator_ca_file)" >"$home/stdout.log" 2>"$home/stderr.log" </dev/null) &
    echo $! >"$(asb_emulator_pid_file)"
  fi
  local deadline=$((SECONDS + 30))
  until asb_emulator_ready; do
    if ! asb_emulator_running || [ "$SECONDS" -ge "$deadline" ]; then
      log "the Service Bus emulator did not start:"
      tail -n 30 "$home/stderr.log" "$home/stdout.log" | cut -c1-400 >&2 || true
      return 1
    fi
    sleep 0.2
  done
  asb_emulator_write_trusted
}

# It keeps nothing on disk: starting it again is starting it.
asb_emulator_start() { asb_emulator_up; }

asb_emulator_write_trusted() {
  local trusted extra="${NODE_EXTRA_CA_CERTS:-}"
  trusted="$(asb_emulator_trusted_file)"
  {
    if [ -n "$extra" ] && [ "$extra" != "$trusted" ] && [ -r "$extra" ]; then cat "$extra"; fi
    cat "$(asb_emulator_ca_file)"
  } >"$trusted.tmp"
  mv "$trusted.tmp" "$trusted"
}

asb_emulator_down() {
  asb_emulator_running || return 0
  local pid
  pid="$(cat "$(asb_emulator_pid_file)")"
  log "stopping the Service Bus emulator (pid $pid)"
  kill "$pid"
  wait_until 20 "the Service Bus emulator to stop" bash -c "! kill -0 $pid"
  rm -f "$(asb_emulator_pid_file)"
}

# The connection string both SDK clients take, and the certificate of its HTTPS side. NODE_EXTRA_CA_CERTS (read by
# Node at start) makes the processes started from this environment — the tests, TicketFlow — trust it, on top of
# what that variable already named.
asb_emulator_env() {
  echo "export ASB_EMULATOR_CONNECTION_STRING='Endpoint=sb://127.0.0.1:$ASB_EMULATOR_PORT;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=SAS_KEY_VALUE;UseDevelopmentEmulator=true'"
  echo "export ASB_EMULATOR_CA_FILE=$(asb_emulator_ca_file)"
  echo "export NODE_EXTRA_CA_CERTS=$(asb_emulator_trusted_file)"
}
