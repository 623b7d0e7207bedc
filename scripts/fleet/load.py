#!/usr/bin/env python3
"""Requests through the fleet's load balancer (standard library only).

  load.py burst URL API_KEY COUNT EXTERNAL_ID
      COUNT concurrent first calls of POST /api/vendor/sessions for one externalId;
      fails unless every one answers 200 with a token of its own.

  load.py single-use URL API_KEY COUNT EXTERNAL_ID
      One WhatsApp session of EXTERNAL_ID (a live or a test key's) completed COUNT times at once, each completion a run of the
      simulated Meta dialog of its own (code, then the signup event), each request on any
      instance: every answer is the one kept result of the one completion (the same
      account and number; a page repeating its call gets it again), or a refusal as used
      or busy. The test command then checks that one connection was recorded.

  load.py steady URL API_KEY STOP_FILE REPORT
      Constant load until STOP_FILE exists (bounded by FLEET_MAX_SECONDS and
      FLEET_MAX_REQUESTS): each worker creates a session, reads its workspace, opens its
      connect page and checks /healthz, over one keep-alive connection, reconnecting
      after a failure. Writes the figures to REPORT as JSON; fails on any non-2xx answer
      or connection error. With FLEET_ALLOW_UNAVAILABLE=1 (the database restarting), a
      503 that carries the product's JSON error and Retry-After is counted, not failed.
      FLEET_PREFIX names the externalIds (default "steady").
"""

import http.client
import json
import os
import sys
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor

WORKERS = 6


class Client:
    """One keep-alive connection to the balancer."""

    def __init__(self, base_url, api_key):
        parts = urllib.parse.urlsplit(base_url)
        self.host, self.port = parts.hostname, parts.port
        self.api_key = api_key
        self.conn = None

    def request(self, method, path, body=None):
        if self.conn is None:
            self.conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
        headers = {"Authorization": f"Bearer {self.api_key}"}
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        try:
            self.conn.request(method, path, body=data, headers=headers)
            response = self.conn.getresponse()
            payload = response.read()
            retry_after = response.getheader("Retry-After")
            if response.getheader("Connection", "").lower() == "close":
                self.close()
            return response.status, payload, retry_after
        except (OSError, http.client.HTTPException):
            self.close()
            raise

    def close(self):
        if self.conn is not None:
            self.conn.close()
            self.conn = None


def is_json_error(payload):
    try:
        return isinstance(json.loads(payload).get("error"), str)
    except (ValueError, AttributeError):
        return False


def session_body(external_id):
    return {
        "workspaceName": "Fleet Co",
        "externalId": external_id,
        "integrationType": "whatsapp",
        "origin": "https://app.example.com",
        "state": "fleet",
    }


def burst(base_url, api_key, count, external_id):
    def one(_):
        client = Client(base_url, api_key)
        try:
            status, payload, _ = client.request(
                "POST", "/api/vendor/sessions", session_body(external_id)
            )
            return status, payload
        finally:
            client.close()

    with ThreadPoolExecutor(max_workers=min(count, 32)) as pool:
        answers = list(pool.map(one, range(count)))
    statuses = [status for status, _ in answers]
    bad = [s for s in statuses if s != 200]
    tokens = {json.loads(body)["session_token"] for status, body in answers if status == 200}
    print(json.dumps({"calls": count, "non_200": len(bad), "distinct_tokens": len(tokens)}))
    if bad or len(tokens) != count:
        sys.exit(f"burst: statuses {sorted(set(statuses))}, {len(tokens)} distinct tokens")


# The simulator's WhatsApp Business account with a phone number (src/meta/simulator).
SIM_APP_ID = "100000000000001"
SIM_WABA = "920000000000001"
SIM_PHONE = "930000000000001"
SIM_BUSINESS = "910000000000001"


def single_use(base_url, api_key, count, external_id):
    client = Client(base_url, api_key)
    status, payload, _ = client.request(
        "POST", "/api/vendor/sessions", session_body(external_id)
    )
    client.close()
    if status != 200:
        sys.exit(f"single-use: the session was not created ({status})")
    token = json.loads(payload)["session_token"]

    def complete(n):
        c = Client(base_url, api_key)
        try:
            status, body, _ = c.request(
                "POST",
                "/meta-sim/dialog/authorize",
                {"app_id": SIM_APP_ID, "waba_id": SIM_WABA, "session_token": token},
            )
            if status != 200:
                return f"dialog {status}"
            code = json.loads(body)["code"]
            attempt = f"run_fleet_{n}"
            status, body, _ = c.request(
                "POST",
                "/api/connect/whatsapp/code",
                {"session_token": token, "attempt": attempt, "code": code},
            )
            if status != 200:
                return json.loads(body) if body.startswith(b"{") or body.startswith(b'"') else status
            report = {
                "Finished": {
                    "event": "FINISH",
                    "waba_id": SIM_WABA,
                    "phone_number_id": SIM_PHONE,
                    "business_id": SIM_BUSINESS,
                }
            }
            status, body, _ = c.request(
                "POST",
                "/api/connect/whatsapp/event",
                {"session_token": token, "attempt": attempt, "report": report},
            )
            answer = json.loads(body)
            if status == 200 and "Connected" in answer:
                return ("connected", json.dumps(answer["Connected"], sort_keys=True))
            return answer
        finally:
            c.close()

    with ThreadPoolExecutor(max_workers=count) as pool:
        outcomes = list(pool.map(complete, range(count)))
    results = {o[1] for o in outcomes if isinstance(o, tuple)}
    others = [o for o in outcomes if not isinstance(o, tuple)]
    print(
        json.dumps(
            {
                "completions": count,
                "answered_connected": count - len(others),
                "distinct_results": len(results),
                "others": others,
            }
        )
    )
    refused = all(
        isinstance(o, (dict, str)) and any(k in json.dumps(o) for k in ("AlreadyUsed", "Busy"))
        for o in others
    )
    if len(results) != 1 or not refused:
        sys.exit("single-use: the completions did not share one result")


def steady(base_url, api_key, stop_file, report_path):
    max_seconds = float(os.environ.get("FLEET_MAX_SECONDS", "120"))
    max_requests = int(os.environ.get("FLEET_MAX_REQUESTS", "50000"))
    allow_unavailable = os.environ.get("FLEET_ALLOW_UNAVAILABLE") == "1"
    prefix = os.environ.get("FLEET_PREFIX", "steady")
    lock = threading.Lock()
    figures = {
        "requests": 0,
        "non_2xx": 0,
        "connection_errors": 0,
        "sessions_created": 0,
        "unavailable": 0,
        "unavailable_seconds": None,
        "failures": [],
    }
    unavailable_at = []
    latencies = []
    started = time.monotonic()

    def done():
        return (
            os.path.exists(stop_file)
            or time.monotonic() - started > max_seconds
            or figures["requests"] >= max_requests
        )

    def record(what, status, elapsed, error=None, unavailable=False):
        with lock:
            figures["requests"] += 1
            latencies.append(elapsed)
            if unavailable:
                figures["unavailable"] += 1
                unavailable_at.append(time.monotonic() - started)
                return
            if what == "create session" and status == 200:
                figures["sessions_created"] += 1
            if error is not None:
                figures["connection_errors"] += 1
            elif not 200 <= status < 300:
                figures["non_2xx"] += 1
            if (error is not None or not 200 <= status < 300) and len(figures["failures"]) < 20:
                figures["failures"].append({"request": what, "status": status, "error": error})

    def call(client, what, method, path, body=None):
        began = time.monotonic()
        try:
            status, payload, retry_after = client.request(method, path, body)
        except (OSError, http.client.HTTPException) as e:
            record(what, None, time.monotonic() - began, f"{type(e).__name__}: {e}")
            return None, None
        # The API's JSON error with Retry-After, or the connect page's "could not load" page.
        clear = allow_unavailable and status == 503 and (
            (retry_after and is_json_error(payload))
            or (what == "open connect page" and b"<html" in payload)
        )
        record(what, status, time.monotonic() - began, unavailable=bool(clear))
        return status, payload

    def worker(index):
        client = Client(base_url, api_key)
        n = 0
        while not done():
            external_id = f"{prefix}-{index}-{n % 20}"
            n += 1
            status, payload = call(
                client, "create session", "POST", "/api/vendor/sessions", session_body(external_id)
            )
            if status == 200:
                connect = urllib.parse.urlsplit(json.loads(payload)["connect_url"])
                call(client, "read workspace", "GET", f"/api/vendor/workspaces/{external_id}")
                call(client, "open connect page", "GET", f"{connect.path}?{connect.query}")
            call(client, "healthz", "GET", "/healthz")
        client.close()

    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        list(pool.map(worker, range(WORKERS)))
    latencies.sort()
    if unavailable_at:
        figures["unavailable_seconds"] = round(unavailable_at[-1] - unavailable_at[0], 2)
    figures["seconds"] = round(time.monotonic() - started, 1)
    figures["p50_ms"] = round(latencies[len(latencies) // 2] * 1000, 1) if latencies else None
    figures["p99_ms"] = round(latencies[int(len(latencies) * 0.99)] * 1000, 1) if latencies else None
    figures["max_ms"] = round(latencies[-1] * 1000, 1) if latencies else None
    with open(report_path, "w") as out:
        json.dump(figures, out)
    print(json.dumps(figures))
    if figures["non_2xx"] or figures["connection_errors"] or figures["requests"] == 0:
        sys.exit("steady: requests failed during the run")


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command == "burst" and len(sys.argv) == 6:
        burst(sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5])
    elif command == "single-use" and len(sys.argv) == 6:
        single_use(sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5])
    elif command == "steady" and len(sys.argv) == 6:
        steady(*sys.argv[2:6])
    else:
        sys.exit(__doc__)
