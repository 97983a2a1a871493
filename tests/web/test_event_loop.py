"""No route does its database work on the event loop.

A route written ``async def`` runs on the event loop itself: a database call inside it (they are
all synchronous) stalls every other request of that worker until it returns, so one slow search
would delay ``/healthz`` and every record page. Routes are plain ``def`` (FastAPI runs them in its
thread pool); a route that must await something (reading an upload in full) hands its database
work to the thread pool itself, and is listed here with where it does so.
"""

from __future__ import annotations

import inspect

from fastapi import FastAPI

from tests.support.routes import endpoints

# (method, path): the route awaits the upload, then runs its work with ``run_in_threadpool``.
OFFLOADED = {
    ("POST", "/admin/nomination-check"),  # app.nomination_checks.admin_pages.upload
    ("POST", "/admin/nomination-watches"),  # app.nomination_watch.admin_pages.start_watch
}


def test_no_route_runs_on_the_event_loop_but_those_that_hand_their_work_to_threads(
    app: FastAPI,
) -> None:
    found = endpoints(app)
    assert len(found) > 100
    on_the_loop = [e for e in found if inspect.iscoroutinefunction(e.route.endpoint)]
    assert {(e.method, e.path) for e in on_the_loop} == OFFLOADED
    for endpoint in on_the_loop:
        assert "run_in_threadpool" in inspect.getsource(endpoint.route.endpoint), endpoint
