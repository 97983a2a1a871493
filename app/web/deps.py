"""FastAPI dependencies every face uses: the request's database session and typed handles on the
app's settings and templates.

The request edge owns the transaction: ``session_dependency`` gives one session per request,
committed when the endpoint returns (before the response is sent), rolled back on error.
Services only ``flush()``.

    def page(request: Request, session: DbSession, settings: SettingsDep) -> Response: ...
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated

from fastapi import Depends, Request
from fastapi.templating import Jinja2Templates
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from app.access.sessions import COOKIE_NAME
from app.config import Settings
from app.kit.db import refuse_writes, session_scope
from app.kit.metrics import Metrics
from app.web.panels import PanelProvider

_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def reads_only(request: Request) -> bool:
    """Whether the request's unit of work only reads: a safe method without credentials.

    A signed-in or token-bearing GET writes (the session's or token's last use, the audit entry
    of an audited read, the feed consumer's position and its withdrawal catch-up): on SQLite it
    must begin IMMEDIATE like any writer, or it fails with "database is locked" when another
    connection commits between its first read and its first write. A reading session refuses
    every write (``refuse_writes``), so that a public GET that writes fails in the tests (every
    route is swept) instead of under load; such a route uses ``writing_session_dependency``."""
    credentials = "authorization" in request.headers or COOKIE_NAME in request.cookies
    return request.method in _SAFE_METHODS and not credentials


def request_sessionmaker(request: Request, *, writes: bool = False) -> sessionmaker[Session]:
    """The reading sessionmaker for requests that only read, the writing one for the others."""
    state = request.app.state
    if not writes and reads_only(request):
        reader: sessionmaker[Session] | None = getattr(state, "read_sessionmaker", None)
        if reader is not None:
            return reader
    factory: sessionmaker[Session] = state.sessionmaker
    return factory


def _request_session(request: Request) -> Iterator[Session]:
    with session_scope(request_sessionmaker(request)) as session:
        if reads_only(request):
            refuse_writes(session)
        yield session


def _writing_session(request: Request) -> Iterator[Session]:
    with session_scope(request_sessionmaker(request, writes=True)) as session:
        yield session


def writing_session_dependency(
    session: Session = Depends(_writing_session, scope="function"),
) -> Session:
    """The request's session for a route that writes whatever the method (a public GET that
    issues a report and counts the client's rate): it takes the write lock first on SQLite."""
    return session


def session_dependency(
    session: Session = Depends(_request_session, scope="function"),
) -> Session:
    """FastAPI dependency: the request's session, committed at the edge.

    Committed when the endpoint returns and BEFORE the response is sent (scope "function"): a
    yield dependency's default scope ends after the response, so a browser following a redirect
    could arrive before the commit (e.g. a new session cookie whose row is not there yet).
    """
    return session


@contextmanager
def read_session(request: Request) -> Iterator[Session]:
    """The request's unit of work, committed at the edge like ``session_dependency``.

    The search endpoints are ``async`` and run their (short, ~1 ms) queries on the event loop:
    a worker then answers one search after another instead of switching threads under the GIL
    (one worker, 8 connections, 300,000 enterprises: 650 searches/s, against 320 in the
    threadpool). A search only reads, and on PostgreSQL it reads in autocommit mode: no BEGIN
    and COMMIT round trips around its one or two statements."""
    with session_scope(request_sessionmaker(request)) as session:
        if reads_only(request):
            refuse_writes(session)
        bind = session.get_bind()
        if isinstance(bind, Engine) and bind.dialect.name == "postgresql":
            session.connection(execution_options={"isolation_level": "AUTOCOMMIT"})
        yield session


def get_settings(request: Request) -> Settings:
    """The app's settings (set by the app factory)."""
    settings: Settings = request.app.state.settings
    return settings


def get_templates(request: Request) -> Jinja2Templates:
    """The app's Jinja2 templates (set by the app factory)."""
    templates: Jinja2Templates = request.app.state.templates
    return templates


def get_engine(request: Request) -> Engine:
    """The app's database engine (set by the app factory)."""
    engine: Engine = request.app.state.engine
    return engine


def get_metrics(request: Request) -> Metrics:
    """The app's request metrics (set by the app factory)."""
    metrics: Metrics = request.app.state.metrics
    return metrics


def get_panels(request: Request) -> list[PanelProvider]:
    """Every feature's panels of the officers' home page (``app.routers.feature_panels``)."""
    panels: list[PanelProvider] = request.app.state.panels
    return panels


# The handles as dependencies. ``async``: FastAPI runs a plain function dependency in the
# threadpool, and the search endpoints (async, on the event loop) should not pay for a hop there
# to read an attribute.
async def _settings(request: Request) -> Settings:
    return get_settings(request)


async def _templates(request: Request) -> Jinja2Templates:
    return get_templates(request)


async def _engine(request: Request) -> Engine:
    return get_engine(request)


async def _metrics(request: Request) -> Metrics:
    return get_metrics(request)


async def _panels(request: Request) -> list[PanelProvider]:
    return get_panels(request)


DbSession = Annotated[Session, Depends(session_dependency)]
SettingsDep = Annotated[Settings, Depends(_settings)]
TemplatesDep = Annotated[Jinja2Templates, Depends(_templates)]
EngineDep = Annotated[Engine, Depends(_engine)]
MetricsDep = Annotated[Metrics, Depends(_metrics)]
PanelsDep = Annotated[list[PanelProvider], Depends(_panels)]
