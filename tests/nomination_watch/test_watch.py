"""The nomination watch: a new bar is noticed within one rules tick and told once; a bar that
ends and a match to review are told too; a reviewer's "not the same person" holds; callbacks are
signed and retried; no ID number in any table, log or callback; the rows go when the watch ends."""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Callable, Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from app.config import Settings
from app.jobs.tick import run_tick
from app.kit.actor import Role
from app.kit.webhooks import sign
from app.lists import service as lists
from app.models import (
    AuditEntry,
    DeliveryStatus,
    NominationWatch,
    PersonRole,
    WatchCandidate,
    WatchNotification,
    WatchReview,
)
from app.nomination_watch.delivery import deliver_due
from tests.support.auth import login
from tests.support.factories import make_authority
from tests.support.nominations import (
    ENTRY_START,
    Bureau,
    black_list,
    make_bureau,
    nomination_token,
    resident_id,
)
from tests.support.watches import URL, Receiver, poll, register, stored_text

SetClock = Callable[[dt.datetime | dt.date], None]


@pytest.fixture
def bureau(session: Session, frozen_clock: SetClock) -> Bureau:
    frozen_clock(ENTRY_START)
    return make_bureau(session, make_authority(session))


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    server = Receiver()
    server.start()
    yield server
    server.stop()


def _audits(session: Session, action: str) -> int:
    return int(
        session.scalar(
            select(func.count()).select_from(AuditEntry).where(AuditEntry.action == action)
        )
        or 0
    )


def test_a_new_bar_is_noticed_within_one_tick_and_told_once(
    client: TestClient, session: Session, settings: Settings, bureau: Bureau
) -> None:
    token, _user = nomination_token(session)
    number, other = resident_id(), resident_id()
    response = register(
        client,
        token,
        [
            {"reference": "R-1", "name": "王五", "id_number": number},
            {"reference": "R-2", "name": "赵六", "id_number": other},
        ],
    )
    assert response.status_code == 201, response.text
    body = response.json()
    watch_id = body["watch"]["watch_id"]
    assert [r["status"] for r in body["results"]] == ["clear", "clear"]
    assert body["callback"] is None
    run_tick(session, trigger="test")
    assert poll(client, token, watch_id) == []  # nothing changed: nothing told

    black_list(session, settings, bureau, [("王五", number, PersonRole.legal_representative)])
    report = run_tick(session, trigger="test")
    assert report.watch.changes == 1
    told = poll(client, token, watch_id)
    assert [(n["change"], n["body"]["candidate"]["reference"]) for n in told] == [
        ("newly_barred", "R-1")
    ]
    assert told[0]["body"]["candidate"]["status"] == "barred"
    assert told[0]["body"]["candidate"]["bars"]
    assert told[0]["delivery"] == "poll"
    for _ in range(2):
        run_tick(session, trigger="test")
    assert len(poll(client, token, watch_id)) == 1  # never twice for one change
    assert poll(client, token, watch_id, after=told[0]["notification_id"]) == []
    assert _audits(session, "nomination_watch.notify") == 1
    current = client.get(f"{URL}/{watch_id}", headers={"Authorization": f"Bearer {token}"})
    assert [r["status"] for r in current.json()["results"]] == ["barred", "clear"]


def test_a_bar_that_ends_is_told(
    client: TestClient, session: Session, settings: Settings, bureau: Bureau
) -> None:
    token, _user = nomination_token(session)
    number = resident_id()
    entry, _company = black_list(
        session, settings, bureau, [("王五", number, PersonRole.legal_representative)]
    )
    watch_id = register(client, token, [{"name": "王五", "id_number": number}]).json()["watch"][
        "watch_id"
    ]
    lists.propose_removal(session, bureau.clerk, entry.id, "整改完成，经复核提前移出")
    lists.approve_removal(session, bureau.reviewer, entry.id)
    run_tick(session, trigger="test")
    assert [n["change"] for n in poll(client, token, watch_id)] == ["bar_ended"]


def test_not_the_same_person_is_kept_and_not_raised_again(
    client: TestClient, session: Session, settings: Settings, bureau: Bureau
) -> None:
    token, _user = nomination_token(session)
    number = resident_id()
    black_list(session, settings, bureau, [("王五", number, PersonRole.legal_representative)])
    created = register(client, token, [{"reference": "R-9", "name": "王武", "id_number": number}])
    watch_id = created.json()["watch"]["watch_id"]
    assert created.json()["results"][0]["status"] == "needs_review"
    headers = {"Authorization": f"Bearer {token}"}
    decided = client.post(
        f"{URL}/{watch_id}/candidates/1/review",
        json={"decision": "not_same_person", "note": "出生地不同"},
        headers=headers,
    )
    assert decided.status_code == 200, decided.text
    assert decided.json()["status"] == "clear"
    assert session.scalar(select(func.count()).select_from(WatchReview)) == 1
    for _ in range(2):
        run_tick(session, trigger="test")
    assert poll(client, token, watch_id) == []  # the same false match is not raised again
    again = client.post(
        f"{URL}/{watch_id}/candidates/1/review",
        json={"decision": "not_same_person"},
        headers=headers,
    )
    assert again.status_code == 409
    assert _audits(session, "nomination_watch.review") == 1


def test_callbacks_are_signed_retried_and_carry_no_id_number(
    client: TestClient,
    session: Session,
    settings: Settings,
    bureau: Bureau,
    session_factory: sessionmaker[Session],
    receiver: Receiver,
    frozen_clock: SetClock,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    token, _user = nomination_token(session)
    number = resident_id()
    created = register(
        client,
        token,
        [{"reference": "R-1", "name": "王五", "id_number": number}],
        callback_url=receiver.url,
    )
    assert created.status_code == 201, created.text
    secret = created.json()["callback"]["secret"]
    watch_id = created.json()["watch"]["watch_id"]
    black_list(session, settings, bureau, [("王五", number, PersonRole.legal_representative)])
    run_tick(session, trigger="test")
    session.commit()

    receiver.statuses = [503]
    assert deliver_due(settings, session_factory) == 1
    note = session.scalars(select(WatchNotification)).one()
    session.refresh(note)
    assert (note.delivery, note.next_attempt_at is not None) == (DeliveryStatus.pending, True)
    assert deliver_due(settings, session_factory) == 0  # not due yet: it backs off
    frozen_clock(dt.datetime.combine(ENTRY_START, dt.time(23), tzinfo=dt.UTC))
    assert deliver_due(settings, session_factory) == 1
    session.refresh(note)
    assert str(note.delivery) == DeliveryStatus.delivered.value
    assert note.attempts == 2
    assert [json.loads(r.body)["id"] for r in receiver.received] == [note.message_id] * 2
    last = receiver.received[-1]
    assert last.headers["webhook-id"] == note.message_id
    expected = sign(secret, note.message_id, int(last.headers["webhook-timestamp"]), last.body)
    assert last.headers["webhook-signature"] == expected
    assert json.loads(last.body)["change"] == "newly_barred"
    assert _audits(session, "nomination_watch.delivered") == 1
    assert poll(client, token, watch_id)[0]["delivery"] == "delivered"

    secret_part = number[6:14]
    for text in (
        *(r.body.decode() for r in receiver.received),
        stored_text(session),
        caplog.text,
        "\n".join(
            json.dumps(e.after, ensure_ascii=False) for e in session.scalars(select(AuditEntry))
        ),
    ):
        assert number not in text
        assert secret_part not in text
    assert f"{number[:6]}********{number[-4:]}" in stored_text(session)


def test_a_callback_refused_too_often_is_given_up_and_stays_readable(
    client: TestClient,
    session: Session,
    settings: Settings,
    bureau: Bureau,
    session_factory: sessionmaker[Session],
    receiver: Receiver,
    frozen_clock: SetClock,
) -> None:
    limited = settings.model_copy(update={"nomination_watch_callback_max_attempts": 2})
    token, _user = nomination_token(session)
    number = resident_id()
    watch_id = register(
        client, token, [{"name": "王五", "id_number": number}], callback_url=receiver.url
    ).json()["watch"]["watch_id"]
    black_list(session, settings, bureau, [("王五", number, PersonRole.legal_representative)])
    run_tick(session, trigger="test")
    session.commit()
    receiver.statuses = [500, 500, 500]
    deliver_due(limited, session_factory)
    frozen_clock(dt.datetime.combine(ENTRY_START, dt.time(23), tzinfo=dt.UTC))
    deliver_due(limited, session_factory)
    assert [n["delivery"] for n in poll(client, token, watch_id)] == ["dead"]
    assert _audits(session, "nomination_watch.dead") == 1
    assert len(receiver.received) == 2


def test_the_watch_ends_after_the_election_day_and_its_rows_are_deleted(
    client: TestClient, session: Session, settings: Settings, bureau: Bureau, frozen_clock: SetClock
) -> None:
    token, _user = nomination_token(session)
    number = resident_id()
    black_list(session, settings, bureau, [("王五", number, PersonRole.legal_representative)])
    created = register(
        client, token, [{"name": "王武", "id_number": number}], end_date="2026-08-01"
    )
    watch_id = created.json()["watch"]["watch_id"]
    headers = {"Authorization": f"Bearer {token}"}
    client.post(
        f"{URL}/{watch_id}/candidates/1/review",
        json={"decision": "not_same_person"},
        headers=headers,
    )
    frozen_clock(dt.date(2026, 8, 2))
    report = run_tick(session, trigger="test")
    assert report.watch.purged == 1
    for model in (WatchCandidate, WatchNotification, WatchReview):
        assert session.scalar(select(func.count()).select_from(model)) == 0, model
    watch = session.get_one(NominationWatch, watch_id)
    assert watch.purged_at is not None
    assert watch.candidates == 1  # the record of the watch stays, without its candidates
    assert client.get(f"{URL}/{watch_id}", headers=headers).json()["results"] == []
    assert _audits(session, "nomination_watch.purge") == 1


def test_a_body_may_end_its_watch_early(
    client: TestClient, session: Session, bureau: Bureau
) -> None:
    token, _user = nomination_token(session)
    watch_id = register(client, token, [{"name": "王五", "id_number": resident_id()}]).json()[
        "watch"
    ]["watch_id"]
    ended = client.delete(f"{URL}/{watch_id}", headers={"Authorization": f"Bearer {token}"})
    assert ended.status_code == 200
    assert ended.json()["watch"]["purged_at"] is not None
    assert session.scalar(select(func.count()).select_from(WatchCandidate)) == 0


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"callback_url": "http://example.gov.cn/hook"}, "callback_url"),
        ({"callback_url": "https://user:pw@example.gov.cn/hook"}, "callback_url"),
        ({"end_date": "2026-06-30"}, "end_date"),
        ({"end_date": "2029-01-01"}, "end_date"),
        ({"name": ""}, "name"),
    ],
)
def test_a_bad_watch_is_refused_field_by_field(
    client: TestClient, session: Session, bureau: Bureau, change: dict[str, str], field: str
) -> None:
    token, _user = nomination_token(session)
    body = {
        "name": "换届",
        "end_date": "2026-12-01",
        "candidates": [{"name": "王五", "id_number": resident_id()}],
        **change,
    }
    response = client.post(URL, json=body, headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 422, response.text
    assert [f["field"] for f in response.json()["error"]["fields"]] == [field]
    assert session.scalar(select(func.count()).select_from(NominationWatch)) == 0


def test_invalid_numbers_are_answered_but_not_kept(
    client: TestClient, session: Session, bureau: Bureau
) -> None:
    token, _user = nomination_token(session)
    created = register(
        client,
        token,
        [
            {"name": "王五", "id_number": "370602198002301234"},
            {"name": "赵六", "id_number": resident_id()},
        ],
    )
    results = created.json()["results"]
    assert [r["status"] for r in results] == ["invalid", "clear"]
    assert created.json()["watch"]["candidates"] == 1
    assert "19800230" not in stored_text(session)


def test_only_the_owner_sees_a_watch_and_only_nomination_tokens_may_watch(
    client: TestClient, session: Session, bureau: Bureau
) -> None:
    token, _user = nomination_token(session)
    other, _user = nomination_token(session)
    watch_id = register(client, token, [{"name": "王五", "id_number": resident_id()}]).json()[
        "watch"
    ]["watch_id"]
    for method, path in (
        ("GET", f"{URL}/{watch_id}"),
        ("GET", f"{URL}/{watch_id}/notifications"),
        ("DELETE", f"{URL}/{watch_id}"),
    ):
        response = client.request(method, path, headers={"Authorization": f"Bearer {other}"})
        assert response.status_code == 404, path
    feed_only, _user = nomination_token(session, scopes=["feed:read"])
    refused = register(client, feed_only, [{"name": "王五", "id_number": resident_id()}])
    assert refused.status_code == 403
    assert register(client, "eco_not-a-token", []).status_code == 401


def test_the_pages_start_a_watch_show_its_notifications_and_take_a_decision(
    client: TestClient, session: Session, settings: Settings, bureau: Bureau
) -> None:
    number = resident_id()
    black_list(session, settings, bureau, [("王五", number, PersonRole.legal_representative)])
    session.commit()
    login(client, Role.nomination)
    upload = f"参考号,姓名,身份证号\r\nR-1,王武,{number}\r\nR-2,赵六,{resident_id()}\r\n"
    started = client.post(
        "/admin/nomination-watches",
        data={"name": "换届选举", "end_date": "2026-12-01", "callback_url": ""},
        files={"file": ("名单.csv", upload.encode("utf-8-sig"), "text/csv")},
        follow_redirects=False,
    )
    assert started.status_code == 303, started.text
    page = client.get(started.headers["location"])
    assert page.status_code == 200
    assert page.context["done"].startswith("监测已开始")
    attention = page.context["attention"]
    assert [(c.reference, c.status.value) for c in attention] == [("R-1", "needs_review")]
    assert number not in page.text
    watch_id = page.context["watch"].id
    decided = client.post(
        f"/admin/nomination-watches/{watch_id}/candidates/{attention[0].position}/review",
        data={"note": "不是同一人"},
        follow_redirects=False,
    )
    assert decided.status_code == 303
    assert client.get(decided.headers["location"]).context["attention"] == []
    listing = client.get("/admin/nomination-watches")
    assert [w.id for w in listing.context["watches"]] == [watch_id]
    ended = client.post(f"/admin/nomination-watches/{watch_id}/end", follow_redirects=False)
    assert ended.status_code == 303
    assert client.get("/admin/nomination-watches").context["watches"][0].purged_at is not None
