"""The routes of the app as the error-shape sweep (``tests/web/test_error_shape.py``) sees them:
every method of every ``APIRoute`` with its parameters, and the guard it has (read from its
``require_user``/``require_api_actor`` dependency, so that a new route needs no listing)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from types import NoneType, UnionType
from typing import Any, Literal, Union, get_args, get_origin

from fastapi import FastAPI
from fastapi.routing import APIRoute, iter_route_contexts

from app.kit.actor import Role


@dataclass(frozen=True)
class Guard:
    """What a route's ``require_user``/``require_api_actor`` dependency lets in."""

    kind: Literal["page", "api"]
    roles: frozenset[Role]
    scope: str


@dataclass
class Endpoint:
    method: str
    path: str
    route: APIRoute
    guard: Guard | None
    path_params: list[Any] = field(default_factory=list)
    query_params: list[Any] = field(default_factory=list)
    body_params: list[Any] = field(default_factory=list)

    @property
    def is_api(self) -> bool:
        return self.path == "/api" or self.path.startswith("/api/")

    def __str__(self) -> str:
        return f"{self.method} {self.path}"


def _closure(call: Any) -> dict[str, Any]:
    cells = call.__closure__ or ()
    names = call.__code__.co_freevars
    return {name: cell.cell_contents for name, cell in zip(names, cells, strict=True)}


def dependants(dependant: Any) -> Iterator[Any]:
    yield dependant
    for sub in dependant.dependencies:
        yield from dependants(sub)


def _guard(route: APIRoute) -> Guard | None:
    for dependant in dependants(route.dependant):
        name = getattr(dependant.call, "__qualname__", "")
        if name.startswith("require_user.<locals>"):
            return Guard("page", _closure(dependant.call)["allowed"], "")
        if name.startswith("require_api_actor.<locals>"):
            cells = _closure(dependant.call)
            return Guard("api", cells["allowed"], cells["needed"])
    return None


def endpoints(app: FastAPI) -> list[Endpoint]:
    found = []
    for context in iter_route_contexts(app.routes):
        route = context.original_route
        if not isinstance(route, APIRoute):
            continue
        for method in sorted(route.methods or ()):
            endpoint = Endpoint(method, str(context.path), route, _guard(route))
            for dependant in dependants(route.dependant):
                endpoint.path_params += dependant.path_params
                endpoint.query_params += dependant.query_params
                endpoint.body_params += dependant.body_params
            found.append(endpoint)
    return found


def other_routes(app: FastAPI) -> dict[str, set[str]]:
    """Every path the app answers (also the framework's: OpenAPI, docs) and its methods."""
    paths: dict[str, set[str]] = {}
    for context in iter_route_contexts(app.routes):
        methods = context.methods
        if context.path and methods is not None:
            paths.setdefault(str(context.path), set()).update(methods)
    return paths


def annotation_of(param: Any) -> Any:
    return param.field_info.annotation


def is_type(annotation: Any, kind: type) -> bool:
    if annotation is kind:
        return True
    if get_origin(annotation) in (Union, UnionType):
        return any(a is kind for a in get_args(annotation) if a is not NoneType)
    return False


def is_literal(annotation: Any) -> bool:
    return get_origin(annotation) is Literal
