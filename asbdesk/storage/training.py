"""Training (issue 11), the storage side: a sandbox database per attempt, and the results store.

A **sandbox** is a new local SQLite file in the training folder (``<data>/training``),
made for one attempt at a scenario, migrated, and seeded through the real storage API
with the scenario's fictional caller: their phone and address, their earlier contacts
(assessed by the engine with the scenario's pack) and their authorised flags. The trainee
works on it as on a real desk, and it is deleted when the attempt ends. Nothing here ever
opens the live database: :func:`check_sandbox_url` refuses a shared database, the live and
the demo files (by any spelling of their path, or a hard link to them) and any file
outside the training folder, in words, before anything is opened.

The **results** are a small SQLite file of their own (``<data>/training/results.sqlite``,
0600, its schema version in ``PRAGMA user_version``; a file from a newer asbdesk is refused
untouched), opened with :mod:`sqlite3` for each use, so a worker thread may record while
the trainer's view reads. It holds the trainee's name as typed and the scorecard: no
personal data beyond the scenarios' fictional callers' names in the scored items.
"""

from __future__ import annotations

import io
import json
import os
import sqlite3
import time
import uuid
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from asbdesk import paths
from asbdesk.core.call import Call, HistoryItem, call_to_json
from asbdesk.core.engine import Engine
from asbdesk.core.render import render_text
from asbdesk.core.scenarios import Scenario, Scorecard
from asbdesk.storage.database import InvalidData, StorageError, normalise_url
from asbdesk.storage.records import Actor, AddressInput, ContactRecord, FlagRequest, NewPerson
from asbdesk.storage.store import Store
from asbdesk.storage.transfer import write_csv

TRAINING_WORKSTATION = "training"
SUPERVISOR = "training-supervisor"
HISTORY_USER = "training-history"
RESERVED_USERS = frozenset({SUPERVISOR, HISTORY_USER})
RESULTS_FILE = "results.sqlite"
MAX_NAME = 200


class SandboxRefused(StorageError):
    """The database given is not a training sandbox (a shared or live database, the demo,
    a file outside the training folder); nothing was opened."""


class ResultsNewer(StorageError):
    """The results file was written by a newer asbdesk; it is left untouched."""


def training_dir() -> Path:
    """The training folder (sandboxes, results), private to the user (0700)."""
    return paths.private_dir(paths.data_dir() / "training")


# ------------------------------------------------------------------ the sandbox


def _sqlite_file(url: str) -> Path | None:
    """The file of a local SQLite URL, else None (another backend, in memory, a URI)."""
    try:
        parsed = make_url(normalise_url(url))
    except (ArgumentError, ValueError):
        return None
    if parsed.get_backend_name() != "sqlite":
        return None
    database = parsed.database
    if not database or database == ":memory:" or database.startswith("file:") or parsed.query:
        return None
    return Path(database)


def _same_file(a: Path, b: Path) -> bool:
    """The same file however spelt: the same real path (``..``, symlinks), or, when both
    exist, the same file on disk (a hard link)."""
    if os.path.realpath(a) == os.path.realpath(b):
        return True
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def check_sandbox_url(url: str) -> None:
    """Refuse, in words (:class:`SandboxRefused`), anything but a local SQLite file inside the
    training folder: a shared database, the live database, the demo database, the results
    file, a file elsewhere."""
    try:
        backend = make_url(normalise_url(url)).get_backend_name()
    except (ArgumentError, ValueError):
        raise SandboxRefused(
            "The training sandbox must be a local SQLite file in the training folder; "
            "what was given is not a database URL."
        ) from None
    if backend != "sqlite":
        raise SandboxRefused(
            f"A shared database is never a training sandbox (a {backend} database was given): "
            "training runs on a local file of its own, made for each attempt."
        )
    file = _sqlite_file(url)
    if file is None:
        raise SandboxRefused(
            "The training sandbox must be a plain SQLite file in the training folder "
            "(not in memory, not a URI with options)."
        )
    live = [_sqlite_file(u) for u in (paths.database_url(), paths.local_database_url())]
    for candidate in live:
        if candidate is not None and _same_file(file, candidate):
            raise SandboxRefused(
                f"{file} is the live database: training never runs on it. A sandbox is a new file "
                "in the training folder."
            )
    demo = _sqlite_file(paths.demo_database_url())
    if demo is not None and _same_file(file, demo):
        raise SandboxRefused(
            f"{file} is the demo database: training runs on a sandbox of its own, a new file in the training folder."
        )
    folder = training_dir()
    if _same_file(file, folder / RESULTS_FILE):
        raise SandboxRefused(f"{file} is the training results file, not a sandbox.")
    real, real_folder = Path(os.path.realpath(file)), Path(os.path.realpath(folder))
    if real.parent != real_folder:
        raise SandboxRefused(
            f"{file} is outside the training folder {folder}: a training sandbox is a file in that folder only."
        )


@dataclass(frozen=True)
class Sandbox:
    """An open sandbox: its store, the trainee as the actor, and the caller seeded in it
    (their person id, their address's location id, their phone in E.164)."""

    store: Store
    actor: Actor
    url: str
    person_id: int | None
    location_id: int | None
    phone: str | None


def _sandbox_files(url: str) -> list[Path]:
    file = _sqlite_file(url)
    if file is None:
        return []
    return [Path(f"{file}{suffix}") for suffix in ("", "-wal", "-shm", "-journal")]


def open_sandbox(scenario: Scenario, trainee: str, now: datetime, url: str | None = None) -> Sandbox:
    """A new sandbox for one attempt at ``scenario`` by ``trainee`` at ``now``: its own file
    (``url`` or a new one in the training folder), checked, migrated and seeded."""
    trainee = _name("trainee", trainee)
    if trainee in RESERVED_USERS:
        raise InvalidData(f"'{trainee}' is a name the sandbox keeps for itself: the trainee needs another")
    if now.tzinfo is None:
        now = now.replace(tzinfo=UTC)
    if url is None:
        url = f"sqlite:///{training_dir() / f'sandbox-{scenario.id}-{uuid.uuid4().hex}.sqlite'}"
    check_sandbox_url(url)
    file = _sqlite_file(url)
    assert file is not None  # checked above
    if file.exists() and file.stat().st_size > 0:
        raise SandboxRefused(f"{file} already exists: a sandbox is a new file, made for each attempt.")
    # The sandbox's clock runs from the scenario's moment, so what the trainee saves follows
    # the seeded history in time.
    started = time.monotonic()

    def clock() -> datetime:
        return now + timedelta(seconds=time.monotonic() - started)

    store = Store.open(url, migrate=True, clock=clock)
    try:
        return _seed(store, scenario, trainee, now, url)
    except BaseException:
        store.close()
        for path in _sandbox_files(url):
            path.unlink(missing_ok=True)
        raise


def _seed(store: Store, scenario: Scenario, trainee: str, now: datetime, url: str) -> Sandbox:
    data = scenario.data
    caller = data.caller
    walk_in = data.channel == "walk-in"
    store.ensure_user(SUPERVISOR, "Training Supervisor", "supervisor")
    store.ensure_user(HISTORY_USER, "Earlier call handler (training)", "call_handler")
    store.ensure_user(trainee, trainee, "front_counter" if walk_in else "call_handler")
    actor = Actor(trainee, TRAINING_WORKSTATION)
    history_actor = Actor(HISTORY_USER, TRAINING_WORKSTATION)
    supervisor = Actor(SUPERVISOR, TRAINING_WORKSTATION)
    address = caller.address
    try:
        person = store.add_person(
            history_actor,
            NewPerson(
                caller.given_name,
                caller.family_name,
                (caller.phone,) if caller.phone else (),
                (AddressInput(address.line1, address.postcode, address.town),) if address else (),
            ),
        )
    except InvalidData as error:
        raise InvalidData(f"scenario {scenario.id}: the caller cannot be put in the sandbox: {error}") from None
    location_id = person.locations[0].id if person.locations else None
    phone = person.phones[0] if person.phones else None
    engine = Engine(scenario.pack)

    def past(item: HistoryItem, earlier: tuple[HistoryItem, ...], person_id: int | None) -> None:
        call = Call(item.incident_code, item.occurred_at, "phone", {}, history=earlier)
        assessment = engine.assess(call)
        store.save_contact(
            history_actor,
            ContactRecord(
                uuid=str(uuid.uuid4()),
                started_at=item.occurred_at,
                saved_at=item.occurred_at + timedelta(minutes=6),
                assessment=assessment.to_dict(),
                answers={},
                log_text=render_text(assessment),
                person_id=person_id,
                location_id=location_id,
                call=call_to_json(call),
            ),
        )

    earlier: list[HistoryItem] = []
    for item in sorted(scenario.history(now), key=lambda h: h.occurred_at):
        past(item, tuple(earlier), person.id)
        earlier.append(item)
    # Other people's reports at the caller's address: contacts there with no caller named.
    for item in sorted(scenario.address_history(now), key=lambda h: h.occurred_at):
        past(item, (), None)
    for n, flag in enumerate(caller.flags):
        on: dict[str, Any]
        if flag.on == "person":
            on = {"person_id": person.id}
        elif flag.on == "location":
            if location_id is None:
                raise InvalidData(
                    f"scenario {scenario.id}: flag {n + 1} is on the caller's address, and they have none"
                )
            on = {"location_id": location_id}
        else:
            if phone is None:
                raise InvalidData(f"scenario {scenario.id}: flag {n + 1} is on the caller's phone, and they have none")
            on = {"phone": phone}
        requested = store.request_flag(
            history_actor,
            FlagRequest(flag.kind, negate_risk=flag.negate_risk, officer_action=flag.officer_action, **on),
        )
        store.authorise_flag(supervisor, requested.id, f"Training scenario {scenario.id}: the caller's flag.")
    return Sandbox(store, actor, url, person.id, location_id, phone)


def discard_sandbox(sandbox: Sandbox) -> None:
    """Close the sandbox's store and delete its file (and -wal, -shm, -journal). The URL is
    checked again first: only a sandbox in the training folder is ever deleted."""
    sandbox.store.close()
    check_sandbox_url(sandbox.url)
    for path in _sandbox_files(sandbox.url):
        path.unlink(missing_ok=True)


# A sandbox left behind by a desk that was killed rather than closed is swept away when
# training next starts, once this old: no attempt takes a day.
STALE_AFTER = timedelta(hours=24)


def sweep_stale_sandboxes(now: datetime, older_than: timedelta = STALE_AFTER) -> int:
    """Delete sandboxes (and their outboxes) in the training folder last changed before
    ``now - older_than``; the results file is never touched. Returns how many files went."""
    folder = training_dir()
    cutoff = (now - older_than).timestamp()
    gone = 0
    for path in folder.iterdir():
        if not path.name.startswith(("sandbox-", "outbox-sandbox-")) or not path.is_file() or path.is_symlink():
            continue
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink()
                gone += 1
        except OSError:  # another desk removed it first, or it cannot be removed: leave it
            continue
    return gone


# ------------------------------------------------------------------ results


@dataclass(frozen=True)
class TrainingResult:
    scenario: str
    trainee: str
    started_at: datetime
    finished_at: datetime
    score: int
    items: tuple[dict[str, Any], ...]  # Scorecard.to_json()["items"]
    elapsed_s: float | None
    keys: int | None

    def missed(self) -> tuple[str, ...]:
        """The items missed and counted: not those that only follow from another miss, nor
        those that earn no point (issue 22.5; results before it have no 'counted': each counts)."""
        return tuple(str(i.get("item", "")) for i in self.items if not i.get("met") and i.get("counted", True))

    def counted(self) -> tuple[str, ...]:
        return tuple(str(i.get("item", "")) for i in self.items if i.get("counted", True))


# Version 1: one row per attempt.
RESULTS_SCHEMA = 1
_MIGRATIONS: dict[int, tuple[str, ...]] = {
    1: (
        """CREATE TABLE IF NOT EXISTS result (
            id INTEGER PRIMARY KEY,
            scenario TEXT NOT NULL,
            trainee TEXT NOT NULL,
            started_at TEXT NOT NULL,
            finished_at TEXT NOT NULL,
            score INTEGER NOT NULL,
            items TEXT NOT NULL,
            elapsed_s REAL,
            keys INTEGER
        )""",
        "CREATE INDEX IF NOT EXISTS result_trainee ON result (trainee)",
        "CREATE INDEX IF NOT EXISTS result_scenario ON result (scenario)",
    )
}
CSV_COLUMNS = ("finished_at", "trainee", "scenario", "score", "elapsed_s", "keys", "missed")


def _name(what: str, value: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InvalidData(f"the {what} needs a name")
    value = value.strip()
    if "\x00" in value:
        raise InvalidData(f"the {what}'s name holds a NUL character")
    if len(value) > MAX_NAME:
        raise InvalidData(f"the {what}'s name is longer than {MAX_NAME} characters")
    return value


def _utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


class Results:
    """Every recorded attempt, and the trainer's summaries of them."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = Path(path) if path is not None else training_dir() / RESULTS_FILE
        paths.private_dir(self.path.parent)
        self._refuse_newer()
        try:
            paths.create_private_file(self.path)
        except OSError:
            pass  # e.g. a read-only folder: SQLite says so when it opens the file
        self._migrate()

    def _refuse_newer(self) -> None:
        """Read the version read-only, before anything writes."""
        if not self.path.exists():
            return
        try:
            with closing(sqlite3.connect(f"file:{self.path}?mode=ro", uri=True)) as db:
                version = db.execute("PRAGMA user_version").fetchone()[0]
        except sqlite3.DatabaseError as error:
            raise StorageError(
                f"The training results file {self.path} cannot be read ({error}); it has been left untouched."
            ) from None
        if version > RESULTS_SCHEMA:
            raise ResultsNewer(
                f"The training results file {self.path} was written by a newer asbdesk (schema {version}, "
                f"this one knows {RESULTS_SCHEMA}); it has been left untouched: update asbdesk."
            )

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        """A connection for one piece of work, in one transaction, closed after it."""
        try:
            db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        except sqlite3.Error as error:
            raise StorageError(f"The training results file {self.path} cannot be opened ({error}).") from None
        try:
            db.execute("BEGIN IMMEDIATE")
            yield db
            db.execute("COMMIT")
        except sqlite3.Error as error:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise StorageError(f"The training results file {self.path} could not be used ({error}).") from None
        except BaseException:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise
        finally:
            db.close()

    def _migrate(self) -> None:
        with self._connect() as db:
            version = db.execute("PRAGMA user_version").fetchone()[0]
            if version > RESULTS_SCHEMA:  # made newer between the check and now
                raise ResultsNewer(
                    f"The training results file {self.path} was written by a newer asbdesk (schema {version}); "
                    "it has been left untouched: update asbdesk."
                )
            for step in range(version + 1, RESULTS_SCHEMA + 1):
                for statement in _MIGRATIONS[step]:
                    db.execute(statement)
            if version != RESULTS_SCHEMA:
                db.execute(f"PRAGMA user_version = {int(RESULTS_SCHEMA)}")

    @property
    def schema_version(self) -> int:
        with self._connect() as db:
            return int(db.execute("PRAGMA user_version").fetchone()[0])

    def record(
        self,
        scenario: str,
        trainee: str,
        started_at: datetime,
        card: Scorecard,
        *,
        finished_at: datetime | None = None,
    ) -> TrainingResult:
        """Record one attempt's scorecard (finished now, unless ``finished_at`` says)."""
        scenario = _name("scenario", scenario)
        trainee = _name("trainee", trainee)
        items = tuple(json.loads(json.dumps(card.to_json()["items"], default=str)))
        result = TrainingResult(
            scenario,
            trainee,
            _utc(started_at),
            _utc(finished_at or datetime.now(UTC)),
            card.score,
            items,
            card.elapsed_s,
            card.keys,
        )
        with self._connect() as db:
            db.execute(
                "INSERT INTO result (scenario, trainee, started_at, finished_at, score, items, elapsed_s, keys) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    result.scenario,
                    result.trainee,
                    result.started_at.isoformat(),
                    result.finished_at.isoformat(),
                    result.score,
                    json.dumps(list(items), ensure_ascii=False),
                    result.elapsed_s,
                    result.keys,
                ),
            )
        return result

    def all(self, trainee: str | None = None, scenario: str | None = None) -> list[TrainingResult]:
        """Every attempt (of ``trainee``, at ``scenario``), oldest first."""
        where, params = [], []
        if trainee is not None:
            where.append("trainee = ?")
            params.append(trainee)
        if scenario is not None:
            where.append("scenario = ?")
            params.append(scenario)
        sql = "SELECT scenario, trainee, started_at, finished_at, score, items, elapsed_s, keys, id FROM result"
        if where:
            sql += " WHERE " + " AND ".join(where)
        with self._connect() as db:
            rows = db.execute(sql, params).fetchall()
        results = [
            (
                TrainingResult(
                    row[0],
                    row[1],
                    datetime.fromisoformat(row[2]),
                    datetime.fromisoformat(row[3]),
                    int(row[4]),
                    tuple(json.loads(row[5])),
                    row[6],
                    row[7],
                ),
                row[8],
            )
            for row in rows
        ]
        results.sort(key=lambda pair: (pair[0].finished_at, pair[1]))
        return [result for result, _id in results]

    def _summary(self, key: str) -> list[dict[str, Any]]:
        groups: dict[str, list[TrainingResult]] = {}
        for result in self.all():
            groups.setdefault(getattr(result, key), []).append(result)
        return [
            {
                key: name,
                "attempts": len(group),
                "average": round(sum(r.score for r in group) / len(group), 1),
                "best": max(r.score for r in group),
                "last_at": max(r.finished_at for r in group),
            }
            for name, group in sorted(groups.items(), key=lambda kv: (kv[0].casefold(), kv[0]))
        ]

    def by_trainee(self) -> list[dict[str, Any]]:
        """Per trainee: attempts, average and best score, the last attempt; by name."""
        return self._summary("trainee")

    def by_scenario(self) -> list[dict[str, Any]]:
        """Per scenario: attempts, average and best score, the last attempt; by id."""
        return self._summary("scenario")

    def most_missed(self, limit: int = 10) -> list[dict[str, Any]]:
        """The items missed most often (by name, over every attempt that scored them), most
        missed first; ``rate`` is the share of those attempts that missed it."""
        missed: dict[str, int] = {}
        attempts: dict[str, int] = {}
        for result in self.all():
            for name in dict.fromkeys(result.counted()):
                attempts[name] = attempts.get(name, 0) + 1
            for name in dict.fromkeys(result.missed()):
                missed[name] = missed.get(name, 0) + 1
        order = sorted(missed, key=lambda name: (-missed[name], -missed[name] / attempts[name], name))
        return [
            {
                "item": name,
                "missed": missed[name],
                "attempts": attempts[name],
                "rate": round(missed[name] / attempts[name], 3),
            }
            for name in order[: max(0, limit)]
        ]

    def csv(self) -> str:
        """One row per attempt, oldest first, every cell spreadsheet-safe."""
        out = io.StringIO()
        write_csv(
            out,
            CSV_COLUMNS,
            (
                {
                    "finished_at": r.finished_at.isoformat(),
                    "trainee": r.trainee,
                    "scenario": r.scenario,
                    "score": r.score,
                    "elapsed_s": r.elapsed_s,
                    "keys": r.keys,
                    "missed": "; ".join(r.missed()),
                }
                for r in self.all()
            ),
        )
        return out.getvalue()

    def close(self) -> None:
        """Nothing is held open between uses; kept so callers can close what they open."""


# One row per item, each with the scenario, the trainee, the date and the score, so that
# scorecards saved one by one can be pasted into one spreadsheet and still be told apart.
SCORECARD_COLUMNS = ("scenario", "trainee", "date", "score", "item", "result", "expected", "done", "why", "source")


def scorecard_csv(card: Scorecard) -> str:
    """The scorecard as CSV, through asbdesk's one spreadsheet-safe writer (a trainee's typed
    answer, or a pack's text, can start with '='). The date is the attempt's, local, as a
    spreadsheet reads a date and time (2026-01-15 14:00)."""
    from asbdesk.core.scenarios import MISSED, shown_value

    taken = card.taken_at.astimezone().strftime("%Y-%m-%d %H:%M") if card.taken_at is not None else ""
    out = io.StringIO()
    rows = [
        {
            "scenario": card.scenario,
            "trainee": card.trainee,
            "date": taken,
            "score": card.score,
            "item": item.item,
            "result": item.result,
            "expected": shown_value(item.expected),
            "done": shown_value(item.actual),
            "why": item.why if item.result == MISSED else item.explanation(),
            "source": item.source if item.result == MISSED else "",
        }
        for item in card.items
    ]
    write_csv(out, SCORECARD_COLUMNS, rows)
    return out.getvalue()
