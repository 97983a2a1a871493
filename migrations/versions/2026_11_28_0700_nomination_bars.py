"""nomination bars: persons barred from nomination, proposed and confirmed

Revision ID: 939bd07e7d25
Revises: fb0451052664
Create Date: 2026-11-28 03:00:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import app.models.base

revision: str = "939bd07e7d25"
down_revision: str | None = "fb0451052664"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "nomination_bars",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("enterprise_id", sa.Integer(), nullable=True),
        sa.Column(
            "role",
            sa.Enum(
                "legal_representative",
                "principal",
                "directly_responsible",
                "actual_controller",
                name="bar_person_role",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column("list_entry_id", sa.Integer(), nullable=True),
        sa.Column(
            "source",
            sa.Enum(
                "black_list",
                "direct",
                name="bar_source",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("basis", sa.Text(), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "proposed",
                "approved",
                "rejected",
                "revoked",
                name="bar_status",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("district_code", sa.String(length=6), nullable=True),
        sa.Column("authority_id", sa.Integer(), nullable=True),
        sa.Column("proposed_by_id", sa.Integer(), nullable=True),
        sa.Column("proposed_at", app.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("reviewed_by_id", sa.Integer(), nullable=True),
        sa.Column("reviewed_at", app.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("review_comment", sa.Text(), nullable=True),
        sa.Column("revoked_at", app.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("revoke_reason", sa.Text(), nullable=True),
        sa.Column(
            "created_at",
            app.models.base.UTCDateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            app.models.base.UTCDateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["authority_id"],
            ["authorities.id"],
            name=op.f("fk_nomination_bars_authority_id_authorities"),
        ),
        sa.ForeignKeyConstraint(
            ["enterprise_id"],
            ["enterprises.id"],
            name=op.f("fk_nomination_bars_enterprise_id_enterprises"),
        ),
        sa.ForeignKeyConstraint(
            ["list_entry_id"],
            ["list_entries.id"],
            name=op.f("fk_nomination_bars_list_entry_id_list_entries"),
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["persons.id"], name=op.f("fk_nomination_bars_person_id_persons")
        ),
        sa.ForeignKeyConstraint(
            ["proposed_by_id"], ["users.id"], name=op.f("fk_nomination_bars_proposed_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["reviewed_by_id"], ["users.id"], name=op.f("fk_nomination_bars_reviewed_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_nomination_bars")),
    )
    with op.batch_alter_table("nomination_bars", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_nomination_bars_district_code"), ["district_code"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_nomination_bars_enterprise_id"), ["enterprise_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_nomination_bars_list_entry_id"), ["list_entry_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_nomination_bars_person_id"), ["person_id"], unique=False
        )
        batch_op.create_index("ix_nomination_bars_status_end", ["status", "end_date"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("nomination_bars", schema=None) as batch_op:
        batch_op.drop_index("ix_nomination_bars_status_end")
        batch_op.drop_index(batch_op.f("ix_nomination_bars_person_id"))
        batch_op.drop_index(batch_op.f("ix_nomination_bars_list_entry_id"))
        batch_op.drop_index(batch_op.f("ix_nomination_bars_enterprise_id"))
        batch_op.drop_index(batch_op.f("ix_nomination_bars_district_code"))

    op.drop_table("nomination_bars")
