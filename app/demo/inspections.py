"""Demo data of the inspection case ledger, written with bulk inserts:

- a historical central campaign (中央第三生态环境保护督察组, 2017) that reproduces the article's
  figures: 881 cases handed over in 30 batches, 873 rectified and closed (整改销号), 8 open
  (3 阶段性办结, 5 正在办理); 27 feedback problems (5 个性, 22 共性), 9 at the rectification
  standard, 6 closed off, 21 progressing on schedule;
- a current provincial campaign in progress, dated from ``as_of``: batches handed over in the
  last three weeks, with findings approved, awaiting review, due today, due within 2 days and
  overdue.

``extra_campaigns`` adds more central-sized campaigns (the board's benchmark: 20 campaigns,
100,000 cases). Dates derive from ``as_of`` except the historical campaign's (it happened).
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any, cast

from sqlalchemy import Connection, Table, func, select

from app.demo.bulk import write
from app.kit.clock import SHANGHAI
from app.models import (
    Enterprise,
    InspectionBatch,
    InspectionCampaign,
    InspectionCase,
    InspectionCaseEnterprise,
    InspectionCaseProblem,
    InspectionCaseUnit,
    InspectionFinding,
    InspectionMilestone,
    InspectionProblem,
    InspectionTask,
    InspectionUnit,
)

HISTORICAL_START = dt.date(2017, 8, 11)
HISTORICAL_TITLE = "2017年中央生态环境保护督察"
CASES = 881
OPEN_STAGE = 3  # 阶段性办结, not closed
OPEN_GOING = 5  # 正在办理
PROBLEMS = (5, 22)  # 个性, 共性
STANDARD, CLOSED_OFF = 9, 6

TYPES = ("水", "大气", "土壤", "生态破坏", "噪声", "辐射", "海洋", "固废", "其他")
TYPE_WEIGHTS = (18, 34, 4, 8, 14, 1, 5, 12, 4)
TRUTHS = ("true", "mostly_true", "partly_true", "untrue")
TRUTH_WEIGHTS = (45, 20, 15, 20)
PLACES = ("村", "社区", "小区", "工业园", "路", "街道")
PROBLEMS_TEXT = (
    ("大气", "某企业夜间排放刺鼻气味，废气收集处理设施运行不正常"),
    ("水", "某养殖场废水直排河道，河水发黑发臭"),
    ("噪声", "某工地夜间施工噪声扰民"),
    ("固废", "某村附近有人倾倒建筑垃圾和生活垃圾"),
    ("生态破坏", "某山体被私挖乱采，植被破坏严重"),
    ("海洋", "某海水养殖池尾水未经处理排海"),
    ("土壤", "某厂区内堆存危险废物，存在土壤污染风险"),
    ("其他", "某加油站油气回收装置未正常运行"),
)
PERSONS = ("闫某", "王某", "李某", "张某", "刘某", "孙某")


def _table(model: Any) -> Table:
    return cast(Table, model.__table__)


TABLES = {
    m.__tablename__: _table(m)
    for m in (
        InspectionCampaign,
        InspectionBatch,
        InspectionCase,
        InspectionCaseUnit,
        InspectionCaseProblem,
        InspectionCaseEnterprise,
        InspectionFinding,
        InspectionProblem,
        InspectionMilestone,
        InspectionTask,
    )
}


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=SHANGHAI).astimezone(dt.UTC)


class InspectionDemo:
    def __init__(self, conn: Connection, seed: int, as_of: dt.date) -> None:
        self.conn = conn
        self.rng = random.Random(f"{seed}:inspections")
        self.as_of = as_of
        self.ids = {
            name: (conn.scalar(select(func.max(t.c.id))) or 0) + 1
            for name, t in TABLES.items()
            if "id" in t.c
        }
        units = conn.execute(
            select(InspectionUnit.id, InspectionUnit.name, InspectionUnit.district_code)
        ).all()
        self.districts = [(u.id, u.district_code) for u in units if u.district_code]
        self.departments = [u.id for u in units if u.district_code is None]
        self.usccs = list(conn.scalars(select(Enterprise.uscc).order_by(Enterprise.id).limit(300)))
        self.rows: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLES}

    def _id(self, table: str) -> int:
        value = self.ids[table]
        self.ids[table] = value + 1
        return value

    def _campaign(self, **values: Any) -> int:
        cid = self._id("inspection_campaigns")
        self.rows["inspection_campaigns"].append({"id": cid, **values})
        return cid

    def _case(
        self, campaign_id: int, batch_id: int, number: str, sequence: int, handed: dt.date
    ) -> tuple[int, str]:
        rng = self.rng
        case_id = self._id("inspection_cases")
        kind, text = rng.choice(PROBLEMS_TEXT)
        unit_id, area = rng.choice(self.districts)
        place = f"{rng.choice(('东', '西', '南', '北', '新'))}{rng.choice(PLACES)}"
        self.rows["inspection_cases"].append(
            {
                "id": case_id,
                "campaign_id": campaign_id,
                "batch_id": batch_id,
                "case_number": number,
                "sequence": sequence,
                "channel": "来信" if rng.random() < 0.3 else "来电",
                "key_concern": rng.random() < 0.05,
                "duplicate_of_id": None,
                "summary": f"反映{place}{text}，村民{rng.choice(PERSONS)}等多次反映未解决。",
                "area_code": area,
            }
        )
        shared = rng.random() < 0.08
        if shared:
            other = rng.choice(self.departments)
            self.rows["inspection_case_units"] += [
                {"case_id": case_id, "unit_id": unit_id, "share": Decimal("0.5")},
                {"case_id": case_id, "unit_id": other, "share": Decimal("0.5")},
            ]
        else:
            self.rows["inspection_case_units"].append(
                {"case_id": case_id, "unit_id": unit_id, "share": Decimal(1)}
            )
        types = {kind}
        if rng.random() < 0.25:
            types.add(rng.choices(TYPES, TYPE_WEIGHTS)[0])
        for t in sorted(types):
            self.rows["inspection_case_problems"].append({"case_id": case_id, "pollution_type": t})
        if self.usccs and rng.random() < 0.15:
            self.rows["inspection_case_enterprises"].append(
                {"case_id": case_id, "uscc": rng.choice(self.usccs), "enterprise_id": None}
            )
        return case_id, kind

    def _finding(
        self, case_id: int, submitted: dt.date, approved: dt.date | None, deadline: dt.date
    ) -> str:
        rng = self.rng
        truth = rng.choices(TRUTHS, TRUTH_WEIGHTS)[0]
        untrue = truth == "untrue"
        self.rows["inspection_findings"].append(
            {
                "id": self._id("inspection_findings"),
                "case_id": case_id,
                "version": 1,
                "status": "published" if approved else "submitted",
                "submitted_at": _at(submitted),
                "reviewed_at": _at(approved) if approved else None,
                "published_at": _at(approved) if approved else None,
                "published_on": approved,
                "superseded_on": None,
                "superseded_at": None,
                "investigation": "经现场核查，反映问题不属实，未发现相关环境违法行为。"
                if untrue
                else "经现场核查，反映问题属实，相关设施未正常运行。",
                "truth": truth,
                "handling": "已向群众反馈核查情况。"
                if untrue
                else "已责令立即整改，现场督导完成整改，将持续跟踪。",
                "accountability": "无" if untrue or rng.random() < 0.8 else "约谈相关负责人1人。",
                "ordered_rectification": 0 if untrue else 1,
                "penalty_cases": 0 if untrue or rng.random() < 0.85 else 1,
                "penalty_record_ids": [],
                "fine_amount": None,
                "criminal_cases": 0,
                "detentions": 0,
                "interviews": 0,
                "accountable_persons": 0,
                "rectification_deadline": deadline,
                "internal_note": None,
            }
        )
        return truth

    def _milestone(
        self, case_id: int | None, kind: str, day: dt.date, problem_id: int | None = None
    ) -> None:
        self.rows["inspection_milestones"].append(
            {
                "id": self._id("inspection_milestones"),
                "case_id": case_id,
                "problem_id": problem_id,
                "kind": kind,
                "day": day,
                "effective_on": day,
                "note": "",
                "recorded_at": _at(day),
            }
        )

    def central(
        self,
        title: str,
        start: dt.date,
        cases: int = CASES,
        *,
        open_stage: int = OPEN_STAGE,
        open_going: int = OPEN_GOING,
        batches: int = 30,
        prefix: str = "D3SD",
    ) -> int:
        """A finished central campaign: ``cases`` in ``batches``, all but the open ones closed
        and closed off (销号)."""
        rng = self.rng
        cid = self._campaign(
            kind="central",
            round="第一轮第四批",
            team="中央第三生态环境保护督察组",
            title=title,
            start_date=start,
            end_date=start + dt.timedelta(days=30),
            findings_due_days=5,
            publication_day=8,
            closing_due_days=60,
        )
        per = [cases // batches + (1 if i < cases % batches else 0) for i in range(batches)]
        open_total = open_stage + open_going
        made = 0
        for b, count in enumerate(per, start=1):
            handed = start + dt.timedelta(days=b - 1)
            bid = self._id("inspection_batches")
            self.rows["inspection_batches"].append(
                {
                    "id": bid,
                    "campaign_id": cid,
                    "number": b,
                    "handed_over_on": handed,
                    "findings_due_on": handed + dt.timedelta(days=5),
                    "public_from": handed + dt.timedelta(days=8),
                    "calls": 0,
                    "letters": 0,
                }
            )
            for s in range(1, count + 1):
                made += 1
                number = f"{prefix}{handed:%Y%m%d}{s:04d}"
                case_id, _kind = self._case(cid, bid, number, s, handed)
                approved = handed + dt.timedelta(days=rng.randint(3, 5))
                is_open = made > cases - open_total
                deadline = (
                    dt.date(self.as_of.year + 1, 12, 31)
                    if is_open
                    else handed + dt.timedelta(days=rng.randint(20, 200))
                )
                self._finding(case_id, approved - dt.timedelta(days=1), approved, deadline)
                if is_open:
                    if made > cases - open_stage:
                        self._milestone(case_id, "stage_closed", approved + dt.timedelta(days=60))
                    continue
                closed = min(deadline, handed + dt.timedelta(days=rng.randint(10, 300)))
                self._milestone(case_id, "closed", closed)
                self._milestone(case_id, "accepted", closed + dt.timedelta(days=10))
                self._milestone(case_id, "closing_notice", closed + dt.timedelta(days=15))
                self._milestone(case_id, "cancelled", closed + dt.timedelta(days=25))
        self._count_channels(cid)
        return cid

    def _count_channels(self, campaign_id: int) -> None:
        letters: dict[int, int] = {}
        calls: dict[int, int] = {}
        for case in self.rows["inspection_cases"]:
            if case["campaign_id"] == campaign_id:
                tally = letters if case["channel"] == "来信" else calls
                tally[case["batch_id"]] = tally.get(case["batch_id"], 0) + 1
        for row in self.rows["inspection_batches"]:
            if row["campaign_id"] == campaign_id:
                row["letters"] = letters.get(row["id"], 0)
                row["calls"] = calls.get(row["id"], 0)

    def feedback_problems(self, campaign_id: int, start: dt.date) -> None:
        specific, common = PROBLEMS
        for n in range(1, specific + common + 1):
            pid = self._id("inspection_problems")
            kind = "specific" if n <= specific else "common"
            self.rows["inspection_problems"].append(
                {
                    "id": pid,
                    "campaign_id": campaign_id,
                    "number": n,
                    "kind": kind,
                    "title": f"{'个性' if kind == 'specific' else '共性'}问题{n}："
                    f"{self.rng.choice(PROBLEMS_TEXT)[1].replace('某', '部分')}",
                    "description": "督察反馈指出的问题，按整改方案推进。",
                }
            )
            reached = n <= STANDARD
            deadline = (
                start + dt.timedelta(days=300) if reached else dt.date(self.as_of.year + 1, 12, 31)
            )
            self.rows["inspection_tasks"].append(
                {
                    "id": self._id("inspection_tasks"),
                    "problem_id": pid,
                    "responsible_unit": "市生态环境局" if n % 2 else "市住房城乡建设局",
                    "responsible_person": "分管副市长" if n % 3 else "市生态环境局局长",
                    "deadline": deadline,
                    "target": "问题整改到位，建立长效机制",
                    "measures": "制定专项方案，定期调度，逐项销号",
                }
            )
            if reached:
                self._milestone(None, "standard_reached", start + dt.timedelta(days=200), pid)
            if n <= CLOSED_OFF:
                self._milestone(None, "cancelled", start + dt.timedelta(days=260), pid)

    def current(self) -> int:
        """The provincial campaign in progress around ``as_of``."""
        rng = self.rng
        start = self.as_of - dt.timedelta(days=20)
        cid = self._campaign(
            kind="provincial",
            round="第三轮",
            team="山东省第二生态环境保护督察组",
            title=f"{start.year}年省级生态环境保护例行督察",
            start_date=start,
            end_date=start + dt.timedelta(days=35),
            findings_due_days=7,
            publication_day=8,
            closing_due_days=30,
        )
        for b, days_ago in enumerate((18, 12, 7, 5, 1), start=1):
            handed = self.as_of - dt.timedelta(days=days_ago)
            bid = self._id("inspection_batches")
            self.rows["inspection_batches"].append(
                {
                    "id": bid,
                    "campaign_id": cid,
                    "number": b,
                    "handed_over_on": handed,
                    "findings_due_on": handed + dt.timedelta(days=7),
                    "public_from": handed + dt.timedelta(days=8),
                    "calls": 0,
                    "letters": 0,
                }
            )
            for s in range(1, 13):
                number = f"{handed:%Y%m%d}-{s}"
                case_id, _kind = self._case(cid, bid, number, s, handed)
                if days_ago >= 12 and s <= 10:  # reported and approved
                    approved = handed + dt.timedelta(days=rng.randint(3, 6))
                    self._finding(case_id, approved, approved, handed + dt.timedelta(days=30))
                    if s <= 4:
                        self._milestone(case_id, "closed", approved + dt.timedelta(days=2))
                elif days_ago == 7 and s <= 5:  # submitted, awaiting the office's review
                    self._finding(
                        case_id,
                        self.as_of - dt.timedelta(days=1),
                        None,
                        handed + dt.timedelta(days=30),
                    )
        self._count_channels(cid)
        return cid

    def write(self) -> dict[str, int]:
        for name, table in TABLES.items():
            write(self.conn, table, self.rows[name])
        if self.conn.dialect.name == "postgresql":  # ids were given: move the sequences on
            for name, table in TABLES.items():
                if "id" in table.c:
                    highest = select(func.max(table.c.id)).scalar_subquery()
                    sequence = func.pg_get_serial_sequence(name, "id")
                    self.conn.execute(select(func.setval(sequence, highest)))
        return {name: len(rows) for name, rows in self.rows.items() if rows}


def build_inspections(
    conn: Connection,
    seed: int,
    as_of: dt.date,
    extra_campaigns: int = 0,
    cases_per_campaign: int = CASES,
) -> dict[str, int]:
    """Write the demo campaigns (see the module docstring); returns rows per table. A database
    that has them already (``ecocredit demo --force`` run again) keeps them."""
    title = InspectionCampaign.title
    if conn.scalar(select(title).where(title == HISTORICAL_TITLE)) is not None:
        return {}
    demo = InspectionDemo(conn, seed, as_of)
    historical = demo.central(HISTORICAL_TITLE, HISTORICAL_START)
    demo.feedback_problems(historical, HISTORICAL_START)
    demo.current()
    for n in range(extra_campaigns):
        start = dt.date(2018, 1, 1) + dt.timedelta(days=90 * n)
        demo.central(f"基准测试督察{n + 1}", start, cases_per_campaign, prefix=f"B{n:02d}X")
    return demo.write()
