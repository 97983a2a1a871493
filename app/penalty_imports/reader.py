"""Reading an uploaded 双公示 file (CSV or XLSX) into rows of text, safely.

Hostile or broken files are refused with a Chinese reason, never a 500:

- size: at most ``MAX_BYTES``; at most ``MAX_ROWS`` data rows, ``MAX_COLUMNS`` columns and
  ``MAX_CELL`` characters per cell;
- XLSX: must be a real zip package; the uncompressed size of its parts is capped (zip bombs), and
  it is read with openpyxl in read-only mode with cached values only (formulas are never
  evaluated); Python's expat refuses entity-expansion attacks;
- CSV: UTF-8 (with or without BOM) or GB18030; NUL bytes are refused.

Cells keep their text as typed; HTML or formula-like text is data, escaped wherever shown.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import unicodedata
import zipfile
from dataclasses import dataclass
from typing import Any

from app.kit.errors import FieldError, PayloadTooLarge, ValidationFailed
from app.kit.text_files import not_text

MAX_BYTES = 5 * 1024 * 1024
MAX_UNZIPPED = 60 * 1024 * 1024
MAX_ROWS = 2000
MAX_COLUMNS = 60
MAX_CELL = 5000


@dataclass(frozen=True)
class Sheet:
    headers: list[str]  # as in the file
    rows: list[tuple[int, list[Any]]]  # (row number in the file, cells)
    file_format: str


def _fail(message: str, code: str = "invalid_file") -> ValidationFailed:
    return ValidationFailed(message, code=code, fields=[FieldError("file", message, code)])


def normalise_header(text: object) -> str:
    value = unicodedata.normalize("NFKC", str(text or ""))
    return "".join(value.split()).strip("*")


def read_sheet(filename: str, content: bytes) -> Sheet:
    if not content:
        raise _fail("文件为空", "empty_file")
    if len(content) > MAX_BYTES:
        raise PayloadTooLarge(
            f"文件超过{MAX_BYTES // (1024 * 1024)}MB，请分批导入",
            fields=[FieldError("file", "文件过大", "file_too_large")],
        )
    name = filename.lower()
    if content[:4] == b"PK\x03\x04":
        if not name.endswith(".xlsx"):
            message = "仅支持 .xlsx 格式的 Excel 文件（不支持 .xls、.xlsm）"
            raise _fail(message, "unsupported_format")
        return _read_xlsx(content)
    if name.endswith((".xlsx", ".xls", ".xlsm")):
        raise _fail("文件不是有效的 .xlsx 文件", "invalid_xlsx")
    return _read_csv(content)


def _decode(content: bytes) -> str:
    reason = not_text(content)
    if reason is not None:
        raise _fail(f"{reason}，不是文本格式的CSV文件", "binary_file")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise _fail("无法识别文件编码，请保存为UTF-8或GB18030编码的CSV文件", "encoding")


def _check_shape(row_count: int, width: int) -> None:
    if row_count > MAX_ROWS:
        raise _fail(f"数据超过{MAX_ROWS}行，请分批导入", "too_many_rows")
    if width > MAX_COLUMNS:
        raise _fail(f"列数超过{MAX_COLUMNS}列，请检查文件", "too_many_columns")


def _read_csv(content: bytes) -> Sheet:
    text = _decode(content)
    csv.field_size_limit(MAX_CELL * 4)
    try:
        records = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as error:
        raise _fail(f"CSV格式错误：{error}", "csv_error") from None
    return _sheet(records, "csv")


def _sheet(records: list[list[Any]], file_format: str) -> Sheet:
    while records and not any(str(c or "").strip() for c in records[-1]):
        records.pop()
    if not records:
        raise _fail("文件没有表头", "no_header")
    headers = [str(h or "").strip() for h in records[0]]
    while headers and not headers[-1]:
        headers.pop()  # spreadsheets pad rows with empty cells
    _check_shape(len(records) - 1, len(headers))
    rows: list[tuple[int, list[Any]]] = []
    for number, cells in enumerate(records[1:], start=2):
        if not any(str(c or "").strip() for c in cells):
            continue
        for cell in cells:
            if isinstance(cell, str) and len(cell) > MAX_CELL:
                raise _fail(f"第{number}行有超过{MAX_CELL}字的单元格", "cell_too_long")
        rows.append((number, list(cells)))
    return Sheet(headers, rows, file_format)


def _read_xlsx(content: bytes) -> Sheet:
    try:
        package = zipfile.ZipFile(io.BytesIO(content))
        total = sum(info.file_size for info in package.infolist())
    except zipfile.BadZipFile:
        raise _fail("文件不是有效的 .xlsx 文件", "invalid_xlsx") from None
    if total > MAX_UNZIPPED:
        raise _fail("Excel文件解压后过大，请分批导入", "xlsx_too_large")
    if any(info.filename.lower().endswith("vbaproject.bin") for info in package.infolist()):
        raise _fail("不接受含宏的Excel文件", "xlsx_macro")
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for broken packages: all mean "not readable"
        raise _fail("无法读取该Excel文件，请另存为 .xlsx 后重试", "invalid_xlsx") from None
    try:
        sheet = workbook.worksheets[0]
        records: list[list[Any]] = []
        for values in sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS + 1):
            records.append([_cell(v) for v in values])
            if len(records) > MAX_ROWS + 1:
                break
    finally:
        workbook.close()
    return _sheet(records, "xlsx")


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date() if value.time() == dt.time(0) else value
    if isinstance(value, dt.date):
        return value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
