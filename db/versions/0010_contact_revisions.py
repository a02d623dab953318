"""re-grades: the call as it was assessed, kept with the contact, and each revision of it

Issue 22 item 3. ``contact.call_input`` keeps the call as it was assessed, so that a
supervisor who disagrees with an operator's override re-assesses that call; it is NULL for
contacts saved before this revision (they cannot be re-graded, and the refusal says so), so
those rows' audit digests still hold (a NULL later column is left out of the digest).
``contact_revision`` keeps each re-grade: who, when, from what to what, why, the values
before and after and the whole re-assessment; the contact's log is amended with its text,
never rewritten. A revision is an audited row from the start, written once
(asbdesk.storage.store.AUDITED_ROWS, WRITTEN_ONCE); the table is new and empty.

Revision ID: 0010_contact_revisions
Revises: 0009_recontact_attempts
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0010_contact_revisions"
down_revision = "0009_recontact_attempts"
branch_labels = None
depends_on = None

Instant = sa.DateTime(timezone=True)
Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.add_column("contact", sa.Column("call_input", sa.JSON(), nullable=True))  # no copy of the table
    op.create_table(
        "contact_revision",
        sa.Column("id", Id, nullable=False),
        sa.Column("contact_id", Id, nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("made_at", Instant, nullable=False),
        sa.Column("made_by", sa.String(length=64), nullable=False),
        sa.Column("field", sa.String(length=16), nullable=False),
        sa.Column("from_value", sa.String(length=64), nullable=False),
        sa.Column("to_value", sa.String(length=64), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("before", sa.JSON(), nullable=False),
        sa.Column("after", sa.JSON(), nullable=False),
        sa.Column("assessment", sa.JSON(), nullable=False),
        sa.Column("amendment", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["contact_id"], ["contact.id"], name=op.f("fk_contact_revision_contact_id_contact")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contact_revision")),
        sa.UniqueConstraint("contact_id", "number", name="contact_number"),
    )


def downgrade() -> None:
    # The audit entries that recorded these rows stay: the trail is append-only.
    op.drop_table("contact_revision")
    # SQLite 3.35+ drops a column in place: a batch copy would drop the table other tables refer to.
    op.execute("ALTER TABLE contact DROP COLUMN call_input")
