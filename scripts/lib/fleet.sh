# The fleet test: three release instances on one PostgreSQL database behind HAProxy,
# configured by deploy/haproxy.cfg, all on 127.0.0.1. Sourced after common.sh and
# server.sh (free_port); uses WORK.

FLEET_SIZE=3
# Seconds /readyz answers 503 before an instance closes its listener: more than the two
# failed checks a second apart that make HAProxy mark it down.
FLEET_DRAIN_SECONDS=4
# The same sealing key on every instance, as in production.
FLEET_ENCRYPTION_KEYS="fleet:$(printf '5a%.0s' $(seq 1 32))"
FLEET_PIDS=()
FLEET_PORTS=()
FLEET_METRICS_PORTS=()
HAPROXY_PID=

# fleet_instance_start N: starts instance N (1-based) on its port and waits until ready.
fleet_instance_start() {
  local n=$1 port=${FLEET_PORTS[$1]}
  (cd "$ROOT" && DATABASE_URL="$FLEET_DATABASE_URL" RUST_LOG=warn \
    WHATSPORTAL_ENCRYPTION_KEYS="$FLEET_ENCRYPTION_KEYS" \
    WHATSPORTAL_DATA_DIR="$WORK/fleet-data" \
    WHATSPORTAL_TRUSTED_PROXIES=127.0.0.1 \
    WHATSPORTAL_DRAIN_SECONDS=$FLEET_DRAIN_SECONDS \
    API_RATE_LIMIT_PER_MINUTE=1000000 \
    WHATSPORTAL_METRICS_ADDR="127.0.0.1:${FLEET_METRICS_PORTS[$n]}" \
    exec "$ROOT/target/release/whatsportal" serve --addr "127.0.0.1:$port") \
    >>"$WORK/fleet-$n.log" 2>&1 &
  FLEET_PIDS[$n]=$!
  wait_ready "http://127.0.0.1:$port" "${FLEET_PIDS[$n]}" "$WORK/fleet-$n.log"
}

# fleet_instance_stop N: SIGTERM, as systemd and orchestrators stop it; waits for the exit.
fleet_instance_stop() {
  local pid=${FLEET_PIDS[$1]:-}
  [ -n "$pid" ] || return 0
  kill -TERM "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  FLEET_PIDS[$1]=
}

# fleet_start DATABASE_URL: the instances, then HAProxy; sets FLEET_URL.
fleet_start() {
  FLEET_DATABASE_URL=$1
  mkdir -p "$WORK/fleet-data"
  local n
  for n in $(seq 1 $FLEET_SIZE); do
    FLEET_PORTS[$n]=$(free_port)
    FLEET_METRICS_PORTS[$n]=$(free_port)
    fleet_instance_start "$n"
  done
  local balancer_port
  balancer_port=$(free_port)
  FLEET_URL="http://127.0.0.1:$balancer_port"
  WHATSPORTAL_BALANCER_BIND="127.0.0.1:$balancer_port" \
    WHATSPORTAL_INSTANCE_1="127.0.0.1:${FLEET_PORTS[1]}" \
    WHATSPORTAL_INSTANCE_2="127.0.0.1:${FLEET_PORTS[2]}" \
    WHATSPORTAL_INSTANCE_3="127.0.0.1:${FLEET_PORTS[3]}" \
    haproxy -db -f "$ROOT/deploy/haproxy.cfg" >"$WORK/haproxy.log" 2>&1 &
  HAPROXY_PID=$!
  # Up once every instance has passed its two checks (a second apart).
  for _ in $(seq 1 50); do
    if curl -fsS "$FLEET_URL/readyz" >/dev/null 2>&1; then
      sleep 3
      return 0
    fi
    sleep 0.1
  done
  log "HAProxy did not start:"
  cat "$WORK/haproxy.log" >&2
  return 1
}

fleet_stop() {
  local n
  for n in $(seq 1 $FLEET_SIZE); do fleet_instance_stop "$n"; done
  if [ -n "${HAPROXY_PID:-}" ]; then
    kill "$HAPROXY_PID" 2>/dev/null || true
    wait "$HAPROXY_PID" 2>/dev/null || true
    HAPROXY_PID=
  fi
}

# fleet_rolling_restart: restarts each instance in turn under constant load through
# HAProxy; fails on any non-2xx answer or connection error. Prints the figures.
fleet_rolling_restart() {
  local api_key=$1 stop_file="$WORK/fleet-load.stop" report="$WORK/fleet-load.json" n
  rm -f "$stop_file"
  FLEET_MAX_SECONDS=120 FLEET_MAX_REQUESTS=200000 \
    python3 "$ROOT/scripts/fleet/load.py" steady "$FLEET_URL" "$api_key" "$stop_file" "$report" &
  local load_pid=$!
  sleep 2
  for n in $(seq 1 $FLEET_SIZE); do
    log "rolling restart: instance $n"
    fleet_instance_stop "$n"
    fleet_instance_start "$n"
    # Back in rotation after two passed checks a second apart.
    sleep 3
  done
  sleep 2
  touch "$stop_file"
  wait "$load_pid"
}

# fleet_check_metrics: every running instance's /metrics shows its sweeper ran without a
# failure (each instance sweeps; deletes are idempotent, so several sweeping is no
# double work) and the requests it served. Prints one line per instance.
fleet_check_metrics() {
  local n text
  for n in $(seq 1 $FLEET_SIZE); do
    kill -0 "${FLEET_PIDS[$n]:-0}" 2>/dev/null || continue
    text=$(curl -fsS "http://127.0.0.1:${FLEET_METRICS_PORTS[$n]}/metrics")
    python3 - "$n" "$text" <<'PY'
import re, sys
n, text = sys.argv[1], sys.argv[2]
def total(name, labels=r"(?:\{[^}]*\})?"):
    return sum(float(v) for v in re.findall(r"^" + name + labels + r" (\S+)$", text, re.M))
ok = total("whatsportal_sweeper_runs_total", r'\{outcome="ok"\}')
failed = total("whatsportal_sweeper_runs_total", r'\{outcome="failed"\}')
requests = total("whatsportal_http_requests_total")
print(f"instance {n}: sweeper runs ok {ok:.0f}, failed {failed:.0f}; requests served {requests:.0f}")
if ok < 1 or failed > 0:
    sys.exit(f"instance {n}: the sweeper did not run cleanly")
PY
  done
}

# fleet_check_logs: no instance panicked or logged an error.
fleet_check_logs() {
  local n
  for n in $(seq 1 $FLEET_SIZE); do
    if grep -Eq 'panicked|ERROR' "$WORK/fleet-$n.log"; then
      log "fleet instance $n logged an error:"
      grep -En 'panicked|ERROR' "$WORK/fleet-$n.log" | head -n 10 >&2
      return 1
    fi
  done
}

# run_fleet_tests POSTGRES_URL: the whole fleet test on a database of its own.
run_fleet_tests() {
  local server_url=$1 database_url api_key vendor_id created workspaces
  database_url=$(pg_fresh_database "$server_url" whatsportal_fleet)
  log "fleet: $FLEET_SIZE instances on PostgreSQL behind HAProxy"
  fleet_start "$database_url"
  created=$(DATABASE_URL=$database_url "$ROOT/target/release/whatsportal" vendor create \
    --name "Fleet" --origin https://app.example.com)
  api_key=$(json_field api_key <<<"$created")
  vendor_id=$(json_field vendor_id <<<"$created")

  log "fleet: 100 concurrent first calls for one externalId, across the instances"
  python3 "$ROOT/scripts/fleet/load.py" burst "$FLEET_URL" "$api_key" 100 fleet-same
  workspaces=$(psql "$database_url" -Atc "SELECT count(*) FROM workspaces WHERE external_id = 'fleet-same'")
  if [ "$workspaces" != 1 ]; then
    log "fleet: $workspaces workspaces for one externalId"
    return 1
  fi

  log "fleet: one session completed by 6 Meta dialogs at once, across the instances (live and test mode)"
  local test_key
  test_key=$(DATABASE_URL=$database_url "$ROOT/target/release/whatsportal" key create "$vendor_id" --test |
    json_field api_key)
  fleet_single_use "$database_url" "$api_key" fleet-single-use live
  fleet_single_use "$database_url" "$test_key" fleet-single-use-test test

  log "fleet: both connect flows in Chromium through the balancer"
  (cd "$ROOT/end2end" && CI=${CI:-1} BASE_URL=$FLEET_URL DATABASE_URL=$database_url \
    npx playwright test --project=hydrated --grep-invert @one-server whatsapp.spec.ts pages.spec.ts)

  log "fleet: rolling restart under constant load"
  fleet_rolling_restart "$api_key"

  if [ -n "${PG_TMP:-}" ]; then
    log "fleet: PostgreSQL restarted under constant load"
    fleet_postgres_restart "$api_key" "$database_url"
  else
    log "fleet: PostgreSQL restart skipped (TEST_DATABASE_URL names a server this run does not own)"
  fi

  log "fleet: staff sign-in throttling, and a webhook whose sender is killed mid-attempt"
  fleet_staff_and_webhooks "$database_url" "$vendor_id"
  fleet_check_metrics
  fleet_check_logs
  fleet_stop
}

# fleet_single_use DATABASE_URL API_KEY EXTERNAL_ID MODE: six completions of one session
# at once share one result, and one connection is recorded for the workspace.
fleet_single_use() {
  local database_url=$1 key=$2 external_id=$3 mode=$4 connections
  python3 "$ROOT/scripts/fleet/load.py" single-use "$FLEET_URL" "$key" 6 "$external_id"
  connections=$(psql "$database_url" -Atc "SELECT count(*) FROM connection_history h JOIN workspaces w ON w.id = h.workspace_id WHERE w.external_id = '$external_id' AND w.mode = '$mode' AND h.source = 'connect'")
  if [ "$connections" != 1 ]; then
    log "fleet: $connections connections recorded for one $mode session"
    return 1
  fi
}

# fleet_staff_and_webhooks DATABASE_URL VENDOR_ID: see scripts/fleet/staff_and_webhooks.py.
fleet_staff_and_webhooks() {
  local database_url=$1 vendor_id=$2 password email
  password="fleet-$(python3 -c 'import secrets; print(secrets.token_hex(12))')"
  for email in admin@fleet.example throttled@fleet.example; do
    printf '%s\n' "$password" | DATABASE_URL=$database_url "$ROOT/target/release/whatsportal" \
      admin create --email "$email" --role admin >/dev/null
  done
  local pids
  pids=$(IFS=,; echo "${FLEET_PIDS[*]}")
  python3 "$ROOT/scripts/fleet/staff_and_webhooks.py" "$FLEET_URL" "$database_url" "$vendor_id" \
    admin@fleet.example throttled@fleet.example "$password" "$pids"
}

# fleet_postgres_restart API_KEY DATABASE_URL: the throwaway PostgreSQL stopped (at least
# three seconds, and as long as reading every instance's /readyz takes) and started again
# under constant load, while WhatsApp sessions are completed by three runs at once. Every
# request gets an answer: 2xx, or a clear 503 (JSON error, Retry-After); the instances
# report it on /readyz and recover by themselves; every session a vendor was given is
# stored; every session completed answered one result and was consumed once (one
# connection recorded for its workspace). Prints the figures.
fleet_postgres_restart() {
  local api_key=$1 database_url=$2 stop_file="$WORK/fleet-pg.stop" report="$WORK/fleet-pg.json"
  local completed="$WORK/fleet-pg-completions.json"
  local n ready down_started back recovered created stored
  rm -f "$stop_file"
  FLEET_ALLOW_UNAVAILABLE=1 FLEET_PREFIX=pgrestart FLEET_MAX_SECONDS=90 FLEET_MAX_REQUESTS=200000 \
    python3 "$ROOT/scripts/fleet/load.py" steady "$FLEET_URL" "$api_key" "$stop_file" "$report" &
  local load_pid=$!
  FLEET_PREFIX=pgcomplete FLEET_MAX_SECONDS=90 \
    python3 "$ROOT/scripts/fleet/load.py" completions "$FLEET_URL" "$api_key" "$stop_file" "$completed" &
  local completions_pid=$!
  sleep 2
  log "PostgreSQL stopped under load"
  pg_pause
  down_started=$(date +%s.%N)
  for n in $(seq 1 $FLEET_SIZE); do
    ready=$(curl -s --max-time 15 "http://127.0.0.1:${FLEET_PORTS[$n]}/readyz" || true)
    if ! python3 -c 'import json,sys; sys.exit(json.loads(sys.argv[1]) != {"status": "unavailable", "database": "unreachable"})' "$ready" 2>/dev/null; then
      log "instance $n's /readyz while the database is down: $ready"
      return 1
    fi
  done
  sleep "$(python3 -c "import time; print(max(0.0, 3 - (time.time() - $down_started)))")"
  pg_resume
  back=$(date +%s.%N)
  log "PostgreSQL started again"
  for n in $(seq 1 $FLEET_SIZE); do
    for _ in $(seq 1 300); do
      curl -fsS --max-time 2 "http://127.0.0.1:${FLEET_PORTS[$n]}/readyz" >/dev/null 2>&1 && break
      sleep 0.1
    done
  done
  recovered=$(python3 -c "import time; print(round(time.time() - $back, 2))")
  local outage
  outage=$(python3 -c "print(round($back - $down_started, 1))")
  # Back in HAProxy's rotation after two passed checks, then load for a while longer.
  sleep 5
  touch "$stop_file"
  wait "$load_pid"
  wait "$completions_pid"
  fleet_check_consumed_once "$database_url" "$completed"
  created=$(json_field sessions_created <"$report")
  stored=$(psql "$database_url" -Atc "SELECT count(*) FROM connect_sessions s JOIN workspaces w ON w.id = s.workspace_id WHERE w.external_id LIKE 'pgrestart-%'")
  log "PostgreSQL restart: down ${outage}s; every instance ready ${recovered}s after it was back; $created sessions given to the vendor, $stored stored"
  if [ "$stored" -lt "$created" ]; then
    log "sessions the vendor was given are missing"
    return 1
  fi
}

# fleet_check_consumed_once DATABASE_URL REPORT: every session the completions load was
# given (REPORT's externalIds) is consumed, and its workspace has exactly one connection
# recorded by a completion: none was consumed twice, none lost its completion.
fleet_check_consumed_once() {
  local database_url=$1 report=$2 sessions ids rows
  sessions=$(json_field sessions <"$report")
  ids=$(python3 -c "import json,sys; print(','.join(\"'%s'\" % i for i in json.load(open(sys.argv[1]))['external_ids']))" "$report")
  rows=$(psql "$database_url" -Atc "
    SELECT count(*) FILTER (WHERE s.consumed_at IS NOT NULL AND h.completions = 1) || ' ' || count(*)
    FROM connect_sessions s JOIN workspaces w ON w.id = s.workspace_id
    LEFT JOIN (SELECT workspace_id, count(*) AS completions FROM connection_history
               WHERE source = 'connect' GROUP BY workspace_id) h ON h.workspace_id = w.id
    WHERE w.external_id IN ($ids)")
  log "PostgreSQL restart: $sessions sessions completed by three runs at once; consumed once, of those stored: $rows"
  if [ "$rows" != "$sessions $sessions" ]; then
    log "a session was not consumed exactly once"
    return 1
  fi
}
