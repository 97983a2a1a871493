"""Supporting files sent with a public form (credit repair, objections): checked by content,
kept outside the web root under random names, never served publicly.

- The type is decided by the bytes (magic numbers and structure), never by the file name or the
  declared content type: an ``.exe`` renamed ``.pdf`` or an HTML page renamed ``.png`` is refused.
  Accepted: PDF (``%PDF-1.x``/``%PDF-2.x`` header and an ``%%EOF`` marker near the end), JPEG
  (``FF D8 FF`` … ``FF D9``), PNG (the 8-byte signature followed by the ``IHDR`` chunk).
- Each file is at most ``Settings.upload_max_bytes``; at most ``Settings.upload_max_files``.
- Stored as ``<upload_dir>/<first two characters>/<random 32 hex>``: the name says nothing about
  the applicant and cannot be guessed; the original name is kept only for display to officers.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from app.kit.errors import FieldError, PayloadTooLarge, ValidationFailed

KINDS: dict[str, tuple[str, str]] = {  # kind -> (media type, extension)
    "pdf": ("application/pdf", "pdf"),
    "jpeg": ("image/jpeg", "jpg"),
    "png": ("image/png", "png"),
}
ACCEPT = ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
_PNG = b"\x89PNG\r\n\x1a\n"


def sniff(content: bytes) -> str | None:
    """The kind of ``content`` from its bytes (``pdf``, ``jpeg``, ``png``), or None."""
    if content.startswith((b"%PDF-1.", b"%PDF-2.")) and b"%%EOF" in content[-1024:]:
        return "pdf"
    if content.startswith(b"\xff\xd8\xff") and b"\xff\xd9" in content[-64:]:
        return "jpeg"
    if content.startswith(_PNG) and content[12:16] == b"IHDR":
        return "png"
    return None


@dataclass(frozen=True)
class Upload:
    """A file as it arrived: its name (as the browser sent it) and its first bytes (at most the
    limit plus one, so that an oversized file is recognised without reading it all)."""

    filename: str
    content: bytes


@dataclass(frozen=True)
class CheckedFile:
    filename: str  # cleaned for display
    kind: str
    content: bytes
    sha256: str


def read_upload(filename: str | None, stream: BinaryIO, max_bytes: int) -> Upload | None:
    """Read one uploaded file, at most ``max_bytes + 1`` bytes; None for an empty file input
    (a browser sends one with no name when nothing was chosen)."""
    name = filename or ""
    content = stream.read(max_bytes + 1)
    if not name and not content:
        return None
    return Upload(name, content)


def display_name(raw: str) -> str:
    """The base name without control characters, at most 100 characters."""
    base = raw.replace("\\", "/").rsplit("/", 1)[-1]
    text = "".join(c for c in unicodedata.normalize("NFC", base) if c.isprintable()).strip()
    return text[:100] or "未命名文件"


def _size(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MB" if n >= 1024 * 1024 else f"{max(1, n // 1024)} KB"


def check_uploads(
    uploads: list[Upload], *, max_bytes: int, max_files: int, field: str = "files"
) -> list[CheckedFile]:
    """Every file checked; all problems reported at once (413 when a file is too large, 422
    otherwise), each naming the file."""
    problems: list[FieldError] = []
    too_large = False
    if len(uploads) > max_files:
        problems.append(FieldError(field, f"最多上传{max_files}个文件", "too_many_files"))
    checked: list[CheckedFile] = []
    for upload in uploads[:max_files]:
        name = display_name(upload.filename)
        if len(upload.content) > max_bytes:
            too_large = True
            message = f"文件“{name}”超过{_size(max_bytes)}的大小上限"
            problems.append(FieldError(field, message, "file_too_large"))
            continue
        if not upload.content:
            problems.append(FieldError(field, f"文件“{name}”是空文件", "file_empty"))
            continue
        kind = sniff(upload.content)
        if kind is None:
            message = f"文件“{name}”不是有效的PDF、JPG或PNG文件（按文件内容识别，与扩展名无关）"
            problems.append(FieldError(field, message, "file_type"))
            continue
        digest = hashlib.sha256(upload.content).hexdigest()
        checked.append(CheckedFile(name, kind, upload.content, digest))
    if problems:
        if too_large:
            raise PayloadTooLarge("上传的文件过大", code="file_too_large", fields=problems)
        raise ValidationFailed("上传的文件不符合要求", code="invalid_file", fields=problems)
    return checked


def stored_path(directory: str | Path, stored_name: str) -> Path:
    if len(stored_name) != 32 or not all(c in "0123456789abcdef" for c in stored_name):
        raise ValueError("not a stored file name")
    return Path(directory) / stored_name[:2] / stored_name


def store(directory: str | Path, content: bytes) -> str:
    """Write ``content`` under a new random name (owner-only permissions); returns the name."""
    name = secrets.token_hex(16)
    path = stored_path(directory, name)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(content)
    return name
