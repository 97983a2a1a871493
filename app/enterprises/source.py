"""Reading an enterprise registry CSV: what kind of file it is, its encoding, its header, its rows.

Everything that makes a file unreadable as a whole is found before the first row is imported
(``RegistryFile.__enter__``), so that such a file gets one clear error and nothing is written:
not a text file (PNG, ZIP, Excel workbook, PDF, UTF-16 …), empty, neither UTF-8 nor GB18030
(the whole file is decoded once before reading rows), or no 统一社会信用代码 / 企业名称 column.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import BinaryIO

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
)
from app.kit.text_files import not_text

HEADER_SEARCH_ROWS = 10  # a title line or two above the header is common in exports
_BLOCK = 1 << 20
_IDEOGRAPH = re.compile(r"[\u4e00-\u9fff]")
_UTF8_EVIDENCE = 8  # Chinese characters read as UTF-8 before a bad byte: damaged UTF-8
_HELP = (
    "请提供UTF-8或GB18030编码、逗号分隔、带表头的CSV文件，表头例如："
    "统一社会信用代码,企业名称,法定代表人,行政区划代码,所属行业,注册地址"
    "（或 uscc,name,legal_representative,district_code,industry,address）。"
)
_ALIASES: dict[str, tuple[str, ...]] = {
    USCC: (
        "统一社会信用代码",
        "社会信用代码",
        "信用代码",
        "uscc",
        "creditcode",
        "socialcreditcode",
        "unifiedsocialcreditcode",
    ),
    NAME: (
        "企业名称",
        "名称",
        "单位名称",
        "企业(机构)名称",
        "市场主体名称",
        "name",
        "enterprisename",
    ),
    LEGAL_REPRESENTATIVE: (
        "法定代表人",
        "法人代表",
        "法定代表人(负责人)",
        "法定代表人/负责人",
        "legalrepresentative",
    ),
    DISTRICT_CODE: ("行政区划代码", "区划代码", "行政区划", "districtcode", "divisioncode"),
    INDUSTRY: ("所属行业", "行业", "行业类别", "行业门类", "industry"),
    ADDRESS: ("注册地址", "住所", "地址", "住所(经营场所)", "经营场所", "address"),
    REGISTRATION_STATUS: ("登记状态", "经营状态", "企业状态", "registrationstatus", "status"),
    ESTABLISHED_ON: ("成立日期", "成立时间", "establishedon", "establisheddate"),
    FORMER_NAMES: ("曾用名", "formernames", "formername"),
}


def header_key(cell: str) -> str:
    """A header cell as it is matched: no BOM, spaces, ``*``, ``_`` or ``-``; NFKC; lower case."""
    text = unicodedata.normalize("NFKC", cell.replace("\ufeff", "")).lower()
    return "".join(c for c in text if not c.isspace() and c not in "*_-")


HEADER_FIELDS: dict[str, str] = {
    header_key(alias): name for name, aliases in _ALIASES.items() for alias in aliases
}


class SourceError(Exception):
    """The file as a whole cannot be imported; ``message`` says why (Chinese)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class RawRow:
    """One record of the file: the line it starts on and its cells by field name."""

    line: int
    cells: dict[str, str]
    extra_cells: int = 0  # non-empty cells beyond the header's columns
    width: int = 0
    error: str | None = None  # the CSV parser could not read this record


@dataclass
class Columns:
    """The header: which column holds which field, as the file names it."""

    line: int
    index: dict[str, int] = field(default_factory=dict)
    titles: dict[str, str] = field(default_factory=dict)
    ignored: list[str] = field(default_factory=list)
    width: int = 0


def _not_csv(path: Path, reason: str) -> SourceError:
    return SourceError(f"无法导入“{path.name}”：{reason}，不是CSV文件。{_HELP}")


def _sniff_binary(path: Path, head: bytes) -> None:
    if not head.strip(b" \t\r\n\xef\xbb\xbf"):
        raise SourceError(f"无法导入“{path.name}”：文件是空的。{_HELP}")
    reason = not_text(head)
    if reason is not None:
        raise _not_csv(path, reason)


@dataclass(frozen=True)
class _DecodeFailure:
    offset: int  # the first byte that does not decode
    line: int  # the line it is on
    ideographs: int  # Chinese characters decoded before it


def _decode_failure(path: Path, encoding: str) -> _DecodeFailure | None:
    """None when the whole file decodes strictly, else where and after what it fails."""
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    offset = lines = ideographs = 0
    with path.open("rb") as raw:
        while block := raw.read(_BLOCK):
            try:
                text = decoder.decode(block)
            except UnicodeDecodeError as error:
                good = block[: max(error.start, 0)]
                text = good.decode(encoding, errors="ignore")
                return _DecodeFailure(
                    offset + error.start,
                    lines + good.count(b"\n") + 1,
                    ideographs + len(_IDEOGRAPH.findall(text)),
                )
            offset += len(block)
            lines += block.count(b"\n")
            ideographs += len(_IDEOGRAPH.findall(text))
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return _DecodeFailure(offset, lines + 1, ideographs)
    return None


def detect_encoding(path: Path) -> str:
    """``utf-8-sig`` (with or without BOM) when the file is strict UTF-8, else ``gb18030``.

    GB18030 decodes almost any byte sequence, so a UTF-8 file with one damaged byte would be read
    as GB18030 and every Chinese name garbled. A file whose UTF-8 reading already produced Chinese
    text before the bad byte is therefore refused as damaged UTF-8 (GB18030 text does not decode
    as runs of Chinese UTF-8 characters).
    """
    failure = _decode_failure(path, "utf-8-sig")
    if failure is None:
        return "utf-8-sig"
    if failure.ideographs >= _UTF8_EVIDENCE:
        raise SourceError(
            f"无法导入“{path.name}”：文件是UTF-8编码，但第{failure.line}行"
            f"（第{failure.offset + 1}字节）有无法解码的字节，文件可能已损坏或混用了编码。"
            "请修复该行后再导入（没有导入任何数据）。"
        )
    if _decode_failure(path, "gb18030") is None:
        return "gb18030"
    raise _not_csv(
        path, f"文件既不是UTF-8也不是GB18030编码的文本（第{failure.offset + 1}字节无法解码）"
    )


def _delimiter(first_text: str) -> str:
    for line in first_text.splitlines():
        if line.strip():
            if "," not in line and "，" not in line and "\t" in line:
                return "\t"
            return ","
    return ","


def _columns(cells: list[str], line: int) -> Columns | None:
    keys = [header_key(c) for c in cells]
    if not any(HEADER_FIELDS.get(k) == USCC for k in keys):
        return None
    columns = Columns(line=line, width=len(cells))
    for position, (cell, key) in enumerate(zip(cells, keys, strict=True)):
        name = HEADER_FIELDS.get(key)
        title = cell.replace("\ufeff", "").strip()
        if name is None or name in columns.index:
            if title:
                columns.ignored.append(title)
            continue
        columns.index[name] = position
        columns.titles[name] = title
    return columns


class RegistryFile:
    """``with RegistryFile(path) as source:`` checks the file, then ``source.rows()`` reads it."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.size = 0
        self.encoding = "utf-8-sig"
        self.has_bom = False
        self.delimiter = ","
        self.columns = Columns(line=0)
        self._raw: BinaryIO | None = None
        self._text: io.TextIOWrapper | None = None
        self._reader: Iterator[list[str]] | None = None
        self._line = 0

    def __enter__(self) -> RegistryFile:
        if not self.path.exists():
            raise SourceError(f"找不到文件“{self.path}”")
        if not self.path.is_file():
            raise SourceError(f"“{self.path}”不是文件")
        self.size = self.path.stat().st_size
        with self.path.open("rb") as raw:
            head = raw.read(64 * 1024)
        _sniff_binary(self.path, head)
        self.encoding = detect_encoding(self.path)
        self.has_bom = head.startswith(codecs.BOM_UTF8)
        first_text = head[:4096].decode(self.encoding, errors="ignore")
        self.delimiter = _delimiter(first_text)
        self._raw = self.path.open("rb")
        self._text = io.TextIOWrapper(self._raw, encoding=self.encoding, newline="")
        reader = csv.reader(self._text, delimiter=self.delimiter)
        self._reader = reader
        try:
            self.columns = self._find_header(reader)
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        if self._text is not None:
            self._text.close()
        self._text = self._raw = self._reader = None

    @property
    def encoding_label(self) -> str:
        if self.encoding == "gb18030":
            return "GB18030"
        return "UTF-8（带BOM）" if self.has_bom else "UTF-8"

    @property
    def position(self) -> int:
        """Bytes read so far (for the progress bar)."""
        return self._raw.tell() if self._raw is not None and not self._raw.closed else self.size

    def _find_header(self, reader: Iterator[list[str]]) -> Columns:
        seen = 0
        for start, cells, _error in self._records(reader):
            if not any(c.strip() for c in cells):
                continue
            columns = _columns(cells, start)
            if columns is not None:
                if NAME not in columns.index:
                    raise SourceError(
                        f"无法导入“{self.path.name}”：表头（第{start}行）中找不到"
                        f"“{FIELD_LABELS[NAME]}”列（也可写作 name）。{_HELP}"
                    )
                return columns
            seen += 1
            if seen >= HEADER_SEARCH_ROWS:
                break
        raise SourceError(
            f"无法导入“{self.path.name}”：找不到“{FIELD_LABELS[USCC]}”列"
            f"（也可写作 uscc），文件开头应为表头行。{_HELP}"
        )

    def _records(self, reader: Iterator[list[str]]) -> Iterator[tuple[int, list[str], str | None]]:
        while True:
            start = self._line + 1
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as error:
                self._line = getattr(reader, "line_num", self._line + 1)
                yield start, [], f"无法解析该行：{error}"
                continue
            self._line = getattr(reader, "line_num", self._line + 1)
            yield start, cells, None

    def rows(self) -> Iterator[RawRow]:
        """The data rows after the header; blank rows (also ``,,,``) are skipped."""
        if self._reader is None:
            raise RuntimeError("use RegistryFile as a context manager")
        columns = self.columns
        for start, cells, error in self._records(self._reader):
            if error is not None:
                yield RawRow(start, {}, error=error)
                continue
            if not any(c.strip() for c in cells):
                continue
            values = {
                name: cells[index] for name, index in columns.index.items() if index < len(cells)
            }
            extra = sum(1 for c in cells[columns.width :] if c.strip())
            yield RawRow(start, values, extra_cells=extra, width=len(cells))
