"""Verifying the audit chain: the first entry that was edited, deleted, inserted or reordered."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.audit.anchors import Anchor
from app.audit.service import HEAD_ID, chain_hash, chain_key, entry_content
from app.models import AuditChainHead, AuditEntry
from app.models.audit import GENESIS_HASH

KIND_LABELS = {
    "edited": "记录内容被修改",
    "deleted": "记录被删除",
    "inserted": "记录被插入",
    "reordered": "记录顺序被调换",
    "head_missing": "链尾登记被删除",
}


@dataclass(frozen=True)
class ChainReport:
    count: int
    # None when the chain is intact; otherwise where it first breaks and how.
    kind: str | None = None
    seq: int | None = None
    entry_id: int | None = None
    detail: str = ""

    @property
    def ok(self) -> bool:
        return self.kind is None

    @property
    def message(self) -> str:
        if self.ok:
            return f"审计链完整，共{self.count}条"
        where = f"第{self.seq}条" + (f"（id {self.entry_id}）" if self.entry_id is not None else "")
        return f"审计链在{where}处被破坏：{KIND_LABELS[self.kind or '']}。{self.detail}"


def verify_chain(
    session: Session, batch: int = 1000, anchors: Sequence[Anchor] = ()
) -> ChainReport:
    """Walk the chain in order of position and report its first break (or that it is intact).

    Entries are written in chain order under a lock, so ids grow with positions: an id out of
    order means rows were swapped. Positions have no gaps: a gap means deleted rows. The chain
    head row says where the chain ends: a shorter or longer chain lost or gained its tail.
    """
    head = session.execute(
        select(AuditChainHead.last_seq, AuditChainHead.last_hash).where(
            AuditChainHead.id == HEAD_ID
        )
    ).one_or_none()
    if head is None:
        count = session.scalar(select(func.count()).select_from(AuditEntry)) or 0
        detail = "无法确认链的末尾是否完整（末尾记录可能被删除）。"
        return ChainReport(count, "head_missing", count, None, detail)
    columns = list(AuditEntry.__table__.columns)
    result = session.execute(
        select(*columns).order_by(AuditEntry.seq).execution_options(yield_per=batch)
    )
    anchored = {a.seq: a for a in anchors if a.seq > 0}
    seen: dict[int, str] = {}
    try:
        report = _walk(iter(result), head.last_seq, head.last_hash, anchored, seen)
    finally:
        result.close()
    if not report.ok:
        return report
    for seq in sorted(anchored):
        anchor = anchored[seq]
        if seq not in seen:
            detail = (
                f"{anchor.at} 的锚点记录链已到第{seq}条，现只有{report.count}条"
                "（末尾记录被删除，链尾登记被改回）。"
            )
            return ChainReport(report.count, "deleted", report.count + 1, None, detail)
        if seen[seq] != anchor.hash:
            detail = f"与 {anchor.at} 的锚点记录的哈希值不符（链被改写）。"
            return ChainReport(report.count, "edited", seq, None, detail)
    return report


def _walk(
    rows: Iterator[Any],
    head_seq: int,
    head_hash: str,
    anchored: Mapping[int, Anchor],
    seen: dict[int, str],
) -> ChainReport:
    key = chain_key()
    expected_seq = 1
    prev_hash = GENESIS_HASH
    prev_id = 0
    count = 0
    entry = next(rows, None)
    while entry is not None:
        following = next(rows, None)
        count += 1
        if entry.seq > head_seq:
            detail = f"链尾登记的最后序号为{head_seq}。"
            return ChainReport(count, "inserted", entry.seq, entry.id, detail)
        if entry.seq != expected_seq:
            missing = (
                f"第{expected_seq}条"
                if entry.seq == expected_seq + 1
                else f"第{expected_seq}至{entry.seq - 1}条"
            )
            return ChainReport(count, "deleted", expected_seq, None, f"缺少{missing}。")
        if entry.id < prev_id or (following is not None and following.id < entry.id):
            detail = "记录的写入顺序与其在链中的位置不一致。"
            return ChainReport(count, "reordered", entry.seq, entry.id, detail)
        if chain_hash(entry.prev_hash, entry_content(entry), key) != entry.hash:
            return ChainReport(count, "edited", entry.seq, entry.id, "内容与其哈希值不符。")
        if entry.prev_hash != prev_hash:
            detail = "与前一条记录的哈希值不衔接（记录被替换或插入）。"
            return ChainReport(count, "inserted", entry.seq, entry.id, detail)
        if entry.seq in anchored:
            seen[entry.seq] = entry.hash
        prev_hash = entry.hash
        prev_id = entry.id
        expected_seq += 1
        entry = following
    if head_seq > count:
        detail = f"链尾登记共{head_seq}条，实际只有{count}条（末尾记录被删除）。"
        return ChainReport(count, "deleted", count + 1, None, detail)
    if head_hash != prev_hash:
        return ChainReport(count, "edited", count, None, "链尾登记的哈希值与最后一条记录不符。")
    return ChainReport(count)
