#!/usr/bin/env bash
# A flood of wrong sign-ins from one address beside another vendor's session requests:
# release build, SQLite, 127.0.0.1. Reports the audit rows the flood wrote and the
# session requests' latency with and without the flood. Bounded by FLOOD_SECONDS (10)
# and MAX_REQUESTS_PER_THREAD; the figures go in docs/performance.md, nothing asserts them.
source "$(dirname "$0")/lib/common.sh"
source "$ROOT/scripts/lib/server.sh"
apt_install wrk
measure_setup
export BENCH_DIR="$ROOT/bench"
export MAX_REQUESTS_PER_THREAD=${MAX_REQUESTS_PER_THREAD:-1000000}
export BENCH_ORIGIN=https://bench.example.com
export API_RATE_LIMIT_PER_MINUTE=1000000000
SECONDS_PER_RUN=${FLOOD_SECONDS:-10}

export BENCH_STAFF_EMAIL=flood@whatsportal.example
printf 'correct horse battery staple\n' |
  target/release/whatsportal admin create --email "$BENCH_STAFF_EMAIL" >/dev/null
export BENCH_API_KEY
BENCH_API_KEY=$(target/release/whatsportal vendor create --name "Bench Vendor" \
  --origin "$BENCH_ORIGIN" | json_field api_key)
server_start "$DATABASE_URL" "$WORK/server.log"

audit_rows() {
  python3 - "${DATABASE_URL#sqlite:}" <<'PY'
import sqlite3, sys
print(sqlite3.connect(sys.argv[1]).execute(
    "SELECT COUNT(*) FROM audit_log WHERE action LIKE 'staff.sign_in%'").fetchone()[0])
PY
}
sessions() { # label
  local line
  line=$(BENCH_RUN="$1-$RANDOM" wrk -t 1 -c 1 -d "${SECONDS_PER_RUN}s" --latency \
    -s "$BENCH_DIR/sessions.lua" "$SERVER_URL/api/vendor/sessions" | grep '^RESULT')
  printf '| sessions, %-16s | %s\n' "$1" "${line#RESULT }"
}

sessions "alone"
before=$(audit_rows)
flood_out="$WORK/flood.txt"
wrk -t 2 -c 8 -d "${SECONDS_PER_RUN}s" --latency -s "$BENCH_DIR/sign-in-flood.lua" \
  "$SERVER_URL/api/admin/sign-in" >"$flood_out" &
flood_pid=$!
sessions "beside the flood"
wait "$flood_pid"
printf '| sign-in flood, 8 conns  | %s\n' "$(grep '^RESULT' "$flood_out" | sed 's/^RESULT //')"
echo "audit rows written by the flood: $(( $(audit_rows) - before ))"
