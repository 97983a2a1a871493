"""Reading what a page view built: the template it rendered and the context it gave it.

Starlette's TestClient keeps both on the response (``response.template``, ``response.context``)
when the answer is the template response itself. ``as_json`` turns a context value (a Pydantic
model, a dataclass) into what its JSON twin would answer, to compare the two renderers.
"""

from __future__ import annotations

from typing import Any

from fastapi.encoders import jsonable_encoder
from httpx import Response


def page_context(response: Response, template: str, status: int = 200) -> dict[str, Any]:
    """The context ``response`` was rendered from, checking its status and template."""
    assert response.status_code == status, response.text[:500]
    rendered = getattr(response, "template", None)
    assert rendered is not None, "the answer is not a rendered template"
    assert rendered.name == template
    context: dict[str, Any] = getattr(response, "context")  # noqa: B009 - set by the TestClient
    return context


def as_json(value: Any) -> Any:
    return jsonable_encoder(value)
