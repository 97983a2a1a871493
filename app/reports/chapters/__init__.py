"""The chapters of each kind of report, in order. See ``app.reports.content`` for what a
chapter provider is; README "Credit reports" says how to add one."""

from __future__ import annotations

from app.models import ReportKind
from app.reports.chapters import (
    credit_levels,
    licences,
    lists,
    notes,
    objections,
    penalties,
    registration,
    special,
)
from app.reports.content import ChapterProvider

CHAPTERS: dict[ReportKind, tuple[ChapterProvider, ...]] = {
    ReportKind.full: (
        registration.CHAPTER,
        credit_levels.CHAPTER,
        lists.CHAPTER,
        penalties.CHAPTER,
        licences.CHAPTER,
        objections.CHAPTER,
        notes.CHAPTER,
    ),
    ReportKind.special: (
        special.SUBJECT,
        special.PERIOD,
        special.RESULT,
        special.PENALTIES,
        special.BLACK_LIST,
        special.SOURCE_CHAPTER,
        special.NOTES_CHAPTER,
    ),
}

# Every provider by key: a stored report is drawn again by the providers of its chapters.
PROVIDERS: dict[str, ChapterProvider] = {
    provider.key: provider for providers in CHAPTERS.values() for provider in providers
}
