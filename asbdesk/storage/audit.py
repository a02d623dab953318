"""Anchors for the audit trail outside the database (issues 13 and 20).

The hash chain finds a naive edit, but an insider with the database's own tools can
rewrite an entry and recompute every hash after it, cut a chain's tail and move its head
back, or delete a whole chain. A *checkpoint* taken from time to time and kept outside
the database defeats that: it records each chain's head (sequence number and hash), the
number of entries and of rows in each audited table, and a Merkle-style summary of what
the trail records of each row, signed with an Ed25519 key in the administrator's keeping.
``verify`` then checks that every checkpointed head is still in the chain with the same
hash, that no audited table lost rows, and names the rows the trail before the checkpoint
now records otherwise. The key's fingerprint is kept in the site (``audit trust``) and in
the administrator's own copy, so a checkpoint replaced with its public key is refused.

    asbdesk audit keygen --private admin.key --public admin.pub
    asbdesk audit trust --public-key admin.pub
    asbdesk audit checkpoint --key admin.key --out checkpoint-2026-11-28.json
    asbdesk audit verify --checkpoint checkpoint-2026-11-28.json --public-key admin.pub --fingerprint sha256:...
"""

from __future__ import annotations

import base64
import hashlib
import json
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from asbdesk import paths
from asbdesk.core.call import json_depth
from asbdesk.core.files import FileRefused, read_limited
from asbdesk.storage import models as m
from asbdesk.storage.database import InvalidData
from asbdesk.storage.store import AUDITED_ROWS, Store, bucket_of, recorded_as_of, row_buckets, rows_hidden

CHECKPOINT_VERSION = 1


def _crypto():  # imported when used: only administrators need it
    try:
        from cryptography.exceptions import InvalidSignature
        from cryptography.hazmat.primitives import serialization
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
    except ImportError:
        raise InvalidData(
            "audit keys and checkpoints need the 'cryptography' package, which the desk bundle leaves out: "
            "run them from an installed asbdesk (pip install asbdesk)"
        ) from None

    return InvalidSignature, serialization, Ed25519PrivateKey, Ed25519PublicKey


MAX_KEY_BYTES = 16_384  # a PEM Ed25519 key is about 120 bytes
MAX_CHECKPOINT_BYTES = 5_000_000  # a checkpoint names each chain's head: thousands of workstations fit
MAX_CHECKPOINT_DEPTH = 8


def generate_keys(private_path: Path, public_path: Path) -> str:
    """A new Ed25519 key pair: the private key readable by this user only (refuses to
    overwrite a file). Returns the public key's fingerprint."""
    _, serialization, private_class, _ = _crypto()
    for path in (private_path, public_path):
        if path.exists():
            raise InvalidData(f"{path} exists already: keys are never overwritten")
    key = private_class.generate()
    public = key.public_key()
    written: list[Path] = []
    try:
        with paths.open_private(private_path, "xb") as handle:  # 0600, never over an existing file
            written.append(private_path)
            handle.write(
                key.private_bytes(
                    serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
                )
            )
        with public_path.open("xb") as handle:
            written.append(public_path)
            handle.write(
                public.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
            )
    except OSError as error:
        for path in written:  # no half a key pair left behind
            path.unlink(missing_ok=True)
        name = private_path if not written else public_path
        raise InvalidData(
            f"cannot write {name} ({error.strerror or type(error).__name__}): no keys were made"
        ) from None
    return fingerprint(public)


def fingerprint(public_key: Any) -> str:
    _, serialization, _, _ = _crypto()
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return "sha256:" + hashlib.sha256(raw).hexdigest()


def _load_private(path: Path) -> Any:
    _, serialization, private_class, _ = _crypto()
    try:
        key = serialization.load_pem_private_key(read_limited(path, MAX_KEY_BYTES, "key"), password=None)
    except FileRefused as error:
        raise InvalidData(str(error)) from None
    except (OSError, ValueError, TypeError) as error:
        raise InvalidData(f"{path}: not a readable Ed25519 private key ({type(error).__name__})") from None
    if not isinstance(key, private_class):
        raise InvalidData(f"{path}: not an Ed25519 private key")
    return key


def _load_public(path: Path) -> Any:
    _, serialization, _, public_class = _crypto()
    try:
        key = serialization.load_pem_public_key(read_limited(path, MAX_KEY_BYTES, "public key"))
    except FileRefused as error:
        raise InvalidData(str(error)) from None
    except (OSError, ValueError, TypeError) as error:
        raise InvalidData(f"{path}: not a readable Ed25519 public key ({type(error).__name__})") from None
    if not isinstance(key, public_class):
        raise InvalidData(f"{path}: not an Ed25519 public key")
    return key


def _signed_body(checkpoint: dict[str, Any]) -> bytes:
    body = {k: v for k, v in checkpoint.items() if k != "signature"}
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def _readable_tables(session: Any) -> dict[str, Any]:
    """The audited tables whose every row this login reads (on PostgreSQL, row-level
    security hides notices from all but their recipient and author): only those are counted."""
    connection = session.connection()
    return {entity: table for entity, (table, _) in AUDITED_ROWS.items() if not rows_hidden(connection, table.name)}


def _state(store: Store) -> dict[str, Any]:
    """Each chain's head as the entries hold it (not the head table), and the counts: of
    entries, and of the rows of each audited table (asbdesk never deletes one)."""
    with store._read() as session:
        chains: dict[str, dict[str, Any]] = {}
        last = (
            select(m.AuditEntry.chain, func.max(m.AuditEntry.seq).label("seq")).group_by(m.AuditEntry.chain).subquery()
        )
        rows = session.execute(
            select(m.AuditEntry.chain, m.AuditEntry.seq, m.AuditEntry.hash).join(
                last, (m.AuditEntry.chain == last.c.chain) & (m.AuditEntry.seq == last.c.seq)
            )
        )
        for chain, seq, digest in rows:
            chains[chain] = {"seq": seq, "hash": digest}
        entries = session.scalar(select(func.count()).select_from(m.AuditEntry)) or 0
        counts = {
            entity: session.scalar(select(func.count()).select_from(table)) or 0
            for entity, table in _readable_tables(session).items()
        }
        buckets = row_buckets(recorded_as_of(session, {chain: head["seq"] for chain, head in chains.items()}))
    return {"chains": chains, "entries": entries, "rows": counts, "buckets": buckets}


def make_checkpoint(store: Store, private_key_path: Path, now: datetime) -> dict[str, Any]:
    """A signed record of every chain's head and the counts, to keep outside the database.
    Refused while the trail does not verify (a checkpoint must not bless a rewrite), and
    when the site records another key's fingerprint (``asbdesk audit trust``)."""
    report = store.verify_audit()
    if not report.ok:
        raise InvalidData(
            "the audit trail does not verify, so no checkpoint was made: " + "; ".join(report.problems[:3])
        )
    key = _load_private(private_key_path)
    signer = fingerprint(key.public_key())
    site = store.site()
    if site is not None and site.audit_key is not None and site.audit_key != signer:
        raise InvalidData(
            f"{private_key_path} is not the checkpoint key the site records ({site.audit_key}; this key is "
            f"{signer}): sign with the recorded key, or record this one first (asbdesk audit trust)"
        )
    checkpoint = {
        "version": CHECKPOINT_VERSION,
        "made_at": now.isoformat(),
        "database": store.description,
        **_state(store),
        "public_key": signer,
    }
    checkpoint["signature"] = base64.b64encode(key.sign(_signed_body(checkpoint))).decode("ascii")
    return checkpoint


def read_checkpoint(path: Path) -> dict[str, Any]:
    """A checkpoint file: at most MAX_CHECKPOINT_BYTES, JSON nested at most a few levels
    (a real one nests 3), checked before it is parsed."""
    try:
        text = read_limited(path, MAX_CHECKPOINT_BYTES, "checkpoint").decode("utf-8")
    except FileRefused as error:
        raise InvalidData(str(error)) from None
    except UnicodeDecodeError:
        raise InvalidData(f"checkpoint: {path} is not UTF-8 text") from None
    if json_depth(text) > MAX_CHECKPOINT_DEPTH:
        raise InvalidData(f"checkpoint: {path} nests more than {MAX_CHECKPOINT_DEPTH} deep: not an asbdesk checkpoint")
    try:
        data = json.loads(text)
    except ValueError as error:
        raise InvalidData(f"checkpoint: {path} is not a readable checkpoint ({type(error).__name__})") from None
    if not isinstance(data, dict) or data.get("version") != CHECKPOINT_VERSION or "signature" not in data:
        raise InvalidData(f"{path}: not an asbdesk audit checkpoint (version {CHECKPOINT_VERSION})")
    return data


def public_key_fingerprint(public_key_path: Path) -> str:
    """The fingerprint of a public key file ('sha256:' and 64 hex digits), as keygen printed it."""
    return fingerprint(_load_public(public_key_path))


def key_anchors(store: Store, signer: str, expected: str | None = None) -> list[str]:
    """The checkpoint key held against its two anchors outside the checkpoint file (issue 20):
    the fingerprint the site records (``asbdesk audit trust``) and the administrator's own
    copy (``expected``, e.g. from the paper kept when the key was made). A checkpoint and
    public key replaced together are signed by a key neither names."""
    problems = []
    site = store.site()
    recorded = site.audit_key if site is not None else None
    if recorded is not None and recorded != signer:
        problems.append(
            f"the checkpoint was signed with key {signer}, not the checkpoint key the site records ({recorded}, "
            f"set by {site.updated_by if site else '?'}): the checkpoint and its public key were replaced"
        )
    if expected is not None and expected.strip() != signer:
        problems.append(
            f"the checkpoint was signed with key {signer}, not the key of the administrator's copy "
            f"({expected.strip()}): the checkpoint and its public key were replaced"
        )
    return problems


def check_against(
    store: Store, checkpoint: dict[str, Any], public_key_path: Path, expected_key: str | None = None
) -> list[str]:
    """What has happened to the trail since the checkpoint that should not have: its key
    must be the one the site records (and ``expected_key``, the administrator's own copy of
    the fingerprint, when given); each checkpointed head must still be in its chain with the
    same hash; no audited table may hold fewer rows than it did (asbdesk deletes none)."""
    invalid_signature, _, _, _ = _crypto()
    key = _load_public(public_key_path)
    signer = fingerprint(key)
    if checkpoint.get("public_key") != signer:
        return ["the checkpoint was signed with a different key than the one given"]
    try:
        key.verify(base64.b64decode(checkpoint["signature"]), _signed_body(checkpoint))
    except (invalid_signature, ValueError):
        return ["the checkpoint's signature does not match its contents: the checkpoint file was altered"]
    problems = key_anchors(store, signer, expected_key)
    with store._read() as session:
        for chain, head in sorted(checkpoint["chains"].items()):
            found = session.scalar(
                select(m.AuditEntry.hash).where(m.AuditEntry.chain == chain, m.AuditEntry.seq == head["seq"])
            )
            if found is None:
                problems.append(
                    f"{chain}: entry {head['seq']}, recorded in the checkpoint, is gone (entries deleted before the checkpoint)"
                )
            elif found != head["hash"]:
                problems.append(
                    f"{chain}: entry {head['seq']} differs from the checkpoint (entries up to it were rewritten)"
                )
        entries = session.scalar(select(func.count()).select_from(m.AuditEntry)) or 0
        tables = _readable_tables(session)
        for entity, then in sorted((checkpoint.get("rows") or {}).items()):
            if entity not in tables:
                continue
            now = session.scalar(select(func.count()).select_from(tables[entity])) or 0
            if now < then:
                gone = then - now
                problems.append(
                    f"{entity}: {now} row{'s' * (now != 1)}, fewer than the {then} at the checkpoint: asbdesk never "
                    f"deletes a {entity.replace('_', ' ')}, so {gone} {'was' if gone == 1 else 'were'} deleted outside it"
                )
        if "buckets" in checkpoint:
            heads = {chain: int(head["seq"]) for chain, head in checkpoint["chains"].items()}
            problems += _buckets_against(checkpoint["buckets"], recorded_as_of(session, heads))
    if entries < checkpoint["entries"]:
        problems.append(f"the trail holds {entries} entries, fewer than the {checkpoint['entries']} at the checkpoint")
    return problems


def _buckets_against(signed: dict[str, dict[str, str]], trail: Any) -> list[str]:
    """Rows the trail, as far as the checkpoint, records otherwise than it did when the
    checkpoint was signed: named from their bucket (a bucket may hold more than one row:
    each is named; usually it is one)."""
    now = row_buckets(trail)
    names: dict[tuple[str, str], list[str]] = {}
    for entity, name in trail.newest:
        names.setdefault((entity, bucket_of(entity, name)), []).append(name)
    problems = []
    for entity in sorted(set(signed) | set(now)):
        then_buckets, now_buckets = signed.get(entity, {}), now.get(entity, {})
        for bucket in sorted(set(then_buckets) | set(now_buckets)):
            if then_buckets.get(bucket) == now_buckets.get(bucket):
                continue
            rows = sorted(names.get((entity, bucket), []))
            if not rows:
                problems.append(
                    f"{entity}: a row recorded in the trail at the checkpoint (bucket {bucket}) is no longer "
                    "recorded in it: its entries before the checkpoint were removed"
                )
                continue
            which = f"{entity} {rows[0]}" if len(rows) == 1 else f"one of {', '.join(f'{entity} {r}' for r in rows)}"
            problems.append(
                f"{which}: recorded otherwise in the trail before the checkpoint than when it was taken "
                "(entries before the checkpoint were rewritten)"
            )
    return problems
