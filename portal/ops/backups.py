"""Backups of the whole archive: a pg_dump custom-format file, restored with pg_restore into an
empty database.

A dump is taken in one transaction (a consistent snapshot: articles, raw sources, entities, tags,
curation history and users as of one moment, while writes go on). The public search index is not
in it: it is derived from PostgreSQL and rebuilt after a restore (docs/search-engine.md).
"""

from __future__ import annotations

import datetime as dt
import glob
import itertools
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import psycopg
from django.conf import settings
from psycopg import sql
from psycopg.conninfo import make_conninfo

# Filled by `migrate` itself (and by its post_migrate signals) in a database that holds nothing
# yet: a database whose only rows are these still counts as empty.
BOOKKEEPING_TABLES = frozenset({"django_migrations", "django_content_type", "auth_permission"})

# OPTIONS of a Django database that libpq also reads from the environment.
_LIBPQ_OPTIONS = ("sslmode", "sslrootcert", "sslcert", "sslkey", "connect_timeout", "target_session_attrs")


class BackupError(Exception):
    """A backup or restore cannot be carried out; the message says why and what to do."""


@dataclass(frozen=True)
class Database:
    """Where a database is, as libpq needs it. The password never goes on a command line."""

    name: str
    user: str = ""
    password: str = field(default="", repr=False)
    host: str = ""
    port: str = ""
    options: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_settings(cls, config: Mapping[str, Any]) -> Database:
        """From a Django DATABASES entry; host and port may also sit in OPTIONS (dj-database-url's
        ``?host=/socket/dir&port=…`` form)."""
        options = dict(config.get("OPTIONS") or {})
        return cls(
            name=str(config["NAME"]),
            user=str(config.get("USER") or ""),
            password=str(config.get("PASSWORD") or ""),
            host=str(config.get("HOST") or options.get("host") or ""),
            port=str(config.get("PORT") or options.get("port") or ""),
            options={k: str(v) for k, v in options.items() if k in _LIBPQ_OPTIONS},
        )

    @property
    def label(self) -> str:
        """For messages: name, host and port (never the password)."""
        return f"{self.name} ({self.host or 'localhost'}:{self.port or 5432})"

    def environ(self) -> dict[str, str]:
        """The environment for pg_dump and pg_restore: inherited PG* variables (a PGSERVICE, say)
        could point them elsewhere, so they are replaced by this database's."""
        environ = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
        pairs = {"PGDATABASE": self.name, "PGUSER": self.user, "PGPASSWORD": self.password}
        pairs |= {"PGHOST": self.host, "PGPORT": self.port}
        pairs |= {f"PG{k.upper()}": v for k, v in self.options.items()}
        return environ | {k: v for k, v in pairs.items() if v}

    def url(self) -> str:
        """As DATABASE_URL (dj-database-url reads a socket directory as a percent-encoded host)."""
        credentials = quote(self.user, safe="") + (
            f":{quote(self.password, safe='')}" if self.password else ""
        )
        host = (
            quote(self.host, safe="")
            if self.host.startswith("/") or ":" not in self.host
            else f"[{self.host}]"
        )
        port = f":{self.port}" if self.port else ""
        query = f"?{urlencode(self.options)}" if self.options else ""
        return f"postgres://{credentials}@{host}{port}/{quote(self.name, safe='')}{query}"

    def connect(self, *, name: str | None = None) -> psycopg.Connection:
        """An autocommit connection to this database, or to ``name`` on the same server."""
        params = {"dbname": name or self.name, "user": self.user, "password": self.password}
        params |= {"host": self.host, "port": self.port, **self.options}
        return psycopg.connect(make_conninfo("", **{k: v for k, v in params.items() if v}), autocommit=True)


@dataclass(frozen=True)
class Tools:
    """The pg_dump and pg_restore to use, and their major version."""

    bindir: Path
    major: int

    @property
    def pg_dump(self) -> str:
        return str(self.bindir / "pg_dump")

    @property
    def pg_restore(self) -> str:
        return str(self.bindir / "pg_restore")


def _major(pg_dump: Path) -> int | None:
    try:
        out = subprocess.run([str(pg_dump), "--version"], capture_output=True, text=True, timeout=30).stdout
    except OSError:
        return None
    match = re.search(r"\)\s+(\d+)", out)
    return int(match.group(1)) if match else None


def tools_find(*, server_major: int) -> Tools:
    """The newest pg_dump/pg_restore installed (Debian's /usr/lib/postgresql/*/bin, then PATH),
    as portal/ops/embedded_pg.sh finds the server. pg_dump refuses a server newer than itself."""
    dirs = [Path(d) for d in glob.glob("/usr/lib/postgresql/*/bin")]
    on_path = shutil.which("pg_dump")
    if on_path:
        dirs.append(Path(on_path).resolve().parent)
    found = []
    for bindir in dict.fromkeys(dirs):
        if (bindir / "pg_restore").exists() and (major := _major(bindir / "pg_dump")) is not None:
            found.append(Tools(bindir=bindir, major=major))
    if not found:
        raise BackupError("pg_dump and pg_restore not found: install postgresql-client")
    newest = max(found, key=lambda tools: tools.major)
    if newest.major < server_major:
        raise BackupError(
            f"the server runs PostgreSQL {server_major} but the newest pg_dump here is {newest.major} "
            f"({newest.bindir}): install postgresql-client-{server_major} or newer"
        )
    return newest


def server_major(database: Database) -> int:
    """The server's major version; a BackupError naming the database when it cannot be reached."""
    try:
        with database.connect() as conn:
            return int(_value(conn.execute("SHOW server_version_num"))) // 10_000
    except psycopg.OperationalError as exc:
        raise BackupError(f"cannot connect to {database.label}: {exc}") from None


# --- backup ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BackupPlan:
    """A backup about to be made: of which database, with which pg_dump, to which file."""

    database: Database
    tools: Tools
    path: Path  # the final name; the dump is written beside it under a hidden temporary name

    @property
    def argv(self) -> list[str]:
        # Custom format: compressed, and pg_restore can restore it selectively and in parallel.
        return [self.tools.pg_dump, "--format=custom", "--no-password"]


def backup_plan(*, database: Database, directory: Path, moment: dt.datetime | None = None) -> BackupPlan:
    """What a backup would do: the tools, and the file named after ``moment`` in UTC
    (``archive-YYYYmmdd-HHMMSS.dump``, by default now)."""
    moment = (moment or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
    tools = tools_find(server_major=server_major(database))
    path = Path(directory) / f"archive-{moment:%Y%m%d-%H%M%S}.dump"
    return BackupPlan(database=database, tools=tools, path=path)


def backup_create(*, plan: BackupPlan) -> Path:
    """Dump the database; returns the file's path (``plan.path``, or a ``-2``… variant when that
    name is taken). Nothing is left under a ``.dump`` name unless the dump completed."""
    directory = plan.path.parent
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    partial = directory / f".{plan.path.name}.partial-{os.getpid()}"
    # 0600 from the first byte: the dump holds users' password hashes.
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as out:
            result = subprocess.run(
                plan.argv, stdout=out, stderr=subprocess.PIPE, env=plan.database.environ(), text=False
            )
            if result.returncode != 0:
                message = result.stderr.decode(errors="replace").strip()
                raise BackupError(f"pg_dump failed (exit {result.returncode}): {message}")
            out.flush()
            os.fsync(out.fileno())
        path = _publish(partial, plan.path)
    finally:
        partial.unlink(missing_ok=True)
    _fsync_directory(directory)
    return path


def _publish(partial: Path, wanted: Path) -> Path:
    # A hard link never replaces an existing file (two backups in one second keep both).
    for number in itertools.count(1):
        path = wanted if number == 1 else wanted.with_name(f"{wanted.stem}-{number}{wanted.suffix}")
        try:
            os.link(partial, path)
            return path
        except FileExistsError:
            continue
        except OSError:  # a filesystem without hard links
            if path.exists():
                continue
            os.replace(partial, path)
            return path
    raise AssertionError("unreachable")


def _fsync_directory(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


# --- restore --------------------------------------------------------------------------------------


def dump_check(path: Path) -> None:
    """A BackupError unless ``path`` is a custom-format dump (checked before anything is touched)."""
    if not path.is_file():
        raise BackupError(f"no such backup file: {path}")
    with path.open("rb") as f:
        if f.read(5) != b"PGDMP":
            raise BackupError(f"{path} is not a pg_dump custom-format file (made by `manage.py backup`)")


def dump_tables(*, path: Path, tools: Tools) -> frozenset[str]:
    """The tables of schema public in a custom-format dump."""
    dump_check(path)
    result = subprocess.run([tools.pg_restore, "--list", str(path)], capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"pg_restore cannot read {path}: {result.stderr.strip()}")
    return frozenset(re.findall(r"^\d+; \d+ \d+ TABLE public (\S+) ", result.stdout, flags=re.MULTILINE))


def database_exists(database: Database) -> bool:
    """Whether the database exists, asked of the maintenance database when it cannot be reached."""
    try:
        with database.connect():
            return True
    except psycopg.OperationalError as exc:
        refused = exc
    for maintenance in ("postgres", "template1"):
        try:
            with database.connect(name=maintenance) as conn:
                query = "SELECT 1 FROM pg_database WHERE datname = %s"
                return conn.execute(query, [database.name]).fetchone() is not None
        except psycopg.OperationalError:
            continue
    raise BackupError(f"cannot connect to {database.label}: {refused}")


def database_create(database: Database) -> None:
    """CREATE DATABASE from template0 (nothing from template1 gets in the way), in UTF-8."""
    statement = sql.SQL("CREATE DATABASE {} TEMPLATE template0 ENCODING 'UTF8'").format(
        sql.Identifier(database.name)
    )
    try:
        with database.connect(name="postgres") as conn:
            conn.execute(statement)
    except psycopg.Error as exc:
        raise BackupError(f"cannot create the database {database.label}: {exc}") from None


def restore_check(*, database: Database, tables: frozenset[str]) -> bool:
    """Refuse (BackupError) a database that is not empty; True when it holds the empty schema
    `migrate` makes, which the restore replaces.

    Empty: no tables at all, or only empty tables (`migrate`'s bookkeeping rows aside) that the
    dump has too — `make restore` migrates before it restores. Anything else may be someone's data.
    """
    with database.connect() as conn:
        present = [
            row[0] for row in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        ]
        holding = [
            name
            for name in sorted(set(present) - BOOKKEEPING_TABLES)
            if _value(conn.execute(sql.SQL("SELECT EXISTS (SELECT FROM {})").format(sql.Identifier(name))))
        ]
    how = (
        "restore into a new database instead: manage.py restore PATH --create --database-url "
        "postgres://USER@HOST/NEWNAME (or createdb -T template0 NEWNAME, then "
        "DATABASE_URL=postgres://USER@HOST/NEWNAME make restore BACKUP=PATH)"
    )
    if holding:
        shown = ", ".join(holding[:5]) + (f" and {len(holding) - 5} more" if len(holding) > 5 else "")
        raise BackupError(
            f"{database.label} is not empty, nothing restored: {len(holding)} tables hold rows ({shown}); {how}"
        )
    unknown = sorted(set(present) - tables)
    if unknown:
        raise BackupError(
            f"{database.label} has tables the backup does not ({', '.join(unknown[:5])}), its schema is "
            f"newer than the backup's; nothing restored; {how}"
        )
    return bool(present)


def backup_restore(*, path: Path, database: Database, tools: Tools, replace_schema: bool) -> None:
    """pg_restore in one transaction: on any error nothing is left behind. ``replace_schema``:
    drop the empty tables `migrate` made first (in the same transaction)."""
    argv = [
        tools.pg_restore,
        "--no-owner",  # objects belong to whoever restores: the roles of the old server may not exist
        "--no-acl",  # likewise their grants
        "--exit-on-error",
        "--single-transaction",
        "--no-password",
        f"--dbname={database.name}",
    ]
    if replace_schema:
        argv += ["--clean", "--if-exists"]
    result = subprocess.run([*argv, str(path)], capture_output=True, text=True, env=database.environ())
    if result.returncode != 0:
        raise BackupError(f"pg_restore failed, nothing was restored: {result.stderr.strip()}")
    with database.connect() as conn:
        conn.execute("ANALYZE")  # pg_restore leaves no planner statistics; searches need them at once


def _count(conn: psycopg.Connection, table: str) -> int:
    return int(_value(conn.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table)))))


def _value(cursor: psycopg.Cursor[Any]) -> Any:
    """The single value of a query that always returns one row (SHOW, count, EXISTS)."""
    row = cursor.fetchone()
    assert row is not None
    return row[0]


def database_counts(database: Database) -> dict[str, int]:
    """What the archive holds: the numbers a restore is checked by."""
    counted = {
        "articles": "articles_article",
        "sources": "articles_source",
        "entities": "policy_entity",
        "users": "auth_user",
    }
    with database.connect() as conn:
        counts = {label: _count(conn, table) for label, table in counted.items()}
        history = conn.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename LIKE %s",
            ["%\\_historical%"],
        ).fetchall()
        counts["history rows"] = sum(_count(conn, name) for (name,) in history)
    return counts


def search_index_rebuild(*, database: Database) -> str:
    """Rebuild the database's search index: `search_index --rebuild` in a process configured with
    that database as DATABASE_URL, so the index lands in that database's directory
    (``SEARCH_INDEX_DIR/<name>``) whichever database this process was configured with. Replicas
    are left out: they may lag behind the restore. Returns the command's output."""
    environ = {k: v for k, v in os.environ.items() if k != "DATABASE_REPLICA_URLS"}
    environ |= {"DATABASE_URL": database.url(), "DJANGO_SETTINGS_MODULE": settings.SETTINGS_MODULE}
    result = subprocess.run(
        [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), "search_index", "--rebuild"],
        capture_output=True,
        text=True,
        env=environ,
        cwd=settings.BASE_DIR,
    )
    if result.returncode != 0:
        raise BackupError(
            "the database was restored but its search index was not rebuilt; run "
            f"`manage.py search_index --rebuild` against it: {result.stderr.strip()[-2000:]}"
        )
    return result.stdout.strip()
