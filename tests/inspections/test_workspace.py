"""The workspace pages: the office creates a campaign and a batch and imports the batch (every
error shown before anything is saved); a county clerk records findings; another county gets 404;
an office reviewer approves; the deadlines panel."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.kit.actor import Role
from app.kit.csv import csv_bytes
from app.models import InspectionCampaign, InspectionCase
from tests.support.auth import login

Clock = Callable[[dt.datetime | dt.date], None]
HEADER = ["序号", "受理编号", "交办问题基本情况", "行政区域", "污染类型", "承办单位", "来电来信"]
ROWS = [
    ["1", "D3SX202606020001", "反映村民闫小明焚烧垃圾", "福山区", "大气", "福山区", "来电"],
    ["2", "D3SX202606020002", "反映某厂噪声扰民", "莱山区", "噪声", "莱山区", "来信"],
]


def _upload(client: TestClient, batch_id: int, rows: list[list[str]]) -> str:
    response = client.post(
        f"/admin/inspections/batches/{batch_id}/import",
        files={"file": ("第1批.csv", csv_bytes(HEADER, rows), "text/csv")},
    )
    return str(response.text)


def test_office_imports_a_batch_and_the_units_work_their_cases(
    client: TestClient, session: Session, frozen_clock: Clock
) -> None:
    frozen_clock(dt.date(2026, 6, 2))
    login(client, Role.clerk)  # city-wide: the inspection office
    response = client.post(
        "/admin/inspections/campaigns",
        follow_redirects=False,
        data={
            "kind": "provincial",
            "title": "第三轮省级督察",
            "round": "第三轮",
            "team": "山东省第二生态环境保护督察组",
            "start_date": "2026-06-01",
            "end_date": "2026-07-01",
            "findings_due_days": "5",
            "publication_day": "8",
        },
    )
    assert response.status_code == 303
    campaign_id = session.scalars(select(InspectionCampaign.id)).one()
    bad = client.post(f"/admin/inspections/campaigns/{campaign_id}/batches", data={"number": "x"})
    assert bad.status_code == 422
    client.post(
        f"/admin/inspections/campaigns/{campaign_id}/batches",
        data={"number": "1", "handed_over_on": "2026-06-02"},
    )
    page = client.get(f"/admin/inspections/campaigns/{campaign_id}")
    batch_id = int(page.text.split("/admin/inspections/batches/")[1].split("/")[0])
    # a preview with an error: nothing is saved
    text = _upload(
        client,
        batch_id,
        [
            *ROWS,
            ["3", "D3SX202606020001", "重复", "福山区", "水", "福山区", "来电"],
            ["4", "D3SX202606020004", "x", "福山区", "臭气", "无此单位", "来电"],
        ],
    )
    assert "与第2行重复" in text
    assert "未知的承办单位" in text
    assert "污染类型应为" in text
    assert session.scalar(select(func.count()).select_from(InspectionCase)) == 0
    text = _upload(client, batch_id, ROWS)
    assert "全部校验通过" in text
    token = text.split('name="token" value="')[1].split('"')[0]
    confirmed = client.post(
        f"/admin/inspections/batches/{batch_id}/import/confirm",
        data={"token": token},
        follow_redirects=False,
    )
    assert confirmed.status_code == 303
    cases = {c.case_number: c for c in session.scalars(select(InspectionCase))}
    assert set(cases) == {"D3SX202606020001", "D3SX202606020002"}
    assert "闫小明" not in cases["D3SX202606020001"].summary
    fushan_case = cases["D3SX202606020001"].id
    # the 福山区 clerk sees the deadline on the home page and records findings
    frozen_clock(dt.date(2026, 6, 7))
    login(client, Role.clerk, districts=["370611"])
    home = client.get("/admin")
    assert "督察信访件期限" in home.text
    assert "今日到期" in home.text
    assert client.get(f"/admin/inspections/cases/{cases['D3SX202606020002'].id}").status_code == 404
    saved = client.post(
        f"/admin/inspections/cases/{fushan_case}/findings",
        follow_redirects=False,
        data={
            "investigation": "经查属实",
            "truth": "属实",
            "handling": "已责令整改",
            "action": "submit",
        },
    )
    assert saved.status_code == 303
    # another county: 404 on the case and on its findings
    login(client, Role.clerk, districts=["370613"])
    assert client.get(f"/admin/inspections/cases/{fushan_case}").status_code == 404
    # an office reviewer approves
    login(client, Role.reviewer)
    case_page = client.get(f"/admin/inspections/cases/{fushan_case}")
    assert "审核通过" in case_page.text
    finding_id = int(case_page.text.split("/admin/inspections/findings/")[1].split("/")[0])
    assert (
        client.post(
            f"/admin/inspections/findings/{finding_id}/approve", follow_redirects=False
        ).status_code
        == 303
    )
    frozen_clock(dt.date(2026, 6, 10))
    assert client.get(f"/inspections/cases/{fushan_case}").status_code == 200
