"""A stored supporting file as a download that the browser never renders."""

from __future__ import annotations

from pathlib import Path

from fastapi.responses import Response

from app.kit.csv import attachment
from app.kit.errors import NotFound
from app.kit.uploads import KINDS, stored_path


def file_response(directory: str | Path, stored_name: str, kind: str, name: str) -> Response:
    """A stored file as a download named ``name`` plus the extension of its checked kind, never
    rendered by the browser (attachment, nosniff, a sandboxing CSP, not cached)."""
    media_type, extension = KINDS[kind]
    try:
        body = stored_path(directory, stored_name).read_bytes()
    except (OSError, ValueError):
        raise NotFound("文件不存在或已被移除") from None
    filename = f"{name}.{extension}"
    headers = {
        **attachment(filename, filename),
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": "default-src 'none'; sandbox",
        "Cache-Control": "no-store",
    }
    return Response(body, media_type=media_type, headers=headers)
