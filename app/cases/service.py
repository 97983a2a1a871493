"""The use cases every case shares: filing with supporting files, the filer's lookup by number
and second factor, the officers' lists, views and files, and the deciding authority's decision.

- A case is handled by one authority: its officers see it (administrators see all, read-only);
  officers of another authority get the same 404 as for a case that does not exist, and a
  decision by them is refused naming the deciding authority.
- The filer follows a case with its number and a second factor (``CaseKind.factor``): the same
  answer whether the number or the factor is wrong, so that a number alone reveals nothing.
- Supporting files are checked by content (``app.kit.uploads``) together with the form, so that
  every problem is reported at once; they are stored outside the web root and only officers
  download them.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from sqlalchemy.orm import Session

from app.access.guards import require_role
from app.access.names import user_names
from app.cases import repository
from app.cases.deadlines import Step, steps
from app.cases.kinds import C, CaseKind
from app.config import Settings
from app.kit import clock
from app.kit.actor import Actor, Role
from app.kit.errors import (
    DomainError,
    FieldError,
    Forbidden,
    NotFound,
    PayloadTooLarge,
    ValidationFailed,
)
from app.kit.uploads import CheckedFile, Upload, check_uploads, store
from app.models import CaseFile
from app.web.public_forms import case_number, normalise_number

T = TypeVar("T")


@dataclass(frozen=True)
class FileLimits:
    directory: str
    max_bytes: int
    max_files: int

    @classmethod
    def of(cls, settings: Settings) -> FileLimits:
        return cls(settings.upload_dir, settings.upload_max_bytes, settings.upload_max_files)


# --- filing -------------------------------------------------------------------------------


def new_number(session: Session, kind: CaseKind[C]) -> str:
    while True:
        number = case_number(kind.number_prefix)
        if repository.by_number(session, kind, number) is None:
            return number


def check_submission(
    check_form: Callable[[], T],
    uploads: list[Upload],
    limits: FileLimits,
    *,
    files_required: str | None = None,
) -> tuple[T, list[CheckedFile]]:
    """The checked form and files, or one error with every problem of both (413 when a file is
    too large). ``files_required``: the message when no file was sent (none: files optional)."""
    problems: list[FieldError] = []
    too_large = False
    fields: T | None = None
    checked: list[CheckedFile] = []
    try:
        fields = check_form()
    except ValidationFailed as exc:
        problems += exc.fields
    try:
        if files_required is not None and not uploads:
            raise ValidationFailed(fields=[FieldError("files", files_required, "required")])
        if uploads:
            checked = check_uploads(uploads, max_bytes=limits.max_bytes, max_files=limits.max_files)
    except DomainError as exc:
        problems += exc.fields
        too_large = exc.status_code == PayloadTooLarge.status_code
    if problems or fields is None:
        if too_large:
            raise PayloadTooLarge("上传的文件过大", code="file_too_large", fields=problems)
        raise ValidationFailed(fields=problems)
    return fields, checked


def attach_files(
    session: Session,
    kind: CaseKind[C],
    found: C,
    checked: list[CheckedFile],
    limits: FileLimits,
) -> list[dict[str, str]]:
    """Store the checked files with the (flushed) case; what the audit says of them."""
    for item in checked:
        stored = CaseFile(
            original_name=item.filename,
            kind=item.kind,
            size=len(item.content),
            sha256=item.sha256,
            stored_name=store(limits.directory, item.content),
            uploaded_at=found.submitted_at,
        )
        setattr(stored, kind.file_owner, found.id)
        session.add(stored)
    session.flush()
    return [{"name": f.filename, "kind": f.kind, "sha256": f.sha256} for f in checked]


def find_by_number(
    session: Session, kind: CaseKind[C], number: str | None, factor: str | None
) -> C:
    """The case with this number, only together with its second factor."""
    problems: list[FieldError] = []
    code = normalise_number(number)
    if not code:
        problems.append(FieldError("number", f"请填写{kind.words.number_label}", "required"))
    given = kind.parse_factor(factor, problems)
    if problems:
        raise ValidationFailed(fields=problems)
    found = repository.by_number(session, kind, code)
    stored = str(getattr(found, kind.factor, ""))
    # As bytes: compare_digest refuses text that is not ASCII, and anyone may type any text.
    if found is None or not secrets.compare_digest(stored.encode(), given.encode()):
        raise NotFound(kind.words.lookup_failed)
    return found


# --- the officers' side ---------------------------------------------------------------------


def load_for_officer(session: Session, kind: CaseKind[C], actor: Actor, case_id: int) -> C:
    """A case the actor may see: its authority's (administrators: all)."""
    found = session.get(kind.model, case_id)
    if found is None or (actor.role != Role.admin and found.authority_id != actor.authority_id):
        raise NotFound(f"未找到该{kind.words.noun}")
    return found


def officer_file(
    session: Session, kind: CaseKind[C], actor: Actor, case_id: int, file_id: int
) -> tuple[C, CaseFile]:
    """A supporting file of a case the actor may see."""
    found = load_for_officer(session, kind, actor, case_id)
    stored = repository.file_of(session, kind, found.id, file_id)
    if stored is None:
        raise NotFound("未找到该文件")
    return found, stored


def for_decision(
    session: Session,
    kind: CaseKind[C],
    actor: Actor,
    case_id: int,
    roles: frozenset[Role],
    what: str,
) -> C:
    """The case, locked, when ``actor`` has one of ``roles`` in the deciding authority."""
    require_role(actor, roles, what)
    found = repository.for_update(session, kind, case_id)
    if found is None:
        raise NotFound(f"未找到该{kind.words.noun}")
    if found.authority_id != actor.authority_id:
        name = repository.authority_name(session, found.authority_id)
        raise Forbidden(
            kind.words.wrong_authority.format(name=name), code="not_the_deciding_authority"
        )
    return found


def record_decision(found: C, actor: Actor, reason: str) -> None:
    """Who decided, when, and the reasons the filer will read (the status is the kind's)."""
    found.decided_at = clock.now()
    found.decided_by_id = actor.user_id
    found.decision_reason = reason


@dataclass(frozen=True)
class CaseView(Generic[C]):
    """A case as served: its derived steps and labels."""

    case: C
    status_label: str
    authority: str
    steps: list[Step]
    open: bool  # still to be decided

    @property
    def current(self) -> Step:
        return self.steps[-1]

    @property
    def overdue(self) -> bool:
        return any(step.overdue for step in self.steps)


def view(session: Session, kind: CaseKind[C], found: C) -> CaseView[C]:
    return CaseView(
        case=found,
        status_label=kind.status_labels[found.status],
        authority=repository.authority_name(session, found.authority_id),
        steps=steps(session, kind, found, clock.today()),
        open=found.status in kind.open_statuses,
    )


@dataclass(frozen=True)
class OfficerView(CaseView[C]):
    """What officers see as well: the files and who acted."""

    files: list[CaseFile]
    names: dict[int, str]


def officer_view(session: Session, kind: CaseKind[C], found: C) -> OfficerView[C]:
    """The case as its officers see it (the caller checked that they may)."""
    base = view(session, kind, found)
    return OfficerView(
        case=found,
        status_label=base.status_label,
        authority=base.authority,
        steps=base.steps,
        open=base.open,
        files=repository.files_of(session, kind, found.id),
        names=user_names(session, [getattr(found, name) for name in kind.officers]),
    )


@dataclass(frozen=True)
class Subject:
    """What a case is about and who filed it, as the officers' lists name them."""

    label: str
    url: str | None
    party: str


Describe = Callable[[Session, Sequence[C]], list[Subject]]


@dataclass(frozen=True)
class CaseRow(Generic[C]):
    case: C
    subject: Subject
    steps: list[Step]

    @property
    def current(self) -> Step:
        return self.steps[-1]


@dataclass(frozen=True)
class Listing(Generic[C]):
    rows: list[CaseRow[C]]
    status: str  # the filter chosen (a key of ``CaseKind.filters``)
    overdue_only: bool


def listed(
    session: Session,
    kind: CaseKind[C],
    actor: Actor,
    *,
    status: str = "open",
    overdue_only: bool = False,
    limit: int = 200,
) -> tuple[str, list[C]]:
    """The filter chosen (``status``; blank: the open cases) and the cases the actor may see
    under it, open ones first. An unknown filter is refused (422): it must not quietly show
    another list."""
    if status and status not in kind.filters:
        raise ValidationFailed(fields=[FieldError("status", "取值不在允许范围内", "not_allowed")])
    chosen = status or "open"
    found = repository.listed(
        session,
        kind,
        actor,
        clock.today(),
        statuses=kind.filters[chosen][1],
        overdue_only=overdue_only,
        limit=limit,
    )
    return chosen, found


def listing(
    session: Session,
    kind: CaseKind[C],
    actor: Actor,
    describe: Describe[C],
    *,
    status: str = "open",
    overdue_only: bool = False,
    limit: int = 200,
) -> Listing[C]:
    """The officers' list: the cases with what they are about and their deadlines."""
    chosen, found = listed(
        session, kind, actor, status=status, overdue_only=overdue_only, limit=limit
    )
    today = clock.today()
    rows = [
        CaseRow(case, subject, steps(session, kind, case, today))
        for case, subject in zip(found, describe(session, found), strict=True)
    ]
    return Listing(rows, chosen, overdue_only)


def counts(session: Session, kind: CaseKind[C], actor: Actor) -> tuple[int, int]:
    """(open, overdue) cases the actor may see."""
    return repository.counts(session, kind, actor, clock.today())
