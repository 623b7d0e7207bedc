# Starting and stopping a throwaway PostgreSQL cluster from the machine's binaries.
# Sourced by the test and benchmark scripts; needs `log` from common.sh.

pg_bin() {
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

# PostgreSQL's server binaries and psql, from Debian, when the machine has none.
ensure_postgres() {
  if [ -z "${PG_BIN:-}" ] && [ -z "$(pg_bin)" ]; then
    apt_install postgresql
  fi
  command -v psql >/dev/null 2>&1 || apt_install postgresql-client
  PG_BIN=${PG_BIN:-$(pg_bin)}
}

# Starts a cluster in a new temporary folder on a free port and sets PG_TMP and
# THROWAWAY_DATABASE_URL. PostgreSQL refuses to run as root, so it runs as `postgres`.
# Without fsync unless PG_FSYNC=on (tests need no durability; benchmarks measure it).
pg_start() {
  ensure_postgres
  [ -x "$PG_BIN/initdb" ] || { log "no PostgreSQL binaries under /usr/lib/postgresql"; return 1; }
  PG_TMP=$(mktemp -d /tmp/whatsportal-pg.XXXXXX)
  local port
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  local as_pg=()
  if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
    chown postgres "$PG_TMP"
    as_pg=(runuser -u postgres --)
  fi
  "${as_pg[@]}" "$PG_BIN/initdb" -D "$PG_TMP/data" -U postgres --auth=trust -E UTF8 >"$PG_TMP/initdb.log" 2>&1 ||
    { cat "$PG_TMP/initdb.log"; return 1; }
  PG_OPTIONS="-c listen_addresses=127.0.0.1 -p $port -k $PG_TMP -c fsync=${PG_FSYNC:-off} -c max_connections=300"
  "${as_pg[@]}" "$PG_BIN/pg_ctl" -D "$PG_TMP/data" -l "$PG_TMP/server.log" -w \
    -o "$PG_OPTIONS" start >/dev/null ||
    { cat "$PG_TMP/server.log"; return 1; }
  PG_AS=("${as_pg[@]}")
  THROWAWAY_DATABASE_URL="postgres://postgres@127.0.0.1:$port/postgres"
  log "throwaway PostgreSQL on 127.0.0.1:$port"
}

# Stops the cluster and removes its folder.
pg_stop() {
  [ -n "${PG_TMP:-}" ] || return 0
  "${PG_AS[@]}" "$PG_BIN/pg_ctl" -D "$PG_TMP/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$PG_TMP"
  PG_TMP=
}

# The throwaway cluster stopped and started again (a database restart, for the fleet
# test): pg_pause stops it (fast: open connections are cut), pg_resume starts it.
pg_pause() {
  "${PG_AS[@]}" "$PG_BIN/pg_ctl" -D "$PG_TMP/data" -m fast -w stop >/dev/null
}

pg_resume() {
  "${PG_AS[@]}" "$PG_BIN/pg_ctl" -D "$PG_TMP/data" -l "$PG_TMP/server.log" -w -o "$PG_OPTIONS" start >/dev/null
}

# pg_fresh_database SERVER_URL NAME: (re)creates database NAME on the server and prints
# its URL.
pg_fresh_database() {
  local server_url=$1 name=$2
  PGOPTIONS='-c client_min_messages=warning' psql "$server_url" -qc "DROP DATABASE IF EXISTS $name" \
    -c "CREATE DATABASE $name" >/dev/null
  python3 - "$server_url" "$name" <<'PY'
import sys, urllib.parse as u
url = u.urlsplit(sys.argv[1])
print(u.urlunsplit(url._replace(path="/" + sys.argv[2])))
PY
}
