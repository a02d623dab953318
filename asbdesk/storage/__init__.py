"""The storage layer: callers, contacts, flags, drafts and the audit trail, on SQLite or PostgreSQL.

- ``store``: the :class:`~asbdesk.storage.store.Store` API (find callers, caller context with
  flags, histories and the pack's repeat result, save contacts, flag requests and reviews,
  drafts, audit verification), permissions checked on every read and change;
- ``records``: the frozen records that cross the boundary (no ORM object leaves this package);
- ``models``: the SQLAlchemy schema; ``database``: engines, migrations (``db/``) and the
  storage errors said in words;
- ``outbox``: the local outbox and the resilient saver for when the shared database is away;
- ``transfer``: history import from CSV, contacts exported as CSV or JSON;
- ``audit``: signed checkpoints of the audit chains; ``roles``: PostgreSQL roles, grants
  and row-level security for a shared database;
- ``supervision``: the supervisor's work (queues, reviews, re-contacts, occurrences, dip
  samples, compliance and hotspot reports);
- ``training``: the training sandbox (never the live database) and the results store;
- ``demo``: the fictional demo callers, with work waiting for the demo supervisor.

Imports the core, never Qt (import-linter contract "GUI above storage above core").
"""
