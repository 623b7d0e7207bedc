#!/usr/bin/env python3
"""Staff sign-in and webhook delivery across the fleet (standard library, psql and ss).

  staff_and_webhooks.py BALANCER_URL DATABASE_URL VENDOR_ID ADMIN_EMAIL THROTTLED_EMAIL \\
      PASSWORD INSTANCE_PIDS

Through the balancer (each request on any instance):
- five failed sign-ins of THROTTLED_EMAIL, then its right password is refused as
  throttled: the failures are counted in the database, not per instance;
- ADMIN_EMAIL signs in (reading the password from PASSWORD) and sets the vendor's webhook
  endpoint to a receiver on 127.0.0.1.
Then one event is queued (as a completion queues it) and the receiver holds its first
attempt open; the instance sending it (found with ss) is killed with SIGKILL. Another
instance must send it again once the lease ends, exactly once: the receiver gets the
webhook-id twice in all, and the delivery is recorded as delivered after one attempt
(the killed instance never recorded its own). Prints the figures as JSON.
"""

import http.client
import http.server
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.parse

HOLD_SECONDS = 60


class Receiver(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), Handler)
        self.lock = threading.Lock()
        self.received = []  # (webhook-id, seconds since start)
        self.first_arrived = threading.Event()
        self.started = time.monotonic()


class Handler(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        self.rfile.read(length)
        webhook_id = self.headers.get("webhook-id", "")
        server = self.server
        with server.lock:
            first = not any(w == webhook_id for w, _ in server.received)
            server.received.append((webhook_id, round(time.monotonic() - server.started, 2)))
        if first:
            server.first_arrived.set()
            # Holds the attempt open until its sender is gone.
            time.sleep(HOLD_SECONDS)
        try:
            self.send_response(200)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")
        except OSError:
            pass

    def log_message(self, *args):
        pass


class Browser:
    """A staff member's browser: one cookie, requests through the balancer."""

    def __init__(self, base_url):
        parts = urllib.parse.urlsplit(base_url)
        self.host, self.port = parts.hostname, parts.port
        self.origin = base_url
        self.cookie = None

    def call(self, endpoint, form):
        conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Accept": "application/json",
            "Origin": self.origin,
            "Sec-Fetch-Site": "same-origin",
        }
        if self.cookie:
            headers["Cookie"] = f"wp_staff={self.cookie}"
        conn.request("POST", f"/api/admin/{endpoint}", urllib.parse.urlencode(form), headers)
        response = conn.getresponse()
        body = response.read().decode()
        for value in response.headers.get_all("Set-Cookie") or []:
            if value.startswith("wp_staff="):
                self.cookie = value.split(";")[0].split("=", 1)[1] or None
        conn.close()
        return response.status, body


def psql(database_url, sql):
    out = subprocess.run(
        ["psql", database_url, "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-c", sql],
        check=True,
        capture_output=True,
        text=True,
    )
    return out.stdout.strip()


def sender_pid(port):
    """The process holding a connection to the receiver's port."""
    out = subprocess.run(
        ["ss", "-tnpH", "state", "established", "dst", f"127.0.0.1:{port}"],
        capture_output=True,
        text=True,
    ).stdout
    pids = set(re.findall(r"pid=(\d+)", out))
    return int(pids.pop()) if len(pids) == 1 else None


def fail(message, figures):
    print(json.dumps(figures))
    sys.exit(f"staff and webhooks: {message}")


def main():
    base_url, database_url, vendor_id, admin, throttled, password, pids = sys.argv[1:8]
    instance_pids = {int(p) for p in pids.split(",")}
    figures = {}

    browser = Browser(base_url)
    for _ in range(5):
        status, _ = browser.call("sign-in", {"email": throttled, "password": "not-the-password"})
        if status == 200:
            fail("a wrong password signed in", figures)
    status, body = browser.call("sign-in", {"email": throttled, "password": password})
    figures["sixth_sign_in"] = {"status": status, "body": body}
    if "Throttled" not in body:
        fail("five failures on several instances did not throttle the sixth sign-in", figures)

    staff = Browser(base_url)
    status, body = staff.call("sign-in", {"email": admin, "password": password})
    if status != 200 or not staff.cookie:
        fail(f"the admin could not sign in: {status} {body}", figures)
    receiver = Receiver()
    threading.Thread(target=receiver.serve_forever, daemon=True).start()
    port = receiver.server_address[1]
    url = f"http://127.0.0.1:{port}/hooks"
    status, body = staff.call("webhooks/set", {"vendor_id": vendor_id, "url": url})
    if status != 200:
        fail(f"setting the endpoint failed: {status} {body}", figures)

    # One event, queued as a completion queues it.
    psql(
        database_url,
        "INSERT INTO webhook_deliveries (id, vendor_id, mode, event_type, payload, created_at, "
        "state, attempts, next_attempt_at) SELECT 'msg_fleet_lease', vendor_id, mode, "
        "'whatsapp.connected', '{\"type\":\"whatsapp.connected\",\"data\":{}}', "
        "(extract(epoch from now()) * 1000)::bigint, 'pending', 0, "
        f"(extract(epoch from now()) * 1000)::bigint FROM webhook_endpoints WHERE vendor_id = '{vendor_id}' "
        "AND mode = 'live'",
    )
    if not receiver.first_arrived.wait(20):
        fail("the event was never sent", figures)
    pid = None
    for _ in range(50):
        pid = sender_pid(port)
        if pid:
            break
        time.sleep(0.1)
    if pid not in instance_pids:
        fail(f"the sender {pid} is not one of the instances {sorted(instance_pids)}", figures)
    os.kill(pid, signal.SIGKILL)
    killed_at = time.monotonic() - receiver.started
    figures["killed_pid"] = pid

    deadline = time.monotonic() + 45
    while time.monotonic() < deadline:
        with receiver.lock:
            if len(receiver.received) >= 2:
                break
        time.sleep(0.2)
    # Anything more would come within the next seconds.
    time.sleep(5)
    with receiver.lock:
        received = list(receiver.received)
    figures["received"] = received
    figures["redelivered_after_kill_s"] = (
        round(received[1][1] - killed_at, 2) if len(received) >= 2 else None
    )
    state = psql(
        database_url,
        "SELECT state || ' ' || attempts FROM webhook_deliveries WHERE id = 'msg_fleet_lease'",
    )
    figures["delivery"] = state
    print(json.dumps(figures))
    if len(received) != 2 or {w for w, _ in received} != {"msg_fleet_lease"}:
        sys.exit(f"staff and webhooks: expected the event twice (cut, then redelivered), got {received}")
    if state != "delivered 1":
        sys.exit(f"staff and webhooks: the delivery ended as {state!r}, not 'delivered 1'")


if __name__ == "__main__":
    if len(sys.argv) != 8:
        sys.exit(__doc__)
    main()
