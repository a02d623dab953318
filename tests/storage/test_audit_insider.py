"""Issue 13: the seven insider rewrites the security probe made, each now found.

An insider with the database's own tools first switches off the append-only triggers
(migration 0004), then rewrites. Four rewrites keep the chain internally consistent (the
app's own hash function recomputed, heads moved): only a signed checkpoint kept outside
the database finds those. Three change the data itself (a risk level, a deleted contact, a
self-granted role): the row hashes in the audit entries find those without one.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import delete, select, update

from asbdesk.storage import audit
from asbdesk.storage import models as m
from asbdesk.storage.records import AddressInput, NewPerson
from asbdesk.storage.store import entry_hash
from tests.storage.conftest import ANN, NOW, SAM
from tests.storage.helpers import as_insider, contact

DESK = "ann@desk-01"  # the call handler's chain at her workstation


@pytest.fixture
def keys(tmp_path):
    private, public = tmp_path / "admin.key", tmp_path / "admin.pub"
    audit.generate_keys(private, public)
    return private, public


@pytest.fixture
def trail(store, keys):
    """Three saved contacts and a flag request, then a checkpoint, then one more contact."""
    zoe = store.add_person(
        ANN, NewPerson("Zoë", "Okafor", ("0113 496 0123",), (AddressInput("4 Canal Row", "LS1 4AP", "Leeds"),))
    )
    references = [
        store.save_contact(ANN, contact(NOW - timedelta(days=i), person_id=zoe.id)).reference for i in range(3)
    ]
    checkpoint = audit.make_checkpoint(store, keys[0], NOW)
    references.append(store.save_contact(ANN, contact(NOW, person_id=zoe.id)).reference)  # after it: legitimate growth
    return checkpoint, references


def verified(store, checkpoint, public) -> list[str]:
    return list(store.verify_audit(SAM).problems) + audit.check_against(store, checkpoint, public)


def test_an_untouched_trail_verifies_against_its_checkpoint(store, keys, trail):
    checkpoint, _ = trail
    assert verified(store, checkpoint, keys[1]) == []
    assert checkpoint["chains"][DESK]["seq"] == 4  # the person and three saves


def _rechain(connection, first_seq: int) -> None:
    """Recompute every hash from ``first_seq`` on with the app's own function; move the head."""
    table = m.AuditEntry.__table__
    previous = connection.execute(
        select(table.c.hash).where(table.c.chain == DESK, table.c.seq == first_seq - 1)
    ).scalar()
    rows = (
        connection.execute(select(table).where(table.c.chain == DESK, table.c.seq >= first_seq).order_by(table.c.seq))
        .mappings()
        .all()
    )
    for row in rows:
        entry = {**row, "prev_hash": previous}
        entry["hash"] = entry_hash(**entry)
        connection.execute(update(table).where(table.c.id == row["id"]).values(prev_hash=previous, hash=entry["hash"]))
        previous = entry["hash"]
    last = rows[-1]["seq"] if rows else first_seq - 1
    connection.execute(update(m.AuditHead.__table__).where(m.AuditHead.chain == DESK).values(seq=last, hash=previous))


def _rewrite_recompute(connection) -> None:
    # 1. Edit an entry, recompute the hashes after it with the app's function, move the head.
    connection.execute(
        update(m.AuditEntry).where(m.AuditEntry.chain == DESK, m.AuditEntry.seq == 2).values(username="someone-else")
    )
    _rechain(connection, 2)


def _rewrite_truncate(connection) -> None:
    # 2. Delete a tail (from before the checkpoint on) and move the head back.
    connection.execute(delete(m.AuditEntry).where(m.AuditEntry.chain == DESK, m.AuditEntry.seq >= 4))
    _rechain(connection, 4)


def _rewrite_drop_chain(connection) -> None:
    # 3. Delete a workstation's whole chain, head and all.
    connection.execute(delete(m.AuditEntry).where(m.AuditEntry.chain == DESK))
    connection.execute(delete(m.AuditHead).where(m.AuditHead.chain == DESK))


def _rewrite_delete_everything(connection) -> None:
    # 4. Delete every entry and every head ("intact (0 entries)" before this issue).
    connection.execute(delete(m.AuditEntry))
    connection.execute(delete(m.AuditHead))


CHAIN_REWRITES = {
    "recompute_hashes_and_move_head": _rewrite_recompute,
    "delete_tail_and_move_head_back": _rewrite_truncate,
    "delete_a_workstations_chain": _rewrite_drop_chain,
    "delete_every_row": _rewrite_delete_everything,
}


@pytest.mark.parametrize("rewrite", sorted(CHAIN_REWRITES))
def test_chain_rewrites_fail_against_the_checkpoint(store, keys, trail, rewrite):
    checkpoint, _ = trail
    with store.engine.begin() as connection:
        as_insider(connection)
        CHAIN_REWRITES[rewrite](connection)
    problems = audit.check_against(store, checkpoint, keys[1])
    assert problems, f"{rewrite} went unnoticed against the checkpoint"
    assert any("checkpoint" in p or "fewer than" in p for p in problems)


def test_without_a_checkpoint_a_recomputed_chain_looks_intact(store, keys, trail):
    # Why the checkpoint exists: the chain alone cannot tell a careful rewrite from the truth.
    checkpoint, _ = trail
    with store.engine.begin() as connection:
        as_insider(connection)
        _rewrite_recompute(connection)
    assert store.verify_audit(SAM).ok
    assert "entry 4 differs from the checkpoint (entries up to it were rewritten)" in " ".join(
        audit.check_against(store, checkpoint, keys[1])
    )


@pytest.mark.parametrize("rewrite", ["risk_level_edited", "contact_deleted", "self_granted_administrator"])
def test_changes_to_the_data_itself_are_found(store, keys, trail, rewrite):
    checkpoint, references = trail
    with store.engine.begin() as connection:
        if rewrite == "risk_level_edited":  # 5.
            connection.execute(update(m.Contact).where(m.Contact.reference == references[0]).values(risk_level="high"))
            expected = f"contact {references[0]} differs from its last audit entry: changed outside asbdesk"
        elif rewrite == "contact_deleted":  # 6.
            connection.execute(delete(m.Contact).where(m.Contact.reference == references[1]))
            expected = f"contact {references[1]} is in the audit trail but not in the database: deleted"
        else:  # 7.
            connection.execute(update(m.User).where(m.User.username == "ann").values(role="administrator"))
            expected = "user ann differs from its last audit entry: changed outside asbdesk"
    report = store.verify_audit(SAM)
    assert not report.ok and expected in report.problems
    assert expected in verified(store, checkpoint, keys[1])


def test_a_row_added_outside_asbdesk_is_found(store, trail):
    with store.engine.begin() as connection:
        connection.execute(
            m.User.__table__.insert().values(
                username="mallory", display_name="M", role="administrator", active=True, created_at=NOW
            )
        )
    assert "user mallory has no audit entry: added outside asbdesk" in store.verify_audit(SAM).problems


def test_a_tampered_checkpoint_or_the_wrong_key_is_refused(store, keys, trail, tmp_path):
    checkpoint, _ = trail
    altered = {**checkpoint, "entries": checkpoint["entries"] - 3}
    assert audit.check_against(store, altered, keys[1]) == [
        "the checkpoint's signature does not match its contents: the checkpoint file was altered"
    ]
    other_private, other_public = tmp_path / "other.key", tmp_path / "other.pub"
    audit.generate_keys(other_private, other_public)
    assert audit.check_against(store, checkpoint, other_public) == [
        "the checkpoint was signed with a different key than the one given"
    ]


def test_no_checkpoint_over_a_broken_trail(store, keys, trail):
    from asbdesk.storage.database import InvalidData

    _, references = trail
    with store.engine.begin() as connection:
        connection.execute(update(m.Contact).where(m.Contact.reference == references[0]).values(grade="emergency"))
    with pytest.raises(InvalidData, match="does not verify, so no checkpoint was made"):
        audit.make_checkpoint(store, keys[0], NOW)


def test_the_private_key_is_private_and_never_overwritten(keys):
    import stat

    private, public = keys
    assert stat.S_IMODE(private.stat().st_mode) == 0o600
    from asbdesk.storage.database import InvalidData

    with pytest.raises(InvalidData, match="never overwritten"):
        audit.generate_keys(private, public)
