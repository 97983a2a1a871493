"""The mock platform's own settings: environment variables with the prefix ``ECOCREDIT_PLATFORM_``.

Misbehaviour is off unless a knob is set: the mock answers like a healthy platform by default.
"""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from app.config import DEV_WEBHOOK_SECRET


class PlatformSettings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="ECOCREDIT_PLATFORM_", env_file=".env", extra="ignore"
    )

    database_url: str = Field(
        "sqlite:///./platform.db", description="the platform's own database (not the portal's)"
    )
    host: str = Field("127.0.0.1", description="address `ecocredit platform serve` binds")
    port: int = Field(8100, description="port `ecocredit platform serve` binds")
    webhook_secrets: str = Field(
        DEV_WEBHOOK_SECRET,
        description="accepted signing secrets (whsec_<base64>), separated by commas: during a "
        "rotation list the old and the new one",
    )
    tolerance_seconds: int = Field(
        300, ge=1, description="largest difference between webhook-timestamp and now, in seconds"
    )
    portal_url: str = Field("http://127.0.0.1:8000", description="the portal whose feed it pulls")
    portal_api_key: str = Field("", description="Bearer token (scope feed:read) for the pull")
    pull_page_size: int = Field(1000, ge=1, le=5000, description="events asked per feed page")
    # --- misbehaviour, for tests: all off by default ---
    fail_rate: float = Field(
        0.0, ge=0, le=1, description="share of pushes answered with an error (500/503)"
    )
    fail_after_apply_share: float = Field(
        0.5,
        ge=0,
        le=1,
        description="share of those failures that happen after the event was applied (the "
        "answer is lost): the sender retries, the platform must not apply it twice",
    )
    slow_rate: float = Field(0.0, ge=0, le=1, description="share of pushes answered slowly")
    slow_seconds: float = Field(1.0, ge=0, description="how slowly, in seconds")
    throttle_rate: float = Field(
        0.0, ge=0, le=1, description="share of pushes answered 429 with Retry-After"
    )
    retry_after_seconds: int = Field(1, ge=0, description="the Retry-After of those 429s")
    refuse_rate: float = Field(
        0.0, ge=0, le=1, description="share of requests whose connection is reset unanswered"
    )
    seed: int | None = Field(None, description="seed for the misbehaviour's dice (reproducible)")

    @property
    def misbehaves(self) -> bool:
        return any((self.fail_rate, self.slow_rate, self.throttle_rate, self.refuse_rate))
