"""A contact centre on a primary and a streaming standby: the primary stops under load and
the standby is promoted while the desks keep working (issue 20, item 6).

Two private PostgreSQL clusters are made here and torn down at the end, even on failure:
a primary (``initdb``, streaming replication, the standby synchronous unless ``--replication
async``) and a standby copied from it (``pg_basebackup -R``). asbdesk's schema is migrated
on the primary (``asbdesk db upgrade``), its roles applied (``asbdesk db roles --apply``),
fictional callers generated (``bench/storage_generate.py``), and each workstation gets a
login of its own (``CREATE ROLE ... LOGIN``, its asbdesk group, ``asbdesk users add``).

Each workstation is a process of its own that works as the desk does: ``Store.open`` on ONE
multi-host URL naming both clusters with ``target_session_attrs=read-write``, a
``ResilientSaver`` over its own outbox file, the outbox's ``OutboxSender`` delivering in
the background and the desk's status poll (every 3 s; a nudge when the database is back).
It looks callers up, reads their context, saves a contact (real assessments and logs from
asbdesk.core), and a supervisor's desk also reads its queues. Every save's uuid is logged
on the workstation before it is handed to storage.

Midway the primary is stopped (``pg_ctl stop -m immediate``); ``--outage`` seconds later
the standby is promoted (``pg_ctl promote``). At the end every workstation stops taking
calls and waits for its outbox to empty; then the promoted primary is counted: every save
present exactly once (contact rows and the audit trail's create entries), none lost, none
duplicated, each workstation back (a success after the promotion) without a restart, and
the audit trail verified (``asbdesk audit verify``). p50/p95 of search, caller context and
save (the whole call the desk waits for) before, during (from the stop to each desk's first
success after the promotion) and after, with the load average over each phase.

    python bench/failover_bench.py --workstations 30 --minutes 10
    python bench/failover_bench.py --workstations 6 --seconds 40 --json report.json   # the test's size

Exit 0 when nothing was lost or duplicated and every workstation came back, 1 otherwise,
4 when PostgreSQL's server programs (initdb, pg_ctl, pg_basebackup, postgres) are missing.
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
EXIT_MISSING = 4
DATABASE = "asbdesk"
OWNER = "asbdesk_owner"
ADMIN = "desk_admin"
SUPERVISOR_EVERY = 10  # every tenth workstation is a supervisor's desk (1 of 6 at the test's size)
STATUS_POLL = 3.0  # the desk reads "is the shared database there?" this often (gui/desk.py)


class Missing(Exception):
    """PostgreSQL's server programs (or the account to run them) are not on this machine."""


# ---------------------------------------------------------------------- the two clusters


def postgres_bin() -> Path:
    """The folder holding initdb, pg_ctl, pg_basebackup and postgres: ASBDESK_PG_BIN when set
    (and only it), else the newest /usr/lib/postgresql/N/bin (Debian, Ubuntu), else wherever
    initdb is on the PATH."""
    needed = ("initdb", "pg_ctl", "pg_basebackup", "postgres")
    if os.environ.get("ASBDESK_PG_BIN"):  # named: that folder or nothing
        candidates = [os.environ["ASBDESK_PG_BIN"]]
    else:
        versions = glob.glob("/usr/lib/postgresql/*/bin")
        candidates = sorted(versions, key=lambda p: int(Path(p).parent.name) if Path(p).parent.name.isdigit() else 0)
        candidates.reverse()
        on_path = shutil.which("initdb")
        if on_path:
            candidates.append(str(Path(on_path).parent))
    for folder in candidates:
        if all((Path(folder) / name).is_file() for name in needed):
            return Path(folder)
    looked = ", ".join(candidates) or "no /usr/lib/postgresql/*/bin, no initdb on the PATH"
    raise Missing(f"PostgreSQL's server programs ({', '.join(needed)}) were not found (looked in: {looked})")


def as_server_user(command: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: as root, run its programs as the 'postgres' account."""
    if os.geteuid() != 0:
        return command
    runuser = shutil.which("runuser")
    if runuser is None:
        raise Missing("running as root, and 'runuser' (to start PostgreSQL as 'postgres') is not on the PATH")
    return [runuser, "-u", "postgres", "--", *command]


def server_account() -> tuple[int, int] | None:
    """(uid, gid) of the account the clusters run as when this runs as root."""
    if os.geteuid() != 0:
        return None
    import pwd

    try:
        entry = pwd.getpwnam("postgres")
    except KeyError:
        raise Missing("running as root, and there is no 'postgres' account to run PostgreSQL as") from None
    return entry.pw_uid, entry.pw_gid


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def run(command: list[str], what: str, timeout: float = 300, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False, env=env)
    if done.returncode != 0:
        raise RuntimeError(f"{what} failed (exit {done.returncode}): {(done.stderr or done.stdout).strip()[-2000:]}")
    return done.stdout


@dataclass
class Cluster:
    """One private PostgreSQL cluster in ``folder``, listening on 127.0.0.1:``port`` only."""

    bin: Path
    folder: Path
    name: str
    port: int = field(default_factory=free_port)

    @property
    def data(self) -> Path:
        return self.folder / self.name

    @property
    def log(self) -> Path:
        return self.folder / f"{self.name}.log"

    def pg(self, program: str, *args: str, timeout: float = 300) -> str:
        return run(as_server_user([str(self.bin / program), *args]), f"{program} ({self.name})", timeout)

    def settings(self, lines: dict[str, str]) -> None:
        # Later lines win: what is appended here overrides initdb's (or the primary's) values.
        text = "".join(f"{key} = {value}\n" for key, value in lines.items())
        with (self.data / "postgresql.conf").open("a", encoding="utf-8") as conf:
            conf.write(f"\n# asbdesk failover benchmark\n{text}")

    def init_primary(self) -> None:
        self.pg(
            "initdb", "-D", str(self.data), "--auth=trust", "-U", "postgres", "--encoding=UTF8", "--no-instructions"
        )
        self.settings(
            {
                "listen_addresses": "'127.0.0.1'",
                "port": str(self.port),
                "unix_socket_directories": f"'{self.folder}'",
                "max_connections": "300",
                "wal_level": "replica",
                "max_wal_senders": "5",
                "wal_keep_size": "'512MB'",
                "hot_standby": "on",
                # Synchronous replication (set once the standby streams, --replication sync): a
                # commit returns once the standby has its WAL on disk, so a save the desk was
                # told is saved is on the standby when it is promoted.
                "synchronous_commit": "on",
                "logging_collector": "off",
            }
        )

    def copy_of(self, primary: Cluster) -> None:
        """A streaming standby of ``primary`` (pg_basebackup -R writes primary_conninfo)."""
        conninfo = f"host=127.0.0.1 port={primary.port} user=postgres application_name=standby"
        self.pg("pg_basebackup", "-d", conninfo, "-D", str(self.data), "-R", "-X", "stream", "-c", "fast")
        # Its own port; and once promoted it has no standby of its own to wait for.
        self.settings({"port": str(self.port), "synchronous_standby_names": "''"})

    def start(self) -> None:
        try:
            self.pg("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-w", "-t", "120", "start")
        except RuntimeError as error:
            said = self.log.read_text(encoding="utf-8", errors="replace")[-1500:] if self.log.exists() else ""
            raise RuntimeError(f"{error}\n{self.log}:\n{said}") from None

    def stop(self, mode: str = "fast") -> None:
        self.pg("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop")

    def promote(self) -> None:
        self.pg("pg_ctl", "-D", str(self.data), "-w", "-t", "120", "promote")

    def running(self) -> bool:
        return (self.data / "postmaster.pid").exists()

    def url(self, login: str = "postgres", database: str = "postgres") -> str:
        return f"postgresql+psycopg://{login}@127.0.0.1:{self.port}/{database}"


def multi_host_url(login: str, clusters: list[Cluster]) -> str:
    """The one URL every workstation uses: libpq tries the hosts in order and keeps the first
    that accepts writes (target_session_attrs=read-write), so after a promotion it finds the
    new primary by itself."""
    hosts = "&".join(f"host=127.0.0.1:{c.port}" for c in clusters)
    return f"postgresql://{login}@/{DATABASE}?{hosts}&target_session_attrs=read-write"


def superuser(cluster: Cluster, sql: list[str], database: str = "postgres") -> None:
    from sqlalchemy import create_engine, text

    engine = create_engine(cluster.url("postgres", database), isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            for statement in sql:
                connection.execute(text(statement))
    finally:
        engine.dispose()


def asbdesk(*args: str, home: Path) -> str:
    """Run an asbdesk command as an administrator would (asbdesk's own command line, in this
    process: thirty sign-ups would otherwise pay thirty interpreter start-ups); its output."""
    import contextlib
    import io

    from asbdesk.cli import main as asbdesk_main

    os.environ["ASBDESK_HOME"] = str(home)
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = asbdesk_main(list(args))
    if code != 0:
        raise RuntimeError(
            f"asbdesk {' '.join(args[:2])} failed (exit {code}): {(err.getvalue() or out.getvalue())[-2000:]}"
        )
    return out.getvalue()


# ---------------------------------------------------------------------- a workstation


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def desk(home: Path) -> None:
    """One workstation, in its own process, until the end time; then it empties its outbox.

    Started while the clusters are being made: it loads what it needs, then waits for its
    configuration (``home``/config.json) before it opens the database."""
    os.environ["ASBDESK_HOME"] = str(home)  # its own data folder: outbox, asbdesk.log

    from asbdesk import paths
    from asbdesk.cli import configure_logging
    from asbdesk.core.call import Call
    from asbdesk.core.engine import Engine
    from asbdesk.core.normalise import phone_display
    from asbdesk.core.packs.registry import resolve_pack
    from asbdesk.core.render import render_text
    from asbdesk.core.vocabulary import REVIEW_KINDS
    from asbdesk.storage.database import StorageError
    from asbdesk.storage.outbox import Outbox, OutboxSender, ResilientSaver
    from asbdesk.storage.records import Actor, ContactRecord
    from asbdesk.storage.store import Store
    from asbdesk.storage.supervision import review_counts, review_items

    engine = Engine(resolve_pack("default"))
    parent = os.getppid()
    config_path = home / "config.json"
    while not config_path.exists():
        if os.getppid() != parent:
            return  # the benchmark is gone: nothing to wait for
        time.sleep(0.1)
    config = json.loads(config_path.read_text(encoding="utf-8"))
    configure_logging()  # asbdesk.log in its own folder, as the desk writes it
    rng = random.Random(config["seed"])
    store = Store.open(config["url"])  # a shared database must be current; the desk opens it so
    actor = Actor(store.identity(), config["workstation"])  # who the database says this login is
    outbox = Outbox(paths.outbox_path())
    saver = ResilientSaver(store, outbox)
    sender = OutboxSender(outbox, store)
    sender.start()
    answer_sets = [
        {"weapons": False, "hate": False},
        {"weapons": False, "hate": True},
        {"weapons": True, "hate": False},
        {"weapons": False, "hate": False, "children": True},
    ]
    events = (home / "events.jsonl").open("a", encoding="utf-8")
    stopping = threading.Event()
    online = {"now": True}

    def poll_status() -> None:
        # As the desk's status timer: a desk that sees the database back nudges its sender.
        while not stopping.wait(STATUS_POLL):
            up = saver.online()
            if up and not online["now"]:
                sender.nudge()
            online["now"] = up
            error = outbox.status().last_error  # `asbdesk outbox status`, the desk's status line
            if error:
                seen[f"outbox: {error}"] += 1

    poller = threading.Thread(target=poll_status, name="status-poll", daemon=True)
    poller.start()

    def note(**event: Any) -> None:
        events.write(json.dumps(event) + "\n")
        events.flush()

    seen: Counter[str] = Counter()  # what the desk said (fixed sentences: no personal data)

    def timed(kind: str, work: Any) -> tuple[Any, str]:
        """Run one operation as the desk waits for it; note its wall time and outcome."""
        started, t0 = time.time(), time.perf_counter()
        try:
            result, outcome = work()
        except StorageError as error:
            result, outcome = None, f"failed: {type(error).__name__}"
            seen[str(error)] += 1
        note(kind=kind, at=started, ms=(time.perf_counter() - t0) * 1000, outcome=outcome)
        return result, outcome

    # Instrumentation only: whether a search was answered from the workstation's own copy
    # (an empty offline answer looks like "no match" otherwise). Nothing is replaced.
    fell_back = threading.local()
    search_cache = outbox.search_cache

    def counted_search_cache(text: str, limit: int = 20) -> list[Any]:
        fell_back.yes = True
        return search_cache(text, limit)

    outbox.search_cache = counted_search_cache  # type: ignore[method-assign]

    def search(query: str) -> tuple[Any, str]:
        fell_back.yes = False
        found = saver.find_callers(actor, query)
        return found, "offline copy" if fell_back.yes else "database"

    def context(person_id: int) -> tuple[Any, str]:
        got = saver.caller_context(actor, person_id, datetime.now(UTC))
        return got, "database" if got.complete else "offline copy"

    def save(record: ContactRecord) -> tuple[Any, str]:
        result = saver.save(actor, record)
        if result.queued:
            sender.nudge()  # as the desk does after queuing a log
            return result, "queued"
        return result, "saved"

    def queues(n: int) -> tuple[Any, str]:
        review_counts(store, actor)
        return review_items(store, actor, REVIEW_KINDS[n % len(REVIEW_KINDS)], limit=500), "database"

    note(kind="ready", at=time.time(), ms=0.0, outcome="ready")
    go = Path(config["go"])
    while not go.exists():
        if os.getppid() != parent:
            sender.stop()
            return
        time.sleep(0.05)
    plan = json.loads(go.read_text(encoding="utf-8"))
    time.sleep(rng.uniform(0, config["think"]))  # desks do not start in step
    think = config["think"]
    calls = 0
    while time.time() < plan["end_at"]:
        calls += 1
        caller = rng.choice(config["callers"])
        how = rng.choice(("phone", "postcode", "name"))
        query = {"phone": phone_display(caller["phone"]), "postcode": caller["postcode"], "name": caller["prefix"]}[how]
        found, _ = timed("search", lambda query=query: search(query))
        person_id = None
        if found:
            person_id = next((p.id for p in found if p.id == caller["id"]), found[0].id)
            time.sleep(rng.uniform(0.5, 1.5) * think)
            timed("context", lambda person_id=person_id: context(person_id))
        time.sleep(rng.uniform(0.5, 1.5) * think)
        now = datetime.now(UTC)
        answers = rng.choice(answer_sets)
        assessment = engine.assess(Call(rng.choice(["801", "802", "803", "804"]), now, "phone", answers))
        record = ContactRecord(
            str(uuid.uuid4()),
            now - timedelta(minutes=6),
            now,
            assessment.to_dict(),
            dict(answers),
            render_text(assessment),
            person_id,
        )
        # The uuid is written down before storage sees it: the count at the end looks for
        # every save made, not only those storage said it took.
        note(kind="made", at=time.time(), ms=0.0, outcome=record.uuid)
        while True:
            _, outcome = timed("save", lambda record=record: save(record))
            if not outcome.startswith("failed"):
                break
            # Neither saved nor queued: the desk keeps the call open and says why; the
            # operator presses Ctrl+Enter again.
            time.sleep(think)
        if config["supervisor"]:
            timed("queues", lambda calls=calls: queues(calls))
        time.sleep(rng.uniform(0.5, 1.5) * think)

    # End of the shift: no new calls; the outbox is emptied before the desk closes.
    deadline = time.time() + config["drain"]
    while len(outbox) and time.time() < deadline:
        sender.nudge()
        time.sleep(0.5)
    stopping.set()
    sender.stop()
    sender.join(timeout=30)
    poller.join(timeout=30)
    summary = {
        "workstation": config["workstation"],
        "login": actor.username,
        "waiting": len(outbox),
        "calls": calls,
        "seen": dict(seen),
    }
    store.close()
    outbox.close()
    note(kind="summary", at=time.time(), ms=0.0, outcome=json.dumps(summary))
    events.close()


# ---------------------------------------------------------------------- the benchmark


@dataclass
class Timeline:
    start: float = 0.0
    stopped: float = 0.0
    promoted: float = 0.0
    end: float = 0.0
    load: list[tuple[float, float]] = field(default_factory=list)


def sample_load(timeline: Timeline, done: threading.Event) -> None:
    while not done.is_set():
        timeline.load.append((time.time(), os.getloadavg()[0]))
        done.wait(2.0)


def mean_load(timeline: Timeline, start: float, end: float) -> float | None:
    inside = [load for at, load in timeline.load if start <= at <= end]
    return statistics.fmean(inside) if inside else None


def generate_callers(owner_url: str, people: int, contacts: int, seed: int) -> None:
    """Fictional people and their history, by bench/storage_generate.py (beside this file)."""
    import contextlib
    import io

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from storage_generate import generate

    with contextlib.redirect_stdout(io.StringIO()):
        generate(owner_url, people, contacts, seed, create=False)


def callers_for_desks(owner_url: str, count: int, seed: int) -> list[dict[str, Any]]:
    """Fictional callers (bench/storage_generate.py) the desks look up: id, a phone number,
    the postcode and the first three letters of the family name."""
    from sqlalchemy import text

    from asbdesk.storage.database import make_engine

    engine = make_engine(owner_url)
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT setseed(:s)"), {"s": (seed % 1000) / 1000})
            rows = connection.execute(
                text(
                    "SELECT p.id, p.family_name, min(ph.e164), min(l.postcode) FROM person p "
                    "JOIN phone ph ON ph.person_id = p.id "
                    "JOIN person_location pl ON pl.person_id = p.id JOIN location l ON l.id = pl.location_id "
                    "WHERE p.id IN (SELECT person_id FROM contact WHERE person_id IS NOT NULL "
                    "ORDER BY random() LIMIT :n) GROUP BY p.id, p.family_name"
                ),
                {"n": count},
            ).all()
    finally:
        engine.dispose()
    return [{"id": r[0], "prefix": r[1][:3], "phone": r[2], "postcode": r[3]} for r in rows]


def read_events(folder: Path) -> list[dict[str, Any]]:
    path = folder / "events.jsonl"
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def count_on(cluster: Cluster, made: list[str], logins: list[str]) -> dict[str, Any]:
    """Every save made, counted on ``cluster`` (the promoted primary) as its superuser."""
    from sqlalchemy import bindparam, create_engine, text

    engine = create_engine(cluster.url("postgres", DATABASE))
    try:
        with engine.connect() as connection:
            rows = dict(
                connection.execute(
                    text("SELECT uuid, count(*) FROM contact WHERE uuid IN :uuids GROUP BY uuid").bindparams(
                        bindparam("uuids", expanding=True)
                    ),
                    {"uuids": made or ["-"]},
                ).all()
            )
            created = Counter(
                dict(
                    connection.execute(
                        text(
                            "SELECT new::jsonb->>'uuid', count(*) FROM audit_entry WHERE action = 'create' "
                            "AND entity = 'contact' AND username IN :logins GROUP BY 1"
                        ).bindparams(bindparam("logins", expanding=True)),
                        {"logins": logins},
                    ).all()
                )
            )
            by_desks = connection.execute(
                text("SELECT count(*) FROM contact WHERE operator IN :logins").bindparams(
                    bindparam("logins", expanding=True)
                ),
                {"logins": logins},
            ).scalar_one()
            references = connection.execute(
                text("SELECT count(*), count(DISTINCT reference) FROM contact WHERE operator IN :logins").bindparams(
                    bindparam("logins", expanding=True)
                ),
                {"logins": logins},
            ).one()
    finally:
        engine.dispose()
    made_set = set(made)
    lost = [u for u in made if u not in rows]
    duplicated = sum(n - 1 for n in rows.values() if n > 1) + sum(n - 1 for n in created.values() if n > 1)
    return {
        "made": len(made),
        "distinct_made": len(made_set),
        "present_once": sum(1 for u in made_set if rows.get(u) == 1 and created.get(u) == 1),
        "lost": len(lost),
        "duplicated": duplicated,
        "unexpected_rows": by_desks - len([u for u in made_set if u in rows]),
        "audit_creates_missing": sum(1 for u in made_set if u in rows and created.get(u, 0) == 0),
        "references_unique": references[0] == references[1],
    }


def supervisor_desks(workstations: int) -> set[int]:
    """Which desks are supervisors' (every tenth; at least one)."""
    return {i for i in range(1, workstations + 1) if i % SUPERVISOR_EVERY == 0} or {workstations}


def walk_chains(cluster: Cluster, chains: list[str]) -> list[str]:
    """Each workstation's audit chain on ``cluster``, walked as ``asbdesk audit verify`` walks
    it (no entry missing, each following the one before, none changed, the head where the
    chain ends). The whole ``audit verify`` would also list every generated contact: they
    are bulk-loaded by bench/storage_generate.py, outside asbdesk, with no audit entry."""
    from sqlalchemy import select
    from sqlalchemy.orm import Session

    from asbdesk.storage import models as m
    from asbdesk.storage.database import make_engine
    from asbdesk.storage.store import GENESIS, audit_hash

    problems = []
    engine = make_engine(cluster.url("postgres", DATABASE))
    try:
        with Session(engine) as session:
            heads = {h.chain: h for h in session.scalars(select(m.AuditHead).where(m.AuditHead.chain.in_(chains)))}
            for chain in chains:
                previous, expected = GENESIS, 1
                for entry in session.scalars(
                    select(m.AuditEntry).where(m.AuditEntry.chain == chain).order_by(m.AuditEntry.seq)
                ):
                    if entry.seq != expected:
                        problems.append(f"{chain}: entry {expected} is missing")
                    if entry.prev_hash != previous:
                        problems.append(f"{chain}: entry {entry.seq} does not follow the one before")
                    if audit_hash(entry) != entry.hash:
                        problems.append(f"{chain}: entry {entry.seq} was changed")
                    previous, expected = entry.hash, entry.seq + 1
                head = heads.get(chain)
                if head is None or head.hash != previous or head.seq != expected - 1:
                    problems.append(f"{chain}: the chain does not end at its head")
    finally:
        engine.dispose()
    return problems


def phase_of(event: dict[str, Any], timeline: Timeline, back_at: float | None) -> str:
    if event["at"] < timeline.stopped:
        return "before"
    if back_at is None or event["at"] < back_at:
        return "during"
    return "after"


def report(
    args: argparse.Namespace, timeline: Timeline, desks: dict[str, list[dict[str, Any]]], counted: dict[str, Any]
) -> dict[str, Any]:
    ops = ("search", "context", "save", "queues")
    back: dict[str, float | None] = {}
    last_success: dict[str, float | None] = {}
    summaries: dict[str, dict[str, Any]] = {}
    for name, events in desks.items():
        successes = [
            e
            for e in events
            if e["kind"] in ops
            and e["outcome"] in ("database", "saved")
            and e["at"] + e["ms"] / 1000 > timeline.promoted
        ]
        back[name] = min((e["at"] + e["ms"] / 1000 for e in successes), default=None)
        last_success[name] = max((e["at"] for e in successes), default=None)
        summary = [json.loads(e["outcome"]) for e in events if e["kind"] == "summary"]
        summaries[name] = summary[0] if summary else {}
    phases: dict[str, dict[str, dict[str, Any]]] = {}
    for phase in ("before", "during", "after"):
        phases[phase] = {}
        for op in ops:
            chosen = [
                e
                for name, events in desks.items()
                for e in events
                if e["kind"] == op and phase_of(e, timeline, back[name]) == phase
            ]
            if not chosen:
                continue
            times = [e["ms"] for e in chosen]
            phases[phase][op] = {
                "n": len(chosen),
                "p50_ms": round(percentile(times, 0.50), 2),
                "p95_ms": round(percentile(times, 0.95), 2),
                "outcomes": dict(Counter(e["outcome"] for e in chosen)),
            }
    last_back = max((b for b in back.values() if b is not None), default=timeline.end)
    windows = {
        "before": (timeline.start, timeline.stopped),
        "during": (timeline.stopped, last_back),
        "after": (last_back, timeline.end),
    }
    returned = [b - timeline.promoted for b in back.values() if b is not None]
    all_back = all(b is not None for b in back.values()) and all(
        s is not None and s > timeline.promoted for s in last_success.values()
    )
    outboxes_empty = all(s.get("waiting") == 0 for s in summaries.values())
    ok = counted["lost"] == 0 and counted["duplicated"] == 0 and counted["unexpected_rows"] == 0
    ok = (
        ok
        and counted["audit_creates_missing"] == 0
        and not counted["audit_chain_problems"]
        and counted["references_unique"]
        and all_back
        and outboxes_empty
    )
    return {
        "workstations": args.workstations,
        "supervisors": len(supervisor_desks(args.workstations)),
        "seconds": args.seconds,
        "replication": args.replication,
        "stopped_after_s": round(timeline.stopped - timeline.start, 1),
        "outage_s": round(timeline.promoted - timeline.stopped, 1),
        "phases": phases,
        "windows_s": {k: [round(a - timeline.start, 1), round(b - timeline.start, 1)] for k, (a, b) in windows.items()},
        "load": {k: (round(v, 2) if (v := mean_load(timeline, *w)) is not None else None) for k, w in windows.items()},
        "back_after_promotion_s": {
            "min": round(min(returned), 2) if returned else None,
            "median": round(statistics.median(returned), 2) if returned else None,
            "max": round(max(returned), 2) if returned else None,
        },
        "all_back_without_restart": all_back,
        "desks": {
            name: {
                "back_after_promotion_s": None if back[name] is None else round(back[name] - timeline.promoted, 2),
                "last_success_after_promotion_s": (
                    None if last_success[name] is None else round(last_success[name] - timeline.promoted, 1)
                ),
            }
            for name in sorted(desks)
        },
        "desks_not_back": sorted(n for n, b in back.items() if b is None),
        "outboxes_empty": outboxes_empty,
        "redelivered_already_saved": sum(s.get("already_saved", 0) for s in summaries.values()),
        "desks_were_told": dict(sum((Counter(s.get("seen", {})) for s in summaries.values()), Counter())),
        **counted,
        "ok": ok,
    }


def print_report(result: dict[str, Any]) -> None:
    print()
    print(
        f"{result['workstations']} workstations ({result['supervisors']} of them supervisors' desks), "
        f"{result['seconds']:.0f} s, {result['replication']} replication; the primary stopped at "
        f"{result['stopped_after_s']:.0f} s (pg_ctl stop -m immediate), the standby promoted {result['outage_s']:.1f} s later"
    )
    print(
        f"{'phase':8} {'window (s)':>13} {'operation':10} {'n':>6} {'p50 ms':>9} {'p95 ms':>9}  {'load avg':>8}  outcomes"
    )
    for phase, ops in result["phases"].items():
        start, end = result["windows_s"][phase]
        load = result["load"][phase]
        for op, figures in ops.items():
            outcomes = ", ".join(f"{k} {v}" for k, v in sorted(figures["outcomes"].items()))
            print(
                f"{phase:8} {start:6.0f}-{end:<6.0f} {op:10} {figures['n']:6d} {figures['p50_ms']:9.1f} "
                f"{figures['p95_ms']:9.1f}  {load if load is not None else float('nan'):8.2f}  {outcomes}"
            )
    b = result["back_after_promotion_s"]
    print(
        f"back after the promotion (first success, s): min {b['min']}, median {b['median']}, max {b['max']}; "
        f"every workstation back without a restart: {'yes' if result['all_back_without_restart'] else 'NO'}"
        + (f" (not back: {', '.join(result['desks_not_back'])})" if result["desks_not_back"] else "")
    )
    lasts = [d["last_success_after_promotion_s"] for d in result["desks"].values()]
    known = [x for x in lasts if x is not None]
    print(
        f"each workstation's last success, seconds after the promotion: min {min(known, default=None)}, "
        f"max {max(known, default=None)} ({len(known)} of {len(lasts)} workstations)"
    )
    print(
        f"saves made {result['made']}: present exactly once {result['present_once']}, lost {result['lost']}, "
        f"duplicated {result['duplicated']}, rows no desk made {result['unexpected_rows']}, "
        f"references unique: {'yes' if result['references_unique'] else 'NO'}; "
        f"outboxes empty at the end: {'yes' if result['outboxes_empty'] else 'NO'}; "
        f"queued saves found already saved on delivery: {result['redelivered_already_saved']}"
    )
    print("what the desks were told while the database was away (times):")
    for words, times in sorted(result["desks_were_told"].items(), key=lambda item: -item[1]):
        print(f"  {times:5d}  {words}")
    problems = result["audit_chain_problems"]
    print(
        "the workstations' audit chains on the promoted primary: "
        + ("intact" if not problems else f"BROKEN: {'; '.join(problems[:5])}")
    )
    print("PASS" if result["ok"] else "FAIL")


def bench(args: argparse.Namespace) -> int:
    try:
        pg_bin = postgres_bin()
        account = server_account()
        as_server_user(["true"])
    except Missing as missing:
        print(f"cannot run: {missing}", file=sys.stderr)
        return EXIT_MISSING
    folder = Path(tempfile.mkdtemp(prefix="asbdesk-failover-"))
    if account is not None:
        os.chown(folder, *account)  # the clusters' account owns their folder; root reads the rest
    primary, standby = Cluster(pg_bin, folder, "primary"), Cluster(pg_bin, folder, "standby")
    children: list[subprocess.Popen[bytes]] = []
    timeline = Timeline()
    done = threading.Event()

    def terminated(_signum: int, _frame: Any) -> None:
        raise SystemExit(130)

    previous = signal.signal(signal.SIGTERM, terminated)
    try:
        return run_bench(args, folder, primary, standby, children, timeline, done)
    finally:
        done.set()
        for child in children:
            if child.poll() is None:
                child.terminate()
        for child in children:
            try:
                child.wait(timeout=15)
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()
        for cluster in (standby, primary):
            if cluster.running():
                try:
                    cluster.stop("immediate")
                except (RuntimeError, subprocess.TimeoutExpired) as error:
                    print(f"could not stop the {cluster.name}: {error}", file=sys.stderr)
        if args.keep:
            print(f"kept: {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)
        signal.signal(signal.SIGTERM, previous)


def run_bench(
    args: argparse.Namespace,
    folder: Path,
    primary: Cluster,
    standby: Cluster,
    children: list[subprocess.Popen[bytes]],
    timeline: Timeline,
    done: threading.Event,
) -> int:
    t0 = time.perf_counter()

    def say(what: str) -> None:
        print(f"[{time.perf_counter() - t0:6.1f} s] {what}", flush=True)

    admin_home = folder / "admin"
    n = args.workstations
    # The workstations start now and load what they need while the clusters are made; each
    # opens the database once its configuration is written (below).
    for i in range(1, n + 1):
        home = folder / f"desk{i:02d}"
        home.mkdir(mode=0o700)
        with (home / "stderr.txt").open("wb") as stderr:  # the child keeps its own copy
            children.append(
                subprocess.Popen(
                    [sys.executable, str(Path(__file__).resolve()), "--desk", str(home)],
                    stdout=subprocess.DEVNULL,
                    stderr=stderr,
                    cwd=REPO,
                )
            )
    primary.init_primary()
    primary.start()
    say(f"primary on 127.0.0.1:{primary.port}")
    supervisors = supervisor_desks(n)
    logins = [f"desk{i:02d}" for i in range(1, n + 1)]
    superuser(primary, [f"CREATE ROLE {OWNER} LOGIN CREATEROLE", f"CREATE DATABASE {DATABASE} OWNER {OWNER}"])
    owner_url = multi_host_url(OWNER, [primary, standby])
    asbdesk("db", "upgrade", "--database", owner_url, home=admin_home)
    asbdesk("db", "roles", "--apply", "--database", owner_url, home=admin_home)
    grants = [f"CREATE ROLE {ADMIN} LOGIN", f"GRANT asbdesk_administrator TO {ADMIN}"]
    for i, login in enumerate(logins, 1):
        group = "asbdesk_supervisor" if i in supervisors else "asbdesk_call_handler"
        grants += [f"CREATE ROLE {login} LOGIN", f"GRANT {group} TO {login}"]
    superuser(primary, grants)
    admin_url = multi_host_url(ADMIN, [primary, standby])
    # The first user is the administrator running the command; then one user per login.
    asbdesk(
        "users",
        "add",
        ADMIN,
        "--name",
        "Desk Administrator",
        "--role",
        "administrator",
        "--database",
        admin_url,
        home=admin_home,
    )
    for i, login in enumerate(logins, 1):
        role = "supervisor" if i in supervisors else "call_handler"
        asbdesk(
            "users", "add", login, "--name", f"Desk {i:02d}", "--role", role, "--database", admin_url, home=admin_home
        )
    say(f"schema migrated, roles applied; {n} workstation logins ({len(supervisors)} supervisors) and an administrator")
    generate_callers(owner_url, args.people, args.contacts, args.seed)
    callers = callers_for_desks(owner_url, max(50, 20 * n), args.seed)
    say(f"{args.people:,} fictional people and {args.contacts:,} contacts generated")
    superuser(primary, ["CHECKPOINT"])
    standby.copy_of(primary)
    standby.start()
    if args.replication == "sync":
        # Only now: a primary told to wait for a standby that is not there yet waits for ever.
        superuser(primary, ["ALTER SYSTEM SET synchronous_standby_names = 'standby'", "SELECT pg_reload_conf()"])
    wait_for_streaming(primary, synchronous=args.replication == "sync")
    say(f"standby on 127.0.0.1:{standby.port}, streaming ({args.replication})")

    go = folder / "go.json"
    for i, login in enumerate(logins, 1):
        config = {
            "url": multi_host_url(login, [primary, standby]),
            "workstation": f"ws-{i:02d}",
            "supervisor": i in supervisors,
            "seed": args.seed * 1000 + i,
            "callers": callers,
            "think": args.think,
            "go": str(go),
            "drain": args.drain,
        }
        home = folder / f"desk{i:02d}"
        scratch = home / "config.tmp"
        scratch.write_text(json.dumps(config), encoding="utf-8")
        scratch.rename(home / "config.json")
    homes = {f"desk{i:02d}": folder / f"desk{i:02d}" for i in range(1, n + 1)}
    deadline = time.time() + 300
    while not all(any(e["kind"] == "ready" for e in read_events(h)) for h in homes.values()):
        if any(c.poll() is not None for c in children):
            raise RuntimeError(f"a workstation exited at start: {first_stderr(homes)}")
        if time.time() > deadline:
            raise RuntimeError("the workstations were not ready within 300 s")
        time.sleep(0.5)
    threading.Thread(target=sample_load, args=(timeline, done), daemon=True).start()
    timeline.start = time.time()
    timeline.end = timeline.start + args.seconds
    scratch = go.with_suffix(".tmp")
    scratch.write_text(json.dumps({"end_at": timeline.end}), encoding="utf-8")
    scratch.rename(go)
    say(f"{n} workstations taking calls for {args.seconds:.0f} s")

    time.sleep(max(0.0, timeline.start + args.seconds * args.stop_at - time.time()))
    timeline.stopped = time.time()
    primary.stop("immediate")
    say("primary stopped (pg_ctl stop -m immediate)")
    time.sleep(args.outage)
    standby.promote()
    timeline.promoted = time.time()
    say(f"standby promoted ({timeline.promoted - timeline.stopped:.1f} s after the stop)")

    for child in children:
        child.wait(timeout=max(60.0, timeline.end - time.time() + args.drain + 60))
    done.set()
    say("every workstation closed")
    if any(c.returncode != 0 for c in children):
        raise RuntimeError(f"a workstation failed: {first_stderr(homes)}")
    desks = {name: read_events(home) for name, home in homes.items()}
    for name, home in homes.items():
        # Queued saves that were found already saved on delivery (the reply had been lost).
        log = home / "logs" / "asbdesk.log"
        already = (
            log.read_text(encoding="utf-8").count("outbox delivered one contact (already saved)") if log.exists() else 0
        )
        for event in desks[name]:
            if event["kind"] == "summary":
                summary = json.loads(event["outcome"])
                summary["already_saved"] = already
                event["outcome"] = json.dumps(summary)
    made = [e["outcome"] for events in desks.values() for e in events if e["kind"] == "made"]
    counted = count_on(standby, made, logins)
    from asbdesk.storage.records import Actor
    from asbdesk.storage.store import _chain_for  # the chain each desk's login appends to at its workstation

    chains = [_chain_for(Actor(logins[i - 1], f"ws-{i:02d}")) for i in range(1, n + 1)]
    counted["audit_chain_problems"] = walk_chains(standby, chains)
    result = report(args, timeline, desks, counted)
    print_report(result)
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2), encoding="utf-8")
    return 0 if result["ok"] else 1


def wait_for_streaming(primary: Cluster, synchronous: bool, timeout: float = 60) -> None:
    from sqlalchemy import create_engine, text

    engine = create_engine(primary.url())
    try:
        deadline = time.time() + timeout
        while time.time() < deadline:
            with engine.connect() as connection:
                state = connection.execute(
                    text("SELECT sync_state FROM pg_stat_replication WHERE application_name = 'standby'")
                ).scalar()
            if state == ("sync" if synchronous else "async"):
                return
            time.sleep(0.2)
    finally:
        engine.dispose()
    raise RuntimeError(f"the standby was not streaming within {timeout:.0f} s")


def first_stderr(homes: dict[str, Path]) -> str:
    for name, home in homes.items():
        path = home / "stderr.txt"
        if path.exists() and path.stat().st_size:
            return f"{name}: {path.read_text(encoding='utf-8', errors='replace')[-1500:]}"
    return "(no workstation wrote to stderr)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workstations", type=int, default=30)
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--seconds", type=float, help="the run's length in seconds (instead of --minutes)")
    parser.add_argument("--stop-at", type=float, default=0.5, help="when the primary stops, as a fraction of the run")
    parser.add_argument("--outage", type=float, default=10.0, help="seconds from the primary's stop to the promotion")
    parser.add_argument("--think", type=float, default=1.0, help="a desk's mean pause between operations, seconds")
    parser.add_argument("--people", type=int, default=5_000)
    parser.add_argument("--contacts", type=int, default=20_000)
    parser.add_argument("--replication", choices=("sync", "async"), default="sync")
    parser.add_argument("--drain", type=float, default=90.0, help="seconds a desk waits at the end for its outbox")
    parser.add_argument("--seed", type=int, default=20)
    parser.add_argument("--json", help="write the figures and counts here")
    parser.add_argument("--keep", action="store_true", help="keep the clusters' folder (logs) after the run")
    parser.add_argument("--desk", help=argparse.SUPPRESS)  # a workstation process (started by the benchmark)
    args = parser.parse_args()
    if args.desk:
        desk(Path(args.desk))
        return
    if args.seconds is None:
        args.seconds = args.minutes * 60
    sys.exit(bench(args))


if __name__ == "__main__":
    main()
