"""contacts counted as they are saved, for the hotspots report

Issue 24.2: the hotspots report grouped a year's contacts four ways at every run (15-19 s
at 1,000,000 contacts). ``contact_count_month`` (per location and per caller per month)
and ``contact_count_day`` (per incident code and per postcode district per day) are kept
by triggers on ``contact`` in the saving transaction (asbdesk.storage.counts), and filled
here from the contacts already stored. Derived rows, not audited: :func:`counts.rebuild`
makes them again from the contacts at any time.

Revision ID: 0011_contact_counts
Revises: 0010_contact_revisions
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

from asbdesk.storage import counts

revision = "0011_contact_counts"
down_revision = "0010_contact_revisions"
branch_labels = None
depends_on = None

Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "contact_count_month",
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("subject_id", Id, nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("kind", "subject_id", "month", name=op.f("pk_contact_count_month")),
    )
    op.create_index("ix_contact_count_month_rank", "contact_count_month", ["kind", "month", "n", "subject_id"])
    op.create_table(
        "contact_count_day",
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("key", sa.String(length=32), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("kind", "key", "day", name=op.f("pk_contact_count_day")),
    )
    op.create_index("ix_contact_count_day_period", "contact_count_day", ["kind", "day", "key", "n"])
    connection = op.get_bind()
    counts.rebuild(connection)
    counts.create_triggers(connection)


def downgrade() -> None:
    connection = op.get_bind()
    counts.drop_triggers(connection)
    if connection.dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS asbdesk_contact_counted()")
        op.execute("DROP FUNCTION IF EXISTS asbdesk_count_contact(contact, integer)")
    op.drop_table("contact_count_day")
    op.drop_table("contact_count_month")
