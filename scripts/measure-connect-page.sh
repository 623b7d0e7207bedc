#!/usr/bin/env bash
# Measures a connect page's first load (bytes as served, per type and per file) and the
# time to an enabled Connect button, in headless Chromium against the release build on
# 127.0.0.1 with SQLite, for the WhatsApp page (plain, then offering to keep the Business
# app) and the Facebook Pages page: first
# unthrottled, then as a mid-range phone on a slow mobile network (4x CPU slowdown,
# "Slow 4G", at a 150 ms and at a 400 ms round trip; see end2end/measure/first-load.mjs).
# Prints JSON. The figures go in
# docs/performance.md; nothing asserts them.
source "$(dirname "$0")/lib/common.sh"
source "$ROOT/scripts/lib/server.sh"
measure_setup
ORIGIN=https://app.example.com
KEY=$(target/release/whatsportal vendor create --name "Acme CRM" --origin "$ORIGIN" |
  json_field api_key)
server_start "$DATABASE_URL" "$WORK/server.log"
export API_KEY=$KEY ORIGIN
measure() { # label, session fields as JSON, the Connect button's name
  echo "$1 ($throttle, round trip ${round_trip:-none} ms):"
  THROTTLE=$throttle ROUND_TRIP_MS=$round_trip \
    node end2end/measure/first-load.mjs "$SERVER_URL" "$2" "$3" "${MEASURE_RUNS:-5}"
}
round_trip=
for throttle in none slow-phone slow-phone-400; do
  case $throttle in
    slow-phone) round_trip=150 ;;
    slow-phone-400) throttle=slow-phone round_trip=400 ;;
  esac
  measure "WhatsApp" '{"integrationType":"whatsapp"}' "Connect WhatsApp"
  measure "WhatsApp offering to keep the Business app" \
    '{"integrationType":"whatsapp","coexistence":true}' "Connect my WhatsApp Business app"
  measure "Facebook Pages" '{"integrationType":"meta_page"}' "Connect Facebook Pages"
done
