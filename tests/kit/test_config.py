"""Settings: placeholders are refused outside development."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from app.config import PLACEHOLDER, Settings


@pytest.mark.parametrize("environment", ["production", "test"])
def test_outside_development_placeholder_secrets_are_refused(environment: str) -> None:
    with pytest.raises(ValidationError, match="ECOCREDIT_SECRET_KEY"):
        Settings(environment=environment, database_url="sqlite://")


def test_production_accepts_real_secrets() -> None:
    settings = Settings(
        environment="production",
        database_url="sqlite://",
        secret_key="s" * 32,
        id_hash_key="h" * 32,
        id_encryption_key="e" * 32,
        audit_hmac_key="a" * 32,
        sync_webhook_secret="whsec_cHJvZHVjdGlvbi1zZWNyZXQtZm9yLXRoZS10ZXN0",
    )
    assert settings.secret_key != PLACEHOLDER


def test_development_runs_with_placeholders() -> None:
    assert Settings(environment="development").secret_key == PLACEHOLDER


def test_production_refuses_the_development_webhook_secret() -> None:
    with pytest.raises(ValidationError, match="ECOCREDIT_SYNC_WEBHOOK_SECRET"):
        Settings(
            environment="production",
            database_url="sqlite://",
            secret_key="s" * 32,
            id_hash_key="h" * 32,
            id_encryption_key="e" * 32,
            audit_hmac_key="a" * 32,
        )
