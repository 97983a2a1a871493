"""penalty import batches: checked uploads whose valid rows are reviewed together

Revision ID: fb0451052664
Revises: a2200f420d44
Create Date: 2026-11-28 03:00:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import app.models.base

revision: str = "fb0451052664"
down_revision: str | None = "a2200f420d44"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "penalty_import_batches",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("authority_id", sa.Integer(), nullable=False),
        sa.Column("uploaded_by_id", sa.Integer(), nullable=True),
        sa.Column("filename", sa.String(length=200), nullable=False),
        sa.Column("file_format", sa.String(length=8), nullable=False),
        sa.Column("file_sha256", sa.String(length=64), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "preview",
                "submitted",
                "cancelled",
                name="import_status",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("total_rows", sa.Integer(), nullable=False),
        sa.Column("valid_rows", sa.Integer(), nullable=False),
        sa.Column("error_rows", sa.Integer(), nullable=False),
        sa.Column("staged", sa.JSON(), nullable=False),
        sa.Column("problems", sa.JSON(), nullable=False),
        sa.Column("submitted_at", app.models.base.UTCDateTime(timezone=True), nullable=True),
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
            name=op.f("fk_penalty_import_batches_authority_id_authorities"),
        ),
        sa.ForeignKeyConstraint(
            ["uploaded_by_id"],
            ["users.id"],
            name=op.f("fk_penalty_import_batches_uploaded_by_id_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_penalty_import_batches")),
    )
    with op.batch_alter_table("penalty_import_batches", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_penalty_import_batches_authority_id"), ["authority_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_penalty_import_batches_uploaded_by_id"), ["uploaded_by_id"], unique=False
        )

    with op.batch_alter_table("penalty_versions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("import_batch_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("import_row", sa.Integer(), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_penalty_versions_import_batch_id"), ["import_batch_id"], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_penalty_versions_import_batch_id_penalty_import_batches"),
            "penalty_import_batches",
            ["import_batch_id"],
            ["id"],
        )


def downgrade() -> None:
    with op.batch_alter_table("penalty_versions", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_penalty_versions_import_batch_id_penalty_import_batches"),
            type_="foreignkey",
        )
        batch_op.drop_index(batch_op.f("ix_penalty_versions_import_batch_id"))
        batch_op.drop_column("import_row")
        batch_op.drop_column("import_batch_id")

    with op.batch_alter_table("penalty_import_batches", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_penalty_import_batches_uploaded_by_id"))
        batch_op.drop_index(batch_op.f("ix_penalty_import_batches_authority_id"))

    op.drop_table("penalty_import_batches")
