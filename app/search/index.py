"""Maintenance of the enterprise search index (app.models.search): refresh some, rebuild all.

Both functions work inside the caller's transaction (they flush, never commit).

``refresh_enterprise_index`` is for writers of enterprises (the importer, the admin side): call it
after changing the name, former names or credit code of some enterprises, or after deleting them.
``rebuild_enterprise_index`` rebuilds the whole index in bulk (the demo loader, ``ecocredit``
maintenance): SQLite collects the postings in a temporary table and inserts them sorted;
PostgreSQL COPYs them into the table without its primary key and builds the key afterwards.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any, cast

from sqlalchemy import Table, delete, insert, select, text
from sqlalchemy.orm import Session

from app.models import Enterprise, EnterpriseSearchDoc, EnterpriseSearchPosting
from app.search.grams import document, document_grams

_BATCH = 5_000
_REFRESH_CHUNK = 500
_DOCS = cast(Table, EnterpriseSearchDoc.__table__)
_POSTINGS = cast(Table, EnterpriseSearchPosting.__table__)
_PK_NAME = "pk_enterprise_search_postings"
_SOURCE = (
    Enterprise.id,
    Enterprise.name,
    Enterprise.former_names,
    Enterprise.district_code,
    Enterprise.industry,
)


def refresh_enterprise_index(session: Session, enterprise_ids: Sequence[int]) -> None:
    """Re-index these enterprises (names, district, industry); a missing id is unindexed.

    Call it after changing the name, former names, district or industry of enterprises, or after
    deleting them (the credit code is read from ``enterprises`` itself)."""
    if not enterprise_ids:
        return
    session.flush()
    ids = sorted(set(enterprise_ids))
    for start in range(0, len(ids), _REFRESH_CHUNK):
        _refresh_chunk(session, ids[start : start + _REFRESH_CHUNK])
    session.flush()


def _refresh_chunk(session: Session, ids: list[int]) -> None:
    old_rows = session.execute(
        select(_DOCS.c.enterprise_id, _DOCS.c.name_key, _DOCS.c.all_names).where(
            _DOCS.c.enterprise_id.in_(ids)
        )
    ).all()
    old = {row.enterprise_id: (row.name_key, row.all_names) for row in old_rows}
    current = session.execute(select(*_SOURCE).where(Enterprise.id.in_(ids))).all()
    new = {row.id: document(row.name, row.former_names) for row in current}
    facts = {row.id: (row.district_code, row.industry) for row in current}

    removed: list[tuple[int, int]] = []
    added: list[tuple[int, int]] = []
    for eid in ids:
        before = document_grams(*old[eid]) if eid in old else set()
        after = document_grams(*new[eid]) if eid in new else set()
        removed.extend((g, eid) for g in before - after)
        added.extend((g, eid) for g in after - before)
    # Postings are many small rows (about 30 per enterprise): written past the ORM, through
    # the driver (SQLite: executemany; PostgreSQL: COPY, and one DELETE with arrays).
    _delete_postings(session, removed)
    _insert_postings(session, added)
    if old:
        session.execute(delete(_DOCS).where(_DOCS.c.enterprise_id.in_(list(old))))
    if new:
        session.execute(
            insert(_DOCS),
            [
                {
                    "enterprise_id": eid,
                    "name_key": key,
                    "all_names": names,
                    "district_code": facts[eid][0],
                    "industry": facts[eid][1],
                }
                for eid, (key, names) in new.items()
            ],
        )


def _delete_postings(session: Session, rows: list[tuple[int, int]]) -> None:
    if not rows:
        return
    connection = session.connection()
    if connection.dialect.name == "postgresql":  # one statement for all rows
        grams, ids = zip(*rows, strict=True)
        connection.execute(
            text(
                "DELETE FROM enterprise_search_postings WHERE (gram, enterprise_id) IN "
                "(SELECT * FROM unnest(CAST(:grams AS bigint[]), CAST(:ids AS integer[])))"
            ),
            {"grams": list(grams), "ids": list(ids)},
        )
        return
    connection.exec_driver_sql(
        "DELETE FROM enterprise_search_postings WHERE gram = ? AND enterprise_id = ?", rows
    )


def _insert_postings(session: Session, rows: list[tuple[int, int]]) -> None:
    if not rows:
        return
    rows = sorted(rows)  # in key order: neighbouring rows land on the same pages of the index
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        raw: Any = connection.connection.dbapi_connection  # a psycopg Connection
        with (
            raw.cursor() as cursor,
            cursor.copy("COPY enterprise_search_postings (gram, enterprise_id) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row(row)
        return
    connection.exec_driver_sql(
        "INSERT INTO enterprise_search_postings (gram, enterprise_id) VALUES (?, ?)", rows
    )


Row = tuple[int, str, str, str | None, str | None]


def _enterprise_batches(session: Session) -> Iterator[list[Row]]:
    """``(id, name_key, all_names, district_code, industry)`` of every enterprise, in id order,
    by keyset batches."""
    last = 0
    while True:
        rows = session.execute(
            select(*_SOURCE).where(Enterprise.id > last).order_by(Enterprise.id).limit(_BATCH)
        ).all()
        if not rows:
            return
        yield [
            (row.id, *document(row.name, row.former_names), row.district_code, row.industry)
            for row in rows
        ]
        last = rows[-1].id


def rebuild_enterprise_index(
    session: Session, progress: Callable[[int], None] | None = None
) -> None:
    """Rebuild the index for every enterprise; ``progress(n)`` reports enterprises done so far."""
    session.flush()
    if session.get_bind().dialect.name == "postgresql":
        _rebuild_postgresql(session, progress)
    else:
        _rebuild_sqlite(session, progress)
    session.flush()


def _rebuild_sqlite(session: Session, progress: Callable[[int], None] | None) -> None:
    conn = session.connection()
    conn.exec_driver_sql("DELETE FROM enterprise_search_postings")
    conn.exec_driver_sql("DELETE FROM enterprise_search_docs")
    conn.exec_driver_sql("DROP TABLE IF EXISTS temp.search_rebuild")
    conn.exec_driver_sql("CREATE TEMP TABLE search_rebuild (gram INTEGER, enterprise_id INTEGER)")
    done = 0
    for batch in _enterprise_batches(session):
        conn.exec_driver_sql(
            "INSERT INTO enterprise_search_docs "
            "(enterprise_id, name_key, all_names, district_code, industry) VALUES (?, ?, ?, ?, ?)",
            batch,
        )
        postings = [(g, row[0]) for row in batch for g in document_grams(row[1], row[2])]
        conn.exec_driver_sql("INSERT INTO temp.search_rebuild VALUES (?, ?)", postings)
        done += len(batch)
        if progress is not None:
            progress(done)
    conn.exec_driver_sql(
        "INSERT INTO enterprise_search_postings (gram, enterprise_id) "
        "SELECT gram, enterprise_id FROM temp.search_rebuild ORDER BY gram, enterprise_id"
    )
    conn.exec_driver_sql("DROP TABLE temp.search_rebuild")
    conn.exec_driver_sql("ANALYZE enterprise_search_postings")
    conn.exec_driver_sql("ANALYZE enterprise_search_docs")


def _copy_text(value: Any) -> str:
    """A value in COPY's text format (tab, newline and backslash escaped; None is NULL)."""
    if value is None:
        return "\\N"
    return (
        str(value)
        .replace("\\", "\\\\")
        .replace("\t", "\\t")
        .replace("\n", "\\n")
        .replace("\r", "\\r")
    )


def _rebuild_postgresql(session: Session, progress: Callable[[int], None] | None) -> None:
    conn = session.connection()
    conn.execute(text("TRUNCATE enterprise_search_postings, enterprise_search_docs"))
    conn.execute(text(f"ALTER TABLE enterprise_search_postings DROP CONSTRAINT {_PK_NAME}"))
    raw: Any = conn.connection.dbapi_connection  # a psycopg Connection
    done = 0
    with raw.cursor() as cursor:
        for batch in _enterprise_batches(session):
            with cursor.copy(
                "COPY enterprise_search_docs "
                "(enterprise_id, name_key, all_names, district_code, industry) FROM STDIN"
            ) as copy:
                copy.write("".join("\t".join(map(_copy_text, row)) + "\n" for row in batch))
            with cursor.copy(
                "COPY enterprise_search_postings (gram, enterprise_id) FROM STDIN"
            ) as copy:
                copy.write(
                    "".join(
                        f"{g}\t{row[0]}\n" for row in batch for g in document_grams(row[1], row[2])
                    )
                )
            done += len(batch)
            if progress is not None:
                progress(done)
    conn.execute(text("SET LOCAL maintenance_work_mem = '256MB'"))  # one sort in memory
    conn.execute(
        text(
            f"ALTER TABLE enterprise_search_postings ADD CONSTRAINT {_PK_NAME} "
            "PRIMARY KEY (gram, enterprise_id)"
        )
    )
    conn.execute(text("ANALYZE enterprise_search_postings"))
    conn.execute(text("ANALYZE enterprise_search_docs"))
