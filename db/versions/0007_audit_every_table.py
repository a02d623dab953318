"""audit: every table a person reads; the checkpoint key's fingerprint in the site

Issue 20. From this revision every write to people, phone numbers, addresses, the links
between them, flag events, work items, notices, dip samples, sampled logs and their marks
is an audit entry carrying the row's SHA-256 (as contacts, flags, users, the site and
published packs already were), so ``audit verify`` finds any of them changed, added or
deleted outside asbdesk. ``site.audit_key`` keeps the fingerprint of the administrator's
checkpoint key (``asbdesk audit trust``).

Rows of those tables written before this revision have no entry: they are adopted as they
stand at the upgrade, in entries of a chain of their own (``upgrade-0007``), a thousand rows
an entry. What was changed in them before the upgrade cannot be told any more; take a
checkpoint right after it.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-14
"""

import getpass
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

CHAIN = "upgrade-0007"
PER_ENTRY = 1000
GENESIS = "0" * 64
# The tables audited from this revision on, and the columns an audit entry names a row by
# (as asbdesk.storage.store.AUDITED_ROWS).
ADOPTED = {
    "person": ("id",),
    "phone": ("id",),
    "location": ("id",),
    "person_location": ("person_id", "location_id"),
    "flag_event": ("id",),
    "work_item": ("id",),
    "notice": ("id",),
    "dip_sample": ("id",),
    "sample_item": ("id",),
    "sample_mark": ("item_id", "check_id"),
}


def upgrade() -> None:
    with op.batch_alter_table("site") as batch:
        batch.add_column(sa.Column("audit_key", sa.String(length=71), nullable=True))
    _adopt()


def downgrade() -> None:
    # The adoption entries stay: the trail is append-only (and 0006 ignores them).
    with op.batch_alter_table("site") as batch:
        batch.drop_column("audit_key")


def _readable(bind: sa.engine.Connection, name: str) -> sa.TableClause:
    """The table as it stands, read with the types asbdesk hashes rows with (aware UTC
    times on both backends, JSON decoded), so each digest is the one asbdesk computes."""
    from asbdesk.storage.models import UTCDateTime

    reflected = sa.Table(name, sa.MetaData(), autoload_with=bind)
    columns = []
    for column in reflected.columns:
        kind = column.type
        if isinstance(kind, sa.DateTime):
            kind = UTCDateTime()
        elif isinstance(kind, sa.JSON):
            kind = sa.JSON()
        columns.append(sa.column(column.name, kind))
    return sa.table(name, *columns)


def _adopt() -> None:
    # The trail's formats are asbdesk's own: the row digest and the entry hash that
    # `audit verify` recomputes.
    from asbdesk.storage.models import UTCDateTime
    from asbdesk.storage.store import _digest_of, entry_hash

    bind = op.get_bind()
    postgresql = bind.dialect.name == "postgresql"
    who = str(bind.execute(sa.text("SELECT current_user")).scalar()) if postgresql else getpass.getuser()
    entry_table = sa.table(
        "audit_entry",
        *(sa.column(c) for c in ("chain", "seq", "username", "workstation", "action", "entity", "entity_id")),
        sa.column("at", UTCDateTime()),
        sa.column("old", sa.JSON()),
        sa.column("new", sa.JSON()),
        sa.column("prev_hash"),
        sa.column("hash"),
    )
    head_table = sa.table("audit_head", sa.column("chain"), sa.column("seq"), sa.column("hash"))
    head = bind.execute(sa.select(head_table.c.seq, head_table.c.hash).where(head_table.c.chain == CHAIN)).first()
    seq, previous = (int(head.seq), str(head.hash)) if head is not None else (0, GENESIS)
    appended = False
    now = datetime.now(UTC)
    for entity, key in ADOPTED.items():
        table = _readable(bind, entity)
        rows = bind.execute(sa.select(table).order_by(*(table.c[column] for column in key))).mappings()
        chunk: dict[str, str] = {}
        part = 0

        def append(digests: dict[str, str], part: int, entity: str = entity) -> None:
            nonlocal seq, previous, appended
            seq += 1
            entry = {
                "chain": CHAIN,
                "seq": seq,
                "at": now,
                "username": who,
                "workstation": CHAIN,
                "action": "adopt",
                "entity": "schema",
                "entity_id": f"0007 {entity} {part}",
                "old": None,
                "new": {"rows": {entity: digests}, "count": len(digests)},
                "prev_hash": previous,
            }
            entry["hash"] = entry_hash(**entry)
            bind.execute(entry_table.insert().values(**entry))
            previous, appended = entry["hash"], True

        for row in rows:
            chunk[":".join(str(row[column]) for column in key)] = _digest_of(row)
            if len(chunk) == PER_ENTRY:
                part += 1
                append(chunk, part)
                chunk = {}
        if chunk:
            append(chunk, part + 1)
    if not appended:
        return
    if head is None:
        bind.execute(head_table.insert().values(chain=CHAIN, seq=seq, hash=previous))
    else:
        bind.execute(head_table.update().where(head_table.c.chain == CHAIN).values(seq=seq, hash=previous))
