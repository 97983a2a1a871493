"""Red and black lists (in force, and added per year), credit levels (the distribution and its
change over a year) and credit repair outcomes."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from app.credit.repository import schemes_by_code
from app.kit.regions import current_divisions, division_name
from app.models import ListType
from app.statistics import repository
from app.statistics.charts import OKABE_ITO
from app.statistics.context import StatContext
from app.statistics.filters import years
from app.statistics.tables import Chart, Column, Series, StatTable, Value

SMALL = 3  # repair counts below this are withheld once a district or industry is chosen
WITHHELD = f"少于{SMALL}"
LIST_COLOURS = {ListType.black: OKABE_ITO["black"], ListType.red: OKABE_ITO["vermillion"]}


def lists_in_force(ctx: StatContext) -> StatTable:
    day = ctx.filters.period_end
    counts: Counter[tuple[str | None, ListType]] = Counter(
        (e.district_code, e.list_type) for e in ctx.entries_in_force(day)
    )
    codes: list[str | None] = [d.code for d in current_divisions()]
    codes += sorted({c for c, _ in counts if c is not None and c not in codes})
    if any(c is None for c, _ in counts):
        codes.append(None)
    if ctx.filters.district:
        codes = [ctx.filters.district]
    rows = tuple(
        {
            "label": division_name(code) or code or "未注明区县",
            "code": code,
            "black": counts[(code, ListType.black)],
            "red": counts[(code, ListType.red)],
        }
        for code in codes
    )
    return StatTable(
        key="lists_in_force",
        title=f"在列的黑名单与红名单：按区县（{day.isoformat()}）",
        description="统计期末（查询日，或所选截止日期）仍在有效期内的名单条目，按企业所属区县；"
        "黑名单为失信惩戒名单，红名单为守信激励名单。",
        columns=(
            Column("label", "区县", "text"),
            Column("code", "行政区划代码", "text"),
            Column("black", "黑名单在列（条）"),
            Column("red", "红名单在列（条）"),
        ),
        rows=rows,
        chart=Chart(
            "label",
            (
                Series("black", LIST_COLOURS[ListType.black]),
                Series("red", LIST_COLOURS[ListType.red]),
            ),
        ),
    )


def lists_by_year(ctx: StatContext) -> StatTable:
    rows = []
    for year in years(ctx.filters):
        snapshot = min(dt.date(year, 12, 31), ctx.filters.day)
        entries = ctx.entries_in_force(snapshot)
        row: dict[str, Value] = {"label": str(year), "day": snapshot.isoformat()}
        for list_type in ListType:
            mine = [e for e in entries if e.list_type == list_type]
            row[f"{list_type.value}_added"] = sum(1 for e in mine if e.start_date.year == year)
            row[f"{list_type.value}_in_force"] = len(mine)
        rows.append(row)
    return StatTable(
        key="lists_by_year",
        title="黑名单与红名单：每年新列入与年末在列",
        description="“年末在列”为当年12月31日（当年为查询日）仍在有效期内的条目；"
        "“新列入”为其中列入日期在当年的条目。提前移出（撤销）的条目不再计入。",
        columns=(
            Column("label", "年份", "text"),
            Column("day", "统计日", "text"),
            Column("black_added", "黑名单新列入（条）"),
            Column("black_in_force", "黑名单年末在列（条）"),
            Column("red_added", "红名单新列入（条）"),
            Column("red_in_force", "红名单年末在列（条）"),
        ),
        rows=tuple(rows),
        chart=Chart(
            "label",
            (
                Series("black_added", LIST_COLOURS[ListType.black]),
                Series("red_added", LIST_COLOURS[ListType.red]),
            ),
        ),
    )


def _level_labels(ctx: StatContext) -> list[tuple[str, str]]:
    """(code, label) of every level of the schemes, best first, each code once."""
    seen: dict[str, str] = {}
    schemes = sorted(schemes_by_code(ctx.session).values(), key=lambda s: s.effective_from)
    for scheme in reversed(schemes):
        for level in scheme.definition.get("levels", []):
            code = str(level.get("code"))
            seen.setdefault(code, f"{level.get('label', code)}（{level.get('name', '')}）")
    return list(seen.items())


def _year_before(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def credit_levels(ctx: StatContext) -> StatTable:
    day = ctx.filters.period_end
    before = _year_before(day)
    now = repository.level_counts(ctx.session, day, ctx.filters)
    then = repository.level_counts(ctx.session, before, ctx.filters)
    labels = _level_labels(ctx)
    known = {code for code, _ in labels}
    labels += [(code, code) for code in sorted((set(now) | set(then)) - known)]
    rows: tuple[dict[str, Value], ...] = tuple(
        {
            "label": label,
            "code": code,
            "now": now[code],
            "before": then[code],
            "change": now[code] - then[code],
        }
        for code, label in labels
    )
    return StatTable(
        key="credit_levels",
        title=f"环境信用等级分布及一年来的变化（{day.isoformat()}）",
        description=f"统计期末（{day.isoformat()}）与一年前（{before.isoformat()}）各等级的企业数，"
        "即当日企业信用记录页显示的等级；未参评的企业不计入。",
        columns=(
            Column("label", "等级", "text"),
            Column("code", "等级代码", "text"),
            Column("now", f"{day.isoformat()}（家）"),
            Column("before", f"{before.isoformat()}（家）"),
            Column("change", "增减（家）", "change"),
        ),
        rows=rows,
        chart=Chart(
            "label", (Series("now", OKABE_ITO["blue"]), Series("before", OKABE_ITO["purple"]))
        ),
    )


def repair_outcomes(ctx: StatContext) -> StatTable:
    facts = repository.repairs(ctx.session, ctx.filters)
    by_year: dict[int, Counter[str]] = {}
    for fact in facts:
        by_year.setdefault(fact.submitted_on.year, Counter())[fact.outcome] += 1
    covered = years(ctx.filters)
    first = min([*by_year, covered[0]]) if covered else ctx.filters.day.year
    narrow = bool(ctx.filters.district or ctx.filters.industry)
    rows = []
    for year in range(first, ctx.filters.period_end.year + 1):
        outcomes = by_year.get(year, Counter())
        row: dict[str, Any] = {"label": str(year), "submitted": sum(outcomes.values())}
        for outcome in ("approved", "rejected", "open"):
            row[outcome] = outcomes[outcome]
        if narrow:
            row = {k: _withheld(v) for k, v in row.items()}
        rows.append(row)
    notes: tuple[str, ...] = ()
    if narrow:
        notes = (f"选择了区县或行业时，少于{SMALL}件的数字不单独显示，以免识别出具体申请人。",)
    return StatTable(
        key="repair_outcomes",
        title="信用修复申请及结果：按申请年份",
        description="截至查询日提出的信用修复申请及其当日的办理结果；查询日之后作出的决定仍计为办理中。",
        columns=(
            Column("label", "申请年份", "text"),
            Column("submitted", "申请（件）", missing=WITHHELD),
            Column("approved", "准予修复（件）", missing=WITHHELD),
            Column("rejected", "不予修复（件）", missing=WITHHELD),
            Column("open", "办理中（件）", missing=WITHHELD),
        ),
        rows=tuple(rows),
        chart=Chart(
            "label",
            (
                Series("approved", OKABE_ITO["green"]),
                Series("rejected", OKABE_ITO["vermillion"]),
                Series("open", OKABE_ITO["blue"]),
            ),
        ),
        notes=notes,
    )


def _withheld(value: Any) -> Any:
    return None if isinstance(value, int) and 0 < value < SMALL else value
