#!/usr/bin/env python3
"""Requests through the fleet's load balancer (standard library only).

  load.py burst URL API_KEY COUNT EXTERNAL_ID
      COUNT concurrent first calls of POST /api/vendor/sessions for one externalId;
      fails unless every one answers 200 with a token of its own.

  load.py single-use URL API_KEY COUNT EXTERNAL_ID
      One WhatsApp session of EXTERNAL_ID (a live or a test key's), its connect page
      opened once (the browser it binds to), completed COUNT times at once from that
      browser, each completion a run of the simulated Meta dialog of its own
      (code, then the signup event), each request on any instance: every answer is the
      one kept result of the one completion (the same account and number; a page
      repeating its call gets it again), a refusal as used or busy, or the wait of a
      run whose code another run's replaced. The test command then checks that one
      connection was recorded.

  load.py steady URL API_KEY STOP_FILE REPORT
      Constant load until STOP_FILE exists (bounded by FLEET_MAX_SECONDS and
      FLEET_MAX_REQUESTS): each worker creates a session, reads its workspace, opens its
      connect page (which binds the session to the worker with a cookie) and checks
      /healthz, over one keep-alive connection, reconnecting
      after a failure. Writes the figures to REPORT as JSON; fails on any non-2xx answer
      or connection error. With FLEET_ALLOW_UNAVAILABLE=1 (the database restarting), a
      503 that carries the product's JSON error and Retry-After is counted, not failed.
      FLEET_PREFIX names the externalIds (default "steady").
  load.py completions URL API_KEY STOP_FILE REPORT
      Until STOP_FILE exists (bounded by FLEET_MAX_SECONDS): one WhatsApp session after
      another (externalIds FLEET_PREFIX-n), each completed by three runs of the simulated
      dialog at once, each request on any instance. A run that meets the database
      restarting (a clear 503 with Retry-After, Meta's dialog or the simulator refusing
      while its storage is down, a claim still held), or whose code another run's
      replaced, tries again with a new run, until its session answers Connected. Fails when a session answers two different results,
      when any answer is another error, or when a session is still not connected 60
      seconds after the stop. Writes the figures to REPORT as JSON.
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
        # The connect session's browser cookie ("name=value"), sent with every request
        # once a connect page gave it: a session belongs to the browser that opened it.
        self.cookie = None

    def request(self, method, path, body=None):
        if self.conn is None:
            self.conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
        headers = {"Authorization": f"Bearer {self.api_key}"}
        if self.cookie is not None:
            headers["Cookie"] = self.cookie
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        try:
            self.conn.request(method, path, body=data, headers=headers)
            response = self.conn.getresponse()
            payload = response.read()
            retry_after = response.getheader("Retry-After")
            set_cookie = response.getheader("Set-Cookie")
            if set_cookie and "wpb_" in set_cookie:
                self.cookie = set_cookie.split(";", 1)[0]
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


# The simulator's WhatsApp Business account with a phone number (src/simulator).
SIM_APP_ID = "100000000000001"
SIM_WABA = "920000000000001"
SIM_PHONE = "930000000000001"
SIM_BUSINESS = "910000000000001"


def open_connect_page(base_url, api_key, token):
    """Opens the session's connect page as the customer's browser does first, and
    returns the browser cookie the page gives (None if the page did not answer with
    one, e.g. while the database restarts)."""
    client = Client(base_url, api_key)
    try:
        status, _, _ = client.request("GET", f"/vendor/connect/whatsapp?session_token={token}")
    except (OSError, http.client.HTTPException):
        return None
    finally:
        client.close()
    return client.cookie if status == 200 else None


def whatsapp_run(client, token, attempt):
    """One run of the simulated dialog and the page's two calls; returns (status,
    answer, retry_after) of the last call made."""
    status, body, retry_after = client.request(
        "POST",
        "/meta-sim/dialog/authorize",
        {"app_id": SIM_APP_ID, "waba_id": SIM_WABA, "session_token": token},
    )
    if status != 200:
        return status, {"dialog": body.decode(errors="replace")}, retry_after
    code = json.loads(body)["code"]
    status, body, retry_after = client.request(
        "POST",
        "/api/connect/whatsapp/code",
        {"session_token": token, "attempt": attempt, "code": code},
    )
    answer = json.loads(body) if body[:1] in (b"{", b'"') else body.decode(errors="replace")
    if status != 200 or answer != "AwaitingEvent":
        return status, answer, retry_after
    report = {
        "Finished": {
            "event": "FINISH",
            "waba_id": SIM_WABA,
            "phone_number_id": SIM_PHONE,
            "business_id": SIM_BUSINESS,
        }
    }
    status, body, retry_after = client.request(
        "POST",
        "/api/connect/whatsapp/event",
        {"session_token": token, "attempt": attempt, "report": report},
    )
    answer = json.loads(body) if body[:1] in (b"{", b'"') else body.decode(errors="replace")
    return status, answer, retry_after


def single_use(base_url, api_key, count, external_id):
    client = Client(base_url, api_key)
    status, payload, _ = client.request(
        "POST", "/api/vendor/sessions", session_body(external_id)
    )
    client.close()
    if status != 200:
        sys.exit(f"single-use: the session was not created ({status})")
    token = json.loads(payload)["session_token"]
    cookie = open_connect_page(base_url, api_key, token)
    if cookie is None:
        sys.exit("single-use: the connect page did not give its browser cookie")

    def complete(n):
        c = Client(base_url, api_key)
        c.cookie = cookie
        try:
            status, answer, _ = whatsapp_run(c, token, f"run_fleet_{n}")
        finally:
            c.close()
        if status == 200 and isinstance(answer, dict) and "Connected" in answer:
            return ("connected", json.dumps(answer["Connected"], sort_keys=True))
        return {"status": status, "answer": answer}

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
    # Refused as used or busy, or a run whose code another run's replaced (the session
    # keeps one run of the dialog).
    refused = all(
        any(k in json.dumps(o["answer"]) for k in ("AlreadyUsed", "Busy"))
        or (o["status"] == 200 and o["answer"] in ("AwaitingCode", "AwaitingEvent"))
        for o in others
    )
    if len(results) != 1 or not refused:
        sys.exit("single-use: the completions did not share one result")


# What a run may meet while the database restarts, and try again after: the product's
# 503 (a connect step's or the balancer's, with Retry-After), Meta unreachable (the
# simulator keeps its codes in the same database), the simulator's dialog refusing
# while its storage is down, and a claim another run still holds.
RETRY_ANSWERS = ("Unavailable", "MetaUnavailable", "Busy")


def worth_retrying(status, answer, retry_after):
    text = json.dumps(answer)
    # Another run's code replaced this run's (the session keeps one run of the dialog):
    # the server waits for the half of the newer run this one cannot send.
    if status == 200 and answer in ("AwaitingCode", "AwaitingEvent"):
        return True
    # A code is single-use (docs/meta.md): one whose exchange Meta answered while the answer
    # was lost to the restart is refused when the same step runs again. The page then
    # tells the customer to click Connect, and the next run brings a new code.
    if status == 422 and answer == "CodeRejected":
        return True
    if status == 503 and retry_after:
        return True
    if isinstance(answer, dict) and "dialog" in answer:
        return status in (500, 503)
    return status in (409, 502, 503) and any(f'"{name}"' in text for name in RETRY_ANSWERS)


def completions(base_url, api_key, stop_file, report_path):
    max_seconds = float(os.environ.get("FLEET_MAX_SECONDS", "120"))
    prefix = os.environ.get("FLEET_PREFIX", "completions")
    started = time.monotonic()
    figures = {"sessions": 0, "runs": 0, "retried": 0, "connected": 0, "failures": []}
    figures["external_ids"] = []
    lock = threading.Lock()

    def stopped():
        return os.path.exists(stop_file) or time.monotonic() - started > max_seconds

    def complete(token, cookie, n):
        client = Client(base_url, api_key)
        client.cookie = cookie
        deadline = None
        runs = 0
        try:
            while True:
                runs += 1
                if deadline is None and stopped():
                    deadline = time.monotonic() + 60
                if deadline is not None and time.monotonic() > deadline:
                    return ("failed", "not connected 60 s after the stop")
                with lock:
                    figures["runs"] += 1
                attempt = f"run_pg_{n}_{runs}"
                try:
                    status, answer, retry_after = whatsapp_run(client, token, attempt)
                except (OSError, http.client.HTTPException) as e:
                    return ("failed", f"{type(e).__name__}: {e}")
                if status == 200 and isinstance(answer, dict) and "Connected" in answer:
                    return ("connected", json.dumps(answer["Connected"], sort_keys=True))
                if not worth_retrying(status, answer, retry_after):
                    return ("failed", {"status": status, "answer": answer})
                with lock:
                    figures["retried"] += 1
                time.sleep(0.3)
        finally:
            client.close()

    n = 0
    while not stopped():
        n += 1
        client = Client(base_url, api_key)
        try:
            status, payload, _ = client.request(
                "POST", "/api/vendor/sessions", session_body(f"{prefix}-{n}")
            )
        except (OSError, http.client.HTTPException):
            status = None
        client.close()
        if status != 200:
            time.sleep(0.3)
            continue
        figures["sessions"] += 1
        figures["external_ids"].append(f"{prefix}-{n}")
        token = json.loads(payload)["session_token"]
        cookie = None
        opened_by = time.monotonic() + 60
        while cookie is None and time.monotonic() < opened_by:
            cookie = open_connect_page(base_url, api_key, token)
            if cookie is None:
                time.sleep(0.3)
        if cookie is None:
            figures["failures"].append({"externalId": f"{prefix}-{n}", "failed": "page not opened"})
            break
        with ThreadPoolExecutor(max_workers=3) as pool:
            outcomes = list(pool.map(lambda k: complete(token, cookie, k), range(3)))
        results = {o[1] for o in outcomes if o[0] == "connected"}
        failed = [o[1] for o in outcomes if o[0] != "connected"]
        figures["connected"] += 1 if results else 0
        if len(results) != 1 or failed:
            figures["failures"].append(
                {"externalId": f"{prefix}-{n}", "distinct_results": len(results), "failed": failed}
            )
            if len(figures["failures"]) >= 5:
                break
    figures["seconds"] = round(time.monotonic() - started, 1)
    with open(report_path, "w") as out:
        json.dump(figures, out)
    print(json.dumps({k: v for k, v in figures.items() if k != "external_ids"}))
    if figures["failures"] or figures["sessions"] == 0:
        sys.exit("completions: a session was not completed exactly once")


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
            wrong = not 200 <= status < 300
            if error is not None:
                figures["connection_errors"] += 1
            elif wrong:
                figures["non_2xx"] += 1
            if (error is not None or wrong) and len(figures["failures"]) < 20:
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
            or (what.startswith("open connect page") and b"<html" in payload)
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
                # The page binds the session to this browser (a cookie) and is served at
                # once; a script in it moves the token out of the address.
                call(client, "open connect page", "GET", f"{connect.path}?{connect.query}")
                client.cookie = None
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
    elif command == "completions" and len(sys.argv) == 6:
        completions(*sys.argv[2:6])
    else:
        sys.exit(__doc__)
