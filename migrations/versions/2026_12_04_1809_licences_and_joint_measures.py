"""licences and joint measures

Tables of app/licences (``licence_kinds`` reference data, ``licence_records`` with the revocation
event, ``licence_versions`` with the 双公示 licence field set) and app/measures (the catalogue of
joint measures ``joint_measures`` with their ``measure_departments``, and the departments'
``measure_feedbacks``); ``users.department_id`` and the role ``department`` for the departments'
accounts. Seeds the licence kinds, the departments and the catalogue (the nomination bar is its
entry ``nomination_bar``).

Revision ID: b187b6d7ed39
Revises: 195746cfeb65
Create Date: 2026-12-04 18:09:20.425429+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import app.models.base

revision: str = "b187b6d7ed39"
down_revision: str | None = "195746cfeb65"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD_ROLES = ("clerk", "reviewer", "admin", "nomination")
NEW_ROLES = (*OLD_ROLES, "department")

LICENCE_KINDS = (
    ("eia_approval", "建设项目环境影响评价文件审批", "approval", "环境影响评价文件批复", 10),
    ("pollutant_discharge", "排污许可", "general", "排污许可证", 20),
    ("hazardous_waste", "危险废物经营许可", "special", "危险废物经营许可证", 30),
    ("radiation_safety", "辐射安全许可", "general", "辐射安全许可证", 40),
    ("acceptance", "建设项目竣工环境保护验收", "recognition", None, 50),
)

DEPARTMENTS = (
    ("sthjj", "烟台市生态环境局"),
    ("fgw", "烟台市发展和改革委员会"),
    ("czj", "烟台市财政局"),
    ("zzb", "中共烟台市委组织部"),
    ("wmb", "烟台市精神文明建设委员会办公室"),
    ("rmyh", "中国人民银行烟台市分行"),
    ("zjj", "烟台市住房和城乡建设局"),
)

MEMO = "《关于对环境保护领域失信生产经营单位及其有关人员开展联合惩戒的合作备忘录》（发改财金〔2016〕1580号）"
# code, list, level, name, department, basis, subject, rule, years, effect, days, order
MEASURES = (
    (
        "government_procurement",
        "black",
        None,
        "限制参与政府采购",
        "czj",
        MEMO + "“联合惩戒措施”：依法限制参与政府采购活动",
        "enterprise",
        "entry_period",
        None,
        None,
        30,
        10,
    ),
    (
        "stricter_approval",
        "black",
        None,
        "从严审批政府投资项目和财政补助资金",
        "fgw",
        MEMO + "“联合惩戒措施”：从严审核、审批政府资金支持项目",
        "enterprise",
        "entry_period",
        None,
        None,
        30,
        20,
    ),
    (
        "public_tenders",
        "black",
        None,
        "限制参与工程建设项目招标投标",
        "zjj",
        MEMO + "“联合惩戒措施”：依法限制参与工程建设项目招标投标",
        "enterprise",
        "entry_period",
        None,
        None,
        30,
        30,
    ),
    (
        "no_honours",
        "black",
        None,
        "取消评优评先资格",
        "wmb",
        MEMO + "“联合惩戒措施”：取消参加评先评优资格",
        "enterprise",
        "fixed_years",
        3,
        None,
        30,
        40,
    ),
    (
        "prudent_credit",
        "black",
        None,
        "审慎授信",
        "rmyh",
        MEMO + "“联合惩戒措施”：作为金融机构融资授信的审慎性参考",
        "enterprise",
        "entry_period",
        None,
        None,
        30,
        50,
    ),
    (
        "nomination_bar",
        "black",
        None,
        "限制两代表一委员提名",
        "zzb",
        MEMO
        + "“联合惩戒措施”：不推荐为人大代表候选人、政协委员人选及评选表彰对象（烟台扩展至两代表一委员）",
        "responsible_persons",
        "entry_period",
        None,
        "nomination_bar",
        30,
        60,
    ),
    (
        "priority_funds",
        "red",
        None,
        "优先安排环保专项资金",
        "czj",
        "《山东省企业环境信用评价办法》：环境信用绿色（诚信）企业守信激励措施",
        "enterprise",
        "entry_period",
        None,
        None,
        60,
        70,
    ),
    (
        "fewer_inspections",
        "red",
        None,
        "减少“双随机”抽查频次",
        "sthjj",
        "《山东省企业环境信用评价办法》：环境信用绿色（诚信）企业守信激励措施",
        "enterprise",
        "entry_period",
        None,
        None,
        60,
        80,
    ),
    (
        "more_inspections",
        None,
        "yellow",
        "增加监督检查频次",
        "sthjj",
        "《山东省企业环境信用评价办法》：环境信用黄色企业的监管措施",
        "enterprise",
        "entry_period",
        None,
        None,
        30,
        90,
    ),
)
CATALOGUE_FROM = "2020-12-31"


def _seed() -> None:
    kinds = sa.table(
        "licence_kinds",
        sa.column("code", sa.String),
        sa.column("name", sa.String),
        sa.column("category", sa.String),
        sa.column("certificate_name", sa.String),
        sa.column("sort_order", sa.Integer),
    )
    op.bulk_insert(
        kinds,
        [
            {"code": c, "name": n, "category": cat, "certificate_name": cert, "sort_order": o}
            for c, n, cat, cert, o in LICENCE_KINDS
        ],
    )
    departments = sa.table(
        "measure_departments",
        sa.column("id", sa.Integer),
        sa.column("code", sa.String),
        sa.column("name", sa.String),
    )
    op.bulk_insert(
        departments,
        [{"id": i, "code": c, "name": n} for i, (c, n) in enumerate(DEPARTMENTS, start=1)],
    )
    ids = {c: i for i, (c, _n) in enumerate(DEPARTMENTS, start=1)}
    measures = sa.table(
        "joint_measures",
        sa.column("code", sa.String),
        sa.column("version", sa.Integer),
        sa.column("list_type", sa.String),
        sa.column("credit_level", sa.String),
        sa.column("name", sa.String),
        sa.column("department_id", sa.Integer),
        sa.column("legal_basis", sa.Text),
        sa.column("subject", sa.String),
        sa.column("duration_rule", sa.String),
        sa.column("duration_years", sa.Integer),
        sa.column("effect", sa.String),
        sa.column("feedback_days", sa.Integer),
        sa.column("valid_from", sa.Date),
        sa.column("sort_order", sa.Integer),
    )
    import datetime as dt

    op.bulk_insert(
        measures,
        [
            {
                "code": code,
                "version": 1,
                "list_type": list_type,
                "credit_level": level,
                "name": name,
                "department_id": ids[dept],
                "legal_basis": basis,
                "subject": subject,
                "duration_rule": rule,
                "duration_years": years,
                "effect": effect,
                "feedback_days": days,
                "valid_from": dt.date.fromisoformat(CATALOGUE_FROM),
                "sort_order": order,
            }
            for (
                code,
                list_type,
                level,
                name,
                dept,
                basis,
                subject,
                rule,
                years,
                effect,
                days,
                order,
            ) in MEASURES
        ],
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "SELECT setval(pg_get_serial_sequence('measure_departments', 'id'), "
            "(SELECT max(id) FROM measure_departments))"
        )


def _roles(values: tuple[str, ...], previous: tuple[str, ...]) -> None:
    def enum(v: tuple[str, ...]) -> sa.Enum:
        return sa.Enum(*v, name="user_role", native_enum=False, create_constraint=True, length=32)

    if op.get_bind().dialect.name == "sqlite":
        with op.batch_alter_table("users", schema=None) as batch_op:
            batch_op.alter_column("role", existing_type=enum(previous), type_=enum(values))
        return
    op.drop_constraint(op.f("ck_users_user_role"), "users", type_="check")
    listed = ", ".join(f"'{v}'" for v in values)
    op.create_check_constraint(op.f("ck_users_user_role"), "users", f"role IN ({listed})")


def upgrade() -> None:
    # ### commands auto generated by Alembic - please adjust! ###
    op.create_table(
        "licence_kinds",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("category", sa.String(length=16), nullable=False),
        sa.Column("certificate_name", sa.String(length=100), nullable=True),
        sa.Column("sort_order", sa.Integer(), nullable=False),
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
        sa.PrimaryKeyConstraint("id", name=op.f("pk_licence_kinds")),
        sa.UniqueConstraint("code", name=op.f("uq_licence_kinds_code")),
    )
    op.create_table(
        "measure_departments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
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
        sa.PrimaryKeyConstraint("id", name=op.f("pk_measure_departments")),
        sa.UniqueConstraint("code", name=op.f("uq_measure_departments_code")),
        sa.UniqueConstraint("name", name=op.f("uq_measure_departments_name")),
    )
    op.create_table(
        "joint_measures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column(
            "list_type",
            sa.Enum(
                "red",
                "black",
                name="measure_list_type",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column("credit_level", sa.String(length=16), nullable=True),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("department_id", sa.Integer(), nullable=False),
        sa.Column("legal_basis", sa.Text(), nullable=False),
        sa.Column(
            "subject",
            sa.Enum(
                "enterprise",
                "responsible_persons",
                name="measure_subject",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column(
            "duration_rule",
            sa.Enum(
                "entry_period",
                "fixed_years",
                name="duration_rule",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("duration_years", sa.Integer(), nullable=True),
        sa.Column("effect", sa.String(length=40), nullable=True),
        sa.Column("feedback_days", sa.Integer(), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column("sort_order", sa.Integer(), nullable=False),
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
            ["department_id"],
            ["measure_departments.id"],
            name=op.f("fk_joint_measures_department_id_measure_departments"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_joint_measures")),
        sa.UniqueConstraint("code", "version", name=op.f("uq_joint_measures_code_version")),
    )
    with op.batch_alter_table("joint_measures", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_joint_measures_code"), ["code"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_joint_measures_department_id"), ["department_id"], unique=False
        )

    op.create_table(
        "licence_records",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("authority_id", sa.Integer(), nullable=False),
        sa.Column("document_number", sa.String(length=100), nullable=False),
        sa.Column("enterprise_id", sa.Integer(), nullable=True),
        sa.Column(
            "revocation_kind",
            sa.Enum(
                "revoked",
                "cancelled",
                name="revocation_kind",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column("revocation_date", sa.Date(), nullable=True),
        sa.Column("revocation_reason", sa.Text(), nullable=True),
        sa.Column("revocation_document", sa.String(length=100), nullable=True),
        sa.Column("revocation_proposed_by_id", sa.Integer(), nullable=True),
        sa.Column(
            "revocation_proposed_at", app.models.base.UTCDateTime(timezone=True), nullable=True
        ),
        sa.Column("revoked_by_id", sa.Integer(), nullable=True),
        sa.Column("revoked_at", app.models.base.UTCDateTime(timezone=True), nullable=True),
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
            name=op.f("fk_licence_records_authority_id_authorities"),
        ),
        sa.ForeignKeyConstraint(
            ["enterprise_id"],
            ["enterprises.id"],
            name=op.f("fk_licence_records_enterprise_id_enterprises"),
        ),
        sa.ForeignKeyConstraint(
            ["revocation_proposed_by_id"],
            ["users.id"],
            name=op.f("fk_licence_records_revocation_proposed_by_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["revoked_by_id"], ["users.id"], name=op.f("fk_licence_records_revoked_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_licence_records")),
        sa.UniqueConstraint(
            "authority_id",
            "document_number",
            name=op.f("uq_licence_records_authority_id_document_number"),
        ),
    )
    with op.batch_alter_table("licence_records", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_licence_records_authority_id"), ["authority_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_licence_records_document_number"), ["document_number"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_licence_records_enterprise_id"), ["enterprise_id"], unique=False
        )

    op.create_table(
        "licence_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "draft",
                "submitted",
                "returned",
                "published",
                "superseded",
                "discarded",
                name="licence_version_status",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("change_reason", sa.Text(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("published_at", app.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("superseded_at", app.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("submitted_by_id", sa.Integer(), nullable=True),
        sa.Column("submitted_at", app.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("reviewed_by_id", sa.Integer(), nullable=True),
        sa.Column("reviewed_at", app.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("review_comment", sa.Text(), nullable=True),
        sa.Column("party_name", sa.String(length=200), nullable=False),
        sa.Column(
            "party_type",
            sa.Enum(
                "legal_entity",
                "natural_person",
                "individual_business",
                name="licence_party_type",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("party_uscc", sa.String(length=18), nullable=True),
        sa.Column("legal_representative", sa.String(length=100), nullable=True),
        sa.Column("kind_id", sa.Integer(), nullable=False),
        sa.Column("document_name", sa.String(length=200), nullable=False),
        sa.Column(
            "category",
            sa.Enum(
                "general",
                "special",
                "recognition",
                "approval",
                "registration",
                "other",
                name="licence_category",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("certificate_name", sa.String(length=200), nullable=True),
        sa.Column("licence_number", sa.String(length=100), nullable=True),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("decision_date", sa.Date(), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column("district_code", sa.String(length=6), nullable=True),
        sa.Column("data_source_name", sa.String(length=100), nullable=False),
        sa.Column("data_source_uscc", sa.String(length=18), nullable=False),
        sa.Column("remarks", sa.Text(), nullable=True),
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
            ["created_by_id"], ["users.id"], name=op.f("fk_licence_versions_created_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["kind_id"],
            ["licence_kinds.id"],
            name=op.f("fk_licence_versions_kind_id_licence_kinds"),
        ),
        sa.ForeignKeyConstraint(
            ["record_id"],
            ["licence_records.id"],
            name=op.f("fk_licence_versions_record_id_licence_records"),
        ),
        sa.ForeignKeyConstraint(
            ["reviewed_by_id"], ["users.id"], name=op.f("fk_licence_versions_reviewed_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["submitted_by_id"],
            ["users.id"],
            name=op.f("fk_licence_versions_submitted_by_id_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_licence_versions")),
        sa.UniqueConstraint(
            "record_id", "version", name=op.f("uq_licence_versions_record_id_version")
        ),
    )
    with op.batch_alter_table("licence_versions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_licence_versions_decision_date"), ["decision_date"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_licence_versions_district_code"), ["district_code"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_licence_versions_kind_id"), ["kind_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_licence_versions_licence_number"), ["licence_number"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_licence_versions_party_uscc"), ["party_uscc"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_licence_versions_record_id"), ["record_id"], unique=False
        )
        batch_op.create_index(
            "ix_licence_versions_status_decision_date", ["status", "decision_date"], unique=False
        )

    op.create_table(
        "measure_feedbacks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("measure_id", sa.Integer(), nullable=False),
        sa.Column("list_entry_id", sa.Integer(), nullable=False),
        sa.Column("department_id", sa.Integer(), nullable=False),
        sa.Column(
            "outcome",
            sa.Enum(
                "applied",
                "not_applied",
                name="feedback_outcome",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("applied_to", sa.String(length=200), nullable=True),
        sa.Column("applied_on", sa.Date(), nullable=True),
        sa.Column("document_number", sa.String(length=100), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("reported_by_id", sa.Integer(), nullable=True),
        sa.Column("reported_at", app.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["department_id"],
            ["measure_departments.id"],
            name=op.f("fk_measure_feedbacks_department_id_measure_departments"),
        ),
        sa.ForeignKeyConstraint(
            ["list_entry_id"],
            ["list_entries.id"],
            name=op.f("fk_measure_feedbacks_list_entry_id_list_entries"),
        ),
        sa.ForeignKeyConstraint(
            ["measure_id"],
            ["joint_measures.id"],
            name=op.f("fk_measure_feedbacks_measure_id_joint_measures"),
        ),
        sa.ForeignKeyConstraint(
            ["reported_by_id"], ["users.id"], name=op.f("fk_measure_feedbacks_reported_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_measure_feedbacks")),
    )
    with op.batch_alter_table("measure_feedbacks", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_measure_feedbacks_department_id"), ["department_id"], unique=False
        )
        batch_op.create_index(
            "ix_measure_feedbacks_entry_measure", ["list_entry_id", "measure_id"], unique=False
        )

    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("department_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_users_department_id_measure_departments"),
            "measure_departments",
            ["department_id"],
            ["id"],
        )

    # ### end Alembic commands ###
    _roles(NEW_ROLES, OLD_ROLES)
    _seed()


def downgrade() -> None:
    op.execute("DELETE FROM users WHERE role = 'department'")
    _roles(OLD_ROLES, NEW_ROLES)
    # ### commands auto generated by Alembic - please adjust! ###
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_users_department_id_measure_departments"), type_="foreignkey"
        )
        batch_op.drop_column("department_id")

    with op.batch_alter_table("measure_feedbacks", schema=None) as batch_op:
        batch_op.drop_index("ix_measure_feedbacks_entry_measure")
        batch_op.drop_index(batch_op.f("ix_measure_feedbacks_department_id"))

    op.drop_table("measure_feedbacks")
    with op.batch_alter_table("licence_versions", schema=None) as batch_op:
        batch_op.drop_index("ix_licence_versions_status_decision_date")
        batch_op.drop_index(batch_op.f("ix_licence_versions_record_id"))
        batch_op.drop_index(batch_op.f("ix_licence_versions_party_uscc"))
        batch_op.drop_index(batch_op.f("ix_licence_versions_licence_number"))
        batch_op.drop_index(batch_op.f("ix_licence_versions_kind_id"))
        batch_op.drop_index(batch_op.f("ix_licence_versions_district_code"))
        batch_op.drop_index(batch_op.f("ix_licence_versions_decision_date"))

    op.drop_table("licence_versions")
    with op.batch_alter_table("licence_records", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_licence_records_enterprise_id"))
        batch_op.drop_index(batch_op.f("ix_licence_records_document_number"))
        batch_op.drop_index(batch_op.f("ix_licence_records_authority_id"))

    op.drop_table("licence_records")
    with op.batch_alter_table("joint_measures", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_joint_measures_department_id"))
        batch_op.drop_index(batch_op.f("ix_joint_measures_code"))

    op.drop_table("joint_measures")
    op.drop_table("measure_departments")
    op.drop_table("licence_kinds")
    # ### end Alembic commands ###
