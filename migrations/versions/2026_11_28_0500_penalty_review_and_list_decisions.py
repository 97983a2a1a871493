"""penalty review and list decisions: who submitted, reviewed, proposed and approved

Revision ID: a2200f420d44
Revises: b8ecda4f85e8
Create Date: 2026-11-28 03:00:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import app.models.base

revision: str = "a2200f420d44"
down_revision: str | None = "b8ecda4f85e8"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("penalty_versions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("submitted_by_id", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("submitted_at", app.models.base.UTCDateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(sa.Column("reviewed_by_id", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("reviewed_at", app.models.base.UTCDateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(sa.Column("review_comment", sa.Text(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_penalty_versions_reviewed_by_id_users"),
            "users",
            ["reviewed_by_id"],
            ["id"],
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_penalty_versions_submitted_by_id_users"),
            "users",
            ["submitted_by_id"],
            ["id"],
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_penalty_versions_created_by_id_users"),
            "users",
            ["created_by_id"],
            ["id"],
        )

    with op.batch_alter_table("list_entries", schema=None) as batch_op:
        batch_op.add_column(sa.Column("authority_id", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("proposed_at", app.models.base.UTCDateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(sa.Column("rejected_by_id", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("rejected_at", app.models.base.UTCDateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(sa.Column("review_comment", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("criteria_check", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("removal_proposed_by_id", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column(
                "removal_proposed_at", app.models.base.UTCDateTime(timezone=True), nullable=True
            )
        )
        batch_op.add_column(sa.Column("removal_approved_by_id", sa.Integer(), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_list_entries_authority_id"), ["authority_id"], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_list_entries_removal_proposed_by_id_users"),
            "users",
            ["removal_proposed_by_id"],
            ["id"],
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_list_entries_proposed_by_id_users"), "users", ["proposed_by_id"], ["id"]
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_list_entries_rejected_by_id_users"), "users", ["rejected_by_id"], ["id"]
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_list_entries_authority_id_authorities"),
            "authorities",
            ["authority_id"],
            ["id"],
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_list_entries_approved_by_id_users"), "users", ["approved_by_id"], ["id"]
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_list_entries_removal_approved_by_id_users"),
            "users",
            ["removal_approved_by_id"],
            ["id"],
        )


def downgrade() -> None:
    with op.batch_alter_table("penalty_versions", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_penalty_versions_created_by_id_users"), type_="foreignkey"
        )
        batch_op.drop_constraint(
            batch_op.f("fk_penalty_versions_submitted_by_id_users"), type_="foreignkey"
        )
        batch_op.drop_constraint(
            batch_op.f("fk_penalty_versions_reviewed_by_id_users"), type_="foreignkey"
        )
        batch_op.drop_column("review_comment")
        batch_op.drop_column("reviewed_at")
        batch_op.drop_column("reviewed_by_id")
        batch_op.drop_column("submitted_at")
        batch_op.drop_column("submitted_by_id")

    with op.batch_alter_table("list_entries", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_list_entries_removal_approved_by_id_users"), type_="foreignkey"
        )
        batch_op.drop_constraint(
            batch_op.f("fk_list_entries_approved_by_id_users"), type_="foreignkey"
        )
        batch_op.drop_constraint(
            batch_op.f("fk_list_entries_authority_id_authorities"), type_="foreignkey"
        )
        batch_op.drop_constraint(
            batch_op.f("fk_list_entries_rejected_by_id_users"), type_="foreignkey"
        )
        batch_op.drop_constraint(
            batch_op.f("fk_list_entries_proposed_by_id_users"), type_="foreignkey"
        )
        batch_op.drop_constraint(
            batch_op.f("fk_list_entries_removal_proposed_by_id_users"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_list_entries_authority_id"))
        batch_op.drop_column("removal_approved_by_id")
        batch_op.drop_column("removal_proposed_at")
        batch_op.drop_column("removal_proposed_by_id")
        batch_op.drop_column("criteria_check")
        batch_op.drop_column("review_comment")
        batch_op.drop_column("rejected_at")
        batch_op.drop_column("rejected_by_id")
        batch_op.drop_column("proposed_at")
        batch_op.drop_column("authority_id")
