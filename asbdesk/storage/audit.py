"""Anchors for the audit trail outside the database (issue 13).

The hash chain finds a naive edit, but an insider with the database's own tools can
rewrite an entry and recompute every hash after it, cut a chain's tail and move its head
back, or delete a whole chain. A *checkpoint* taken from time to time and kept outside
the database defeats that: it records each chain's head (sequence number and hash) and
the counts, signed with an Ed25519 key in the administrator's keeping. ``verify`` then
checks that every checkpointed head is still in the chain with the same hash, so any
rewrite, truncation or deletion before the checkpoint shows.

    asbdesk audit keygen --private admin.key --public admin.pub
    asbdesk audit checkpoint --key admin.key --out checkpoint-2026-11-28.json
    asbdesk audit verify --checkpoint checkpoint-2026-11-28.json --public-key admin.pub
"""

from __future__ import annotations

import base64
import hashlib
import json
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select

from asbdesk import paths
from asbdesk.core.call import json_depth
from asbdesk.core.files import FileRefused, read_limited
from asbdesk.storage import models as m
from asbdesk.storage.database import InvalidData

if TYPE_CHECKING:
    from asbdesk.storage.store import Store

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


def _state(store: Store) -> dict[str, Any]:
    """Each chain's head as the entries hold it (not the head table), and the counts."""
    from asbdesk.storage.store import AUDITED_ROWS

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
            for entity, (table, _) in AUDITED_ROWS.items()
        }
    return {"chains": chains, "entries": entries, "rows": counts}


def make_checkpoint(store: Store, private_key_path: Path, now: datetime) -> dict[str, Any]:
    """A signed record of every chain's head and the counts, to keep outside the database.
    Refused while the trail does not verify: a checkpoint must not bless a rewrite."""
    report = store.verify_audit()
    if not report.ok:
        raise InvalidData(
            "the audit trail does not verify, so no checkpoint was made: " + "; ".join(report.problems[:3])
        )
    key = _load_private(private_key_path)
    checkpoint = {
        "version": CHECKPOINT_VERSION,
        "made_at": now.isoformat(),
        "database": store.description,
        **_state(store),
        "public_key": fingerprint(key.public_key()),
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


def check_against(store: Store, checkpoint: dict[str, Any], public_key_path: Path) -> list[str]:
    """What has happened to the trail since the checkpoint that should not have: each
    checkpointed head must still be in its chain with the same hash."""
    invalid_signature, _, _, _ = _crypto()
    key = _load_public(public_key_path)
    if checkpoint.get("public_key") != fingerprint(key):
        return ["the checkpoint was signed with a different key than the one given"]
    try:
        key.verify(base64.b64decode(checkpoint["signature"]), _signed_body(checkpoint))
    except (invalid_signature, ValueError):
        return ["the checkpoint's signature does not match its contents: the checkpoint file was altered"]
    problems: list[str] = []
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
    if entries < checkpoint["entries"]:
        problems.append(f"the trail holds {entries} entries, fewer than the {checkpoint['entries']} at the checkpoint")
    return problems
