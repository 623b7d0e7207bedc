#!/usr/bin/env bash
# Measures the admin vendor list with 10,000 vendors (MEASURE_VENDORS) on SQLite: the
# server's time to answer the page and the browser's time to show the table, for the
# first page, a search and the last page. Release build, 127.0.0.1, headless Chromium.
# Prints JSON; the figures go in docs/performance.md. Nothing asserts them.
source "$(dirname "$0")/lib/common.sh"
source "$ROOT/scripts/lib/server.sh"
measure_setup
EMAIL=measure@whatsportal.example
PASSWORD="measure the vendor list"
echo "$PASSWORD" | target/release/whatsportal admin create --email "$EMAIL" >/dev/null
python3 - "$WORK/measure.db" "${MEASURE_VENDORS:-10000}" <<'PY'
import sqlite3, sys, time
db = sqlite3.connect(sys.argv[1])
now = int(time.time() * 1000)
db.executemany(
    "INSERT INTO vendors (id, name, created_at, updated_at) VALUES (?, ?, ?, ?)",
    [(f"ven_{n:024x}", f"Vendor {n}", now - n, now - n) for n in range(int(sys.argv[2]))],
)
db.commit()
PY
server_start "$DATABASE_URL" "$WORK/server.log"
node end2end/measure/vendor-list.mjs "$SERVER_URL" "$EMAIL" "$PASSWORD" "${MEASURE_RUNS:-10}"
