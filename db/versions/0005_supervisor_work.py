"""supervisor: work items, notices, dip samples, flag reasons

The supervisor's desk (issue 10). A saved contact leaves work in ``work_item``: its
override to review, the re-contact the caller asked for, the occurrence of a red or amber
incident. ``notice`` tells a user, at their next sign-in, what a supervisor decided about
their request or override. ``dip_sample``, ``sample_item`` and ``sample_mark`` hold the
dip samples and their checklists. Flags get the supervisor's reasons. Contacts saved
before this revision get their open work, so nothing waiting is missed.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-28
"""

from datetime import timedelta

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

Instant = sa.DateTime(timezone=True)
Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
RECONTACT = ("ring_back", "email")


def upgrade() -> None:
    with op.batch_alter_table("flag") as batch:
        batch.add_column(sa.Column("necessity", sa.Text(), nullable=True))
        batch.add_column(sa.Column("refusal_reason", sa.Text(), nullable=True))
    op.create_index("ix_flag_status_review_due", "flag", ["status", "review_due"])
    op.create_table(
        "work_item",
        sa.Column("id", Id, nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("created_at", Instant, nullable=False),
        sa.Column("due_at", Instant, nullable=False),
        sa.Column("open", sa.Boolean(), nullable=False),
        sa.Column("assigned_to", sa.String(length=200), nullable=True),
        sa.Column("assigned_by", sa.String(length=64), nullable=True),
        sa.Column("assigned_at", Instant, nullable=True),
        sa.Column("outcome", sa.String(length=16), nullable=True),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("closed_by", sa.String(length=64), nullable=True),
        sa.Column("closed_at", Instant, nullable=True),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.CheckConstraint("kind IN ('override', 'recontact', 'occurrence')", name=op.f("ck_work_item_kind")),
        sa.CheckConstraint(
            "outcome IS NULL OR outcome IN ('agreed', 'disagreed', 'reached', 'not_reached', 'declined', 'recorded')",
            name=op.f("ck_work_item_outcome"),
        ),
        sa.ForeignKeyConstraint(["contact_id"], ["contact.id"], name=op.f("fk_work_item_contact_id_contact")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_work_item")),
        sa.UniqueConstraint("kind", "contact_id", name="kind_contact"),
    )
    op.create_index("ix_work_item_queue", "work_item", ["kind", "open", "due_at"])
    op.create_table(
        "notice",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("recipient", sa.String(length=64), nullable=False),
        sa.Column("created_at", Instant, nullable=False),
        sa.Column("author", sa.String(length=64), nullable=False),
        sa.Column("subject", sa.String(length=64), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("seen_at", Instant, nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notice")),
    )
    op.create_index("ix_notice_recipient_seen", "notice", ["recipient", "seen_at"])
    op.create_table(
        "dip_sample",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("period_start", Instant, nullable=False),
        sa.Column("period_end", Instant, nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("seed", sa.BigInteger(), nullable=False),
        sa.Column("drawn_by", sa.String(length=64), nullable=False),
        sa.Column("drawn_at", Instant, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dip_sample")),
    )
    op.create_table(
        "sample_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sample_id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("operator", sa.String(length=64), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["sample_id"], ["dip_sample.id"], name=op.f("fk_sample_item_sample_id_dip_sample")),
        sa.ForeignKeyConstraint(["contact_id"], ["contact.id"], name=op.f("fk_sample_item_contact_id_contact")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sample_item")),
        sa.UniqueConstraint("sample_id", "contact_id", name="sample_contact"),
    )
    op.create_index("ix_sample_item_sample_id", "sample_item", ["sample_id"])
    op.create_table(
        "sample_mark",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("check_id", sa.String(length=32), nullable=False),
        sa.Column("answer", sa.String(length=8), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("marked_by", sa.String(length=64), nullable=False),
        sa.Column("marked_at", Instant, nullable=False),
        sa.CheckConstraint(
            "check_id IN ('response_appropriate', 'recontact_completed', 'occurrence_created', 'crime_recorded', "
            "'assessment_retained')",
            name=op.f("ck_sample_mark_check_id"),
        ),
        sa.CheckConstraint("answer IN ('yes', 'no', 'na')", name=op.f("ck_sample_mark_answer")),
        sa.ForeignKeyConstraint(["item_id"], ["sample_item.id"], name=op.f("fk_sample_mark_item_id_sample_item")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sample_mark")),
        sa.UniqueConstraint("item_id", "check_id", name="item_check"),
    )
    _backfill()


def _backfill() -> None:
    """Open work for contacts saved before this revision (the same rules as Store.save_contact)."""
    bind = op.get_bind()
    contact = sa.table(
        "contact",
        sa.column("id"),
        sa.column("saved_at", Instant),
        sa.column("rag"),
        sa.column("override_field"),
        sa.column("review_status"),
        sa.column("contact_preference"),
        sa.column("answers", sa.JSON),
    )
    work = sa.table(
        "work_item",
        sa.column("kind"),
        sa.column("contact_id"),
        sa.column("created_at", Instant),
        sa.column("due_at", Instant),
        sa.column("open", sa.Boolean),
        sa.column("details", sa.JSON),
    )
    rows = bind.execute(
        sa.select(contact).where(
            sa.or_(
                contact.c.review_status == "pending",
                contact.c.rag.in_(("red", "amber")),
                contact.c.contact_preference.is_not(None),
            )
        )
    )
    batch = []
    for row in rows:
        saved = row.saved_at
        if row.review_status == "pending":
            batch.append(("override", row.id, saved, saved + timedelta(days=1), {"field": row.override_field}))
        if row.rag in ("red", "amber"):
            batch.append(("occurrence", row.id, saved, saved, {"rag": row.rag}))
        method = (row.answers or {}).get("contact_method") if isinstance(row.answers, dict) else None
        if row.contact_preference and method in RECONTACT:
            batch.append(("recontact", row.id, saved, saved + timedelta(days=1), {"method": method}))
        if len(batch) >= 5000:
            _insert(bind, work, batch)
            batch = []
    _insert(bind, work, batch)


def _insert(bind, work, batch) -> None:
    if batch:
        bind.execute(
            work.insert(),
            [
                {"kind": k, "contact_id": c, "created_at": at, "due_at": due, "open": True, "details": d}
                for k, c, at, due, d in batch
            ],
        )


def downgrade() -> None:
    op.drop_table("sample_mark")
    op.drop_index("ix_sample_item_sample_id", table_name="sample_item")
    op.drop_table("sample_item")
    op.drop_table("dip_sample")
    op.drop_index("ix_notice_recipient_seen", table_name="notice")
    op.drop_table("notice")
    op.drop_index("ix_work_item_queue", table_name="work_item")
    op.drop_table("work_item")
    op.drop_index("ix_flag_status_review_due", table_name="flag")
    with op.batch_alter_table("flag") as batch:
        batch.drop_column("refusal_reason")
        batch.drop_column("necessity")
