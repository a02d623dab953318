"""PostgreSQL roles for a force's shared database (issues 13 and 20): identity from the
database's own authentication, rights as GRANTs, row-level security and triggers.

Each person connects with their own login role (password, Kerberos or whatever the
site uses: pg_hba.conf decides), and asbdesk's user is the database's login. The five
asbdesk roles are group roles (NOLOGIN); a person's login is a member of one.

:data:`PRIVILEGES` is the one statement of who may do what to which table: the GRANTs
and row-level security policies below are made from it, docs/storage.md's table of
privileges is :func:`privileges_table` (a test checks the two are the same), and the
tests that connect as a login of each role read their expected outcomes from it. So a
call handler with psql can do no more than through asbdesk: not authorise a flag, not
change or delete an audit entry, not write a row in someone else's name, not move
another login's audit chain, not read another operator's unfinished call.

``asbdesk db roles`` prints this SQL for the database administrator to read and run
(``--apply`` runs it as the connecting role, which must own the tables).
"""

from __future__ import annotations

from dataclasses import dataclass

from asbdesk.core.vocabulary import CALL_TAKERS, ROLES

GROUP: dict[str, str] = {role: f"asbdesk_{role}" for role in ROLES}
TAKERS = CALL_TAKERS  # read people's records, save contacts
SUPERVISORS = ("supervisor",)
ADMINISTRATORS = ("administrator",)
# Call takers who are not supervisors: what a supervisor may do beyond them is theirs alone.
OPERATORS = tuple(role for role in TAKERS if role not in SUPERVISORS)
# Those who verify the audit trail (PERMISSIONS "verify_audit") read all of it.
VERIFIERS = ("supervisor", "administrator")
ROLES_LOCK = 0x61736264_726F  # the advisory lock the roles SQL takes ('asbd' 'ro')

ACTIONS = ("SELECT", "INSERT", "UPDATE", "DELETE")
ACTION_WORDS = {"SELECT": "read", "INSERT": "add", "UPDATE": "change", "DELETE": "remove"}

# The login a row must name. session_user, not current_user: a login that runs SET ROLE
# asbdesk_call_handler would otherwise write rows in the group's name, which is no person.
# asbdesk itself never changes role, so the two are the same for it (Store.identity).
YOU = "session_user"
GENESIS = "repeat('0', 64)"  # a new chain's head (store.GENESIS)


@dataclass(frozen=True)
class Right:
    """What ``roles`` may do to a table with one action.

    ``rows``: which existing rows they may read, change or remove (a policy's USING; None:
    every row). ``check``: what a row they add, or a row as they change it, must be (WITH
    CHECK; None: anything). ``columns``: an UPDATE of these columns only (a column GRANT).
    ``trigger``: a trigger (:data:`TRIGGERS`) refuses more than the policy can see (the old
    row). ``label``: the condition in a few words for the table in docs/storage.md; empty
    when the right is unconditional. Labels are unique within a table and action: the
    tests name the conditions their statements break by them."""

    roles: tuple[str, ...]
    label: str = ""
    rows: str | None = None
    check: str | None = None
    columns: tuple[str, ...] = ()
    trigger: str | None = None


@dataclass(frozen=True)
class TableRights:
    why: str
    rights: dict[str, tuple[Right, ...]]

    def right(self, role: str, action: str) -> Right | None:
        """What ``role`` may do with ``action`` here, or None (refused)."""
        return next((r for r in self.rights.get(action, ()) if role in r.roles), None)

    @property
    def secured(self) -> bool:
        """Row-level security is on: some right here depends on the row."""
        return any(r.rows or r.check or r.trigger for rights in self.rights.values() for r in rights)


def _own(column: str) -> str:
    return f"{column} = {YOU}"


_CHAIN_IS_YOURS = f"asbdesk_chain_owner(chain) = {YOU}"
_OWN_CALL = (
    f"operator = {YOU} AND asbdesk_reference_issued(reference)"
    " AND review_status IS NOT DISTINCT FROM (CASE WHEN override_field IS NULL THEN NULL ELSE 'pending' END)"
)
_OWN_REQUEST = (
    f"status = 'requested' AND requested_by = {YOU} AND authorised_by IS NULL AND authorised_at IS NULL"
    " AND review_due IS NULL AND removed_by IS NULL AND removed_at IS NULL AND removal_reason IS NULL"
    " AND necessity IS NULL AND refusal_reason IS NULL"
)
_EVENT_OF_OWN_REQUEST = (
    f"by = {YOU} AND action = 'requested' AND EXISTS (SELECT FROM flag f WHERE f.id = flag_event.flag_id"
    f" AND f.requested_by = {YOU} AND f.status = 'requested')"
)
_OF_OWN_CALL = f"EXISTS (SELECT FROM contact c WHERE c.id = work_item.contact_id AND c.operator = {YOU})"
_WORK_OF_OWN_CALL = (
    "open AND assigned_to IS NULL AND assigned_by IS NULL AND assigned_at IS NULL AND outcome IS NULL"
    f" AND comment IS NULL AND closed_by IS NULL AND closed_at IS NULL AND {_OF_OWN_CALL}"
)
_WORK_OF_OWN_CALL_OR_REGRADE = (
    "open AND assigned_to IS NULL AND assigned_by IS NULL AND assigned_at IS NULL AND outcome IS NULL"
    f" AND comment IS NULL AND closed_by IS NULL AND closed_at IS NULL AND ({_OF_OWN_CALL} OR EXISTS ("
    f"SELECT FROM contact_revision r WHERE r.contact_id = work_item.contact_id AND r.made_by = {YOU}))"
)
_INTO_OWN_SAMPLE = (
    f"EXISTS (SELECT FROM dip_sample d WHERE d.id = sample_item.sample_id AND d.drawn_by = {YOU})"
    " AND operator = (SELECT c.operator FROM contact c WHERE c.id = sample_item.contact_id)"
)
_TO_OR_FROM_YOU = f"recipient = {YOU} OR author = {YOU}"
_ON_ALLOCATED_RECONTACT = (
    f"recorded_by = {YOU} AND EXISTS (SELECT FROM work_item w WHERE w.id = recontact_attempt.work_item_id"
    " AND w.kind = 'recontact' AND w.open AND w.assigned_to IS NOT NULL)"
)

# Who may do what, table by table. Every table of the schema is here (a test checks it);
# a table a migration adds gets its row here, or nobody but the owner may touch it.
PRIVILEGES: dict[str, TableRights] = {
    "alembic_version": TableRights(
        "every desk checks the schema version it talks to before it opens (`ensure_current`)",
        {"SELECT": (Right(ROLES),)},
    ),
    "app_user": TableRights(
        "every action reads its actor's role (asbdesk's own check, `_authorise`) and supervisors offer "
        "officers by name; administrators manage users (`manage_users`: a leaver is made inactive; the "
        "first administrator's `users add` locks the table, which needs the whole table's UPDATE). "
        "Nobody removes a user: their name is in the audit trail",
        {"SELECT": (Right(ROLES),), "INSERT": (Right(ADMINISTRATORS),), "UPDATE": (Right(ADMINISTRATORS),)},
    ),
    **{
        table: TableRights(
            "a call finds callers and adds new ones (`read_person`, `write_contact`); an import (supervisors, "
            "administrators: `import_export`) matches and adds them. Nobody changes or removes a caller",
            {"SELECT": (Right((*TAKERS, *ADMINISTRATORS)),), "INSERT": (Right((*TAKERS, *ADMINISTRATORS)),)},
        )
        for table in ("person", "phone", "location", "person_location")
    },
    "email": TableRights(
        "a caller's e-mail address, given on a call where e-mail was the chosen contact, is kept with "
        "them as their numbers are (`write_contact`, issue 22.2) and read with them (`read_person`). "
        "Nobody changes or removes it: a new address is a new row",
        {"SELECT": (Right((*TAKERS, *ADMINISTRATORS)),), "INSERT": (Right((*TAKERS, *ADMINISTRATORS)),)},
    ),
    "contact": TableRights(
        "a call is saved in its operator's own name, with the reference the sequence has just issued "
        "to that login (so nobody can take another desk's next reference), and an override waits for a "
        "supervisor's review (PRODUCT.md: every override is queued for review); only a supervisor records "
        "the review (`supervise`). Administrators import and export history (`import_export`). A saved "
        "call is never changed otherwise nor removed",
        {
            "SELECT": (Right((*TAKERS, *ADMINISTRATORS)),),
            "INSERT": (Right((*TAKERS, *ADMINISTRATORS), "own call", check=_OWN_CALL),),
            "UPDATE": (
                Right(
                    SUPERVISORS,
                    "review, re-grade by amending the log",
                    columns=("review_status", "risk_level", "grade", "rag", "log_text"),
                    trigger="amend",
                ),
            ),
        },
    ),
    **{
        table: TableRights(
            "contacts counted per location and caller per month, per incident code and postcode district "
            "per day, for the hotspots report (`supervise`, issue 24.2); kept only by the trigger on "
            "`contact` (it runs as the owner), so nobody writes them",
            {"SELECT": (Right(SUPERVISORS),)},
        )
        for table in ("contact_count_month", "contact_count_day")
    },
    "contact_revision": TableRights(
        "a re-grade of a saved contact: a supervisor who disagrees with an operator's override sets the "
        "risk level or grade, in their own name, with the reason; the contact's log is amended with it, "
        "never rewritten (issue 22.3). Read wherever contacts are read; never changed or removed",
        {
            "SELECT": (Right((*TAKERS, *ADMINISTRATORS)),),
            "INSERT": (Right(SUPERVISORS, "as yourself", check=_own("made_by")),),
        },
    ),
    "flag": TableRights(
        "anyone who takes calls may request a flag, in their own name; a supervisor authorises, refuses, "
        'reviews and removes it, in their own name (seed 002: "Flags must be authorised by a supervisor")',
        {
            "SELECT": (Right((*TAKERS, *ADMINISTRATORS)),),
            "INSERT": (Right(TAKERS, "own request", check=_OWN_REQUEST),),
            "UPDATE": (
                Right(
                    SUPERVISORS,
                    "decision, as yourself",
                    columns=(
                        "status",
                        "authorised_by",
                        "authorised_at",
                        "review_due",
                        "removed_by",
                        "removed_at",
                        "removal_reason",
                        "necessity",
                        "refusal_reason",
                    ),
                    trigger="names",
                ),
            ),
        },
    ),
    "flag_event": TableRights(
        "a flag's history, shown with the flag: its request by the requester, each decision by the "
        "supervisor who made it (seed 002: a flag's history is kept); supervisors and administrators read every row to verify the audit trail (`verify_audit`, issue 20)",
        {
            "SELECT": (Right((*TAKERS, *ADMINISTRATORS)),),
            "INSERT": (
                Right(OPERATORS, "own request", check=_EVENT_OF_OWN_REQUEST),
                Right(SUPERVISORS, "as yourself", check=_own("by")),
            ),
        },
    ),
    "work_item": TableRights(
        "a save leaves its own call's work for a supervisor, open and unassigned (`work_for`), and reads "
        "back what it added (the save's INSERT ... RETURNING id); only supervisors read the queues, "
        "allocate and close items, in their own name (issue 10; seed 002: the supervisor allocates "
        "re-contacts), and open the follow-up their re-grade of a contact needs (issue 22.3); supervisors and administrators read every row to verify the audit trail (`verify_audit`, issue 20)",
        {
            "SELECT": (Right(VERIFIERS), Right(OPERATORS, "own call's", rows=_OF_OWN_CALL)),
            "INSERT": (
                Right(OPERATORS, "own call's, open", check=_WORK_OF_OWN_CALL),
                Right(SUPERVISORS, "own call's or your re-grade's, open", check=_WORK_OF_OWN_CALL_OR_REGRADE),
            ),
            "UPDATE": (
                Right(
                    SUPERVISORS,
                    "allocate, close, as yourself",
                    columns=(
                        "assigned_to",
                        "assigned_by",
                        "assigned_at",
                        "open",
                        "outcome",
                        "comment",
                        "closed_by",
                        "closed_at",
                        "details",
                    ),
                    trigger="names",
                ),
            ),
        },
    ),
    "recontact_attempt": TableRights(
        "each try at a re-contact (when, by which officer, what came of it), recorded by a supervisor in "
        'their own name on an open re-contact allocated to an officer (issue 22.2; seed 002: "individuals '
        'must record all actions taken ... for audit purposes"); never changed or removed; supervisors and '
        "administrators read every row to verify the audit trail (`verify_audit`, issue 20)",
        {
            "SELECT": (Right(VERIFIERS),),
            "INSERT": (Right(SUPERVISORS, "as yourself, allocated", check=_ON_ALLOCATED_RECONTACT),),
        },
    ),
    "notice": TableRights(
        "what a supervisor decided, written by that supervisor to the person it concerns, read by "
        "its recipient and its author only (`read_notices`); supervisors and administrators read every row to verify the audit trail (`verify_audit`, issue 20)",
        {
            "SELECT": (Right(VERIFIERS), Right(OPERATORS, "to or from you", rows=_TO_OR_FROM_YOU)),
            "INSERT": (Right(SUPERVISORS, "as yourself", check=_own("author")),),
            "UPDATE": (
                Right(ROLES, "seen, to you", rows=_own("recipient"), check=_own("recipient"), columns=("seen_at",)),
            ),
        },
    ),
    "dip_sample": TableRights(
        "a supervisor's dip sample, drawn in their own name (seed 002: the NPT Inspector/ASB Hub "
        "Supervisor dip samples logs); kept as drawn, with whether logs already in an overlapping sample were "
        "allowed again and how many were left out (issue 22); supervisors and administrators read every row to verify the audit trail (`verify_audit`, issue 20)",
        {"SELECT": (Right(VERIFIERS),), "INSERT": (Right(SUPERVISORS, "as yourself", check=_own("drawn_by")),)},
    ),
    "sample_item": TableRights(
        "the logs in a sample: added to the supervisor's own sample, each under the operator who "
        "really took it (the compliance report counts by operator); supervisors and administrators read every row to verify the audit trail (`verify_audit`, issue 20)",
        {"SELECT": (Right(VERIFIERS),), "INSERT": (Right(SUPERVISORS, "own sample", check=_INTO_OWN_SAMPLE),)},
    ),
    "sample_mark": TableRights(
        "a checklist item marked on a sampled log, in the marking supervisor's name; marked again by "
        "any supervisor, the mark is theirs; supervisors and administrators read every row to verify the audit trail (`verify_audit`, issue 20)",
        {
            "SELECT": (Right(VERIFIERS),),
            "INSERT": (Right(SUPERVISORS, "as yourself", check=_own("marked_by")),),
            "UPDATE": (
                Right(
                    SUPERVISORS,
                    "as yourself",
                    check=_own("marked_by"),
                    columns=("answer", "note", "marked_by", "marked_at"),
                ),
            ),
        },
    ),
    "audit_entry": TableRights(
        "append-only (a trigger, migration 0004): each login appends in its own name to its own chains; "
        "supervisors and administrators read it all to verify it (`verify_audit`), the others their own "
        "entries",
        {
            "SELECT": (Right(VERIFIERS), Right(OPERATORS, "own", rows=_own("username"))),
            "INSERT": (Right(ROLES, "own name, own chain", check=f"{_own('username')} AND {_CHAIN_IS_YOURS}"),),
        },
    ),
    "audit_head": TableRights(
        "each chain's head; a chain is one login's at one workstation (`<login>@<workstation>`), so a "
        "login starts and moves only its own, one entry forward: nobody can stop another's saves",
        {
            "SELECT": (Right(VERIFIERS), Right(OPERATORS, "own chains", rows=_CHAIN_IS_YOURS)),
            "INSERT": (Right(ROLES, "new own chain", check=f"{_CHAIN_IS_YOURS} AND seq = 0 AND hash = {GENESIS}"),),
            "UPDATE": (
                Right(
                    ROLES,
                    "own chain, forward",
                    rows=_CHAIN_IS_YOURS,
                    check=_CHAIN_IS_YOURS,
                    columns=("seq", "hash"),
                    trigger="forward",
                ),
            ),
        },
    ),
    "counter": TableRights(
        "SQLite's reference counter; on PostgreSQL references come from a sequence, so nobody needs it",
        {},
    ),
    "draft": TableRights(
        "an unfinished call is its operator's alone: read, saved, resumed and discarded only by them",
        {
            action: (
                Right(
                    TAKERS,
                    "own",
                    rows=None if action == "INSERT" else _own("operator"),
                    check=None if action in ("SELECT", "DELETE") else _own("operator"),
                    columns=("payload", "updated_at", "workstation") if action == "UPDATE" else (),
                ),
            )
            for action in ACTIONS
        },
    ),
    "site": TableRights(
        "who the force is on paper: administrators set it, in their own name (issue 19, `manage_site`); "
        "every desk prints it",
        {
            "SELECT": (Right(ROLES),),
            "INSERT": (Right(ADMINISTRATORS, "as yourself", check=_own("updated_by")),),
            "UPDATE": (
                Right(
                    ADMINISTRATORS,
                    "as yourself",
                    check=_own("updated_by"),
                    columns=("force", "updated_by", "updated_at", "audit_key"),
                ),
            ),
        },
    ),
    "published_pack": TableRights(
        "the pack in force: administrators publish, in their own name (issue 19, `publish_pack`); every "
        "desk reads it; a publication is never changed (a roll-back publishes again)",
        {"SELECT": (Right(ROLES),), "INSERT": (Right(ADMINISTRATORS, "as yourself", check=_own("published_by")),)},
    ),
}

# Triggers: what a policy cannot see, because it needs the row as it was.
TRIGGERS: dict[str, dict[str, tuple[str, ...]]] = {
    # An UPDATE may leave an earlier supervisor's name in place (another allocated the
    # re-contact this one closes), but a name it writes must be the login's own.
    "names": {"flag": ("authorised_by", "removed_by"), "work_item": ("assigned_by", "closed_by")},
    # A head moves to the entry appended after it, never back, never skipping.
    "forward": {"audit_head": ()},
    # A saved contact's log is amended, never rewritten: a change keeps the text before it
    # whole and adds after it, and the risk level, grade or RAG change only with an amendment.
    "amend": {"contact": ()},
}


def chain_owner(chain: str) -> str | None:
    """The login an audit chain belongs to: everything before the last '@' of its name
    (``store._chain_for`` names a chain ``<login>@<workstation>``, with no '@' in the
    workstation part), or None for a chain named before chains were bound to logins.
    The database's ``asbdesk_chain_owner`` is the same rule in SQL."""
    login, at, _ = chain.rpartition("@")
    return login if at else None


def _groups(roles: tuple[str, ...]) -> str:
    return ", ".join(GROUP[r] for r in roles)


def _grants(table: str, rights: TableRights) -> list[str]:
    lines = []
    for action in ACTIONS:
        for right in rights.rights.get(action, ()):
            columns = f" ({', '.join(right.columns)})" if right.columns else ""
            lines.append(f"GRANT {action}{columns} ON {table} TO {_groups(right.roles)};")
    return lines


def _policies(table: str, rights: TableRights) -> list[str]:
    if not rights.secured:
        return [f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY;"]
    lines = [f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY;"]
    for action in ACTIONS:
        for n, right in enumerate(rights.rights.get(action, ()), 1):
            clauses = []
            if action != "INSERT":
                clauses.append(f"USING ({right.rows or 'true'})")
            if action in ("INSERT", "UPDATE"):
                clauses.append(f"WITH CHECK ({right.check or 'true'})")
            lines.append(
                f"CREATE POLICY asbdesk_{action.lower()}_{n} ON {table} FOR {action} TO {_groups(right.roles)} "
                + " ".join(clauses)
                + ";"
            )
    return lines


def _functions(schema: str) -> list[str]:
    return [
        "-- The login an audit chain belongs to (chains are named <login>@<workstation>, with no '@' in",
        "-- the workstation part): everything before the last '@'; NULL for chains named before that.",
        "CREATE OR REPLACE FUNCTION asbdesk_chain_owner(chain text) RETURNS text LANGUAGE sql IMMUTABLE "
        "SET search_path = pg_catalog AS $$ SELECT CASE WHEN strpos(chain, '@') > 0 "
        "THEN left(chain, length(chain) - strpos(reverse(chain), '@')) END $$;",
        "-- A contact's reference is the one the sequence last issued to this session (ASB-<year>-<number>).",
        "CREATE OR REPLACE FUNCTION asbdesk_reference_issued(reference text) RETURNS boolean LANGUAGE plpgsql "
        f"SET search_path = pg_catalog, {schema} AS $$ BEGIN "
        "RETURN reference ~ '^ASB-[0-9]+-[0-9]+$' "
        "AND split_part(reference, '-', 3)::bigint = currval('contact_reference_seq'); "
        "EXCEPTION WHEN object_not_in_prerequisite_state THEN RETURN false; "  # none issued to it yet
        "END $$;",
        "-- An UPDATE that writes a name into one of these columns writes the login's own, or clears the",
        "-- login's own (an undo of its own decision, issue 22.4), never another's (whoever is subject to",
        "-- row-level security, as the policies: not the tables' owner).",
        "CREATE OR REPLACE FUNCTION asbdesk_names_are_yours() RETURNS trigger LANGUAGE plpgsql "
        "SET search_path = pg_catalog AS $$ DECLARE col text; written text; BEGIN "
        "IF NOT row_security_active(TG_RELID::regclass) THEN RETURN NEW; END IF; "
        "FOREACH col IN ARRAY TG_ARGV LOOP "
        "written := to_jsonb(NEW) ->> col; "
        f"IF written IS DISTINCT FROM to_jsonb(OLD) ->> col AND written IS DISTINCT FROM {YOU}::text "
        f"AND NOT (written IS NULL AND to_jsonb(OLD) ->> col = {YOU}::text) THEN "
        "RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege', MESSAGE = TG_TABLE_NAME || '.' || col "
        "|| ': a change is made in the name of the login that makes it'; END IF; END LOOP; RETURN NEW; END $$;",
        "-- A contact's log is only added to, and its risk level, grade or RAG change only as it is.",
        "CREATE OR REPLACE FUNCTION asbdesk_log_amended() RETURNS trigger LANGUAGE plpgsql "
        "SET search_path = pg_catalog AS $$ BEGIN "
        "IF NOT row_security_active(TG_RELID::regclass) THEN RETURN NEW; END IF; "
        "IF left(NEW.log_text, length(OLD.log_text)) IS DISTINCT FROM OLD.log_text THEN "
        "RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege', "
        "MESSAGE = 'contact.log_text: a saved log is amended, never rewritten'; END IF; "
        "IF (NEW.risk_level, NEW.grade, NEW.rag) IS DISTINCT FROM (OLD.risk_level, OLD.grade, OLD.rag) "
        "AND length(NEW.log_text) <= length(OLD.log_text) THEN "
        "RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege', "
        "MESSAGE = 'contact: a re-grade amends the log with its reason'; END IF; RETURN NEW; END $$;",
        "-- A chain's head moves one entry forward, to the entry appended after it (whoever connects).",
        "CREATE OR REPLACE FUNCTION asbdesk_audit_head_forward() RETURNS trigger LANGUAGE plpgsql "
        f"SET search_path = pg_catalog, {schema} AS $$ BEGIN "
        "IF NEW.id <> OLD.id OR NEW.chain <> OLD.chain OR NEW.seq <> OLD.seq + 1 OR NOT EXISTS ("
        "SELECT FROM audit_entry e WHERE e.chain = NEW.chain AND e.seq = NEW.seq AND e.hash = NEW.hash "
        "AND e.prev_hash = OLD.hash) THEN "
        "RAISE EXCEPTION 'an audit chain''s head moves only forward, to the entry appended after it' "
        "USING ERRCODE = 'insufficient_privilege'; END IF; RETURN NEW; END $$;",
    ]


def _triggers() -> list[str]:
    lines = []
    for table, columns in TRIGGERS["names"].items():
        arguments = ", ".join(f"'{c}'" for c in columns)
        lines += [
            f"DROP TRIGGER IF EXISTS asbdesk_names_are_yours ON {table};",
            f"CREATE TRIGGER asbdesk_names_are_yours BEFORE UPDATE ON {table} FOR EACH ROW "
            f"EXECUTE FUNCTION asbdesk_names_are_yours({arguments});",
        ]
    lines += [
        "DROP TRIGGER IF EXISTS asbdesk_log_amended ON contact;",
        "CREATE TRIGGER asbdesk_log_amended BEFORE UPDATE ON contact FOR EACH ROW EXECUTE FUNCTION asbdesk_log_amended();",
        "DROP TRIGGER IF EXISTS asbdesk_audit_head_forward ON audit_head;",
        "CREATE TRIGGER asbdesk_audit_head_forward BEFORE UPDATE ON audit_head FOR EACH ROW "
        "EXECUTE FUNCTION asbdesk_audit_head_forward();",
    ]
    return lines


def roles_sql(schema: str = "public") -> str:
    """The SQL that creates the group roles and grants each exactly its rights (:data:`PRIVILEGES`).
    Idempotent: run again, it first takes back every right and policy an earlier run gave.
    It holds no '%': the driver would read one as a parameter, and psql must read it as is."""
    everyone = _groups(ROLES)
    lines = [
        "-- asbdesk: roles and rights on the shared database (issues 13, 20). Run as the owner of the tables.",
        "-- Each person then gets a login of their own, a member of one group, e.g.:",
        "--   CREATE ROLE jsmith LOGIN PASSWORD '...';  GRANT asbdesk_call_handler TO jsmith;",
        "-- and is added to asbdesk with the same name: asbdesk users add jsmith --name '...' --role call_handler",
        "BEGIN;",
        "-- One at a time: two runs at once would both find a role missing and both create it.",
        f"SELECT pg_advisory_xact_lock({ROLES_LOCK});",
    ]
    for role, group in GROUP.items():
        lines.append(
            f"DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{group}') "
            f"THEN CREATE ROLE {group} NOLOGIN; END IF; END $$;  -- {role.replace('_', ' ')}"
        )
    lines += [
        "-- Exactly the rights below: take back whatever an earlier run (or anyone) granted.",
        f"REVOKE ALL ON ALL TABLES IN SCHEMA {schema} FROM PUBLIC, {everyone};",
        f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA {schema} FROM PUBLIC, {everyone};",
        f"REVOKE CREATE ON SCHEMA {schema} FROM PUBLIC;",
        "DO $$ DECLARE p record; BEGIN FOR p IN SELECT tablename, policyname FROM pg_policies "
        f"WHERE schemaname = '{schema}' AND left(policyname, 8) = 'asbdesk_' LOOP "
        f"EXECUTE 'DROP POLICY ' || quote_ident(p.policyname) || ' ON {schema}.' || quote_ident(p.tablename); "
        "END LOOP; END $$;",
        f"GRANT USAGE ON SCHEMA {schema} TO {everyone};",
        "-- Sequences: a contact's reference and each table's ids (nextval); nobody may set them.",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {schema} TO {everyone};",
        *_functions(schema),
    ]
    for table, rights in PRIVILEGES.items():
        lines.append(f"-- {table}: {rights.why}.")
        lines += _grants(table, rights)
        lines += _policies(table, rights)
    lines += _triggers()
    lines.append("COMMIT;")
    return "\n".join(lines) + "\n"


# ------------------------------------------------------------------ the table in docs/storage.md


def _cell(rights: TableRights, role: str) -> str:
    """What ``role`` may do to a table, in words: 'read, add (own)'; actions under one
    condition are listed together."""
    parts: list[tuple[list[str], str]] = []
    for action in ACTIONS:
        right = rights.right(role, action)
        if right is None:
            continue
        if parts and parts[-1][1] == right.label:
            parts[-1][0].append(ACTION_WORDS[action])
        else:
            parts.append(([ACTION_WORDS[action]], right.label))
    return "; ".join(", ".join(words) + (f" ({label})" if label else "") for words, label in parts) or "—"


def privileges_table() -> str:
    """The table of privileges in docs/storage.md, made from :data:`PRIVILEGES`: each
    table, what each role may do to it and why; then what each condition is, as the
    database states it."""
    header = ["table", *(role.replace("_", " ") for role in ROLES), "why"]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for table, rights in PRIVILEGES.items():
        cells = [f"`{table}`", *(_cell(rights, role) for role in ROLES), rights.why]
        lines.append("| " + " | ".join(cells) + " |")
    lines += ["", "The conditions, as the policies and triggers state them (`session_user` is the login):", ""]
    for table, rights in PRIVILEGES.items():
        for action in ACTIONS:
            for right in rights.rights.get(action, ()):
                if not right.label:
                    continue
                said = []
                if right.rows:
                    said.append(f"the rows `{right.rows}`")
                if right.check:
                    said.append(f"a row {'added' if action == 'INSERT' else 'changed'} must hold `{right.check}`")
                if right.columns:
                    said.append("only the columns " + ", ".join(f"`{c}`" for c in right.columns))
                if right.trigger == "names":
                    names = " or ".join(f"`{c}`" for c in TRIGGERS["names"][table])
                    said.append(
                        f"a trigger refuses {names} changed to a name that is not the login, or cleared where it "
                        "named another (a login clears only its own: an undo)"
                    )
                if right.trigger == "amend":
                    said.append(
                        "a trigger refuses a `log_text` that does not begin with the log as it was, and a "
                        "change of `risk_level`, `grade` or `rag` that does not lengthen the log"
                    )
                if right.trigger == "forward":
                    said.append("a trigger refuses any move but to the entry appended after the head")
                lines.append(f"- `{table}` {ACTION_WORDS[action]} ({right.label}): " + "; ".join(said) + ".")
    return "\n".join(lines) + "\n"
