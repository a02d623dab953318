"""audit trail: one hash chain per workstation

A single chain made every save in a contact centre wait for the one head row; a
chain per workstation keeps every edit and deletion detectable (links and heads)
without that queue. Entries written before this revision stay in chain 'main'.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""
from alembic import op
import sqlalchemy as sa

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("audit_entry") as batch:
        batch.add_column(sa.Column("chain", sa.String(length=128), nullable=False, server_default="main"))
        batch.drop_constraint("uq_audit_entry_seq", type_="unique")
        batch.create_unique_constraint("uq_audit_entry_chain", ["chain", "seq"])
    with op.batch_alter_table("audit_head") as batch:
        batch.add_column(sa.Column("chain", sa.String(length=128), nullable=False, server_default="main"))
        batch.create_unique_constraint("uq_audit_head_chain", ["chain"])
    if op.get_bind().dialect.name == "postgresql":
        # 0001 inserted the first head with an explicit id: move the id sequence past it.
        op.execute("SELECT setval(pg_get_serial_sequence('audit_head', 'id'), (SELECT max(id) FROM audit_head))")


def downgrade() -> None:
    with op.batch_alter_table("audit_head") as batch:
        batch.drop_constraint("uq_audit_head_chain", type_="unique")
        batch.drop_column("chain")
    with op.batch_alter_table("audit_entry") as batch:
        batch.drop_constraint("uq_audit_entry_chain", type_="unique")
        batch.create_unique_constraint("uq_audit_entry_seq", ["seq"])
        batch.drop_column("chain")
