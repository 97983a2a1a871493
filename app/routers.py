"""Every feature's router, in one place. A feature adds its line here."""

from __future__ import annotations

from fastapi import FastAPI

from app.config import Settings


def include_routers(app: FastAPI, settings: Settings) -> None:
    from app.health import api as health
    from app.home import pages as home

    app.include_router(health.router)
    if settings.metrics_enabled and settings.metrics_public:
        app.include_router(health.metrics_router)
    app.include_router(home.router)

    from app.search import pages as search

    app.include_router(search.router)

    from app.lists import pages as public_lists
    from app.penalties import pages as public_penalties

    app.include_router(public_penalties.router)
    app.include_router(public_lists.router)

    from app.about import pages as about
    from app.record import pages as enterprise_record

    app.include_router(enterprise_record.router)
    app.include_router(about.router)

    from app.accounts import admin_pages as accounts
    from app.audit import admin_pages as audit
    from app.users import admin_pages as account_admin
    from app.web import auth as account_deps
    from app.workspace import home_pages as admin_home

    account_deps.install_auth_handlers(app)
    app.include_router(admin_home.router)
    app.include_router(accounts.router)
    app.include_router(accounts.api_router)
    app.include_router(account_admin.router)
    app.include_router(audit.router)

    # The regulators' workflows: penalties, list decisions, nomination bars, batch import.
    from app.lists import admin_api as list_api
    from app.lists import admin_pages as list_pages
    from app.nomination_bars import admin_api as bar_api
    from app.nomination_bars import admin_pages as bar_pages
    from app.penalties import admin_api as penalty_api
    from app.penalties import admin_pages as penalty_pages
    from app.penalty_imports import admin_pages as penalty_imports
    from app.workspace import admin_pages as workspace
    from app.workspace import panels  # noqa: F401 - importing registers the home page panels

    app.include_router(workspace.router)
    app.include_router(penalty_pages.router)
    app.include_router(penalty_imports.router)
    app.include_router(list_pages.router)
    app.include_router(bar_pages.router)
    app.include_router(penalty_api.router)
    app.include_router(list_api.router)
    app.include_router(bar_api.router)

    from app.feed import api as feed
    from app.sync import admin_pages as sync_admin

    app.include_router(feed.router)
    app.include_router(sync_admin.router)

    from app.nomination_checks import admin_api as nomination_check_api
    from app.nomination_checks import admin_pages as nomination_check_pages
    from app.nomination_checks import record_pages as nomination_check_records

    app.include_router(nomination_check_api.router)
    app.include_router(nomination_check_pages.router)
    app.include_router(nomination_check_records.router)

    # The publication rules: the holiday calendar; the credit levels' panel (red-list candidates).
    from app.calendar import admin_pages as calendar_endpoints
    from app.credit import panels as credit_panels  # noqa: F401 - importing registers the panel

    app.include_router(calendar_endpoints.router)

    # Credit repair and objections: public forms and status, workspace pages, admin API, panels.
    from app.objections import admin_api as objection_api
    from app.objections import admin_pages as objection_pages
    from app.objections import pages as objections
    from app.objections import panels as objection_panels  # noqa: F401 - registers the panel
    from app.repairs import admin_api as repair_api
    from app.repairs import admin_pages as repair_pages
    from app.repairs import pages as repairs
    from app.repairs import panels as repair_panels  # noqa: F401 - registers the panel

    app.include_router(repairs.router)
    app.include_router(objections.router)
    app.include_router(repair_pages.router)
    app.include_router(objection_pages.router)
    app.include_router(repair_api.router)
    app.include_router(objection_api.router)
