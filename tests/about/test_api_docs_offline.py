"""/api/docs works without the internet: Swagger UI's script, style and icon come from the
project (the swagger-ui-bundle-v2 package), and the page names no other site."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient


def test_the_docs_page_loads_everything_from_the_portal(client: TestClient) -> None:
    page = client.get("/api/docs")
    assert page.status_code == 200
    sources = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert sources
    for source in sources:
        assert source.startswith("/"), f"{source} is fetched from another site"
    assert "cdn" not in page.text.lower()
    assert "/api/v1/openapi.json" in page.text
    for asset in sources:
        fetched = client.get(asset)
        assert fetched.status_code == 200, asset
        assert len(fetched.content) > 100
