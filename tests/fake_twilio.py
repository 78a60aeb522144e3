"""A local fake of Twilio's Messages API, for tests and the outbound benchmark.

A threaded `http.server` on 127.0.0.1 answering what the official client calls:

- POST /2010-04-01/Accounts/{sid}/Messages.json -> 201 with a Message JSON, or the next scripted
  failure (`fail_next(429)`, `fail_next(500)`, `fail_next(21610)`, ...: an HTTP status >= 429
  answers that status; a Twilio error code answers 400 with that code and Twilio's own wording,
  which names the recipient for 21211, 21408, 21612, 21614);
- GET  /2010-04-01/Accounts/{sid}/Messages.json?To=... -> the accepted messages to that address,
  newest first (what the send job uses to reconcile an attempt of a killed worker);
- the Content API (content.twilio.com, here on the same host): POST /v1/Content (a JSON body)
  -> 201 with the Content resource (HX… SID, `types`, `variables`, ISO dates, `links`), and
  GET /v1/Content -> `{"contents": [...newest first], "meta": {...}}`, paged like Twilio's.
  A message sent with the ContentSid of a template deleted here (`delete_content`) is refused
  with 21655, as Twilio refuses it; `shown(form)` is what WhatsApp shows for a sent template
  (its types with the ContentVariables filled in).

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
CONTENTS = "/v1/Content"
CONTENT_HOST = "https://content.twilio.com"
# Twilio's own wording (the `message` of its error body; twilio-python prefixes it with "Unable
# to create record: "). Several name the number, as Twilio's do: that is what the hotline must
# never store or log as is (tests/outbound/test_provider_errors.py).
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
    21655: "The ContentSid is Invalid",
    21656: "The Content Variables parameter is invalid.",
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
        self.contents: dict[str, dict] = {}  # Content SID -> the Content resource
        self.content_requests: list[dict] = []  # every POST /v1/Content body, in order
        self.content_failures: deque[int] = deque()
        self.deleted_contents: set[str] = set()
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

    def fail_content_next(self, *codes: int) -> None:
        """Answer the next POST /v1/Content with these failures (HTTP statuses), in order."""
        with self.lock:
            self.content_failures.extend(codes)

    def delete_content(self, sid: str) -> None:
        """Delete a template, as a coordinator might in Twilio's console: sends with it fail."""
        with self.lock:
            self.contents.pop(sid, None)
            self.deleted_contents.add(sid)

    def create(self, form: dict[str, str]) -> tuple[int, dict]:
        """Answer one Messages.create: the next scripted failure, or a new accepted message."""
        with self.lock:
            self.requests.append(form)
            code = self.failures.popleft() if self.failures else 0
            code = self.failing.get(form.get("To", ""), code)
            if form.get("ContentSid") in self.deleted_contents:
                code = 21655
            if code:
                return _error(code, form)
            message = _message(form)
            self.accepted.append(message)
            self.accepted_at.append(time.time())
            if self.accept_then_fail:
                return _error(self.accept_then_fail.popleft(), form)
            return 201, message

    def create_content(self, body: dict) -> tuple[int, dict]:
        """Answer one POST /v1/Content: the next scripted failure, a 400 for a body without
        `language` or `types` (Twilio's required fields), or the new Content resource."""
        with self.lock:
            self.content_requests.append(body)
            code = self.content_failures.popleft() if self.content_failures else 0
            if code:
                return _error(code, {})
            missing = [name for name in ("language", "types") if not body.get(name)]
            if missing:
                return 400, _content_error(f"Missing required parameter {missing[0]}")
            content = _content(body)
            self.contents[content["sid"]] = content
            return 201, content

    def content_page(self, query: dict[str, list[str]], host: str = CONTENT_HOST) -> dict:
        """One page of GET /v1/Content, newest first (PageSize, Page as Twilio pages); its
        page URLs on `host`, as Twilio's name its own (the client follows `next_page_url`)."""
        size = min(int(query.get("PageSize", ["50"])[-1]), 1000)
        page = int(query.get("Page", ["0"])[-1])
        with self.lock:
            found = list(reversed(self.contents.values()))
        chunk = found[page * size : (page + 1) * size]
        more = (page + 1) * size < len(found)
        return {"contents": chunk, "meta": _content_meta(host, size, page, more)}

    def shown(self, form: dict[str, str]) -> dict:
        """What WhatsApp shows for a sent form: its template's types, variables filled in."""
        with self.lock:
            content = self.contents[form["ContentSid"]]
        values = {**content["variables"], **json.loads(form.get("ContentVariables") or "{}")}
        text = json.dumps(content["types"], ensure_ascii=False)
        for name, value in values.items():
            text = text.replace("{{" + name + "}}", json.dumps(value, ensure_ascii=False)[1:-1])
        return json.loads(text)

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


def _content_error(message: str) -> dict:
    return {
        "code": 20001,
        "message": message,
        "more_info": "https://www.twilio.com/docs/errors/20001",
        "status": 400,
    }


def _content(body: dict) -> dict:
    """A Content resource as Twilio answers its creation (ISO 8601 dates, absolute URLs)."""
    sid = "HX" + secrets.token_hex(16)
    now = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    url = f"{CONTENT_HOST}{CONTENTS}/{sid}"
    return {
        "sid": sid,
        "account_sid": ACCOUNT_SID,
        "friendly_name": body.get("friendly_name") or "",
        "language": body["language"],
        "variables": body.get("variables") or {},
        "types": body["types"],
        "url": url,
        "date_created": now,
        "date_updated": now,
        "links": {
            "approval_create": f"{url}/ApprovalRequests/whatsapp",
            "approval_fetch": f"{url}/ApprovalRequests",
        },
    }


def _content_meta(host: str, size: int, page: int, more: bool) -> dict:
    base = f"{host}{CONTENTS}?PageSize={size}"
    return {
        "page": page,
        "page_size": size,
        "first_page_url": f"{base}&Page=0",
        "previous_page_url": f"{base}&Page={page - 1}" if page else None,
        "url": f"{base}&Page={page}",
        "next_page_url": f"{base}&Page={page + 1}" if more else None,
        "key": "contents",
    }


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
            path = urlparse(self.path).path
            length = int(self.headers.get("Content-Length") or 0)
            if path == CONTENTS:  # the Content API takes JSON
                return self._answer(*fake.create_content(json.loads(self.rfile.read(length))))
            if not MESSAGES.match(path):
                return self._answer(404, {"code": 20404, "message": "Not Found", "status": 404})
            raw = parse_qs(self.rfile.read(length).decode(), keep_blank_values=True)
            if fake.delay:
                time.sleep(fake.delay)
            self._answer(*fake.create({name: values[-1] for name, values in raw.items()}))

        def do_GET(self) -> None:
            url = urlparse(self.path)
            if url.path == CONTENTS:
                host = f"http://{self.headers.get('Host', '')}"
                return self._answer(200, fake.content_page(parse_qs(url.query), host))
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
