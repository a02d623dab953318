"""Does asbdesk work behind PgBouncer in transaction mode, and does a failover through it
happen by itself? (issue 20, item 6; docs/storage.md, "Connection pooling").

Needs PgBouncer (Debian: ``apt-get install pgbouncer``) and PostgreSQL's server programs;
private clusters and PgBouncers on ports of their own, torn down at the end.

1. Transaction mode: one cluster, a PgBouncer with two server connections per login, four
   desks' stores (two logins) searching, reading caller context, saving and reading a
   supervisor's queues at once: with psycopg's default prepared statements, then with
   ``prepare_threshold=none`` in the URL. Each login's identity is checked through it.
2. Failover: a primary and a synchronous standby, a PgBouncer on each, a desk on the URL
   naming both PgBouncers (``target_session_attrs=read-write``). The primary is stopped
   and the standby promoted: (a) PgBouncers left as they are; (b) the dead server's
   PgBouncer stopped with it; (c) that, and the new primary's PgBouncer restarted after
   the promotion. Is the desk back, and its outbox delivered?

    python bench/pgbouncer_probe.py
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from failover_bench import (  # a sibling script, not a package
    Cluster,
    Missing,
    as_server_user,
    asbdesk,
    callers_for_desks,
    free_port,
    generate_callers,
    postgres_bin,
    server_account,
    superuser,
    wait_for_streaming,
)


class Bouncer:
    """A PgBouncer in transaction mode in front of one cluster."""

    def __init__(self, folder: Path, name: str, cluster: Cluster, logins: list[str]) -> None:
        self.folder, self.name, self.port = folder, name, free_port()
        users = folder / f"{name}-users.txt"
        users.write_text("".join(f'"{login}" ""\n' for login in logins), encoding="utf-8")
        self.ini = folder / f"{name}.ini"
        self.ini.write_text(
            f"[databases]\nasbdesk = host=127.0.0.1 port={cluster.port} dbname=asbdesk\n"
            f"[pgbouncer]\nlisten_addr = 127.0.0.1\nlisten_port = {self.port}\nunix_socket_dir =\n"
            f"auth_type = trust\nauth_file = {users}\npool_mode = transaction\ndefault_pool_size = 2\n"
            f"query_wait_timeout = 5\nserver_login_retry = 1\n"
            f"logfile = {folder}/{name}.log\npidfile = {folder}/{name}.pid\n",
            encoding="utf-8",
        )
        account = server_account()
        if account is not None:
            for path in (users, self.ini):
                os.chown(path, *account)
        self.start()

    def start(self) -> None:
        subprocess.run(as_server_user(["pgbouncer", "-d", str(self.ini)]), check=True, capture_output=True)
        time.sleep(0.5)

    def stop(self) -> None:
        pid = self.folder / f"{self.name}.pid"
        if pid.exists():
            subprocess.run(["kill", pid.read_text(encoding="utf-8").strip()], check=False)
            for _ in range(50):
                if not pid.exists():
                    break
                time.sleep(0.1)


def prepare(folder: Path, clusters: list[Cluster], logins: dict[str, str]) -> str:
    """The primary migrated, its roles applied, an administrator and ``logins`` added; the URL
    of the primary itself for an owner's work."""
    primary = clusters[0]
    primary.init_primary()
    primary.start()
    superuser(primary, ["CREATE ROLE asbdesk_owner LOGIN CREATEROLE", "CREATE DATABASE asbdesk OWNER asbdesk_owner"])
    home = folder / "admin"
    direct = f"postgresql://asbdesk_owner@127.0.0.1:{primary.port}/asbdesk"
    asbdesk("db", "upgrade", "--database", direct, home=home)
    asbdesk("db", "roles", "--apply", "--database", direct, home=home)
    grants = ["CREATE ROLE desk_admin LOGIN", "GRANT asbdesk_administrator TO desk_admin"]
    for login, role in logins.items():
        grants += [f"CREATE ROLE {login} LOGIN", f"GRANT asbdesk_{role} TO {login}"]
    superuser(primary, grants)
    admin = f"postgresql://desk_admin@127.0.0.1:{primary.port}/asbdesk"
    asbdesk("users", "add", "desk_admin", "--name", "Admin", "--role", "administrator", "--database", admin, home=home)
    for login, role in logins.items():
        asbdesk("users", "add", login, "--name", login, "--role", role, "--database", admin, home=home)
    return direct


def transaction_mode(folder: Path, pg_bin: Path) -> None:
    from asbdesk.storage.database import StorageError
    from asbdesk.storage.records import Actor
    from asbdesk.storage.store import Store
    from asbdesk.storage.supervision import review_counts, review_items

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from tests.storage.helpers import contact

    primary = Cluster(pg_bin, folder, "pooled")
    try:
        direct = prepare(folder, [primary], {"desk01": "call_handler", "desk02": "supervisor"})
        generate_callers(direct, 200, 800, 1)
        callers = callers_for_desks(direct, 50, 1)
        bouncer = Bouncer(folder, "bouncer", primary, ["desk01", "desk02"])
        try:
            rounds = 40

            def desk(login: str, offset: int, query: str, failures: list[str], identities: list[str]) -> None:
                store = Store.open(f"postgresql://{login}@127.0.0.1:{bouncer.port}/asbdesk{query}")
                identities.append(f"{login} -> {store.identity()}")
                actor = Actor(login, f"ws-{login}-{offset}")
                for i in range(rounds):
                    try:
                        caller = callers[(i + offset) % len(callers)]
                        found = store.find_callers(actor, caller["prefix"])
                        store.caller_context(actor, found[0].id, datetime.now(UTC))
                        store.save_contact(actor, contact(datetime.now(UTC), person_id=found[0].id))
                        if login == "desk02":
                            review_counts(store, actor)
                            review_items(store, actor, "occurrence", limit=50)
                    except StorageError as error:
                        failures.append(str(error).split("(")[-1].split(")")[0])
                store.close()

            for query in ("", "?prepare_threshold=none"):
                failures: list[str] = []
                identities: list[str] = []
                threads = [
                    threading.Thread(target=desk, args=(login, k, query, failures, identities))
                    for k, login in enumerate(["desk01", "desk02"] * 2)
                ]
                for thread in threads:
                    thread.start()
                for thread in threads:
                    thread.join()
                said = ", ".join(sorted(set(failures))) or "-"
                print(
                    f"transaction mode, URL {query or '(psycopg defaults)'}: {len(failures)} of {4 * rounds} rounds failed "
                    f"({said}); identities {sorted(set(identities))}"
                )
        finally:
            bouncer.stop()
    finally:
        if primary.running():
            primary.stop("immediate")


def failover(folder: Path, pg_bin: Path, n: int, variant: str) -> None:
    from asbdesk.storage.database import StorageError
    from asbdesk.storage.outbox import Outbox, ResilientSaver
    from asbdesk.storage.records import Actor
    from asbdesk.storage.store import Store

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from tests.storage.helpers import contact

    where = folder / f"failover-{n}"
    where.mkdir()
    account = server_account()
    if account is not None:
        os.chown(where, *account)
    primary, standby = Cluster(pg_bin, where, "primary"), Cluster(pg_bin, where, "standby")
    bouncers: list[Bouncer] = []
    store = None
    try:
        prepare(where, [primary], {"desk01": "call_handler"})
        superuser(primary, ["CHECKPOINT"])
        standby.copy_of(primary)
        standby.start()
        superuser(primary, ["ALTER SYSTEM SET synchronous_standby_names = 'standby'", "SELECT pg_reload_conf()"])
        wait_for_streaming(primary, synchronous=True)
        bouncers = [Bouncer(where, "bouncer-a", primary, ["desk01"]), Bouncer(where, "bouncer-b", standby, ["desk01"])]
        hosts = "&".join(f"host=127.0.0.1:{b.port}" for b in bouncers)
        url = f"postgresql://desk01@/asbdesk?{hosts}&target_session_attrs=read-write&prepare_threshold=none"
        os.environ["ASBDESK_HOME"] = str(where / "desk")
        store = Store.open(url)
        actor = Actor(store.identity(), "ws-01")
        saver = ResilientSaver(store, Outbox(where / "desk" / "outbox.sqlite"))
        started = time.time()
        stopped = promoted = back = None
        slowest = 0.0
        while time.time() - started < 30:
            t0 = time.time()
            if stopped is None and t0 - started > 5:
                primary.stop("immediate")
                if variant != "left as they are":
                    bouncers[0].stop()
                stopped = time.time()
            if promoted is None and stopped is not None and t0 - stopped > 4:
                standby.promote()
                if variant == "dead one stopped, new primary's restarted":
                    bouncers[1].stop()
                    bouncers[1].start()
                promoted = time.time()
            try:
                result = saver.save(actor, contact(datetime.now(UTC)))
                if promoted is not None and not result.queued and back is None:
                    back = time.time() - promoted
                    saver.outbox.flush(store)
            except StorageError:
                pass
            slowest = max(slowest, time.time() - t0)
            time.sleep(0.3)
        said = "no" if back is None else f"yes, {back:.1f} s after the promotion"
        print(
            f"failover through a PgBouncer on each server, PgBouncers {variant}: back {said}; "
            f"outbox waiting at the end {len(saver.outbox)}; slowest save {slowest:.1f} s"
        )
        saver.outbox.close()
    finally:
        if store is not None:
            store.close()
        for bouncer in bouncers:
            bouncer.stop()
        for cluster in (standby, primary):
            if cluster.running():
                cluster.stop("immediate")


def main() -> int:
    try:
        pg_bin = postgres_bin()
        account = server_account()
        as_server_user(["true"])
    except Missing as missing:
        print(f"cannot run: {missing}", file=sys.stderr)
        return 4
    if shutil.which("pgbouncer") is None:
        print("cannot run: pgbouncer is not installed (Debian: apt-get install pgbouncer)", file=sys.stderr)
        return 4
    version = subprocess.run(["pgbouncer", "--version"], capture_output=True, text=True, check=False).stdout
    print(version.splitlines()[0] if version else "pgbouncer (version unknown)")
    folder = Path(tempfile.mkdtemp(prefix="asbdesk-pgbouncer-"))
    if account is not None:
        os.chown(folder, *account)
    try:
        transaction_mode(folder, pg_bin)
        for n, variant in enumerate(
            ("left as they are", "dead one stopped", "dead one stopped, new primary's restarted")
        ):
            failover(folder, pg_bin, n, variant)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
