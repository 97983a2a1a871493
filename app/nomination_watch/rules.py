"""The watch's rules without the database: which status changes are told, and what a callback
URL may be."""

from __future__ import annotations

from urllib.parse import urlsplit

from app.kit.errors import FieldError
from app.models import CandidateStatus

# change -> Chinese label; the change a status transition is told as (``change_of``).
CHANGES: dict[str, str] = {
    "newly_barred": "新发现提名限制（不得提名）",
    "bar_ended": "提名限制已结束",
    "needs_review": "需人工核对",
    "review_cleared": "原需核对的记录已不在限制期内",
}
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
URL_MAX = 500


def change_of(before: CandidateStatus, after: CandidateStatus) -> str | None:
    """The change told when a candidate goes from ``before`` to ``after``; None: nothing to tell
    (no change)."""
    if before == after:
        return None
    if after == CandidateStatus.barred:
        return "newly_barred"
    if after == CandidateStatus.needs_review:
        return "needs_review"
    if before == CandidateStatus.barred:
        return "bar_ended"
    return "review_cleared"


def callback_problem(url: str, *, production: bool) -> FieldError | None:
    """What is wrong with a callback URL: HTTPS only (plain HTTP to this machine outside
    production, for development), no user or password in it, at most 500 characters."""
    if len(url) > URL_MAX:
        return FieldError("callback_url", f"回调地址不能超过{URL_MAX}个字符", "too_long")
    parts = urlsplit(url)
    local = parts.scheme == "http" and (parts.hostname or "") in LOCAL_HOSTS
    if parts.scheme != "https" and not (local and not production):
        return FieldError("callback_url", "回调地址必须以 https:// 开头", "https_required")
    if not parts.hostname:
        return FieldError("callback_url", "回调地址缺少主机名", "invalid")
    if parts.username or parts.password:
        return FieldError(
            "callback_url", "回调地址不能包含用户名或密码：签名已证明消息来源", "credentials"
        )
    return None
