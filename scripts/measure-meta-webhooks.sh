#!/usr/bin/env bash
# Sends Meta webhook deliveries to /meta/webhooks as Meta would (signed with the app
# secret; the simulator's in development) and reports how fast they are acknowledged and
# how long until every change is processed: release build, SQLite (or DATABASE_URL),
# 127.0.0.1, META_DELIVERIES distinct deliveries (default 5,000) from 4 clients, each
# delivery sent twice (Meta's retries). The figures go in docs/performance.md; nothing asserts them.
source "$(dirname "$0")/lib/common.sh"
source "$ROOT/scripts/lib/server.sh"
measure_setup
DELIVERIES=${META_DELIVERIES:-5000}
server_start "$DATABASE_URL" "$WORK/server.log"
python3 - "$SERVER_URL" "$DELIVERIES" "$SERVER_PID" "${DATABASE_URL#sqlite:}" <<'PY'
import hashlib, hmac, http.client, json, sqlite3, sys, threading, time, urllib.parse
url, total, pid, db = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
host = urllib.parse.urlsplit(url)
secret = b"simulated-app-secret"
def body(n):
    return json.dumps({"object": "whatsapp_business_account", "entry": [{"id": "1", "time": 1764000000 + n,
        "changes": [{"field": "account_update", "value": {"event": "PARTNER_APP_INSTALLED",
        "waba_info": {"waba_id": str(900000000000000 + n), "owner_business_id": "1"}}}]}]}).encode()
def rss():
    return int(next(l.split()[1] for l in open(f"/proc/{pid}/status") if l.startswith("VmRSS")))
latencies, failures, lock = [], [0], threading.Lock()
def client(part):
    conn = http.client.HTTPConnection(host.hostname, host.port, timeout=30)
    for n in range(part, total, 4):
        raw = body(n)
        sig = "sha256=" + hmac.new(secret, raw, hashlib.sha256).hexdigest()
        for _ in range(2):
            start = time.perf_counter()
            conn.request("POST", "/meta/webhooks", raw, {"Content-Type": "application/json", "X-Hub-Signature-256": sig})
            answer = conn.getresponse(); answer.read()
            with lock:
                latencies.append(time.perf_counter() - start)
                if answer.status != 200: failures[0] += 1
rss_before = rss()
started = time.perf_counter()
threads = [threading.Thread(target=client, args=(i,)) for i in range(4)]
for t in threads: t.start()
for t in threads: t.join()
sent = time.perf_counter() - started
def processed():
    try:
        return sqlite3.connect(db).execute("SELECT COUNT(*) FROM meta_events WHERE processed_at IS NOT NULL").fetchone()[0]
    except sqlite3.OperationalError:
        return None
while processed() is not None and processed() < total and time.perf_counter() - started < 300:
    time.sleep(0.2)
done = time.perf_counter() - started
latencies.sort()
pick = lambda q: round(latencies[int(q * (len(latencies) - 1))] * 1000, 2)
print(json.dumps({"deliveries": total * 2, "distinct_changes": total, "non_200": failures[0],
    "requests_per_s": round(total * 2 / sent), "ack_p50_ms": pick(0.5), "ack_p99_ms": pick(0.99),
    "all_processed_after_s": round(done, 2), "processed": processed(),
    "rss_before_kb": rss_before, "rss_after_kb": rss()}))
PY
