"""Bad input names its field (forms, import, services), and the feedback-problem ledger's rules."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.inspections import findings, public_service, service
from app.inspections.fields import parse_case, parse_finding
from app.kit.actor import Role
from app.kit.errors import Conflict, Forbidden, ValidationFailed
from app.models import CampaignKind, MilestoneKind, ProblemKind
from tests.support.auth import login
from tests.support.inspections import add_case, batch, campaign, finding_raw, officers

Clock = Callable[[dt.datetime | dt.date], None]
DAY = dt.date(2026, 6, 2)


def _fields(exc: pytest.ExceptionInfo[ValidationFailed]) -> set[str]:
    return {f.field for f in exc.value.fields}


def test_a_case_row_with_every_field_wrong_names_every_field() -> None:
    with pytest.raises(ValidationFailed) as bad:
        parse_case(
            {
                "case_number": "",
                "summary": "",
                "area_code": "110101",
                "pollution_types": "臭气",
                "units": "福山区:2",
                "channel": "来访",
                "enterprises": "91370000XXXXXXXX",
                "sequence": "x",
            }
        )
    assert _fields(bad) == {
        "case_number",
        "summary",
        "area_code",
        "pollution_types",
        "units",
        "channel",
        "enterprises",
        "sequence",
    }


def test_findings_with_wrong_values_name_their_fields() -> None:
    with pytest.raises(ValidationFailed) as bad:
        parse_finding(
            {
                "investigation": "",
                "truth": "也许",
                "handling": "x",
                "fine_amount": "-3",
                "penalty_record_ids": "a,0",
                "detentions": "-1",
                "rectification_deadline": "明天",
            }
        )
    assert _fields(bad) == {
        "investigation",
        "truth",
        "fine_amount",
        "penalty_record_ids",
        "detentions",
        "rectification_deadline",
    }
    ok = parse_finding(finding_raw(truth="untrue", fine_amount="1.5", penalty_record_ids="3,3"))
    assert (ok.truth.value, str(ok.fine_amount), ok.penalty_record_ids) == ("untrue", "1.5", (3,))


def test_campaign_batch_and_milestone_rules(session: Session, frozen_clock: Clock) -> None:
    frozen_clock(DAY)
    o = officers(session)
    kwargs: dict[str, Any] = {
        "kind": CampaignKind.central,
        "round_": "r",
        "team": "t",
        "title": "x",
        "start_date": DAY,
        "end_date": DAY,
        "findings_due_days": 5,
        "publication_day": 8,
    }
    changes: list[tuple[dict[str, Any], str]] = [
        ({"end_date": DAY - dt.timedelta(days=1)}, "end_date"),
        ({"findings_due_days": 4}, "findings_due_days"),
        ({"publication_day": 99}, "publication_day"),
    ]
    for change, field in changes:
        with pytest.raises(ValidationFailed) as bad:
            service.create_campaign(session, o.office_clerk, **{**kwargs, **change})
        assert _fields(bad) == {field}
    with pytest.raises(Forbidden):
        service.create_campaign(session, o.fushan_clerk, **kwargs)
    c = campaign(session, o.office_clerk)
    with pytest.raises(Conflict):
        campaign(session, o.office_clerk)
    for number, day, field in [
        (1, DAY + dt.timedelta(days=1), "handed_over_on"),
        (1, dt.date(2026, 5, 1), "handed_over_on"),
    ]:
        with pytest.raises(ValidationFailed) as bad:
            batch(session, o.office_clerk, c.id, number, day)
        assert _fields(bad) == {field}
    b = batch(session, o.office_clerk, c.id, 1, DAY)
    with pytest.raises(Conflict):
        batch(session, o.office_clerk, c.id, 1, DAY)
    first = add_case(session, o.office_clerk, b.id, "C1")
    dup = add_case(session, o.office_clerk, b.id, "C2", duplicate_of="C1", key_concern="是")
    assert (dup.duplicate_of_id, dup.key_concern) == (first.id, True)
    with pytest.raises(ValidationFailed):
        add_case(session, o.office_clerk, b.id, "C3", duplicate_of="NOPE")
    # milestones: findings first, 办结 before 销号, the office for 销号, not in the future
    with pytest.raises(ValidationFailed) as bad:
        service.record_milestone(session, o.fushan_clerk, first.id, MilestoneKind.closed, DAY)
    assert bad.value.fields[0].code == "findings_first"
    version = findings.record_findings(
        session, o.fushan_clerk, first.id, parse_finding(finding_raw()), and_submit=True
    )
    findings.approve(session, o.office_reviewer, version.id)
    with pytest.raises(ValidationFailed):
        service.record_milestone(session, o.office_clerk, first.id, MilestoneKind.cancelled, DAY)
    with pytest.raises(ValidationFailed):
        service.record_milestone(
            session, o.fushan_clerk, first.id, MilestoneKind.closed, DAY + dt.timedelta(days=1)
        )
    service.record_milestone(session, o.fushan_clerk, first.id, MilestoneKind.closed, DAY)
    with pytest.raises(Conflict):
        service.record_milestone(session, o.fushan_clerk, first.id, MilestoneKind.closed, DAY)
    with pytest.raises(Forbidden):
        service.record_milestone(session, o.fushan_clerk, first.id, MilestoneKind.cancelled, DAY)
    service.record_milestone(session, o.office_clerk, first.id, MilestoneKind.accepted, DAY)


def test_feedback_problems_with_tasks_and_milestones(session: Session, frozen_clock: Clock) -> None:
    frozen_clock(DAY)
    o = officers(session)
    c = campaign(session, o.office_clerk)
    problem = service.create_problem(
        session,
        o.office_clerk,
        c.id,
        number=1,
        kind=ProblemKind.specific,
        title="村民闫小明反映的河道问题整改不到位",
    )
    assert "闫小明" not in problem.title
    with pytest.raises(Conflict):
        service.create_problem(
            session, o.office_clerk, c.id, number=1, kind=ProblemKind.common, title="x"
        )
    service.add_task(
        session,
        o.office_clerk,
        problem.id,
        responsible_unit="市生态环境局",
        responsible_person="市生态环境局局长",
        deadline=dt.date(2026, 6, 30),
        target="达到整改标准",
        measures="专项整治",
    )
    board = public_service.board(session, DAY, c.id)
    assert [(p.status, p.on_schedule) for p in board.problems] == [("按时序推进", True)]
    frozen_clock(dt.date(2026, 7, 1))
    late = public_service.board(session, dt.date(2026, 7, 1), c.id).problems[0]
    assert (late.status, late.on_schedule) == ("逾期未达到整改标准", False)
    service.record_problem_milestone(
        session, o.office_clerk, problem.id, MilestoneKind.standard_reached, dt.date(2026, 7, 1)
    )
    with pytest.raises(ValidationFailed):
        service.record_problem_milestone(
            session, o.office_clerk, problem.id, MilestoneKind.closed, dt.date(2026, 7, 1)
        )
    now = public_service.board(session, dt.date(2026, 7, 1), c.id).problems[0]
    assert (now.standard_reached, now.closed, now.on_schedule) == (True, False, True)


def test_workspace_return_and_milestone_forms(
    client: TestClient, session: Session, frozen_clock: Clock
) -> None:
    frozen_clock(DAY)
    o = officers(session)
    c = campaign(session, o.office_clerk)
    b = batch(session, o.office_clerk, c.id, 1, DAY)
    case = add_case(session, o.office_clerk, b.id, "W1")
    version = findings.record_findings(
        session, o.office_clerk, case.id, parse_finding(finding_raw()), and_submit=True
    )
    session.commit()
    login(client, Role.reviewer)
    page = client.get(f"/admin/inspections/cases/{case.id}")
    assert "退回修改" in page.text
    empty = client.post(f"/admin/inspections/findings/{version.id}/return", data={"comment": ""})
    assert empty.status_code == 422
    assert "请填写退回原因" in empty.text
    done = client.post(
        f"/admin/inspections/findings/{version.id}/return",
        data={"comment": "请补充"},
        follow_redirects=False,
    )
    assert done.status_code == 303
    bad = client.post(f"/admin/inspections/cases/{case.id}/milestones", data={"kind": "x"})
    assert bad.status_code == 422
    assert "请选择节点" in bad.text
    login(client, Role.clerk)
    resubmit = client.post(
        f"/admin/inspections/findings/{version.id}/submit", follow_redirects=False
    )
    assert resubmit.status_code == 303
    assert client.get("/admin/inspections").status_code == 200
    assert client.get(f"/admin/inspections/campaigns/{c.id}").status_code == 200
    nofile = client.post(f"/admin/inspections/batches/{b.id}/import")
    assert nofile.status_code == 422
    assert (
        client.post(
            f"/admin/inspections/batches/{b.id}/import/confirm", data={"token": "x.y"}
        ).status_code
        == 422
    )


def test_the_office_keeps_the_feedback_problems_in_the_workspace(
    client: TestClient, session: Session, frozen_clock: Clock
) -> None:
    frozen_clock(DAY)
    o = officers(session)
    c = campaign(session, o.office_clerk)
    session.commit()
    login(client, Role.clerk)
    made = client.post(
        f"/admin/inspections/campaigns/{c.id}/problems",
        data={"number": "1", "kind": "common", "title": "部分区市黑臭水体整治滞后"},
        follow_redirects=False,
    )
    assert made.status_code == 303
    bad = client.post(f"/admin/inspections/campaigns/{c.id}/problems", data={"number": "2"})
    assert bad.status_code == 422
    problem_id = public_service.board(session, DAY, c.id).problems[0].problem_id
    task = client.post(
        f"/admin/inspections/problems/{problem_id}/tasks",
        data={
            "responsible_unit": "市住房城乡建设局",
            "responsible_person": "分管副市长",
            "deadline": "2026-12-31",
            "target": "消除黑臭",
            "measures": "截污纳管",
        },
        follow_redirects=False,
    )
    assert task.status_code == 303
    assert (
        client.post(f"/admin/inspections/problems/{problem_id}/tasks", data={}).status_code == 422
    )
    mark = client.post(
        f"/admin/inspections/problems/{problem_id}/milestones",
        data={"kind": "standard_reached", "day": DAY.isoformat()},
        follow_redirects=False,
    )
    assert mark.status_code == 303
    assert client.post("/admin/inspections/problems/999999/tasks", data={}).status_code == 404
    page = client.get(f"/inspections?campaign={c.id}")
    assert "部分区市黑臭水体整治滞后" in page.text
    assert "达到整改标准 1 个" in page.text
    assert "分管副市长" in page.text
