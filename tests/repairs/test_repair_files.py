"""The supporting files of a credit repair application: their type is checked by content (a
renamed .exe or HTML page is refused), their size is limited, and they are never served to the
public, only to officers of the deciding authority."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.config import Settings
from app.kit.actor import Role
from app.main import STATIC_DIR
from app.models import CaseFile, RepairApplication
from tests.support.auth import BASE_URL, login
from tests.support.factories import make_authority, make_enterprise
from tests.support.repairs import (
    EXE_AS_PDF,
    HTML_AS_PNG,
    TODAY,
    apply_for_repair,
    number_from,
    pdf_bytes,
    published_penalty,
)


@pytest.fixture(autouse=True)
def _today(frozen_clock: Callable[[dt.date], None], client: TestClient) -> None:
    frozen_clock(TODAY)
    client.base_url = BASE_URL


@pytest.mark.parametrize(
    ("name", "content", "declared", "expected"),
    [
        ("setup.pdf", EXE_AS_PDF, "application/pdf", "不是有效的PDF、JPG或PNG文件"),
        ("photo.png", HTML_AS_PNG, "image/png", "不是有效的PDF、JPG或PNG文件"),
        ("empty.pdf", b"", "application/pdf", "是空文件"),
    ],
)
def test_disguised_and_empty_files_are_refused_by_their_content(
    client: TestClient, session: Session, name: str, content: bytes, declared: str, expected: str
) -> None:
    enterprise = make_enterprise(session)
    version = published_penalty(session, enterprise=enterprise)
    response = apply_for_repair(
        client,
        f"penalty={version.record_id}",
        enterprise.uscc,
        files=[("good.pdf", pdf_bytes(), "application/pdf"), (name, content, declared)],
    )
    assert response.status_code == 422
    assert name in response.text
    assert expected in response.text
    assert session.scalar(select(RepairApplication.id)) is None
    assert session.scalar(select(CaseFile.id)) is None


def test_an_oversized_file_is_refused(
    client: TestClient, session: Session, settings: Settings
) -> None:
    enterprise = make_enterprise(session)
    version = published_penalty(session, enterprise=enterprise)
    big = pdf_bytes(settings.upload_max_bytes + 10)
    response = apply_for_repair(
        client,
        f"penalty={version.record_id}",
        enterprise.uscc,
        files=[("扫描件.pdf", big, "application/pdf")],
    )
    assert response.status_code == 413
    assert "扫描件.pdf" in response.text
    assert "大小上限" in response.text
    assert session.scalar(select(RepairApplication.id)) is None


def test_supporting_files_are_never_served_publicly(
    client: TestClient, session: Session, settings: Settings
) -> None:
    authority = make_authority(session)
    enterprise = make_enterprise(session)
    version = published_penalty(session, enterprise=enterprise, authority=authority)
    marker = b"%PDF-1.7\nSECRET-PAYMENT-PROOF-1234\n%%EOF\n"
    number = number_from(
        apply_for_repair(
            client,
            f"penalty={version.record_id}",
            enterprise.uscc,
            files=[("凭证.pdf", marker, "application/pdf")],
        )
    )
    repair = session.scalars(
        select(RepairApplication).where(RepairApplication.number == number)
    ).one()
    stored = session.scalars(select(CaseFile).where(CaseFile.repair_id == repair.id)).one()
    assert stored.kind == "pdf"
    assert stored.stored_name not in ("凭证.pdf",)
    for directory in (settings.upload_dir, Settings().upload_dir):  # the test's and the default
        assert not Path(directory).resolve().is_relative_to(STATIC_DIR)

    admin_url = f"/admin/repairs/{repair.id}/files/{stored.id}"
    api_url = f"/api/v1/admin/repairs/{repair.id}/files/{stored.id}"
    for path in (
        f"/static/{stored.stored_name}",
        f"/static/{stored.stored_name[:2]}/{stored.stored_name}",
        f"/repairs/files/{stored.id}",
    ):
        assert b"SECRET-PAYMENT-PROOF" not in client.get(path).content
    anonymous = client.get(admin_url, follow_redirects=False)
    assert anonymous.status_code == 303
    assert "/admin/login" in anonymous.headers["location"]
    assert client.get(api_url).status_code == 401
    status_json = client.post(
        "/api/v1/repairs/status", json={"number": number, "uscc": enterprise.uscc}
    ).text
    assert stored.stored_name not in status_json
    assert "files" not in status_json

    login(client, Role.clerk)  # another authority's officer
    assert client.get(admin_url).status_code == 404
    login(client, Role.clerk, authority=authority)
    download = client.get(admin_url)
    assert download.status_code == 200
    assert download.content == marker
    assert download.headers["content-type"] == "application/pdf"
    assert download.headers["content-disposition"].startswith("attachment;")
    assert download.headers["x-content-type-options"] == "nosniff"
    assert client.get(api_url).content == marker
