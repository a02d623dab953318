"""re-contacts: a caller's e-mail addresses, and each attempt at a re-contact

Issue 22 item 2. ``email`` keeps a caller's e-mail address as ``phone`` keeps their
numbers: given on a call where e-mail was the chosen contact, written once, a new address
a new row. ``recontact_attempt`` keeps each try at a re-contact (when, by whom, what came
of it), recorded by a supervisor in their own name and never changed. Both are audited rows
from the start (asbdesk.storage.store.AUDITED_ROWS); both are new and empty, so nothing is
adopted (as 0007 adopted the rows written before it).

Revision ID: 0009_recontact_attempts
Revises: 0008_sample_overlap
Create Date: 2026-12-21
"""

import sqlalchemy as sa
from alembic import op

revision = "0009_recontact_attempts"
down_revision = "0008_sample_overlap"
branch_labels = None
depends_on = None

Instant = sa.DateTime(timezone=True)
Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
# asbdesk.core.vocabulary.RECONTACT_ATTEMPT_RESULTS as it stood at this revision.
RESULTS = "('no_answer', 'left_voicemail', 'wrong_number', 'email_sent', 'email_bounced', 'reached')"


def upgrade() -> None:
    op.create_table(
        "email",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("address", sa.String(length=254), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_email_person_id_person"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_email")),
        sa.UniqueConstraint("person_id", "address", name="person_address"),
    )
    op.create_index(op.f("ix_email_person_id"), "email", ["person_id"])
    op.create_table(
        "recontact_attempt",
        sa.Column("id", Id, nullable=False),
        sa.Column("work_item_id", Id, nullable=False),
        sa.Column("attempted_at", Instant, nullable=False),
        sa.Column("attempted_by", sa.String(length=200), nullable=False),
        sa.Column("result", sa.String(length=32), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("recorded_by", sa.String(length=64), nullable=False),
        sa.Column("recorded_at", Instant, nullable=False),
        sa.CheckConstraint(f"result IN {RESULTS}", name=op.f("ck_recontact_attempt_result")),
        sa.ForeignKeyConstraint(
            ["work_item_id"], ["work_item.id"], name=op.f("fk_recontact_attempt_work_item_id_work_item")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recontact_attempt")),
    )
    op.create_index(op.f("ix_recontact_attempt_work_item_id"), "recontact_attempt", ["work_item_id"])


def downgrade() -> None:
    # The audit entries that recorded these rows stay: the trail is append-only.
    op.drop_index(op.f("ix_recontact_attempt_work_item_id"), table_name="recontact_attempt")
    op.drop_table("recontact_attempt")
    op.drop_index(op.f("ix_email_person_id"), table_name="email")
    op.drop_table("email")
