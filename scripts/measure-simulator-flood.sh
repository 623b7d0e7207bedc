#!/usr/bin/env bash
# Floods the Meta simulator as an anonymous client could, and as a holder of one user
# token could, and reports the server's resident memory and the simulator's stored rows
# before and after: release build, SQLite, 127.0.0.1, FLOOD_REQUESTS requests per kind
# (default 50,000) on 2 connections. The figures go in docs/performance.md; nothing asserts them.
source "$(dirname "$0")/lib/common.sh"
source "$ROOT/scripts/lib/server.sh"
apt_install wrk
measure_setup
export BENCH_DIR="$ROOT/bench"
REQUESTS=${FLOOD_REQUESTS:-50000}
export MAX_REQUESTS_PER_THREAD=$(( REQUESTS / 2 ))
server_start "$DATABASE_URL" "$WORK/server.log"

rss_kb() { awk '/VmRSS/ {print $2}' "/proc/$SERVER_PID/status"; }
rows() {
  python3 - "${DATABASE_URL#sqlite:}" <<'PY'
import sqlite3, sys
try:
    print(sqlite3.connect(sys.argv[1]).execute("SELECT COUNT(*) FROM simulator_grants").fetchone()[0])
except sqlite3.OperationalError:
    print("null")  # a build that kept the simulator's state in memory
PY
}
flood() { # label path
  local before after line
  before=$(rss_kb)
  line=$(FLOOD_PATH=$2 wrk -t 2 -c 2 -d 30s -s "$BENCH_DIR/simulator-flood.lua" "$SERVER_URL" |
    grep '^RESULT')
  after=$(rss_kb)
  printf '{"flood": "%s", "rss_before_kb": %s, "rss_after_kb": %s, "stored_rows": %s, "wrk": "%s"}\n' \
    "$1" "$before" "$after" "$(rows)" "${line#RESULT }"
}

# Warm up: one real login and one listing, as a customer's would.
GRANT=$(curl -fsS -X POST "$SERVER_URL/meta-sim/dialog/authorize" -H 'Content-Type: application/json' \
  -d '{"app_id":"100000000000001","user_id":"810000000000001"}')
TOKEN=$(json_field access_token <<<"$GRANT")
PROOF=$(python3 -c 'import hmac,hashlib,sys; print(hmac.new(b"simulated-app-secret", sys.argv[1].encode(), hashlib.sha256).hexdigest())' "$TOKEN")
GRAPH=/meta-sim/graph/v23.0
curl -fsS "$SERVER_URL$GRAPH/me/accounts?limit=100&access_token=$TOKEN&appsecret_proof=$PROOF" >/dev/null
echo "{\"after_warm_up\": {\"rss_kb\": $(rss_kb), \"stored_rows\": $(rows)}}"
flood anonymous "$GRAPH/me/accounts?limit=100&access_token=EAAUnotatoken"
flood "one user token" "$GRAPH/me/accounts?limit=100&access_token=$TOKEN&appsecret_proof=$PROOF"
