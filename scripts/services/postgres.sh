# PostgreSQL from Debian's package; the cluster is started with pg_ctlcluster and given a password for TCP.
postgres_ctl() { (close_inherited_fds && exec pg_ctlcluster "$@"); }
postgres_version() { ls /usr/lib/postgresql 2>/dev/null | sort -n | tail -1; }

postgres_ready() { su postgres -c "psql -qtAc 'select 1'" >/dev/null; }

postgres_up() {
  apt_install postgresql
  local version started_here=""
  version="$(postgres_version)"
  if ! pg_lsclusters -h | grep -q " online"; then
    pg_lsclusters -h | grep -q "^$version main" || pg_createcluster "$version" main >&2
    postgres_ctl "$version" main start >&2
    started_here=1
  fi
  wait_until 60 "PostgreSQL to accept connections" postgres_ready
  postgres_prepare_database "$started_here"
  su postgres -c "psql -qc \"ALTER USER postgres PASSWORD 'postgres'\"" >&2
  # Generous connection limit: tests open pools per service and several relays at once.
  if [ "$(su postgres -c "psql -qtAc 'show max_connections'")" -lt 300 ]; then
    su postgres -c "psql -qc 'ALTER SYSTEM SET max_connections = 300'" >&2
    postgres_ctl "$version" main restart >&2
    wait_until 60 "PostgreSQL to restart" postgres_ready
  fi
}

# The tests work in a database of their own, recreated empty whenever this script had to start the cluster: the
# schemas earlier runs left behind are disposable, and other databases on the cluster are left alone.
POSTGRES_TEST_DATABASE=pragmatic_messaging
postgres_prepare_database() {
  local fresh="$1"
  if [ -n "$fresh" ]; then
    su postgres -c "psql -qc 'DROP DATABASE IF EXISTS $POSTGRES_TEST_DATABASE WITH (FORCE)'" >&2
  fi
  if [ -z "$(su postgres -c "psql -qtAc \"select 1 from pg_database where datname = '$POSTGRES_TEST_DATABASE'\"")" ]; then
    su postgres -c "psql -qc 'CREATE DATABASE $POSTGRES_TEST_DATABASE'" >&2
  fi
}

postgres_down() { pg_ctlcluster "$(postgres_version)" main stop >&2 2>/dev/null || true; }

# Start a stopped cluster again with its data, for restart drills.
postgres_start() {
  pg_lsclusters -h | grep -q " online" || postgres_ctl "$(postgres_version)" main start >&2
  wait_until 60 "PostgreSQL to accept connections" postgres_ready
}

postgres_env() { echo "export DATABASE_URL=${DATABASE_URL:-postgres://postgres:postgres@127.0.0.1:5432/$POSTGRES_TEST_DATABASE}"; }
