#!/usr/bin/env bash
# Measures a connect page's first load (bytes as served, per type and per file) and the
# time to an enabled Connect button, in headless Chromium against the release build on
# 127.0.0.1 with SQLite, for the WhatsApp page and then the Facebook Pages page: first
# unthrottled, then as a mid-range phone on a slow mobile network (4x CPU slowdown,
# "Slow 4G"; see end2end/measure/first-load.mjs). Prints JSON. The figures go in
# docs/performance.md; nothing asserts them.
source "$(dirname "$0")/lib/common.sh"
source "$ROOT/scripts/lib/server.sh"
measure_setup
ORIGIN=https://app.example.com
KEY=$(target/release/whatsportal vendor create --name "Acme CRM" --origin "$ORIGIN" |
  json_field api_key)
server_start "$DATABASE_URL" "$WORK/server.log"
session_url() { # integration type
  curl -fsS -X POST "$SERVER_URL/api/vendor/sessions" -H "Authorization: Bearer $KEY" \
    -H 'Content-Type: application/json' \
    -d "{\"workspaceName\":\"Acme Co\",\"externalId\":\"measure\",\"origin\":\"$ORIGIN\",\"integrationType\":\"$1\"}" |
    json_field connect_url
}
for throttle in none slow-phone; do
  echo "WhatsApp ($throttle):"
  THROTTLE=$throttle node end2end/measure/first-load.mjs "$SERVER_URL$(session_url whatsapp)" "Connect WhatsApp" "${MEASURE_RUNS:-5}"
  echo "Facebook Pages ($throttle):"
  THROTTLE=$throttle node end2end/measure/first-load.mjs "$SERVER_URL$(session_url meta_page)" "Connect Facebook Pages" "${MEASURE_RUNS:-5}"
done
