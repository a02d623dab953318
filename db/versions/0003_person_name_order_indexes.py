"""people: name indexes in search order

Searching by name prefix lists matches in name order. Indexes on (family, given) and
(given, family) let the database read the first 20 in order instead of sorting every
match (thousands for a two-letter prefix in a force-sized database).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_person_family_key", table_name="person")
    op.drop_index("ix_person_given_key", table_name="person")
    op.create_index("ix_person_family_given", "person", ["family_key", "given_key"])
    op.create_index("ix_person_given_family", "person", ["given_key", "family_key"])


def downgrade() -> None:
    op.drop_index("ix_person_given_family", table_name="person")
    op.drop_index("ix_person_family_given", table_name="person")
    op.create_index("ix_person_given_key", "person", ["given_key"])
    op.create_index("ix_person_family_key", "person", ["family_key"])
