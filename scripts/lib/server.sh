# Starting the release server in the background for browser tests and benchmarks.
# Sourced after common.sh.

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# wait_ready URL PID LOGFILE: waits until URL/readyz answers 200 (at most 10 s), or the
# process ends; shows the log's end when it never got ready.
wait_ready() {
  local url=$1 pid=$2 logfile=$3
  for _ in $(seq 1 100); do
    if curl -fsS "$url/readyz" >/dev/null 2>&1; then return 0; fi
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  log "the server at $url did not become ready:"
  tail -n 40 "$logfile" >&2
  return 1
}

# server_start DATABASE_URL LOGFILE: starts target/release/whatsportal on a free port of
# 127.0.0.1 and waits until it is ready; sets SERVER_PID and SERVER_URL.
server_start() {
  local database_url=$1 logfile=$2 port
  port=$(free_port)
  (cd "$ROOT" && DATABASE_URL="$database_url" RUST_LOG="${SERVER_RUST_LOG:-warn}" \
    exec "$ROOT/target/release/whatsportal" serve --addr "127.0.0.1:$port") >"$logfile" 2>&1 &
  SERVER_PID=$!
  SERVER_URL="http://127.0.0.1:$port"
  wait_ready "$SERVER_URL" "$SERVER_PID" "$logfile"
}

server_stop() {
  [ -n "${SERVER_PID:-}" ] || return 0
  kill "$SERVER_PID" 2>/dev/null || true
  wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=
}

# measure_setup: what every measurement script starts with: the tools, a release build
# (unless MEASURE_SKIP_BUILD=1), a work folder removed on exit with the server stopped,
# and DATABASE_URL on a fresh SQLite file in it. Sets WORK.
measure_setup() {
  cd "$ROOT"
  ensure_rust_tools
  ensure_node_tools
  ensure_browser
  [ "${MEASURE_SKIP_BUILD:-0}" = 1 ] || build_release
  WORK=$(mktemp -d /tmp/whatsportal-measure.XXXXXX)
  trap 'server_stop; rm -rf "$WORK"' EXIT
  export DATABASE_URL="sqlite:$WORK/measure.db"
}
