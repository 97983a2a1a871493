"""Is an uploaded or imported file text at all? One rule for every importer.

A file is refused whole only when it is not text: a known binary format (ZIP/XLSX, PDF, images,
archives, old Office files) or a head in which control bytes are common (more than 1 % of the
first 64 KB, or UTF-16 text). A stray control character inside one field — a NUL pasted from
another system — is not a reason to lose every other row: the row is rejected with its line and
column (``app.kit.values.clean_text`` refuses control characters), and the others are imported.
"""

from __future__ import annotations

MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG", "这是PNG图片"),
    (b"\xff\xd8\xff", "这是JPEG图片"),
    (b"GIF8", "这是GIF图片"),
    (b"%PDF", "这是PDF文档"),
    (b"\xd0\xcf\x11\xe0", "这是旧版Office文件（如.xls），请在Excel中另存为“CSV UTF-8”"),
    (b"\x1f\x8b", "这是gzip压缩文件"),
    (b"Rar!", "这是RAR压缩文件"),
    (b"7z\xbc\xaf", "这是7z压缩文件"),
    (b"\xff\xfe", "文件是UTF-16编码（Excel的“Unicode文本”），请另存为“CSV UTF-8”"),
    (b"\xfe\xff", "文件是UTF-16编码，请另存为“CSV UTF-8”"),
)
HEAD_BYTES = 64 * 1024
_LAYOUT = frozenset(b"\t\n\r\f")
_CONTROL = frozenset(range(32)) - _LAYOUT


def not_text(content: bytes) -> str | None:
    """Why ``content`` (a file, or its first 64 KB) is not a text file, or None when it is."""
    head = content[:HEAD_BYTES]
    if head.startswith(b"PK\x03\x04"):
        if b"xl/" in head or b"[Content_Types].xml" in head:
            return "这是Excel工作簿（.xlsx），请在Excel中另存为“CSV UTF-8”"
        return "这是ZIP压缩包"
    for magic, reason in MAGIC:
        if head.startswith(magic):
            return reason
    controls = sum(1 for byte in head if byte in _CONTROL)
    if controls > max(1, len(head) // 100):
        return "文件含有大量二进制数据"
    return None
