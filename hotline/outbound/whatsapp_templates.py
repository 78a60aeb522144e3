"""The interactive templates' SIDs: created once, through Twilio's Content API, cached in Redis.

A template is one (kind with its number of choices, language, version) of
hotline/outbound/whatsapp_menus.py. The webhook never calls the Content API: `ready` reads the
cached SID (one GET), and when there is none yet it asks for the template once (a lock key,
then one RQ job, `workers.whatsapp_templates.create_template`) and the reply goes out as text
meanwhile. The job looks for the template at Twilio by its friendly name before creating it,
so a job retried after a crash, or a cache entry expired, never makes a second one. A SID
Twilio no longer knows (21655: the template was deleted) is forgotten and made again.

Outbox mode (no Twilio credentials) "creates" templates locally (`OutboxContent`: the request
is kept in Redis under a SID derived from its name), so the outbox shows the interactive
message that would have been sent.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any, Protocol, cast

import requests
from twilio.base.exceptions import TwilioException
from twilio.rest import Client
from twilio.rest.content.v1.content import ContentList

from hotline.outbound import messages, senders, whatsapp_menus
from hotline.outbound.records import OutboundMessage
from hotline.outbound.whatsapp_menus import Interactive, Template
from hotline.platform import WHATSAPP, DecodedRedis, Services, Settings, jobs, queues, store

CREATE_TIMEOUT = 60  # seconds: one listing and one creation at Twilio
INVALID_CONTENT_SID = 21655  # the template was deleted at Twilio: forget it, send the text


@dataclass(frozen=True)
class Tappable:
    """A reply's interactive template, ready to send: its SID and this message's values (given
    to `outbound.queue`, kept on the record)."""

    content_sid: str
    variables: dict[str, str]
    template_id: str  # which cached template it is (forgotten if Twilio refuses the SID)
    menu: str = ""  # the numbered list it shows, for a quoted reply (conversation.replies)
    sms_text: str = ""  # the reply's SMS wording, if WhatsApp refuses it (63016: an SMS goes)

    def fields(self) -> dict[str, Any]:
        """Its fields on the outbound record (`OutboundMessage`)."""
        return {
            "interactive_sid": self.content_sid,
            "interactive_variables": dict(self.variables),
            "interactive_template": self.template_id,
            "menu": self.menu,
            "sms_body": self.sms_text,
        }

    def outgoing(self, message_id: str, to: str, text: str) -> senders.Outgoing:
        """The final WhatsApp message; its text kept beside the template (what the outbox
        shows, and what is sent instead when Twilio refuses the template)."""
        return senders.Outgoing(
            message_id, to, WHATSAPP, body=text, content_sid=self.content_sid,
            content_variables=self.variables,
        )  # fmt: skip

    @classmethod
    def of(cls, record: OutboundMessage) -> Tappable | None:
        """The template a record asks for, if any."""
        if not record.interactive_sid:
            return None
        return cls(
            record.interactive_sid,
            dict(record.interactive_variables),
            record.interactive_template,
            record.menu,
            record.sms_body,
        )


def ready(services: Services, interactive: Interactive, language: str) -> Tappable | None:
    """The cached template for this reply, or None (send the text; creation is asked for).

    None too when WhatsApp could not show it (too many choices, a body over 1,024 characters).
    """
    content = services.content
    template = whatsapp_menus.definition(content, interactive.kind, language, interactive.count)
    if not whatsapp_menus.fits(interactive, template):
        return None
    sid = cast("str | None", services.redis.get(key_of(template)))
    if not sid:
        ask(services, template)
        return None
    values = whatsapp_menus.variables(interactive)
    return Tappable(sid, values, f"{template.family}:{language}:{template.version}")


def key_of(template: Template) -> str:
    """Where its SID is cached."""
    return store.whatsapp_template(template.family, template.language, template.version)


def ask(services: Services, template: Template) -> bool:
    """Enqueue the creation job, once while the lock lasts; True when this call enqueued it."""
    lock = store.whatsapp_template_lock(template.family, template.language, template.version)
    if not services.redis.set(lock, "1", nx=True, ex=store.WHATSAPP_TEMPLATE_LOCK_TTL):
        return False
    args = (template.kind, template.language, template.count)
    messages.enqueue_job(
        services, queues.URGENT, jobs.CREATE_TEMPLATE, args, not_before=None, timeout=CREATE_TIMEOUT
    )
    return True


def ensure(services: Services, kind: str, language: str, count: int) -> str:
    """The SID of that template from the current content: cached, found at Twilio, or created.

    The creation job's body; idempotent (found by name before it is made). Errors raise."""
    template = whatsapp_menus.definition(services.content, kind, language, count)
    key = key_of(template)
    sid = cast("str | None", services.redis.get(key))
    if not sid:
        api = content_api_for(services)
        sid = api.find(template.friendly_name) or api.create(template.request)
        services.redis.set(key, sid, ex=store.WHATSAPP_TEMPLATE_TTL)
    lock = store.whatsapp_template_lock(template.family, language, template.version)
    services.redis.delete(lock)
    return sid


def forget(client: DecodedRedis, template_id: str, sid: str) -> None:
    """Drop a cached SID that Twilio refused, so that the next use makes the template again."""
    family, language, version = [*template_id.split(":"), "", "", ""][:3]
    key = store.whatsapp_template(family, language, version)
    if family and client.get(key) == sid:
        client.delete(key)


def refused(
    client: DecodedRedis, record: OutboundMessage, content_sid: str, code: int | None
) -> bool:
    """True when Twilio refused a reply's interactive template itself (not the texter: those
    rules come first): the reply then goes as its text, never silence. A SID Twilio no longer
    knows (21655: deleted) is forgotten, so the next reply asks for the template again."""
    tappable = Tappable.of(record)
    if tappable is None or not content_sid or tappable.content_sid != content_sid:
        return False
    if code == INVALID_CONTENT_SID:
        forget(client, tappable.template_id, content_sid)
    return True


class ContentApi(Protocol):
    """What the creation job needs from Twilio's Content API (or its outbox stand-in)."""

    def find(self, friendly_name: str) -> str:
        """The SID of an existing template with this name, or ""."""
        ...

    def create(self, request: dict[str, Any]) -> str:
        """Create the template; its SID (HX…)."""
        ...


class TwilioContent:
    """The Content API through the official client (TWILIO_API_BASE_URL replaces its host)."""

    def __init__(self, settings: Settings, client: Client | None = None):
        self.client = client or senders.twilio_client(settings)

    def find(self, friendly_name: str) -> str:
        """Twilio's templates are listed, newest first, 100 a page, until one has that name."""
        try:
            for found in self.client.content.v1.contents.stream(page_size=100):
                if found.friendly_name == friendly_name:
                    return found.sid or ""
        except (TwilioException, requests.RequestException) as error:
            raise senders.provider_error(error) from None
        return ""

    def create(self, request: dict[str, Any]) -> str:
        """POST /v1/Content; errors become SendError with Twilio's code and wording."""
        try:
            payload = ContentList.ContentCreateRequest(request)
            created = self.client.content.v1.contents.create(payload)
        except (TwilioException, requests.RequestException) as error:
            raise senders.provider_error(error) from None
        return created.sid or ""


class OutboxContent:
    """Outbox mode: the template is kept in Redis, never sent to Twilio."""

    def __init__(self, client: DecodedRedis):
        self.client = client

    def find(self, friendly_name: str) -> str:
        """The local template of that name, if it was "created" before."""
        sid = _outbox_sid(friendly_name)
        return sid if self.client.exists(store.outbox_content(sid)) else ""

    def create(self, request: dict[str, Any]) -> str:
        """Keep the request; its SID is derived from its name."""
        sid = _outbox_sid(request["friendly_name"])
        self.client.set(store.outbox_content(sid), json.dumps(request, ensure_ascii=False))
        return sid


def _outbox_sid(friendly_name: str) -> str:
    return "HX" + hashlib.sha256(friendly_name.encode()).hexdigest()[:32]


def content_api_for(services: Services) -> ContentApi:
    """The process's Content API: Twilio with credentials, else the outbox (tests may put one
    in `services.extras["content_api"]`)."""
    api = services.extras.get("content_api")
    if api is None:
        settings = services.settings
        if settings.twilio_configured and settings.twilio_account_sid:
            api = TwilioContent(settings)
        else:
            api = OutboxContent(services.redis)
        services.extras["content_api"] = api
    return api  # type: ignore[return-value]
