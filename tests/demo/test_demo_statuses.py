"""The workspace tells the same truth as the public side: for every record of the demo, the
status officers see is the one derived from the visibility rule (公示中 exactly when the public
side shows it; otherwise 公示期满, 已修复, 已撤下, 已届满 …), never a stored label; a record no
longer public offers no correction; and the workspace lists say how many rows they have."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from rich.console import Console
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from app.demo.loader import load_demo
from app.feed.service import public_items
from app.kit import clock
from app.kit.actor import Role
from app.kit.db import make_engine
from app.main import create_app
from app.models import ListEntry, PenaltyVersion, VersionStatus
from app.publication.status import PUBLIC_STATUS_LABELS, entry_statuses, penalty_statuses
from tests.conftest import DatabaseFactory, make_settings
from tests.support.auth import login


@pytest.fixture(scope="module")
def demo_url(database_factory: DatabaseFactory) -> str:
    url = database_factory.create()
    console = Console(file=io.StringIO(), width=200)
    assert load_demo(make_settings(url), enterprises=1500, seed=5, console=console) is not None
    return url


@pytest.fixture(scope="module")
def demo_engine(demo_url: str) -> Iterator[Engine]:
    engine = make_engine(demo_url)
    yield engine
    engine.dispose()


@pytest.fixture
def db(demo_engine: Engine) -> Iterator[Session]:
    with Session(demo_engine) as session:
        yield session
        session.rollback()


@pytest.fixture
def demo_client(demo_url: str) -> Iterator[TestClient]:
    with TestClient(create_app(make_settings(demo_url))) as client:
        yield client


def test_every_demo_record_has_the_status_the_public_side_implies(db: Session) -> None:
    today = clock.today()
    public = {(i["record"]["type"], int(i["record"]["id"])) for i in public_items(db, today)}
    versions = db.execute(
        select(PenaltyVersion.id, PenaltyVersion.record_id).where(
            PenaltyVersion.status == VersionStatus.published
        )
    ).all()
    statuses = penalty_statuses(db, [v.id for v in versions], today)
    assert set(statuses) == {v.id for v in versions}  # every approved record has one
    for version_id, record_id in versions:
        assert (statuses[version_id] == "public") == (("penalty", record_id) in public)
    entries = list(db.scalars(select(ListEntry.id)))
    derived = entry_statuses(db, entries, today)
    for entry_id in entries:
        if entry_id in derived:
            assert (derived[entry_id] == "public") == (("list_entry", entry_id) in public)
        else:
            assert ("list_entry", entry_id) not in public
    seen = set(statuses.values()) | set(derived.values())
    assert {"public", "expired"} <= seen  # the demo has both, so the pages show both


def test_the_workspace_lists_show_derived_statuses_totals_and_pages(
    demo_client: TestClient, db: Session
) -> None:
    login(demo_client, Role.admin)
    page = demo_client.get("/admin/penalties")
    assert page.status_code == 200
    html = page.text
    assert "已公示" not in html
    assert "已生效" not in html
    assert "公示中" in html
    total = int(re.search(r"共 ([\d,]+) 条", html).group(1).replace(",", ""))  # type: ignore[union-attr]
    assert total > 50
    assert "本页显示第 1–50 条" in html
    assert 'rel="next"' in html
    last = demo_client.get(f"/admin/penalties?page={(total + 49) // 50}").text
    assert 'rel="prev"' in last
    assert 'rel="next"' not in last

    lists = demo_client.get("/admin/lists").text
    assert "已生效" not in lists
    assert re.search(r"共 [\d,]+ 条", lists)
    labels = set(PUBLIC_STATUS_LABELS.values())
    assert any(label in lists for label in labels - {"公示中"})  # an ended or removed entry


def test_a_record_no_longer_public_offers_no_correction(
    demo_client: TestClient, db: Session
) -> None:
    today = clock.today()
    versions = db.execute(
        select(PenaltyVersion.id, PenaltyVersion.record_id).where(
            PenaltyVersion.status == VersionStatus.published
        )
    ).all()
    statuses = penalty_statuses(db, [v.id for v in versions], today)
    ended = next(v for v in versions if statuses[v.id] == "expired")
    shown = next(v for v in versions if statuses[v.id] == "public")
    login(demo_client, Role.clerk)
    page = demo_client.get(f"/admin/penalties/versions/{ended.id}").text
    assert "公示期满" in page
    assert f'href="/admin/penalties/{ended.record_id}/correct"' not in page
    refused = demo_client.get(f"/admin/penalties/{ended.record_id}/correct")
    assert refused.status_code == 409
    assert "公示期满" in refused.text
    page = demo_client.get(f"/admin/penalties/versions/{shown.id}").text
    assert "公示中" in page
    assert f'href="/admin/penalties/{shown.record_id}/correct"' in page
