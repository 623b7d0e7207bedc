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

WhatsPortal Vendor Connect is starting on http://$ADDR (database: ${DATABASE_URL:-sqlite:./data/whatsportal.db}).

In another terminal, create your staff account (its password is printed once), then
sign in to the admin area at http://$ADDR/admin to manage vendors, keys and origins:
  target/release/whatsportal admin create --email you@example.com

Or create a vendor from the command line (its API key is printed once):
  target/release/whatsportal vendor create --name "Acme CRM" --origin http://localhost:5173

Then create a connect session with that key:
  curl -sS -X POST http://$ADDR/api/vendor/sessions \\
    -H "Authorization: Bearer <api_key>" -H "Content-Type: application/json" \\
    -d '{"workspaceName":"Acme Co","externalId":"customer_123","origin":"http://localhost:5173","state":"xyz"}'

Open http://$ADDR<connect_url> in a browser to run the connect page; in development it
talks to the built-in Meta simulator (marked "Simulated Meta"), not to Facebook.

Stop the server with Ctrl-C.
TXT
exec target/release/whatsportal serve "$@"
