"""Helpers the workspace pages share: a savepoint around a service call whose failure is shown
in the form again, and reading a posted form."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from typing import Any

from fastapi import Request
from fastapi.responses import RedirectResponse
from sqlalchemy.orm import Session

from app.kit.errors import DomainError


@contextmanager
def attempt(session: Session) -> Iterator[None]:
    """Run a service call in a savepoint: when it fails with a domain error, nothing of it is
    kept (the page that shows the error is still committed at the request edge)."""
    savepoint = session.begin_nested()
    try:
        yield
    except DomainError:
        savepoint.rollback()
        raise
    savepoint.commit()


async def posted(request: Request, multi: tuple[str, ...] = ()) -> dict[str, Any]:
    """The posted form as a dict: one string per field, lists for the fields in ``multi``."""
    form = await request.form()
    data: dict[str, Any] = {}
    for key in form:
        if key in multi:
            data[key] = [str(v) for v in form.getlist(key)]
        else:
            value = form.get(key)
            data[key] = value if isinstance(value, str) else ""
    for key in multi:
        data.setdefault(key, [])
    return data


PostedForm = dict[str, Any]


def posted_form(*multi: str) -> Callable[[Request], Awaitable[PostedForm]]:
    """A dependency that reads the posted form (``posted``), so that the endpoint itself can be a
    plain ``def``: its database work then runs in the thread pool, not on the event loop."""

    async def read(request: Request) -> PostedForm:
        return await posted(request, multi)

    return read


def see_other(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def parse_id(value: object) -> int | None:
    text = str(value or "").strip()
    return int(text) if text.isdigit() and len(text) < 10 else None
