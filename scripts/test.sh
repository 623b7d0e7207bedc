#!/usr/bin/env bash
# Runs every test: formatting (Rust and view! macros), lints of both builds, unit and
# integration tests on SQLite and on PostgreSQL, the browser tests in Chromium against the
# release build on both engines, the deployment files' checks, and the fleet test (three
# instances on one PostgreSQL behind HAProxy, restarted in turn under load). Installs what
# is missing first. Uses TEST_DATABASE_URL (a PostgreSQL server URL whose user may create
# databases) when given; otherwise starts a throwaway PostgreSQL and removes it afterwards.
source "$(dirname "$0")/lib/common.sh"
source "$ROOT/scripts/lib/postgres.sh"
source "$ROOT/scripts/lib/server.sh"
source "$ROOT/scripts/lib/fleet.sh"
source "$ROOT/scripts/lib/deploy_checks.sh"
cd "$ROOT"

WORK=$(mktemp -d /tmp/whatsportal-test.XXXXXX)
cleanup() {
  server_stop
  fleet_stop
  pg_stop
  rm -rf "$WORK"
}
trap cleanup EXIT

ensure_rust_tools
ensure_leptosfmt
ensure_node_tools
ensure_browser
ensure_postgres
ensure_schemathesis
ensure_deploy_tools

log "cargo fmt --check"
cargo fmt --all -- --check
log "leptosfmt --check (view! macros)"
quiet leptosfmt --check src

log "clippy (ssr, host)"
quiet cargo clippy --features ssr --all-targets --locked -- -D warnings
log "clippy (hydrate, wasm32-unknown-unknown)"
quiet cargo clippy --lib --no-default-features --features hydrate --target wasm32-unknown-unknown --locked -- -D warnings

if [ -n "${TEST_DATABASE_URL:-}" ]; then
  POSTGRES_URL=$TEST_DATABASE_URL
else
  pg_start
  POSTGRES_URL=$THROWAWAY_DATABASE_URL
fi

NEXTEST=(cargo nextest run --features ssr --locked --status-level fail --final-status-level fail --no-fail-fast)
log "unit and integration tests on SQLite"
env -u TEST_DATABASE_URL "${NEXTEST[@]}"
log "unit and integration tests on PostgreSQL"
TEST_DATABASE_URL=$POSTGRES_URL "${NEXTEST[@]}"

build_release
check_deploy_files

# Schemathesis against the served OpenAPI document: a bounded number of examples per
# operation (positive and negative), every check; no 5xx, every answer as documented.
# The vendor's API key has a limit far above the run's requests.
run_schemathesis() {
  local engine=$1 database_url=$2 vendor api_key
  log "API fuzzing with schemathesis ($engine)"
  vendor=$(DATABASE_URL=$database_url target/release/whatsportal vendor create \
    --name "Schemathesis" --origin https://app.example.com)
  api_key=$(json_field api_key <<<"$vendor")
  DATABASE_URL=$database_url target/release/whatsportal return-url add \
    "$(json_field vendor_id <<<"$vendor")" https://app.example.com/connected >/dev/null
  (cd "$WORK" && "$SCHEMATHESIS" --config-file "$ROOT/scripts/schemathesis.toml" run \
    "$SERVER_URL/api/openapi.json" -H "Authorization: Bearer $api_key" \
    --checks all --max-examples 100 --seed 1 --workers 1 --no-color)
}

run_browser_tests() {
  local engine=$1 database_url=$2
  local logfile="$WORK/server-$engine.log"
  log "browser tests in Chromium ($engine)"
  API_RATE_LIMIT_PER_MINUTE=100000 SERVER_RUST_LOG=info server_start "$database_url" "$logfile"
  # CI makes a stray test.only fail the run instead of narrowing it.
  (cd "$ROOT/end2end" && CI=${CI:-1} BASE_URL=$SERVER_URL DATABASE_URL=$database_url npx playwright test)
  run_schemathesis "$engine" "$database_url"
  server_stop
  # Session tokens travel in connect URLs; request logs must never carry them.
  if grep -Eq 'session_token=|[0-9a-f]{64}' "$logfile"; then
    log "a secret appears in the server log ($engine):"
    grep -En 'session_token=|[0-9a-f]{64}' "$logfile" | head -n 5 >&2
    return 1
  fi
}
run_browser_tests sqlite "sqlite:$WORK/e2e.db"
createdb_url=$(pg_fresh_database "$POSTGRES_URL" whatsportal_e2e)
run_browser_tests postgres "$createdb_url"
run_fleet_tests "$POSTGRES_URL"

if [ -n "${TEST_DATABASE_URL:-}" ]; then
  # The integration tests made one `t_…` database each on the server given to us.
  PGOPTIONS='-c client_min_messages=warning' psql "$POSTGRES_URL" -Atc \
    "SELECT 'DROP DATABASE \"' || datname || '\";' FROM pg_database WHERE datname LIKE 't\\_%'" |
    PGOPTIONS='-c client_min_messages=warning' psql "$POSTGRES_URL" -q >/dev/null
fi

log "all tests passed"
