"""nomination checks: the record of checks and the results of page checks (kept for a while)

Revision ID: 2c00e415410c
Revises: 94a12a773919
Create Date: 2026-11-28 03:11:10.819510+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import app.models.base

revision: str = "2c00e415410c"
down_revision: str | None = "94a12a773919"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "nomination_checks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column(
            "channel",
            sa.Enum(
                "api",
                "page",
                name="check_channel",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("created_at", app.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("candidates", sa.Integer(), nullable=False),
        sa.Column("barred", sa.Integer(), nullable=False),
        sa.Column("needs_review", sa.Integer(), nullable=False),
        sa.Column("invalid", sa.Integer(), nullable=False),
        sa.Column("clear", sa.Integer(), nullable=False),
        sa.Column("data_changed_at", app.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("rule_version", sa.String(length=80), nullable=False),
        sa.Column("matched_person_ids", sa.JSON(), nullable=False),
        sa.Column("file_name", sa.String(length=200), nullable=True),
        sa.Column("source_ip", sa.String(length=45), nullable=True),
        sa.Column("results_expire_at", app.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("results_purged_at", app.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_nomination_checks_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_nomination_checks")),
    )
    with op.batch_alter_table("nomination_checks", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_nomination_checks_created_at"), ["created_at"], unique=False
        )
        batch_op.create_index(
            "ix_nomination_checks_user_created", ["user_id", "created_at"], unique=False
        )

    op.create_table(
        "nomination_check_results",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("check_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(length=100), nullable=True),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("id_masked", sa.String(length=18), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "barred",
                "needs_review",
                "clear",
                "invalid",
                name="candidate_status",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["check_id"],
            ["nomination_checks.id"],
            name=op.f("fk_nomination_check_results_check_id_nomination_checks"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_nomination_check_results")),
        sa.UniqueConstraint(
            "check_id", "position", name=op.f("uq_nomination_check_results_check_id_position")
        ),
    )


def downgrade() -> None:
    op.drop_table("nomination_check_results")
    with op.batch_alter_table("nomination_checks", schema=None) as batch_op:
        batch_op.drop_index("ix_nomination_checks_user_created")
        batch_op.drop_index(batch_op.f("ix_nomination_checks_created_at"))

    op.drop_table("nomination_checks")
