"""The platform refuses every push whose signature does not hold; every push of ours verifies
with the Standard Webhooks reference library."""

from __future__ import annotations

import base64
import json
import time
from collections.abc import Callable, Iterator

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from app.config import Settings
from app.feed.service import emit_penalty_published
from app.kit.webhooks import sign, signed_headers
from app.models import FeedEvent
from app.platform.app import create_platform_app
from app.platform.config import PlatformSettings
from app.sync.worker import PushWorker
from tests.conftest import DatabaseFactory
from tests.support.factories import make_enterprise, make_penalty
from tests.support.sync import SECRET

OLD_SECRET = "whsec_" + base64.b64encode(b"the-previous-secret-of-the-platform!").decode()
OTHER_SECRET = "whsec_" + base64.b64encode(b"a-secret-nobody-shared-with-us-0000").decode()


def _envelope(event_id: str = "evt_0001", sequence: int = 1, record_id: int = 7) -> bytes:
    body = {
        "id": event_id,
        "type": "penalty.published",
        "timestamp": "2026-07-01T02:00:00.000000Z",
        "record": {"type": "penalty", "id": record_id, "version": 1, "sequence": sequence},
        "data": {"party_name": "烟台测试化工有限公司", "party_uscc": "91370611MA3C00003F"},
    }
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()


@pytest.fixture(scope="module")
def platform(database_factory: DatabaseFactory) -> Iterator[TestClient]:
    """One platform (and database) for the module: tests use their own event ids."""
    settings = PlatformSettings(
        database_url=database_factory.create(migrate=False),
        webhook_secrets=f"{SECRET},{OLD_SECRET}",
    )
    with TestClient(create_platform_app(settings)) as client:
        yield client


def _push(client: TestClient, body: bytes, headers: dict[str, str]) -> httpx.Response:
    response: httpx.Response = client.post("/api/v1/records", content=body, headers=headers)
    return response


def _signed(body: bytes, msg_id: str = "evt_0001", ts: int | None = None) -> dict[str, str]:
    return signed_headers([SECRET], msg_id, ts if ts is not None else int(time.time()), body)


def test_a_correctly_signed_push_is_applied_once(platform: TestClient) -> None:
    body = _envelope()
    first = _push(platform, body, _signed(body))
    assert first.status_code == 200
    assert first.json()["status"] == "applied"
    # A replay inside the tolerance (or our own retry) is acknowledged and changes nothing.
    replay = _push(platform, body, _signed(body))
    assert replay.json()["status"] == "duplicate"
    held = platform.get("/api/v1/records", params={"uscc": "91370611MA3C00003F"}).json()
    assert held["counts"] == {"penalty": {"active": 1, "withdrawn": 0}}


def test_the_old_secret_still_verifies_during_a_rotation(platform: TestClient) -> None:
    body = _envelope("evt_rotated")
    now = int(time.time())
    headers = signed_headers([OLD_SECRET, OTHER_SECRET], "evt_rotated", now, body)
    assert len(headers["webhook-signature"].split(" ")) == 2
    assert _push(platform, body, headers).status_code == 200


Case = Callable[[bytes, str], tuple[bytes, dict[str, str]]]


def _tampered_body(body: bytes, msg_id: str) -> tuple[bytes, dict[str, str]]:
    return body.replace("测试".encode(), "伪造".encode()), _signed(body, msg_id)


def _changed_id(body: bytes, msg_id: str) -> tuple[bytes, dict[str, str]]:
    return body, {**_signed(body, msg_id), "webhook-id": msg_id + "x"}


def _at(offset: int) -> Case:
    def case(body: bytes, msg_id: str) -> tuple[bytes, dict[str, str]]:
        return body, _signed(body, msg_id, ts=int(time.time()) + offset)

    return case


def _missing(header: str) -> Case:
    def case(body: bytes, msg_id: str) -> tuple[bytes, dict[str, str]]:
        headers = _signed(body, msg_id)
        del headers[header]
        return body, headers

    return case


def _malformed(header: str, value: str) -> Case:
    def case(body: bytes, msg_id: str) -> tuple[bytes, dict[str, str]]:
        return body, {**_signed(body, msg_id), header: value}

    return case


def _wrong_secret(body: bytes, msg_id: str) -> tuple[bytes, dict[str, str]]:
    return body, signed_headers([OTHER_SECRET], msg_id, int(time.time()), body)


def _signature_of_another_body(body: bytes, msg_id: str) -> tuple[bytes, dict[str, str]]:
    now = int(time.time())
    forged = sign(SECRET, msg_id, now, body.replace(b'"sequence":1', b'"sequence":2'))
    return body, {**_signed(body, msg_id, ts=now), "webhook-signature": forged}


CASES: dict[str, Case] = {
    "tampered-body": _tampered_body,
    "changed-id": _changed_id,
    "timestamp-5min-old": _at(-301),
    "timestamp-5min-ahead": _at(301),
    "replay-after-tolerance": _at(-3600),
    "wrong-secret": _wrong_secret,
    "signature-of-another-body": _signature_of_another_body,
    "missing-id": _missing("webhook-id"),
    "missing-timestamp": _missing("webhook-timestamp"),
    "missing-signature": _missing("webhook-signature"),
    "timestamp-not-a-number": _malformed("webhook-timestamp", "yesterday"),
    "timestamp-negative": _malformed("webhook-timestamp", "-12"),
    "signature-not-base64": _malformed("webhook-signature", "v1,not base64!"),
    "signature-wrong-version": _malformed(
        "webhook-signature", "v2," + base64.b64encode(b"x" * 32).decode()
    ),
    "signature-empty": _malformed("webhook-signature", ""),
    "id-malformed": _malformed("webhook-id", "evt 0001; DROP"),
}


@pytest.mark.parametrize("name", list(CASES))
def test_bad_signatures_are_refused(platform: TestClient, name: str) -> None:
    record_id = 1000 + list(CASES).index(name)
    msg_id = f"evt_bad_{record_id}"
    body, headers = CASES[name](_envelope(msg_id, record_id=record_id), msg_id)
    response = _push(platform, body, headers)
    assert response.status_code == 401, response.text
    assert response.json()["error"]["message"]
    held = platform.get("/api/v1/records").json()["items"]
    assert record_id not in [h["record_id"] for h in held]  # nothing was applied


def test_every_push_of_ours_verifies_with_the_reference_library(
    session: Session, settings: Settings, session_factory: sessionmaker[Session]
) -> None:
    """The worker's requests, captured: the standardwebhooks library accepts each of them."""
    for _ in range(3):
        emit_penalty_published(session, make_penalty(session, make_enterprise(session)))
    session.flush()
    captured: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        captured.append(request)
        return httpx.Response(200, json={"status": "applied"})

    worker_settings = settings.model_copy(update={"sync_webhook_secret": SECRET})
    worker = PushWorker(worker_settings, session_factory, transport=httpx.MockTransport(handler))
    try:
        while worker.run_once():
            pass
    finally:
        worker.close()
    bodies = {e.event_id: e.body for e in session.scalars(select(FeedEvent))}
    assert len(captured) >= 3
    reference = Webhook(SECRET)
    for request in captured:
        headers = dict(request.headers.items())
        payload = reference.verify(request.content, headers)
        assert payload["id"] == headers["webhook-id"]
        assert request.content.decode() == bodies[headers["webhook-id"]]
    forged = dict(captured[0].headers.items())
    with pytest.raises(WebhookVerificationError):
        reference.verify(captured[0].content + b" ", forged)


def _body(**changes: object) -> dict[str, object]:
    body: dict[str, object] = json.loads(_envelope("evt_hostile"))
    record = dict(body["record"])  # type: ignore[call-overload]  # a JSON object
    for key in ("id", "version", "sequence"):
        if key in changes:
            record[key] = changes.pop(key)
    return {**body, "record": record, **changes}


HOSTILE_BODIES: dict[str, bytes] = {
    "record-id-above-int32": json.dumps(_body(id=2**40)).encode(),
    "sequence-negative": json.dumps(_body(sequence=-1)).encode(),
    "data-not-an-object": json.dumps(_body(data=[1, 2])).encode(),
    "nan-in-data": b'{"id":"evt_hostile","type":"penalty.published","record":{"type":"penalty",'
    b'"id":1,"version":1,"sequence":1},"data":{"x":NaN}}',
    "nul-in-name": json.dumps(_body(data={"party_name": "a\x00b"})).encode(),
    "name-too-long": json.dumps(_body(data={"party_name": "企" * 300})).encode(),
    "kind-too-long": json.dumps(_body(type="penalty." + "x" * 60)).encode(),
    "not-utf8": b"\xff\xfe{}",
    "not-json": b"{",
}


@pytest.mark.parametrize("name", list(HOSTILE_BODIES))
def test_a_signed_body_the_tables_cannot_hold_is_a_400_not_a_500(
    platform: TestClient, name: str
) -> None:
    body = HOSTILE_BODIES[name]
    response = _push(platform, body, _signed(body, "evt_hostile"))
    assert response.status_code == 400, response.text
    assert response.json()["error"]["message"].startswith("事件格式错误")


@pytest.mark.parametrize("value", [b"\xb2", b"17000000\xb9\xb2"])
def test_a_timestamp_of_other_digits_is_refused(platform: TestClient, value: bytes) -> None:
    """ "²" passes str.isdigit() and then fails int() (once a 500)."""
    body = _envelope("evt_digits")
    headers: dict[str, str | bytes] = {**_signed(body, "evt_digits"), "webhook-timestamp": value}
    response: httpx.Response = platform.post("/api/v1/records", content=body, headers=headers)
    assert response.status_code == 401, response.text
