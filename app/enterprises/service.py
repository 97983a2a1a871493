"""Enterprise rules: what a valid registry row is, and how a row updates the stored enterprise.

Row rules (every message Chinese, naming the problem):

- 统一社会信用代码: the rules of ``app.kit.identifiers`` (normalised, both check characters).
- 企业名称: required, at most 200 characters.
- Text fields: surrounding whitespace stripped; line breaks, tabs and runs of spaces inside become
  one space; invisible zero-width characters are dropped; any other control character rejects the
  row (it is a sign of a broken export, and it would be invisible on the public page). Lengths:
  法定代表人 100, 所属行业 50, 注册地址 300, each 曾用名 200.
- 行政区划代码: 6 digits when given (full-width digits accepted). Unknown and historical codes are
  kept: a division that no longer exists is still the one the enterprise registered in.
- 登记状态 and 成立日期: optional, recognised in their usual registry spellings.

Upsert rule (by USCC): a new code is inserted; for a known code, only the fields the row gives are
compared and changed (an empty cell never erases stored data); a changed name moves the old name
to ``former_names``; a row that changes nothing is not written at all, so ``updated_at`` keeps its
value and re-importing a file changes nothing. Inserted and updated enterprises are handed to the
search index (``app.search.index.refresh_enterprise_index``) in the same transaction.
"""

from __future__ import annotations

import datetime as dt
import importlib
import importlib.util
import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from functools import lru_cache
from typing import Any, cast

from sqlalchemy.orm import Session

from app.enterprises import repository
from app.enterprises.schemas import (
    ADDRESS,
    DISTRICT_CODE,
    ESTABLISHED_ON,
    FIELD_LABELS,
    FORMER_NAMES,
    INDUSTRY,
    LEGAL_REPRESENTATIVE,
    NAME,
    REGISTRATION_STATUS,
    USCC,
    EnterpriseInput,
    FieldProblem,
    UpsertResult,
)
from app.kit import clock
from app.kit.identifiers import IdentifierError, parse_uscc
from app.models.enterprise import RegistrationStatus

MAX_LENGTHS = {
    NAME: 200,
    LEGAL_REPRESENTATIVE: 100,
    INDUSTRY: 50,
    ADDRESS: 300,
    FORMER_NAMES: 200,
}
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
# Spaces people type or paste (also U+3000), tabs and line breaks; not the other control characters.
_WHITESPACE = re.compile(r"[\t\n\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
_DIVISION = re.compile(r"[0-9]{6}")
_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")
_FORMER_SEPARATORS = re.compile(r"[;；、|\n]")
# Registry spellings, checked in order ("吊销，未注销" is revoked, not cancelled).
_STATUS_WORDS: tuple[tuple[str, RegistrationStatus], ...] = (
    ("未注销", RegistrationStatus.revoked),
    ("吊销", RegistrationStatus.revoked),
    ("注销", RegistrationStatus.cancelled),
    ("迁出", RegistrationStatus.moved_out),
    ("存续", RegistrationStatus.active),
    ("在营", RegistrationStatus.active),
    ("开业", RegistrationStatus.active),
    ("在册", RegistrationStatus.active),
    ("active", RegistrationStatus.active),
    ("revoked", RegistrationStatus.revoked),
    ("cancelled", RegistrationStatus.cancelled),
    ("moved_out", RegistrationStatus.moved_out),
)


class _Invalid(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def clean_text(raw: str | None, field: str) -> str | None:
    """Tidy one text cell; ``None`` when empty. Raises ``_Invalid`` with the reason."""
    if raw is None:
        return None
    if raw.isprintable() and "  " not in raw:  # the common case: nothing to tidy inside
        text = raw.strip(" ")
    else:
        text = _WHITESPACE.sub(" ", raw.translate(_INVISIBLE)).strip(" ")
    if not text:
        return None
    control = _CONTROL.search(text)
    if control is not None:
        char, position = control.group(), control.start() + 1
        raise _Invalid(f"第{position}个字符是控制字符（U+{ord(char):04X}），不能导入")
    limit = MAX_LENGTHS.get(field)
    if limit is not None and len(text) > limit:
        raise _Invalid(f"{FIELD_LABELS[field]}不能超过{limit}个字符，实际为{len(text)}个")
    return text


def _district(raw: str | None) -> str | None:
    if raw is None:
        return None
    code = "".join(unicodedata.normalize("NFKC", raw).split())
    if not code:
        return None
    if not _DIVISION.fullmatch(code):
        shown = clean_text(code, DISTRICT_CODE) or code
        raise _Invalid(f"行政区划代码应为6位数字，实际为“{shown}”")
    return code


def _status(raw: str | None) -> RegistrationStatus | None:
    text = clean_text(raw, REGISTRATION_STATUS)
    if text is None:
        return None
    for word, status in _STATUS_WORDS:
        if word in text.lower():
            return status
    raise _Invalid(f"登记状态“{text}”无法识别（可用：存续、在营、开业、在册、吊销、注销、迁出）")


def _date(raw: str | None) -> dt.date | None:
    text = clean_text(raw, ESTABLISHED_ON)
    if text is None:
        return None
    text = unicodedata.normalize("NFKC", text).split(" ")[0]
    match = _DATE.fullmatch(text)
    if match is None and re.fullmatch(r"\d{8}", text):
        match = re.fullmatch(r"(\d{4})(\d{2})(\d{2})", text)
    if match is None:
        raise _Invalid(f"成立日期“{text}”无法识别，应为YYYY-MM-DD")
    try:
        value = dt.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        raise _Invalid(f"成立日期“{text}”不是有效日期") from None
    if value > clock.today():
        raise _Invalid(f"成立日期“{text}”晚于今天")
    return value


def _former_names(raw: str | None) -> tuple[str, ...]:
    if raw is None:
        return ()
    names: list[str] = []
    for part in _FORMER_SEPARATORS.split(raw):
        name = clean_text(part, FORMER_NAMES)
        if name is not None and name not in names:
            names.append(name)
    return tuple(names)


_PARSERS: tuple[tuple[str, Callable[[str], Any]], ...] = (
    (DISTRICT_CODE, _district),
    (REGISTRATION_STATUS, _status),
    (ESTABLISHED_ON, _date),
    (FORMER_NAMES, _former_names),
)


def validate_row(cells: Mapping[str, str]) -> EnterpriseInput | list[FieldProblem]:
    """Check one row (field name -> cell text) and return the input or every problem found."""
    problems: list[FieldProblem] = []
    values: dict[str, Any] = {}
    try:
        values[USCC] = parse_uscc(cells.get(USCC))
    except IdentifierError as error:
        problems.append(FieldProblem(USCC, error.message))
    for field in (NAME, LEGAL_REPRESENTATIVE, INDUSTRY, ADDRESS):
        try:
            values[field] = clean_text(cells.get(field), field)
        except _Invalid as error:
            problems.append(FieldProblem(field, error.message))
        else:
            if field == NAME and values[NAME] is None:
                problems.append(FieldProblem(NAME, "企业名称不能为空"))
    for field, parse in _PARSERS:
        raw = cells.get(field)
        if raw is None:
            continue  # column absent from the file
        try:
            values[field] = parse(raw)
        except _Invalid as error:
            problems.append(FieldProblem(field, error.message))
    if problems:
        return problems
    return EnterpriseInput(**values)


def same_name(a: str, b: str) -> bool:
    """Two spellings of one name (full-width or half-width brackets, case, spaces)."""
    return "".join(unicodedata.normalize("NFKC", a).casefold().split()) == "".join(
        unicodedata.normalize("NFKC", b).casefold().split()
    )


def _merge_former(current: str, former: Sequence[str], extra: Sequence[str]) -> list[str]:
    merged = list(former)
    for name in extra:
        if not same_name(name, current) and not any(same_name(name, f) for f in merged):
            merged.append(name)
    return merged


_OPTIONAL = (
    LEGAL_REPRESENTATIVE,
    DISTRICT_CODE,
    INDUSTRY,
    ADDRESS,
    REGISTRATION_STATUS,
    ESTABLISHED_ON,
)


def _changes(stored: repository.StoredEnterprise, row: EnterpriseInput) -> dict[str, Any]:
    """The columns a row changes on a stored enterprise (empty: nothing to write)."""
    changes: dict[str, Any] = {}
    former = list(stored.former_names)
    if row.name != stored.name:
        changes[NAME] = row.name
        if not same_name(row.name, stored.name):
            # A rename: the old name becomes a former one; the new one is no longer "former".
            former = [f for f in former if not same_name(f, row.name)]
            former = _merge_former(row.name, former, [stored.name])
    former = _merge_former(row.name, former, row.former_names)
    if former != list(stored.former_names):
        changes[FORMER_NAMES] = former
    for field in _OPTIONAL:
        value = getattr(row, field)
        if value is not None and value != getattr(stored, field):
            changes[field] = value
    return changes


IndexRefresher = Callable[[Session, Sequence[int]], None]


@lru_cache(maxsize=1)
def _search_index_refresher() -> IndexRefresher | None:
    """The search index's refresh hook, when the search feature is installed."""
    try:
        if importlib.util.find_spec("app.search.index") is None:
            return None
    except ModuleNotFoundError:
        return None
    module = importlib.import_module("app.search.index")
    return cast(IndexRefresher | None, getattr(module, "refresh_enterprise_index", None))


def upsert_enterprises(session: Session, rows: Sequence[EnterpriseInput]) -> UpsertResult:
    """Insert new codes, update changed enterprises, leave unchanged ones untouched (flush only).

    ``rows`` must not repeat a code (the importer keeps the first occurrence).
    """
    result = UpsertResult()
    stored = repository.stored_by_uscc(session, [row.uscc for row in rows])
    inserts: list[dict[str, Any]] = []
    updates: list[dict[str, Any]] = []
    for row in rows:
        existing = stored.get(row.uscc)
        if existing is None:
            inserts.append(
                {
                    USCC: row.uscc,
                    NAME: row.name,
                    FORMER_NAMES: _merge_former(row.name, [], row.former_names),
                    **{field: getattr(row, field) for field in _OPTIONAL},
                    REGISTRATION_STATUS: row.registration_status or RegistrationStatus.active,
                }
            )
            continue
        changes = _changes(existing, row)
        if changes:
            updates.append({"id": existing.id, **changes})
            result.updated_ids.append(existing.id)
        else:
            result.unchanged += 1
    if inserts:
        result.inserted_ids = repository.insert_enterprises(session, inserts)
    if updates:
        repository.update_enterprises(session, updates)
    session.flush()
    refresh = _search_index_refresher()
    changed = [*result.inserted_ids, *result.updated_ids]
    if refresh is not None and changed:
        refresh(session, changed)
    return result
