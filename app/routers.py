"""Every feature's router, in one place. A feature adds its line here."""

from __future__ import annotations

from fastapi import FastAPI

from app.config import Settings


def include_routers(app: FastAPI, settings: Settings) -> None:
    from app.health import endpoints as health
    from app.home import endpoints as home

    app.include_router(health.router)
    if settings.metrics_enabled and settings.metrics_public:
        app.include_router(health.metrics_router)
    app.include_router(home.router)

    from app.search import endpoints as search

    app.include_router(search.router)

    from app.lists import public_endpoints as public_lists
    from app.penalties import public_endpoints as public_penalties

    app.include_router(public_penalties.router)
    app.include_router(public_lists.router)

    from app.about import endpoints as about
    from app.enterprises import record_endpoints as enterprise_record

    app.include_router(enterprise_record.router)
    app.include_router(about.router)

    from app.accounts import deps as account_deps
    from app.accounts import endpoints as accounts
    from app.accounts import endpoints_admin as account_admin
    from app.admin import endpoints as admin_home
    from app.audit import endpoints as audit

    account_deps.install_auth_handlers(app)
    app.include_router(admin_home.router)
    app.include_router(accounts.router)
    app.include_router(accounts.api_router)
    app.include_router(account_admin.router)
    app.include_router(audit.router)

    # The regulators' workflows: penalties, list decisions, nomination bars, batch import.
    from app.imports import endpoints as penalty_imports
    from app.lists import admin_api as list_api
    from app.lists import admin_endpoints as list_pages
    from app.nominations import bar_api
    from app.nominations import bar_endpoints as bar_pages
    from app.penalties import admin_api as penalty_api
    from app.penalties import admin_endpoints as penalty_pages
    from app.workspace import endpoints as workspace
    from app.workspace import panels  # noqa: F401 - importing registers the home page panels

    app.include_router(workspace.router)
    app.include_router(penalty_pages.router)
    app.include_router(penalty_imports.router)
    app.include_router(list_pages.router)
    app.include_router(bar_pages.router)
    app.include_router(penalty_api.router)
    app.include_router(list_api.router)
    app.include_router(bar_api.router)

    from app.feed import endpoints as feed
    from app.sync import endpoints as sync_admin

    app.include_router(feed.router)
    app.include_router(sync_admin.router)

    from app.nominations import check_endpoints as nomination_check_api
    from app.nominations import check_pages as nomination_check_pages
    from app.nominations import check_records as nomination_check_records

    app.include_router(nomination_check_api.router)
    app.include_router(nomination_check_pages.router)
    app.include_router(nomination_check_records.router)

    # The publication rules: the holiday calendar; the credit levels' panel (red-list candidates).
    from app.credit import panels as credit_panels  # noqa: F401 - importing registers the panel
    from app.publication import calendar_endpoints

    app.include_router(calendar_endpoints.router)

    # Credit repair and objections: public forms and status, workspace pages, admin API, panels.
    from app.objections import admin_api as objection_api
    from app.objections import admin_endpoints as objection_pages
    from app.objections import endpoints as objections
    from app.objections import panels as objection_panels  # noqa: F401 - registers the panel
    from app.repairs import admin_api as repair_api
    from app.repairs import admin_endpoints as repair_pages
    from app.repairs import endpoints as repairs
    from app.repairs import panels as repair_panels  # noqa: F401 - registers the panel

    app.include_router(repairs.router)
    app.include_router(objections.router)
    app.include_router(repair_pages.router)
    app.include_router(objection_pages.router)
    app.include_router(repair_api.router)
    app.include_router(objection_api.router)
