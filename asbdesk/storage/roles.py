"""PostgreSQL roles for a force's shared database (issue 13): identity from the
database's own authentication, rights as GRANTs and row-level security.

Each person connects with their own login role (password, Kerberos or whatever the
site uses: pg_hba.conf decides), and asbdesk's user is the database's ``current_user``.
The five asbdesk roles are group roles (NOLOGIN); a person's login is a member of one.
The same rules the application checks (``PERMISSIONS``) are granted here, so a call
handler with psql can do no more than through asbdesk: not authorise a flag, not change
or delete an audit entry, not write a contact or an audit entry in someone else's name.

``asbdesk db roles`` prints this SQL for the database administrator to read and run
(``--apply`` runs it as the connecting role, which must own the tables).
"""

from __future__ import annotations

from asbdesk.core.vocabulary import CALL_TAKERS, ROLES

GROUP: dict[str, str] = {role: f"asbdesk_{role}" for role in ROLES}
TAKERS = CALL_TAKERS  # read people's records, save contacts
ROLES_LOCK = 0x61736264_726F  # the advisory lock the roles SQL takes ('asbd' 'ro')

# Tables a contact is saved into (with its person, address, flag requests and audit rows).
# A saved contact leaves the supervisor's work in work_item (issue 10).
CALL_TABLES = ("person", "phone", "location", "person_location", "contact", "flag", "flag_event", "draft", "work_item")
READ_TABLES = (*CALL_TABLES, "app_user", "audit_entry", "audit_head", "counter")
# The supervisor's own (issue 10): what they tell users, dip samples and their checklists.
SAMPLE_TABLES = ("dip_sample", "sample_item", "sample_mark")


def _all(roles: tuple[str, ...]) -> str:
    return ", ".join(GROUP[r] for r in roles)


def roles_sql(schema: str = "public") -> str:
    """The SQL that creates the group roles and grants each its rights. Idempotent."""
    takers, supervisors = _all(TAKERS), GROUP["supervisor"]
    admins = GROUP["administrator"]
    everyone = _all(ROLES)
    lines = [
        "-- asbdesk: roles and rights on the shared database (issue 13). Run as the owner of the tables.",
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
        f"REVOKE ALL ON ALL TABLES IN SCHEMA {schema} FROM PUBLIC;",
        f"GRANT USAGE ON SCHEMA {schema} TO {everyone};",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {schema} TO {everyone};",
        f"GRANT SELECT ON alembic_version TO {everyone};  -- asbdesk checks the schema version it talks to",
        "-- Taking calls: read people's records, save contacts and flag requests, drafts.",
        f"GRANT SELECT ON {', '.join(READ_TABLES)} TO {takers};",
        f"GRANT INSERT ON {', '.join(CALL_TABLES)} TO {takers};",
        f"GRANT UPDATE, DELETE ON draft TO {takers};",
        f"GRANT UPDATE ON counter TO {takers};",
        "-- The audit trail: append only. No role may UPDATE or DELETE an entry (a trigger refuses it too);",
        "-- the chain's head row moves forward as entries are appended.",
        f"GRANT SELECT, INSERT ON audit_entry TO {everyone};",
        f"GRANT SELECT, INSERT, UPDATE ON audit_head TO {everyone};",
        "-- Supervisors authorise, review and remove flags, review overrides, allocate re-contacts,",
        "-- record occurrences, dip-sample logs (seed 002) and tell users what they decided.",
        f"GRANT UPDATE ON flag TO {supervisors};",
        f"GRANT UPDATE (review_status) ON contact TO {supervisors};",
        f"GRANT UPDATE ON work_item TO {supervisors};",
        f"GRANT INSERT ON notice TO {supervisors};",
        f"GRANT SELECT, INSERT, UPDATE ON {', '.join(SAMPLE_TABLES)} TO {supervisors};",
        "-- Everyone reads the notices addressed to them and marks them seen (row-level security below).",
        f"GRANT SELECT, UPDATE (seen_at) ON notice TO {everyone};",
        "-- The site and the published packs (issue 19): everyone reads what is in force; only",
        "-- administrators set the site and publish packs.",
        f"GRANT SELECT ON site, published_pack TO {everyone};",
        f"GRANT INSERT, UPDATE ON site TO {admins};",
        f"GRANT INSERT ON published_pack TO {admins};",
        "-- Administrators manage users; with supervisors they import, export and verify the trail.",
        f"GRANT SELECT ON {', '.join(READ_TABLES)}, {', '.join(SAMPLE_TABLES)} TO {admins};",
        f"GRANT INSERT, UPDATE ON app_user TO {admins};",
        f"GRANT INSERT ON person, phone, location, person_location, contact TO {admins};",
        f"GRANT UPDATE ON counter TO {admins};",
        "-- Row-level security: nobody writes in someone else's name.",
        "ALTER TABLE audit_entry ENABLE ROW LEVEL SECURITY;",
        "DROP POLICY IF EXISTS asbdesk_read ON audit_entry;",
        "CREATE POLICY asbdesk_read ON audit_entry FOR SELECT USING (true);",
        "DROP POLICY IF EXISTS asbdesk_own_name ON audit_entry;",
        "CREATE POLICY asbdesk_own_name ON audit_entry FOR INSERT WITH CHECK (username = current_user);",
        "ALTER TABLE contact ENABLE ROW LEVEL SECURITY;",
        "DROP POLICY IF EXISTS asbdesk_read ON contact;",
        "CREATE POLICY asbdesk_read ON contact FOR SELECT USING (true);",
        "DROP POLICY IF EXISTS asbdesk_own_name ON contact;",
        "CREATE POLICY asbdesk_own_name ON contact FOR INSERT WITH CHECK (operator = current_user);",
        "DROP POLICY IF EXISTS asbdesk_review ON contact;",
        f"CREATE POLICY asbdesk_review ON contact FOR UPDATE USING (pg_has_role(current_user, '{supervisors}', 'MEMBER'));",
        "ALTER TABLE flag ENABLE ROW LEVEL SECURITY;",
        "DROP POLICY IF EXISTS asbdesk_read ON flag;",
        "CREATE POLICY asbdesk_read ON flag FOR SELECT USING (true);",
        "DROP POLICY IF EXISTS asbdesk_request ON flag;",
        "CREATE POLICY asbdesk_request ON flag FOR INSERT WITH CHECK "
        f"(status = 'requested' AND requested_by = current_user OR pg_has_role(current_user, '{supervisors}', 'MEMBER'));",
        "DROP POLICY IF EXISTS asbdesk_manage ON flag;",
        f"CREATE POLICY asbdesk_manage ON flag FOR UPDATE USING (pg_has_role(current_user, '{supervisors}', 'MEMBER'));",
        "ALTER TABLE notice ENABLE ROW LEVEL SECURITY;",
        "DROP POLICY IF EXISTS asbdesk_own ON notice;",
        "CREATE POLICY asbdesk_own ON notice FOR SELECT USING (recipient = current_user OR author = current_user);",
        "DROP POLICY IF EXISTS asbdesk_seen ON notice;",
        "CREATE POLICY asbdesk_seen ON notice FOR UPDATE USING (recipient = current_user);",
        "DROP POLICY IF EXISTS asbdesk_tell ON notice;",
        "CREATE POLICY asbdesk_tell ON notice FOR INSERT WITH CHECK "
        f"(author = current_user AND pg_has_role(current_user, '{supervisors}', 'MEMBER'));",
        "COMMIT;",
    ]
    return "\n".join(lines) + "\n"
