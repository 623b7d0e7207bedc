#!/usr/bin/env bash
# The session API benchmark: release build, server on SQLite on 127.0.0.1, a seeded
# vendor, POST /api/vendor/sessions with distinct externalIds at 1, 16 and 64
# connections, and GET /healthz at 64 connections as the machine's HTTP ceiling.
# Each run is bounded by BENCH_SECONDS and by MAX_REQUESTS_PER_THREAD; the load stays
# on 127.0.0.1.
source "$(dirname "$0")/lib/common.sh"
source "$ROOT/scripts/lib/server.sh"
cd "$ROOT"

SECONDS_PER_RUN=${BENCH_SECONDS:-10}
export MAX_REQUESTS_PER_THREAD=${MAX_REQUESTS_PER_THREAD:-1000000}
export BENCH_DIR="$ROOT/bench"
export BENCH_ORIGIN=https://bench.example.com
# The per-key rate limit stays on (its cost is part of the figures) but far above the load.
export API_RATE_LIMIT_PER_MINUTE=${API_RATE_LIMIT_PER_MINUTE:-1000000000}

apt_install wrk
ensure_rust_tools
ensure_node_tools
[ "${BENCH_SKIP_BUILD:-0}" = 1 ] || build_release

WORK=$(mktemp -d /tmp/whatsportal-bench.XXXXXX)
trap 'server_stop; rm -rf "$WORK"' EXIT
# BENCH_DATABASE_URL runs the same benchmark on another database (e.g. PostgreSQL).
DATABASE_URL=${BENCH_DATABASE_URL:-"sqlite:$WORK/bench.db"}

export BENCH_API_KEY
BENCH_API_KEY=$(DATABASE_URL=$DATABASE_URL target/release/whatsportal vendor create \
  --name "Bench Vendor" --origin "$BENCH_ORIGIN" | json_field api_key)

server_start "$DATABASE_URL" "$WORK/server.log"

run() { # name connections script path
  local threads=$(( $2 < 2 ? 1 : 2 ))
  local line
  line=$(BENCH_RUN="$1-$2-$RANDOM" wrk -t "$threads" -c "$2" -d "${SECONDS_PER_RUN}s" --latency \
    -s "$BENCH_DIR/$3" "$SERVER_URL$4" | grep '^RESULT' | tail -n 1)
  printf '| %-22s | %5s | %s\n' "$1" "$2" "${line#RESULT }"
}

echo "| scenario               | conns | figures"
run "POST sessions" 1 sessions.lua /api/vendor/sessions
run "POST sessions" 16 sessions.lua /api/vendor/sessions
run "POST sessions" 64 sessions.lua /api/vendor/sessions
run "GET healthz" 64 healthz.lua /healthz
echo "server peak RSS: $(awk '/VmHWM/ {printf "%.1f MB", $2/1024}' "/proc/$SERVER_PID/status")"
echo "database: ${DATABASE_URL%%:*}"
