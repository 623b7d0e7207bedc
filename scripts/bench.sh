#!/usr/bin/env bash
# The session API benchmark, in one run: the release build on 127.0.0.1, a seeded
# vendor, POST /api/vendor/sessions with distinct externalIds at 1, 16 and 64
# connections, and GET /healthz at 64 connections as the machine's HTTP ceiling, with
# their ratio, p50/p99 and the server's peak RSS; first on SQLite, then on a throwaway
# PostgreSQL with one instance, then with three instances on that database (three wrk
# processes of 21 connections at once, one per instance, summed).
# Each run is bounded by BENCH_SECONDS and by MAX_REQUESTS_PER_THREAD; the load stays
# on 127.0.0.1. BENCH_ENGINES=sqlite (or postgres) runs one engine only.
source "$(dirname "$0")/lib/common.sh"
source "$ROOT/scripts/lib/server.sh"
source "$ROOT/scripts/lib/postgres.sh"
cd "$ROOT"

SECONDS_PER_RUN=${BENCH_SECONDS:-10}
ENGINES=${BENCH_ENGINES:-sqlite postgres}
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
EXTRA_PIDS=()
cleanup() {
  server_stop
  for pid in "${EXTRA_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  pg_stop
  rm -rf "$WORK"
}
trap cleanup EXIT

# wrk_line NAME CONNECTIONS SCRIPT URL: one wrk run; prints its RESULT fields.
wrk_line() {
  local threads=$(($2 < 2 ? 1 : 2))
  BENCH_RUN="$1-$2-$RANDOM" wrk -t "$threads" -c "$2" -d "${SECONDS_PER_RUN}s" --latency \
    -s "$BENCH_DIR/$3" "$4" | grep '^RESULT' | tail -n 1 | sed 's/^RESULT //'
}

field() { # NAME LINE
  sed -n "s/.*\b$1=\([0-9.]*\).*/\1/p" <<<"$2"
}

row() { # scenario connections figures
  printf '| %-28s | %5s | %s\n' "$1" "$2" "$3"
}

# bench_one_instance DATABASE_URL LABEL
bench_one_instance() {
  local url=$1 label=$2 sessions64 healthz64
  BENCH_API_KEY=$(DATABASE_URL=$url target/release/whatsportal vendor create \
    --name "Bench Vendor" --origin "$BENCH_ORIGIN" | json_field api_key)
  export BENCH_API_KEY
  server_start "$url" "$WORK/server-$label.log"
  echo "== $label, one instance"
  row "scenario" "conns" "figures"
  row "POST sessions" 1 "$(wrk_line s 1 sessions.lua "$SERVER_URL/api/vendor/sessions")"
  row "POST sessions" 16 "$(wrk_line s 16 sessions.lua "$SERVER_URL/api/vendor/sessions")"
  sessions64=$(wrk_line s 64 sessions.lua "$SERVER_URL/api/vendor/sessions")
  row "POST sessions" 64 "$sessions64"
  healthz64=$(wrk_line h 64 healthz.lua "$SERVER_URL/healthz")
  row "GET healthz" 64 "$healthz64"
  echo "sessions/s ÷ healthz/s at 64 connections: $(python3 -c \
    "print(round($(field rps "$sessions64") / $(field rps "$healthz64"), 3))")"
  echo "server peak RSS: $(awk '/VmHWM/ {printf "%.1f MB", $2/1024}' "/proc/$SERVER_PID/status")"
  server_stop
}

# bench_three_instances DATABASE_URL
bench_three_instances() {
  local url=$1 urls=() pids=() total=0 i line
  for i in 1 2 3; do
    server_start "$url" "$WORK/server-pg-$i.log"
    urls+=("$SERVER_URL")
    pids+=("$SERVER_PID")
    EXTRA_PIDS+=("$SERVER_PID")
    SERVER_PID=
  done
  echo "== postgres, three instances (3 × 21 connections)"
  local loads=()
  for i in 0 1 2; do
    wrk_line "m$i" 21 sessions.lua "${urls[$i]}/api/vendor/sessions" >"$WORK/wrk-$i.out" &
    loads+=($!)
  done
  wait "${loads[@]}"
  for i in 0 1 2; do
    line=$(cat "$WORK/wrk-$i.out")
    row "POST sessions (instance $((i + 1)))" 21 "$line"
    total=$(python3 -c "print($total + $(field rps "$line"))")
  done
  echo "sessions/s, three instances together: $total"
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
}

for engine in $ENGINES; do
  case $engine in
    sqlite) bench_one_instance "sqlite:$WORK/bench.db" sqlite ;;
    postgres)
      # Durable, as in production (the test suites' throwaway clusters run without fsync).
      PG_FSYNC=on pg_start
      bench_one_instance "$THROWAWAY_DATABASE_URL" postgres
      bench_three_instances "$THROWAWAY_DATABASE_URL"
      ;;
  esac
done
