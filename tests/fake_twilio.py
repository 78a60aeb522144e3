"""A local fake of Twilio's Messages API, for tests and the outbound benchmark.

A threaded `http.server` on 127.0.0.1 answering what the official client calls:

- POST /2010-04-01/Accounts/{sid}/Messages.json -> 201 with a Message JSON, or the next scripted
  failure (`fail_next(429)`, `fail_next(500)`, `fail_next(21610)`, ...: an HTTP status >= 429
  answers that status; a Twilio error code answers 400 with that code and Twilio's own wording,
  which names the recipient for 21211, 21408, 21612, 21614);
- GET  /2010-04-01/Accounts/{sid}/Messages.json?To=... -> the accepted messages to that address,
  newest first (what the send job uses to reconcile an attempt of a killed worker).

It counts what it received (`requests`, `accepted`) and can run in a test process while a real
worker subprocess talks to it through `TWILIO_API_BASE_URL`.
"""

from __future__ import annotations

import email.utils
import json
import re
import secrets
import threading
import time
from collections import deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

ACCOUNT_SID = "AC" + "1" * 32
AUTH_TOKEN = "fake-twilio-auth-token"
MESSAGES = re.compile(r"^/2010-04-01/Accounts/(AC[0-9a-f]{32})/Messages\.json$")
# Twilio's own wording (the `message` of its error body; twilio-python prefixes it with "Unable
# to create record: "). Several name the number, as Twilio's do: that is what the hotline must
# never store or log as is (tests/test_provider_errors.py).
ERROR_MESSAGES = {
    429: "Too Many Requests",
    500: "Internal Server Error",
    503: "Service Unavailable",
    20429: "Too Many Requests",
    21211: "The 'To' number {to} is not a valid phone number.",
    21408: (
        "Permission to send an SMS has not been enabled for the region indicated by the 'To'"
        " number: {to}."
    ),
    21606: (
        "The From phone number {from_} is not a valid, SMS-capable inbound phone number or short"
        " code for your account."
    ),
    21610: "Attempt to send to unsubscribed recipient",
    21612: (
        "The 'To' phone number: {to}, is not currently reachable using the 'From' phone number:"
        " {from_} via SMS."
    ),
    21614: "To number: {to}, is not a mobile number",
    30007: "Message filtered",
    63016: (
        "Failed to send freeform message because you are outside the allowed window. If you are"
        " using WhatsApp, please use a Message Template."
    ),
}


class FakeTwilio:
    """The server and what it saw. Use as a context manager, or start()/stop()."""

    def __init__(self, delay: float = 0.0):
        self.delay = delay
        self.lock = threading.Lock()
        self.requests: list[dict[str, str]] = []
        self.accepted: list[dict] = []
        self.accepted_at: list[float] = []  # when each was accepted (epoch), for the benchmark
        self.failures: deque[int] = deque()
        self.failing: dict[str, int] = {}  # address -> error answered every time
        self.accept_then_fail: deque[int] = deque()  # created, but the answer is an error
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)

    @property
    def url(self) -> str:
        """The base URL to give TWILIO_API_BASE_URL."""
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> FakeTwilio:
        """Serve in a background thread."""
        self.thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and close the socket."""
        self.server.shutdown()
        self.server.server_close()

    def __enter__(self) -> FakeTwilio:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def fail_next(self, *codes: int) -> None:
        """Answer the next POSTs with these failures, in order (0 = succeed), then succeed."""
        with self.lock:
            self.failures.extend(codes)

    def fail_for(self, to: str, code: int) -> None:
        """Answer every POST to address `to` with this failure."""
        with self.lock:
            self.failing[to] = code

    def accept_next_then_fail(self, *codes: int) -> None:
        """Create the next messages but answer with these errors (a 500 after the write)."""
        with self.lock:
            self.accept_then_fail.extend(codes)

    def create(self, form: dict[str, str]) -> tuple[int, dict]:
        """Answer one Messages.create: the next scripted failure, or a new accepted message."""
        with self.lock:
            self.requests.append(form)
            code = self.failures.popleft() if self.failures else 0
            code = self.failing.get(form.get("To", ""), code)
            if code:
                return _error(code, form)
            message = _message(form)
            self.accepted.append(message)
            self.accepted_at.append(time.time())
            if self.accept_then_fail:
                return _error(self.accept_then_fail.popleft(), form)
            return 201, message

    def listing(self, to: str) -> dict:
        """The page of accepted messages to `to`, newest first."""
        with self.lock:
            found = [m for m in reversed(self.accepted) if not to or m["to"] == to]
        return {"messages": found[:50], "page": 0, "page_size": 50, "next_page_uri": None}


def _error(code: int, form: dict[str, str]) -> tuple[int, dict]:
    """Twilio's error body for `code`, worded as Twilio words it for this request."""
    status = code if 400 <= code < 600 else 400
    twilio_code = 20429 if code == 429 else (20500 if status >= 500 else code)
    sender = form.get("From") or form.get("MessagingServiceSid", "")
    body = {
        "code": twilio_code,
        "message": ERROR_MESSAGES.get(code, "Error").format(to=form.get("To", ""), from_=sender),
        "more_info": f"https://www.twilio.com/docs/errors/{twilio_code}",
        "status": status,
    }
    return status, body


def _message(form: dict[str, str]) -> dict:
    now = email.utils.formatdate(time.time(), usegmt=True)
    sid = "SM" + secrets.token_hex(16)
    return {
        "sid": sid,
        "account_sid": ACCOUNT_SID,
        "to": form.get("To", ""),
        "from": form.get("From") or None,
        "messaging_service_sid": form.get("MessagingServiceSid") or None,
        "body": form.get("Body", ""),
        "status": "queued",
        "direction": "outbound-api",
        "num_segments": "1",
        "num_media": "0",
        "date_created": now,
        "date_updated": now,
        "date_sent": None,
        "api_version": "2010-04-01",
        "price": None,
        "error_code": None,
        "error_message": None,
        "uri": f"/2010-04-01/Accounts/{ACCOUNT_SID}/Messages/{sid}.json",
        "subresource_uris": {},
    }


def _handler(fake: FakeTwilio) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # headers and body go in separate writes

        def do_POST(self) -> None:
            if not MESSAGES.match(urlparse(self.path).path):
                return self._answer(404, {"code": 20404, "message": "Not Found", "status": 404})
            length = int(self.headers.get("Content-Length") or 0)
            raw = parse_qs(self.rfile.read(length).decode(), keep_blank_values=True)
            if fake.delay:
                time.sleep(fake.delay)
            self._answer(*fake.create({name: values[-1] for name, values in raw.items()}))

        def do_GET(self) -> None:
            url = urlparse(self.path)
            if not MESSAGES.match(url.path):
                return self._answer(404, {"code": 20404, "message": "Not Found", "status": 404})
            to = parse_qs(url.query).get("To", [""])[-1]
            self._answer(200, fake.listing(to))

        def _answer(self, status: int, body: dict) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: object) -> None:
            """Quiet: tests read what the fake counted instead."""

    return Handler


class DiesAfterSending:
    """A sender whose process 'dies' (raises BaseException) right after the provider accepted."""

    name = "dying"

    def __init__(self, sender):
        self.sender = sender

    def send(self, message):
        self.sender.send(message)
        raise SystemExit("killed")

    def find(self, message, since):
        return self.sender.find(message, since)
