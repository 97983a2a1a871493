"""One settings class for the whole portal.

Every setting is read from the environment with the prefix ``ECOCREDIT_`` (or from a ``.env`` file)
and documented in the README; ``tests/test_docs.py`` fails when one is not.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Literal

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PLACEHOLDER = "change-me"
# The webhook secret used when none is set: development and tests only (refused in production).
DEV_WEBHOOK_SECRET = "whsec_ZWNvY3JlZGl0LWRldmVsb3BtZW50LW9ubHkta2V5ISE="  # noqa: S105


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="ECOCREDIT_", env_file=".env", extra="ignore")

    environment: Literal["development", "test", "production"] = Field(
        "development",
        description="development, test or production; outside development placeholders are refused",
    )
    database_url: str = Field(
        "sqlite:///./ecocredit.db",
        description="SQLAlchemy URL: sqlite:///PATH or postgresql+psycopg://USER@HOST:PORT/NAME",
    )
    secret_key: str = Field(PLACEHOLDER, description="signs sessions, CSRF tokens and cursors")
    id_hash_key: str = Field(
        PLACEHOLDER, description="HMAC key for matching resident ID numbers (never stored in plain)"
    )
    id_encryption_key: str = Field(
        PLACEHOLDER, description="Fernet key (urlsafe base64, 32 bytes) for ID numbers kept in full"
    )
    audit_hmac_key: str = Field(
        PLACEHOLDER,
        description="HMAC-SHA256 key of the audit trail's hash chain; kept outside the database, "
        "so that whoever can write the database cannot forge or recompute entries",
    )
    audit_anchor_path: str = Field(
        "./var/audit-anchors.jsonl",
        description="append-only file, outside the database, to which `ecocredit audit anchor` "
        "writes the chain's head; `ecocredit audit verify` checks the chain against every anchor",
    )
    site_name: str = Field("烟台市企业环境信用公示平台", description="the portal's title")
    host: str = Field("127.0.0.1", description="address `ecocredit serve` binds")
    port: int = Field(8000, description="port `ecocredit serve` binds")
    workers: int = Field(1, ge=1, description="uvicorn worker processes for `ecocredit serve`")
    log_level: str = Field("INFO", description="DEBUG, INFO, WARNING or ERROR")
    log_json: bool = Field(True, description="log one JSON object per line (false: plain text)")
    metrics_enabled: bool = Field(True, description="expose Prometheus metrics")
    metrics_public: bool = Field(
        False,
        description="serve /metrics on the public port; false keeps it off (use metrics_port)",
    )
    metrics_port: int = Field(
        0, ge=0, description="separate port for /metrics when not public (0: no separate server)"
    )
    max_body_bytes: int = Field(
        10 * 1024 * 1024, description="largest request body accepted, in bytes"
    )
    hsts_seconds: int | None = Field(
        None,
        ge=0,
        description="Strict-Transport-Security max-age sent with every answer, in seconds "
        "(0: none); unset: one year in production, none otherwise (served over plain HTTP)",
    )
    page_size_default: int = Field(20, ge=1, le=200, description="rows per page by default")
    search_count_cache_seconds: int = Field(
        60,
        ge=0,
        description="seconds an enterprise search reuses the result and filter counts of the same "
        "query (0: count every time); result pages are always read live",
    )
    session_idle_minutes: int = Field(
        30, ge=1, description="a signed-in session ends after this many minutes without a request"
    )
    session_absolute_hours: int = Field(
        12, ge=1, description="a signed-in session ends this many hours after sign-in, in any case"
    )
    login_client_rate_per_minute: int = Field(
        30,
        ge=1,
        description="sign-in attempts one client (IP address) may make per minute, whatever the "
        "accounts (then 429), counted before the password is checked",
    )
    login_max_failures: int = Field(
        10, ge=1, description="consecutive failed sign-ins after which an account is locked"
    )
    login_lockout_minutes: int = Field(
        1, ge=1, description="first lockout, in minutes; each further failure doubles it"
    )
    login_lockout_max_minutes: int = Field(
        60, ge=1, description="longest lockout, in minutes, however many failures follow"
    )
    password_min_length: int = Field(10, ge=8, description="shortest password accepted")
    # --- the nomination check (app/nominations/check_*) ---
    nomination_check_max_batch: int = Field(
        10_000, ge=1, le=100_000, description="most candidates in one nomination check"
    )
    nomination_check_rate_per_minute: int = Field(
        10, ge=1, description="nomination checks one account may run per minute (then 429)"
    )
    nomination_check_retention_days: int = Field(
        30, ge=1, description="days the results of a check made on the page are kept, then deleted"
    )
    # --- the nomination watch (app/nomination_watch) ---
    nomination_watch_in_serve: bool = Field(
        True,
        description="deliver the nomination watch's callbacks from a background thread of "
        "`ecocredit serve`",
    )
    nomination_watch_delivery_seconds: float = Field(
        5.0, gt=0, description="how often due nomination watch callbacks are sent, in seconds"
    )
    nomination_watch_callback_max_attempts: int = Field(
        10,
        ge=1,
        description="attempts at a nomination watch callback before it is given up (it stays "
        "readable by polling)",
    )
    # --- credit repair and objections (app/repairs, app/objections) ---
    upload_dir: str = Field(
        "./var/uploads",
        description="directory, outside the web root, where the supporting files of credit repair "
        "applications and objections are kept (random names; only officers download them)",
    )
    upload_max_bytes: int = Field(
        5 * 1024 * 1024,
        ge=1024,
        description="largest supporting file accepted, in bytes (the whole request stays under "
        "ECOCREDIT_MAX_BODY_BYTES)",
    )
    upload_max_files: int = Field(
        10, ge=1, le=50, description="most supporting files in one application or objection"
    )
    # --- the credit platform link (app/feed, app/sync) ---
    sync_platform_url: str = Field(
        "http://127.0.0.1:8100",
        description="base URL of the credit platform; pushes go to {url}/api/v1/records",
    )
    sync_webhook_secret: str = Field(
        DEV_WEBHOOK_SECRET,
        description="Standard Webhooks signing secret shared with the platform (whsec_<base64>)",
    )
    sync_worker_in_serve: bool = Field(
        True, description="run the push worker in a background thread of `ecocredit serve`"
    )
    sync_poll_seconds: float = Field(
        0.5, gt=0, description="how often an idle push worker looks for due events, in seconds"
    )
    sync_batch_size: int = Field(100, ge=1, description="events a worker claims at a time")
    sync_concurrency: int = Field(
        8, ge=1, le=64, description="deliveries a worker has in flight at once (different records)"
    )
    sync_timeout_seconds: float = Field(
        10.0, gt=0, description="how long one push waits for the platform's answer, in seconds"
    )
    sync_lease_seconds: int = Field(
        60, ge=1, description="a claimed event returns to the queue after this if its worker died"
    )
    sync_max_attempts: int = Field(
        15, ge=1, description="attempts before an event becomes a dead letter (about a day)"
    )
    sync_backoff_base_seconds: float = Field(
        5.0, gt=0, description="first retry delay; it doubles per attempt (with jitter)"
    )
    sync_backoff_max_seconds: float = Field(
        4 * 3600.0, gt=0, description="longest retry delay, in seconds (Retry-After may ask more)"
    )
    sync_kill_at: str = Field(
        "",
        description="tests only: claimed|sent|answered|recording[:N] makes the worker SIGKILL "
        "itself at that delivery step (the N-th time); refused in production",
    )
    # --- statistics (app/statistics) ---
    statistics_cache_seconds: float = Field(
        300.0,
        ge=0,
        description="seconds a process reuses computed statistics while the data they depend on "
        "is unchanged (a publication, withdrawal, level change or new day recomputes at once; "
        "0: compute every time)",
    )
    # --- the publication rules (app/publication, app/credit) ---
    rules_tick_in_serve: bool = Field(
        True,
        description="run `ecocredit rules tick` (expiry withdrawals, credit levels) in a "
        "background thread of `ecocredit serve`",
    )
    rules_tick_seconds: float = Field(
        3600.0, gt=0, description="how often `ecocredit serve` runs the rules tick, in seconds"
    )
    # --- credit reports (app/reports) ---
    report_issuer: str = Field(
        "烟台市生态环境局", description="出具单位: the bureau named as the issuer of credit reports"
    )
    public_base_url: str = Field(
        "",
        description="the portal's public address for links printed in reports and their QR codes "
        "(e.g. https://credit.example.gov.cn); empty: the address of the request",
    )
    report_font_path: str = Field(
        "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
        description="CJK TrueType font embedded in report PDFs (Debian's fonts-wqy-microhei, "
        "installed by scripts/dev and .ci/run)",
    )
    report_special_max_years: int = Field(
        3,
        ge=1,
        le=10,
        description="longest period, in years, a special credit report (专项信用报告) may cover",
    )
    report_verify_rate_per_minute: int = Field(
        10, ge=1, description="report verifications one client (IP address) may make per minute"
    )
    report_issue_rate_per_minute: int = Field(
        30, ge=1, description="new reports one client (IP address) may have issued per minute"
    )

    @model_validator(mode="after")
    def _refuse_placeholders(self) -> Settings:
        if self.environment != "development":
            missing = [
                name
                for name in ("secret_key", "id_hash_key", "id_encryption_key", "audit_hmac_key")
                if getattr(self, name) == PLACEHOLDER or len(getattr(self, name)) < 16
            ]
            if missing:
                raise ValueError(
                    f"refusing to start in {self.environment} with placeholder or short secrets: "
                    + ", ".join(f"ECOCREDIT_{m.upper()}" for m in missing)
                )
        return self

    @model_validator(mode="after")
    def _check_sync_settings(self) -> Settings:
        if self.environment == "production":
            if self.sync_webhook_secret == DEV_WEBHOOK_SECRET:
                raise ValueError(
                    "refusing to start in production with the development "
                    "ECOCREDIT_SYNC_WEBHOOK_SECRET"
                )
            if self.sync_kill_at:
                raise ValueError("ECOCREDIT_SYNC_KILL_AT is for tests only")
        return self

    @property
    def hsts_max_age(self) -> int:
        """The HSTS max-age to send (0: no header)."""
        if self.hsts_seconds is not None:
            return self.hsts_seconds
        return 365 * 24 * 3600 if self.environment == "production" else 0

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


@lru_cache
def get_settings() -> Settings:
    return Settings()
