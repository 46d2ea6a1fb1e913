"""Shared plumbing for the benchmark scripts: paths, the bench databases, running manage.py.

The bench talks to the project only through its command line (``manage.py ...``), its HTTP
interface and the embedded PostgreSQL cluster's socket; it never imports project modules, so
moving code around inside the project does not break it.

Databases: each bench database lives in the project's embedded cluster (socket in ``var/run``,
port ``EMBEDDED_PG_PORT`` or 54329) under its own name, e.g. ``archive_bench_10000``. The project
is pointed at it with ``EMBEDDED_PG_DB=<name>`` and ``DATABASE_URL`` unset, the settings'
documented fallback. (``DATABASE_URL=postgres://u@/db?host=/abs/socket`` does not work: the
settings' parser reads only the URL's netloc and ignores the query string.)
"""

from __future__ import annotations

import datetime as dt
import glob
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
PY = str(ROOT / ".venv" / "bin" / "python")
DATA = BENCH / "data"
RESULTS = BENCH / "results"
SOCKET_DIR = str(ROOT / "var" / "run")
PG_PORT = os.environ.get("EMBEDDED_PG_PORT", "54329")
PG_USER = os.environ.get("EMBEDDED_PG_USER", "archive")
# The project's search index directories, one per database (settings.SEARCH_INDEX_DIR).
SEARCH_DIR = Path(os.environ.get("SEARCH_INDEX_DIR", str(ROOT / "var" / "search")))


def pg_bindir() -> str:
    """Directory of psql/createdb: PG_BINDIR, else the newest /usr/lib/postgresql/*/bin, else PATH."""
    if os.environ.get("PG_BINDIR"):
        return os.environ["PG_BINDIR"]
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(re.sub(r"\D", "", p) or 0))
    if found:
        return found[-1]
    psql = shutil.which("psql")
    return str(Path(psql).parent) if psql else ""


def psql(sql: str, *, db: str = "postgres", timeout: float = 600) -> str:
    """Run SQL as the cluster's owner over the socket; returns unaligned tuples-only output."""
    cmd = [
        os.path.join(pg_bindir(), "psql"),
        "-h", SOCKET_DIR, "-p", PG_PORT, "-U", PG_USER, "-d", db,
        "-v", "ON_ERROR_STOP=1", "-qtAX", "-c", sql,
    ]  # fmt: skip
    return subprocess.run(cmd, check=True, capture_output=True, text=True, timeout=timeout).stdout.strip()


def ensure_cluster() -> None:
    """Start the embedded cluster (idempotent) unless its socket already answers."""
    if not Path(SOCKET_DIR, f".s.PGSQL.{PG_PORT}").exists():
        subprocess.run([str(ROOT / "portal" / "ops" / "embedded_pg.sh"), "start"], check=True, timeout=120)


def recreate_db(name: str) -> None:
    """Drop (if present) and create an empty database for the bench."""
    if not re.fullmatch(r"archive_bench[a-z0-9_]*", name):
        raise ValueError(f"refusing to recreate {name!r}: bench databases are named archive_bench*")
    ensure_cluster()
    psql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    psql(f'CREATE DATABASE "{name}"')
    shutil.rmtree(SEARCH_DIR / name, ignore_errors=True)  # the old database's index


def clone_db(template: str, name: str) -> None:
    """``name`` as a copy of bench database ``template`` (no one may be connected to it), with a copy
    of its search index directory: an archive to write into and throw away."""
    if not re.fullmatch(r"archive_bench[a-z0-9_]*", name):
        raise ValueError(f"refusing to recreate {name!r}: bench databases are named archive_bench*")
    ensure_cluster()
    psql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    psql(f'CREATE DATABASE "{name}" TEMPLATE "{template}"', timeout=3600)
    target = SEARCH_DIR / name
    shutil.rmtree(target, ignore_errors=True)
    if (SEARCH_DIR / template).exists():
        shutil.copytree(SEARCH_DIR / template, target)


def db_exists(name: str) -> bool:
    return bool(psql(f"SELECT 1 FROM pg_database WHERE datname = '{name}'"))


def project_env(db: str, *, settings: str = "portal.settings.dev", **extra: str) -> dict[str, str]:
    """Environment that points manage.py / gunicorn at bench database ``db``."""
    env = dict(os.environ)
    env.pop("DATABASE_URL", None)
    env.update(
        EMBEDDED_PG_DB=db,
        EMBEDDED_PG_PORT=PG_PORT,
        EMBEDDED_PG_USER=PG_USER,
        DJANGO_SETTINGS_MODULE=settings,
        PYTHONUNBUFFERED="1",
    )
    env.update(extra)
    return env


def manage(*args: str, db: str, timeout: float = 3600, check: bool = True, quiet: bool = False, **kw):
    """Run ``manage.py <args>`` against bench database ``db``; returns the CompletedProcess."""
    out = subprocess.DEVNULL if quiet else None
    return subprocess.run(
        [PY, "manage.py", *args], cwd=ROOT, env=project_env(db, **kw), check=check, timeout=timeout,
        stdout=out,
    )  # fmt: skip


def article_count(db: str) -> int:
    """Rows in the project's article table (the table name is Django's default for articles.Article)."""
    return int(psql("SELECT count(*) FROM articles_article", db=db) or 0)


def _cmd(*cmd: str) -> str:
    try:
        return subprocess.run(cmd, capture_output=True, text=True, timeout=30).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


def cpu_model(default: str = "") -> str:
    """The processor's model name from /proc/cpuinfo (``default`` where there is none)."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return default


def machine_facts() -> dict:
    """nproc, CPU model, memory, kernel, Python, PostgreSQL and kiwipiepy versions, date."""
    cpu = cpu_model()
    mem_kb = 0
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem_kb = int(line.split()[1])
    except OSError:
        pass
    try:
        pg = psql("SHOW server_version")
    except Exception:
        pg = ""
    kiwi = _cmd(
        PY,
        "-c",
        "import kiwipiepy, importlib.metadata as m; print(kiwipiepy.__version__, m.version('kiwipiepy_model'))",
    )
    return {
        "date": dt.datetime.now(dt.UTC).astimezone().isoformat(timespec="seconds"),
        "nproc": os.cpu_count(),
        "cpu_model": cpu,
        "mem_total_gib": round(mem_kb / 1024 / 1024, 1),
        "kernel": platform.release(),
        "python": _cmd(PY, "-c", "import sys; print(sys.version.split()[0])") or sys.version.split()[0],
        "postgresql": pg,
        "kiwipiepy": kiwi.split()[0] if kiwi else "",
        "kiwipiepy_model": kiwi.split()[1] if len(kiwi.split()) > 1 else "",
        "gunicorn": _cmd(str(ROOT / ".venv" / "bin" / "gunicorn"), "--version"),
    }


def write_json(path: Path, data) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    tmp.replace(path)


def percentile(values: list[float], p: float) -> float | None:
    """Nearest-rank percentile (p in 0..100) of a list; None when empty."""
    if not values:
        return None
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[k]


class Timer:
    def __enter__(self):
        self.start = time.perf_counter()
        return self

    def __exit__(self, *exc):
        self.seconds = time.perf_counter() - self.start
