"""Candidate lists uploaded on the page (CSV or XLSX) and the result file given back.

The upload is read in memory and never saved: what is kept of it is the answer per candidate
(the caller's reference, the name, the masked number). Columns are found by their header (in
the first ``HEADER_SEARCH_ROWS`` rows): 姓名 and 身份证号 are required, a reference column
(参考号, 编号, 序号 …) is optional.
"""

from __future__ import annotations

import csv
import io
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from app.kit.csv import csv_bytes
from app.kit.text_files import not_text
from app.models.nomination_check import CANDIDATE_STATUS_LABELS, NominationCheckResult
from app.nomination_checks.matching import Candidate

HEADER_SEARCH_ROWS = 10
NAME, ID_NUMBER, REFERENCE = "name", "id_number", "reference"
_ALIASES = {
    NAME: ("姓名", "名字", "候选人姓名", "候选人", "name"),
    ID_NUMBER: (
        "身份证号",
        "身份证号码",
        "身份证",
        "公民身份号码",
        "居民身份证号码",
        "证件号码",
        "idnumber",
    ),
    REFERENCE: ("参考号", "编号", "序号", "参考编号", "人员编号", "reference", "ref"),
}
_HELP = (
    "请上传CSV（UTF-8或GB18030编码）或Excel（.xlsx）文件，"
    "表头须有“姓名”和“身份证号”两列，可另加“参考号”或“编号”列。"
)
EXCEL_NUMBER_REASON = (
    "Excel把身份证号存成了数字，超过15位的部分已丢失：请把该列设为“文本”格式后重新填写"
)


class UploadError(Exception):
    """The file as a whole cannot be read; ``message`` says why (Chinese)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _key(cell: object) -> str:
    text = unicodedata.normalize("NFKC", str(cell or "").replace("\ufeff", "")).lower()
    return "".join(c for c in text if not c.isspace() and c not in "*_-:：()（）")


_FIELDS = {_key(alias): name for name, aliases in _ALIASES.items() for alias in aliases}


def _cell_text(value: object) -> tuple[str, str | None]:
    """A cell as text, and a problem when a spreadsheet stored an ID number as a number."""
    if value is None:
        return "", None
    if isinstance(value, bool):
        return str(value), None
    if isinstance(value, int):
        return (str(value), None) if len(str(abs(value))) <= 15 else ("", EXCEL_NUMBER_REASON)
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value)), None
        return "", EXCEL_NUMBER_REASON
    return str(value).strip(), None


def _rows_csv(data: bytes) -> Iterator[list[str]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError:
            raise UploadError(f"文件既不是UTF-8也不是GB18030编码的文本。{_HELP}") from None
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = "\t" if "\t" in first and "," not in first and "，" not in first else ","
    yield from csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)


def _rows_xlsx(data: bytes) -> Iterator[list[object]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise UploadError(f"无法读取该Excel文件（文件损坏或不是.xlsx格式）。{_HELP}") from None
    try:
        sheet = workbook.worksheets[0]
        for row in sheet.iter_rows(values_only=True):
            yield list(row)
    finally:
        workbook.close()


def _rows(data: bytes) -> Iterator[list[Any]]:
    if not data.strip(b" \t\r\n\xef\xbb\xbf"):
        raise UploadError(f"文件是空的。{_HELP}")
    if data.startswith(b"PK\x03\x04"):
        return _rows_xlsx(data)
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise UploadError(f"这是旧版Excel文件（.xls），请另存为.xlsx或“CSV UTF-8”。{_HELP}")
    reason = not_text(data)
    if reason is not None:
        raise UploadError(f"{reason}，不是CSV或Excel文件。{_HELP}")
    return _rows_csv(data)


def _find_columns(row: Sequence[object]) -> dict[str, int] | None:
    found: dict[str, int] = {}
    for position, cell in enumerate(row):
        name = _FIELDS.get(_key(cell))
        if name is not None and name not in found:
            found[name] = position
    return found if NAME in found and ID_NUMBER in found else None


def _candidate(line: int, row: Sequence[object], columns: dict[str, int]) -> Candidate | None:
    """The candidate of one data row (None for an empty row)."""
    cells = [_cell_text(v) for v in row]
    if not any(text or problem for text, problem in cells):
        return None

    def cell(field: str) -> tuple[str, str | None]:
        index = columns.get(field)
        return cells[index] if index is not None and index < len(cells) else ("", None)

    name, _ = cell(NAME)
    number, problem = cell(ID_NUMBER)
    reference, _ = cell(REFERENCE)
    return Candidate(line, reference[:100] or None, name, number, problem)


def read_candidates(data: bytes, max_rows: int) -> list[Candidate]:
    """The candidates of an uploaded list, each with its row number in the file."""
    columns: dict[str, int] | None = None
    candidates: list[Candidate] = []
    for line, row in enumerate(_rows(data), start=1):
        if columns is None:
            if line > HEADER_SEARCH_ROWS:
                break
            columns = _find_columns(row)
            continue
        candidate = _candidate(line, row, columns)
        if candidate is None:
            continue
        candidates.append(candidate)
        if len(candidates) > max_rows:
            raise UploadError(f"每次最多审查{max_rows}人，请把名单分成几个文件分别上传。")
    if columns is None:
        raise UploadError(f"没有找到“姓名”和“身份证号”列。{_HELP}")
    if not candidates:
        raise UploadError("文件中没有候选人（表头下面没有数据行）。")
    return candidates


RESULT_HEADER = (
    "行号",
    "参考号",
    "姓名",
    "身份证号（脱敏）",
    "审查结论",
    "说明",
    "所在单位",
    "统一社会信用代码",
    "职务",
    "限制依据",
    "黑名单记录",
    "处罚决定书文号",
    "限制起始日期",
    "限制截止日期",
)


def _joined(bars: Sequence[dict[str, Any]], pick: Any) -> str:
    return "；".join(str(pick(b) or "") for b in bars)


def result_rows(results: Iterable[NominationCheckResult]) -> list[list[object]]:
    rows: list[list[object]] = []
    for result in results:
        detail = result.detail
        bars: list[dict[str, Any]] = detail.get("bars", [])
        rows.append(
            [
                result.position,
                result.reference or "",
                result.name,
                result.id_masked or "",
                CANDIDATE_STATUS_LABELS[result.status],
                detail.get("reason") or "",
                _joined(bars, lambda b: (b["enterprise"] or {}).get("name")),
                _joined(bars, lambda b: (b["enterprise"] or {}).get("uscc")),
                _joined(bars, lambda b: b["role_label"]),
                _joined(bars, lambda b: b["basis"]),
                _joined(bars, lambda b: b["list_entry"] and f"第{b['list_entry']['id']}号"),
                _joined(bars, lambda b: "、".join(b["penalty_decision_numbers"])),
                _joined(bars, lambda b: b["start_date"]),
                _joined(bars, lambda b: b["end_date"]),
            ]
        )
    return rows


def result_file(results: Iterable[NominationCheckResult]) -> bytes:
    """The result file: CSV with BOM, the caller's references and masked numbers only."""
    return csv_bytes(RESULT_HEADER, result_rows(results))
