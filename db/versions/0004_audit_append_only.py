"""audit: append-only, enforced by the database

Audit entries may be inserted, never updated or deleted: a trigger refuses UPDATE and
DELETE on audit_entry (and TRUNCATE on PostgreSQL), whoever connects. An insider who
drops the trigger is caught by `asbdesk audit verify --checkpoint` (issue 13).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28
"""
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

MESSAGE = "audit entries are append-only: they cannot be changed or deleted"


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            f"""
            CREATE FUNCTION asbdesk_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'insufficient_privilege';
            END $$
            """
        )
        op.execute(
            "CREATE TRIGGER audit_entry_append_only BEFORE UPDATE OR DELETE ON audit_entry "
            "FOR EACH ROW EXECUTE FUNCTION asbdesk_audit_append_only()"
        )
        op.execute(
            "CREATE TRIGGER audit_entry_no_truncate BEFORE TRUNCATE ON audit_entry "
            "FOR EACH STATEMENT EXECUTE FUNCTION asbdesk_audit_append_only()"
        )
    else:
        for event in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER audit_entry_no_{event.lower()} BEFORE {event} ON audit_entry "
                f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"
            )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER audit_entry_no_truncate ON audit_entry")
        op.execute("DROP TRIGGER audit_entry_append_only ON audit_entry")
        op.execute("DROP FUNCTION asbdesk_audit_append_only()")
    else:
        op.execute("DROP TRIGGER audit_entry_no_delete")
        op.execute("DROP TRIGGER audit_entry_no_update")
