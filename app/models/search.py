"""The enterprise search index: one document per enterprise and its character-gram postings.

Chinese names have no spaces, and the most common queries are 2-character words (万华, 化工), which
SQLite's trigram FTS cannot match. So every name is indexed by its character bigrams, as integers
(``ord(a) << 21 | ord(b)``), in a plain posting table that works the same on SQLite and PostgreSQL:

- every bigram of the current name and of each former name;
- the last character of each name on its own (``ord(c) << 21``), so that a 1-character query finds
  names ending with it (other occurrences are the first half of a bigram);
- the first bigram of the current name once more with the ``PREFIX_FLAG`` bit, so that "name starts
  with" is a posting lookup too.

The postings only narrow the candidates: every result is verified by substring against
``all_names``, so the search is exact. Both tables are derived data, rebuilt by
``app.search.index``.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base
from app.models.credit import CreditAssessment


class EnterpriseSearchDoc(Base):
    """The normalised names of one enterprise (NFKC, lower case, no whitespace)."""

    __tablename__ = "enterprise_search_docs"

    enterprise_id: Mapped[int] = mapped_column(
        ForeignKey("enterprises.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    name_key: Mapped[str] = mapped_column(String(200), index=True)  # the current name
    all_names: Mapped[str] = mapped_column(Text)  # current and former names, one per line
    # Copies of the enterprise's facts that search filters and counts by, so that counting the
    # matches of a query reads this narrow row only (kept current by refresh_enterprise_index).
    district_code: Mapped[str | None] = mapped_column(String(6))
    industry: Mapped[str | None] = mapped_column(String(50))


class EnterpriseSearchPosting(Base):
    """One gram of one enterprise's names (no foreign key: derived data, bulk-loaded)."""

    __tablename__ = "enterprise_search_postings"
    __table_args__ = ({"sqlite_with_rowid": False},)

    gram: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    enterprise_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)


# The level valid on a day, read for every counted match: a covering index answers it without
# reading the assessment rows.
Index(
    "ix_credit_assessments_search_level",
    CreditAssessment.enterprise_id,
    CreditAssessment.valid_from,
    CreditAssessment.valid_to,
    CreditAssessment.level,
)
