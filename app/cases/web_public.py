"""The public side of a kind of case, built once: the confirmation with the number
(``/<slug>/submitted``), the filer's status page (``/<slug>/status``: the number and the second
factor, posted so that neither appears in URLs or logs) and its JSON twin
(``POST /api/v1/<slug>/status``); and what the features' public forms share: ``PublicPage``
(rendering without caching, the CSRF token, the files and their limits; ``PostedPage`` checks
the form's CSRF token first) and ``filed`` (file the case, then its confirmation).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from pydantic import BaseModel
from sqlalchemy.orm import Session

from app.cases import service
from app.cases.kinds import C, CaseKind
from app.cases.schemas import StatusQuery
from app.config import Settings
from app.kit.errors import DomainError, FieldError, NotFound, ValidationFailed
from app.kit.uploads import ACCEPT, Upload, read_upload
from app.web.admin import field_errors
from app.web.auth import client_ip
from app.web.deps import DbSession, SettingsDep, TemplatesDep
from app.web.forms import attempt
from app.web.openapi import error_responses
from app.web.public_forms import check_form, form_token, normalise_number, remember_form_seed

NO_STORE = {"Cache-Control": "no-store", "Referrer-Policy": "same-origin"}


@dataclass(frozen=True)
class PublicPage:
    """A public case page being answered."""

    request: Request
    templates: Jinja2Templates
    settings: Settings
    session: Session

    def render(self, template: str, status_code: int = 200, **context: Any) -> Response:
        """Never cached, with the public forms' CSRF seed."""
        context.setdefault("errors", {})
        response = self.templates.TemplateResponse(
            self.request, template, context, status_code=status_code, headers=NO_STORE
        )
        return remember_form_seed(self.request, response)

    def form_context(self) -> dict[str, Any]:
        """What a public form with files needs: its CSRF token and the file limits."""
        return {
            "csrf_token": form_token(self.request),
            "accept": ACCEPT,
            "max_mb": round(self.settings.upload_max_bytes / (1024 * 1024), 1),
            "max_files": self.settings.upload_max_files,
        }

    def form_page(
        self, template: str, values: dict[str, Any], failed: DomainError | None, **context: Any
    ) -> Response:
        """A public form with what was typed (``values``) and, after ``failed``, its problems
        next to the fields (one without fields, or a conflict, as a message)."""
        fields = failed.fields if failed is not None else []
        message = ""
        if failed is not None and (failed.status_code == 409 or not failed.fields):
            message = failed.message
        return self.render(
            template,
            failed.status_code if failed is not None else 200,
            values=values,
            errors=field_errors(fields),
            message=message,
            **self.form_context(),
            **context,
        )

    def uploads(self, files: list[UploadFile]) -> list[Upload]:
        """The files chosen (an empty file input sends none)."""
        limit = self.settings.upload_max_bytes
        return [u for item in files if (u := read_upload(item.filename, item.file, limit))]

    @property
    def limits(self) -> service.FileLimits:
        return service.FileLimits.of(self.settings)

    @property
    def client_ip(self) -> str | None:
        return client_ip(self.request)


def _page(
    request: Request, templates: TemplatesDep, settings: SettingsDep, session: DbSession
) -> PublicPage:
    return PublicPage(request, templates, settings, session)


def _posted_page(
    page: Annotated[PublicPage, Depends(_page)], csrf_token: str = Form("")
) -> PublicPage:
    check_form(page.request, csrf_token)  # 403 unless the form came from this site
    return page


Page = Annotated[PublicPage, Depends(_page)]
PostedPage = Annotated[PublicPage, Depends(_posted_page)]


def filed(
    page: PublicPage,
    kind: CaseKind[C],
    submit: Callable[[], C],
    again: Callable[[DomainError], Response],
    statuses: tuple[int, ...] = (413, 422),
) -> Response:
    """File the case and go to its confirmation; a domain error with one of ``statuses`` shows
    the form ``again`` (nothing of the attempt is kept)."""
    try:
        with attempt(page.session):
            found = submit()
    except DomainError as exc:
        if exc.status_code not in statuses:
            raise
        return again(exc)
    return RedirectResponse(f"/{kind.slug}/submitted?number={found.number}", status_code=303)


def status_pages(kind: CaseKind[C], result: Callable[[Session, C], BaseModel]) -> APIRouter:
    """The confirmation and the filer's status page (template ``<slug>/status.html``, the
    status as ``result`` describes it)."""
    router = APIRouter(include_in_schema=False)
    words = kind.words

    def status_page(
        page: PublicPage,
        number: str,
        factor: str,
        *,
        result: BaseModel | None = None,
        errors: list[FieldError] | None = None,
        message: str = "",
        status_code: int = 200,
    ) -> Response:
        return page.render(
            f"{kind.slug}/status.html",
            status_code,
            page_title=words.progress,
            kind=kind,
            number=number,
            factor=factor,
            result=result,
            errors=field_errors(errors or []),
            message=message,
        )

    @router.get(f"/{kind.slug}/submitted", response_class=HTMLResponse)
    def submitted(page: Page, number: str = "") -> Response:
        return page.render(
            "cases/submitted.html",
            page_title=f"{words.short}已提交",
            kind=kind,
            number=normalise_number(number),
        )

    @router.get(f"/{kind.slug}/status", response_class=HTMLResponse)
    def status_form(page: Page, number: str = "") -> Response:
        return status_page(page, normalise_number(number), "")

    @router.post(f"/{kind.slug}/status", response_class=HTMLResponse)
    def status_lookup(
        page: Page, number: str = Form(""), factor: str = Form("", alias=kind.factor_field)
    ) -> Response:
        try:
            found = service.find_by_number(page.session, kind, number, factor)
        except ValidationFailed as exc:
            return status_page(page, number, factor, errors=exc.fields, status_code=422)
        except NotFound as exc:
            return status_page(page, number, factor, message=exc.message, status_code=404)
        return status_page(page, found.number, factor, result=result(page.session, found))

    return router


def status_api(
    kind: CaseKind[C],
    query: type[StatusQuery],
    answer: type[BaseModel],
    result: Callable[[Session, C], BaseModel],
    *,
    tag: str,
    summary: str,
    description: str,
) -> APIRouter:
    """``POST /api/v1/<slug>/status``: the case with the number and second factor of ``query``
    (a body with ``number`` and the field ``CaseKind.factor_field``), as ``result`` says in the
    model ``answer``."""
    router = APIRouter()

    def api_status(body: StatusQuery, session: DbSession) -> BaseModel:
        factor = getattr(body, kind.factor_field)
        return result(session, service.find_by_number(session, kind, body.number, factor))

    # FastAPI reads the body's model from the annotation: the kind's own query model.
    api_status.__annotations__["body"] = query
    router.add_api_route(
        f"/api/v1/{kind.slug}/status",
        api_status,
        methods=["POST"],
        tags=[tag],
        summary=summary,
        description=description,
        response_model=answer,
        responses=error_responses(404, 422),
    )
    return router
