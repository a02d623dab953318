"""Building contacts for storage tests from real assessments."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from functools import cache
from typing import Any

from asbdesk.core.call import call_to_json, parse_call
from asbdesk.core.engine import Engine
from asbdesk.core.packs.registry import resolve_pack
from asbdesk.core.render import render_text
from asbdesk.storage.records import ContactRecord, FlagRequest


@cache
def engine(pack_id: str = "default") -> Engine:
    return Engine(resolve_pack(pack_id))


def contact(
    started_at: datetime,
    *,
    code: str = "801",
    answers: dict[str, Any] | None = None,
    person_id: int | None = None,
    location_id: int | None = None,
    flag_requests: tuple[FlagRequest, ...] = (),
    override: dict[str, Any] | None = None,
    uid: str | None = None,
    pack: str = "default",
    rationale: dict[str, str] | None = None,
    caller: dict[str, Any] | None = None,
) -> ContactRecord:
    data: dict[str, Any] = {"incident_code": code, "now": started_at.isoformat(), "answers": answers or {}}
    if override:
        data["override"] = override
    if rationale:  # the THRIVE rationale written (heading -> text)
        data["rationale"] = rationale
    if caller:  # who called, as the headless input gives it (the log's CALLER section)
        data["caller"] = caller
    eng = engine(pack)
    call = parse_call(eng.pack, data)
    assessment = eng.assess(call)
    return ContactRecord(
        uuid=uid or str(uuid.uuid4()),
        started_at=started_at,
        saved_at=started_at + timedelta(minutes=6),
        assessment=assessment.to_dict(),
        answers=dict(data["answers"]),
        log_text=render_text(assessment),
        person_id=person_id,
        location_id=location_id,
        flag_requests=flag_requests,
        call=call_to_json(call),  # kept as the desk keeps it (issue 22.3)
    )


def as_insider(connection: Any) -> None:
    """What an insider with the database's own tools does first: switch off the append-only
    triggers on audit_entry (migration 0004), so rows can be edited and deleted."""
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql("ALTER TABLE audit_entry DISABLE TRIGGER USER")
    else:
        connection.exec_driver_sql("DROP TRIGGER IF EXISTS audit_entry_no_update")
        connection.exec_driver_sql("DROP TRIGGER IF EXISTS audit_entry_no_delete")


class SignIn:
    """The current test's monkeypatch (set by an autouse fixture in conftest.py)."""

    monkeypatch: Any = None


def run_cli(capsys, *args):
    """Run the CLI as the person a ``--user``/``--by`` flag names: asbdesk takes identity from
    the login (issue 13), so the test signs in as that person first, as they would."""
    from asbdesk.cli import main
    from asbdesk.storage.store import Store

    for flag in ("--user", "--by"):
        if flag in args:
            name = args[args.index(flag) + 1]
            SignIn.monkeypatch.setattr(Store, "identity", lambda self, name=name: name)
    try:
        code = main(list(args))
    except SystemExit as exit_:  # argparse refused the command line, as the process would exit
        code = exit_.code
    out, err = capsys.readouterr()
    return code, out, err
