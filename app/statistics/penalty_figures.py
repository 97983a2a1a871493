"""Public penalties by district, violation type, industry, month and year: how many, and the
fines in 万元 (exact decimals). All five count the same rows: the penalties public on the day
looked at (``StatContext.penalties``), so that they add up to the same total."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any

from app.kit.regions import current_divisions, division_name
from app.statistics.charts import OKABE_ITO
from app.statistics.context import StatContext
from app.statistics.filters import MONTHS_MAX, months, months_cut, years
from app.statistics.repository import PenaltyFact
from app.statistics.tables import RATE_PLACES, Chart, Column, Series, StatTable, Value

TOP = 15  # bars drawn for the long lists (types, industries); the table has every row
COUNT = Column("count", "处罚数量（件）")
FINE = Column("fine", "罚款金额（万元）", "amount")
NO_INDUSTRY = "未登记行业（含自然人）"
NO_DISTRICT = "未注明区县"
PUBLIC_NOTE = (
    "只计入查询日仍在公示期内的行政处罚：公示期满、信用修复或撤销的处罚不再计入，"
    "所以越早的月份和年份数字越小，这不表示违法行为减少。"
)


def _series(ctx: StatContext) -> tuple[Series, ...]:
    if ctx.filters.measure == "fine":
        return (Series("fine", OKABE_ITO["vermillion"]),)
    return (Series("count", OKABE_ITO["blue"]),)


def _sums(
    facts: Iterable[PenaltyFact], key: Callable[[PenaltyFact], Any]
) -> dict[Any, tuple[int, Decimal]]:
    counts: dict[Any, int] = defaultdict(int)
    fines: dict[Any, Decimal] = defaultdict(Decimal)
    for fact in facts:
        k = key(fact)
        counts[k] += 1
        fines[k] += fact.fine or Decimal(0)
    return {k: (counts[k], fines[k]) for k in counts}


def _row(label: str, figures: tuple[int, Decimal] | None) -> dict[str, Value]:
    count, fine = figures or (0, Decimal(0))
    return {"label": label, "count": count, "fine": fine}


def by_district(ctx: StatContext) -> StatTable:
    sums = _sums(ctx.penalties(), lambda f: f.district_code)
    enterprises = ctx.enterprise_counts()
    codes = [d.code for d in current_divisions()]
    codes += sorted(c for c in sums if c is not None and c not in codes)
    if None in sums:
        codes.append(None)  # type: ignore[arg-type]  # penalties without a district, last
    if ctx.filters.district:
        codes = [ctx.filters.district]
    rows = []
    for code in codes:
        row = _row(division_name(code) or code or NO_DISTRICT, sums.get(code))
        registered = enterprises.get(code, 0) if code else None
        row["code"] = code
        row["enterprises"] = registered
        count = int(row["count"] or 0)
        row["rate"] = (
            (Decimal(count) * 1000 / registered).quantize(RATE_PLACES) if registered else None
        )
        rows.append(row)
    return StatTable(
        key="penalties_by_district",
        title="公示中的行政处罚：按区县",
        description="按处罚所属区县统计；区县按行政区划顺序排列，不是排名。"
        "“每千家企业”为处罚数量除以该区县登记企业数再乘以1000。",
        columns=(
            Column("label", "区县", "text"),
            Column("code", "行政区划代码", "text"),
            COUNT,
            FINE,
            Column("enterprises", "登记企业数（家）"),
            Column("rate", "每千家企业处罚数", "rate"),
        ),
        rows=tuple(rows),
        chart=Chart("label", _series(ctx)),
        notes=(PUBLIC_NOTE,),
    )


def _ranked(
    key: str,
    title: str,
    label: str,
    description: str,
    sums: dict[Any, tuple[int, Decimal]],
    ctx: StatContext,
) -> StatTable:
    ordered = sorted(sums.items(), key=lambda kv: (-kv[1][0], -kv[1][1], str(kv[0])))
    rows = tuple(_row(name, figures) for name, figures in ordered)
    notes = [PUBLIC_NOTE]
    if len(rows) > TOP:
        notes.append(f"图中只画出数量最多的{TOP}项；共{len(rows)}项，全部见下表。")
    return StatTable(
        key=key,
        title=title,
        description=description,
        columns=(Column("label", label, "text"), COUNT, FINE),
        rows=rows,
        chart=Chart("label", _series(ctx), limit=TOP),
        notes=tuple(notes),
    )


def by_violation_type(ctx: StatContext) -> StatTable:
    return _ranked(
        "penalties_by_violation_type",
        "公示中的行政处罚：按违法行为类型",
        "违法行为类型",
        "按违法行为类型统计，数量多的在前。",
        _sums(ctx.penalties(), lambda f: f.violation_type),
        ctx,
    )


def by_industry(ctx: StatContext) -> StatTable:
    return _ranked(
        "penalties_by_industry",
        "公示中的行政处罚：按行业",
        "行业",
        "按被处罚企业的登记行业统计，数量多的在前；自然人和未登记行业的单独列出。",
        _sums(ctx.penalties(), lambda f: f.industry or NO_INDUSTRY),
        ctx,
    )


def by_month(ctx: StatContext) -> StatTable:
    sums = _sums(ctx.penalties(), lambda f: (f.decision_date.year, f.decision_date.month))
    covered = months(ctx.filters)
    rows = tuple(_row(f"{m.year}-{m.month:02d}", sums.get((m.year, m.month))) for m in covered)
    notes = [PUBLIC_NOTE]
    cut = months_cut(ctx.filters)
    if cut:
        notes.append(
            f"统计期超过{MONTHS_MAX}个月：只列出最近{MONTHS_MAX}个月，较早的{cut}个月未列出。"
        )
    span = f"{rows[0]['label']} 至 {rows[-1]['label']}" if rows else "无"
    return StatTable(
        key="penalties_by_month",
        title="公示中的行政处罚：按处罚决定月份",
        description=f"按处罚决定日期所在月份统计（{span}）；未选统计期时为截至查询日的最近24个月。",
        columns=(Column("label", "月份", "text"), COUNT, FINE),
        rows=rows,
        chart=Chart("label", _series(ctx)),
        notes=tuple(notes),
    )


def by_year(ctx: StatContext) -> StatTable:
    facts = ctx.penalties()
    sums = _sums(facts, lambda f: f.decision_date.year)
    covered = years(ctx.filters)
    first = min([*sums, covered[0]]) if covered else min(sums, default=ctx.filters.day.year)
    rows = tuple(_row(str(y), sums.get(y)) for y in range(first, ctx.filters.period_end.year + 1))
    return StatTable(
        key="penalties_by_year",
        title="公示中的行政处罚：按处罚决定年份",
        description="按处罚决定日期所在年份统计；当年为截至查询日的数字。",
        columns=(Column("label", "年份", "text"), COUNT, FINE),
        rows=rows,
        chart=Chart("label", _series(ctx)),
        notes=(PUBLIC_NOTE,),
    )
