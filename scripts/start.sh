#!/usr/bin/env bash
# Builds the release server and client (installing the build tools when missing) and
# starts WhatsPortal on its embedded defaults: SQLite at ./data/whatsportal.db,
# listening on 127.0.0.1:3000. Any flag is passed on to `whatsportal serve`.
source "$(dirname "$0")/lib/common.sh"
cd "$ROOT"

ensure_rust_tools
ensure_node_tools
build_release

ADDR=${WHATSPORTAL_ADDR:-127.0.0.1:3000}
cat <<TXT

WhatsPortal Vendor Connect is starting on http://$ADDR (database: ${DATABASE_URL:-sqlite:./data/whatsportal.db}),
with the demo: a vendor's product on a second origin, running both flows in test mode
against the built-in Meta simulator. Where to click is printed below once it is ready.

Create more staff accounts with:  target/release/whatsportal admin create --email you@example.com
Create vendors in the admin area, or: target/release/whatsportal vendor create --name "Acme CRM" --origin http://localhost:5173

Stop the server with Ctrl-C.
TXT
exec target/release/whatsportal serve --demo "$@"
