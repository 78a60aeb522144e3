"""The one door out of the hotline: a `Sender` hands a final message to a provider.

Only the send rules (hotline/outbound/attempts.py, run by the send job) call a sender; everything
else queues through `hotline.outbound`. Two
backends share one small interface:

- `TwilioSender`: the official client. `TWILIO_API_BASE_URL` replaces the API host (a sandbox or
  a mock such as Prism); messages go from `TWILIO_MESSAGING_SERVICE_SID` or, without one, from
  `TWILIO_SMS_FROM` / `TWILIO_WHATSAPP_FROM`; Twilio reports delivery to
  `PUBLIC_BASE_URL/twilio/status`.
- `OutboxSender` (the default without Twilio credentials): records the message in Redis, readable
  with `hotline outbox`; nothing leaves the machine.

Both can `find` an earlier attempt, so that a job killed after the provider accepted a message
never sends it again on retry. Provider errors become `SendError` with the Twilio error code and
Twilio's wording with the number masked ("The 'To' number +32 4•• •• •• 36 is not a valid phone
number."), raised without the original chained to it: that one, and the request URL of a network
error, name the number, and the error text ends up in the outbound record, RQ's failed-job
registry and the worker's log.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Protocol
from urllib.parse import urlencode

import requests
from twilio.base.exceptions import TwilioException, TwilioRestException
from twilio.rest import Client

from hotline.platform import WHATSAPP, WHATSAPP_PREFIX, DecodedRedis, Settings, logs, scrub, store

STATUS_PATH = "/twilio/status"
HTTP_TIMEOUT = 10  # seconds for one Twilio API call
RECONCILE_SKEW = 120  # seconds of clock difference tolerated between us and Twilio


@dataclass(frozen=True)
class Outgoing:
    """One final message: recipient in E.164, channel, and either a body or a template."""

    message_id: str
    to: str
    channel: str
    body: str = ""
    content_sid: str = ""
    content_variables: dict[str, str] = field(default_factory=dict)

    @property
    def address(self) -> str:
        """The recipient as Twilio addresses it on this channel."""
        return WHATSAPP_PREFIX + self.to if self.channel == WHATSAPP else self.to


@dataclass(frozen=True)
class Accepted:
    """The provider took the message: its id (Twilio SID) and initial status."""

    sid: str
    status: str = "queued"


class SendError(Exception):
    """The provider refused or could not be reached; `code` is Twilio's error code if any."""

    def __init__(self, message: str, *, code: int | None = None, http_status: int | None = None):
        super().__init__(message)
        self.code = code
        self.http_status = http_status


class Sender(Protocol):
    """What the send rules (hotline/outbound/attempts.py) need from a backend."""

    name: str

    def send(self, message: Outgoing) -> Accepted:
        """Hand the message to the provider; raises SendError."""
        ...

    def find(self, message: Outgoing, since: float) -> Accepted | None:
        """An earlier accepted attempt of this message made after `since` (epoch), if any."""
        ...


class OutboxSender:
    """Outbox mode: the message is recorded in Redis, never sent."""

    name = "outbox"

    def __init__(self, client: DecodedRedis):
        self.client = client

    def send(self, message: Outgoing) -> Accepted:
        """Record the message in the outbox (its text is kept on the outbound record)."""
        self.client.zadd(store.outbox(), {message.message_id: _now()})
        self.client.zremrangebyrank(store.outbox(), 0, -store.OUTBOX_MAX - 1)
        return Accepted(sid="OB" + message.message_id, status="sent")

    def find(self, message: Outgoing, since: float) -> Accepted | None:
        """The outbox entry of this message, if recording it already happened."""
        if self.client.zscore(store.outbox(), message.message_id) is None:
            return None
        return Accepted(sid="OB" + message.message_id, status="sent")


class TwilioSender:
    """Twilio's Programmable Messaging through the official client."""

    name = "twilio"

    def __init__(self, settings: Settings, client: Client | None = None):
        self.settings = settings
        self.client = client or twilio_client(settings)

    def send(self, message: Outgoing) -> Accepted:
        """Create the message at Twilio; errors become SendError with Twilio's code."""
        try:
            created = self.client.messages.create(**self.parameters(message))
        except (TwilioException, requests.RequestException) as error:
            raise provider_error(error) from None  # the original names the number
        return Accepted(sid=created.sid, status=created.status or "queued")

    def parameters(self, message: Outgoing) -> dict[str, object]:
        """The Messages.create arguments: sender, recipient, body or template, status callback."""
        params: dict[str, object] = {"to": message.address, **self._origin(message.channel)}
        if message.content_sid:
            params["content_sid"] = message.content_sid
            if message.content_variables:  # optional: a template without placeholders sends none
                params["content_variables"] = json.dumps(message.content_variables)
        else:
            params["body"] = message.body
        if self.settings.public_base_url:
            params["status_callback"] = status_callback(self.settings, message.message_id)
        return params

    def _origin(self, channel: str) -> dict[str, str]:
        if self.settings.twilio_messaging_service_sid:
            return {"messaging_service_sid": self.settings.twilio_messaging_service_sid}
        if channel == WHATSAPP:
            number = self.settings.twilio_whatsapp_from.removeprefix(WHATSAPP_PREFIX)
            return {"from_": WHATSAPP_PREFIX + number}
        return {"from_": self.settings.twilio_sms_from}

    def find(self, message: Outgoing, since: float) -> Accepted | None:
        """Look for a message Twilio accepted for this recipient after `since` with our content.

        Used only when an earlier attempt's outcome is unknown (the worker died): Twilio lists
        the account's messages to that address, newest first, including ones still queued.
        """
        try:
            found = self.client.messages.list(to=message.address, limit=50, page_size=50)
        except (TwilioException, requests.RequestException) as error:
            raise provider_error(error) from None  # the original names the number
        for candidate in found:
            if _same_attempt(candidate, message, since):
                return Accepted(sid=candidate.sid, status=candidate.status or "queued")
        return None


def _same_attempt(candidate: object, message: Outgoing, since: float) -> bool:
    created = getattr(candidate, "date_created", None)
    if created is None or created.timestamp() < since - RECONCILE_SKEW:
        return False
    if getattr(candidate, "direction", "outbound-api") not in ("outbound-api", None):
        return False
    return message.content_sid != "" or (getattr(candidate, "body", None) or "") == message.body


def status_callback(settings: Settings, message_id: str) -> str:
    """Where Twilio reports delivery; carries our id so even a report that overtakes the
    job's own write finds its message."""
    return f"{settings.public_base_url}{STATUS_PATH}?{urlencode({'m': message_id})}"


def twilio_client(settings: Settings) -> Client:
    """The official client, pointed at TWILIO_API_BASE_URL when set (sandbox or mock): the
    Messages API and the Content API (interactive templates) alike.

    Its HTTP logger writes every request's parameters (the recipient) at INFO: kept at WARNING.
    """
    logs.quiet_third_parties()
    client = Client(settings.twilio_account_sid, settings.twilio_auth_token)
    client.http_client.timeout = HTTP_TIMEOUT
    if settings.twilio_api_base_url:  # one mock serves both hosts (the tests' fake does)
        client.api.base_url = settings.twilio_api_base_url
        client.content.base_url = settings.twilio_api_base_url
    return client


def for_settings(settings: Settings, client: DecodedRedis) -> Sender:
    """Twilio when credentials are configured, otherwise the outbox."""
    if settings.twilio_configured and settings.twilio_account_sid:
        return TwilioSender(settings)
    return OutboxSender(client)


def _now() -> float:
    return dt.datetime.now(dt.UTC).timestamp()


def provider_error(error: Exception) -> SendError:
    """A SendError for a Twilio or network failure: Twilio's code and status, its wording with
    every number masked; a network error by its type only (its text holds the request URL)."""
    if isinstance(error, TwilioRestException):
        message = scrub(str(error.msg or "twilio error"))
        return SendError(message, code=error.code, http_status=error.status)
    if isinstance(error, TwilioException):
        return SendError(f"twilio error: {type(error).__name__}")
    return SendError(f"network error: {type(error).__name__}")
