"""Each test starts with an empty snapshot cache: a rolled-back test's ids (and so the ledger's
fingerprint) come back in the next test with other data."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from app.inspections.snapshot import clear_caches


@pytest.fixture(autouse=True)
def _fresh_snapshots() -> Iterator[None]:
    clear_caches()
    yield
    clear_caches()
