"""The embedded PostgreSQL (portal/ops/embedded_pg.sh) comes back after its server was killed hard.

Each test runs a throwaway cluster (EMBEDDED_PG_DIR in /tmp, its own port), never the checkout's,
and kills its postmaster with SIGKILL: then `start` must clean up and PostgreSQL recover by itself.
"""

from __future__ import annotations

import glob
import os
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.processes import free_port

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "portal" / "ops" / "embedded_pg.sh"
ROWS = 1000


def _bindir() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda d: int(Path(d).parent.name))
    if found:
        return Path(found[-1])
    pg_ctl = shutil.which("pg_ctl")
    return Path(pg_ctl).parent if pg_ctl else None


def _alive(pid: int) -> bool:
    """Running, not a zombie waiting to be reaped."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ", 1)[1][0] != "Z"
    except (FileNotFoundError, ProcessLookupError):
        return False


def _wait_until(condition, *, seconds: float = 30.0) -> None:
    """Polls a condition the test then asserts on; the wait itself measures nothing."""
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.05)


@dataclass
class Cluster:
    root: Path
    port: int
    bindir: Path

    @property
    def data(self) -> Path:
        return self.root / "pg"

    def script(self, command: str) -> subprocess.CompletedProcess:
        environ = os.environ | {"EMBEDDED_PG_DIR": str(self.root), "EMBEDDED_PG_PORT": str(self.port)}
        return subprocess.run(
            ["bash", str(SCRIPT), command], env=environ, capture_output=True, text=True, timeout=600
        )

    def psql_argv(self, sql: str) -> list[str]:
        socket_dir = str(self.root / "run")
        login = ["-h", socket_dir, "-p", str(self.port), "-U", "archive", "-d", "archive"]
        return [str(self.bindir / "psql"), *login, "-v", "ON_ERROR_STOP=1", "-qtA", "-c", sql]

    def psql(self, sql: str) -> str:
        result = subprocess.run(self.psql_argv(sql), capture_output=True, text=True, timeout=60)
        assert result.returncode == 0, result.stderr
        return result.stdout.strip()

    def postmaster_pid(self) -> int:
        return int((self.data / "postmaster.pid").read_text().splitlines()[0])

    def processes(self) -> set[int]:
        """This cluster's processes: those working in its data directory (the script's own rule)."""
        real = str(self.data.resolve())
        found = set()
        for proc in glob.glob("/proc/[0-9]*"):
            try:
                if os.readlink(f"{proc}/cwd") == real:
                    found.add(int(proc.rsplit("/", 1)[1]))
            except OSError:
                continue
        return found

    def kill_postmaster(self) -> int:
        pid = self.postmaster_pid()
        os.kill(pid, signal.SIGKILL)
        _wait_until(lambda: not _alive(pid))
        assert not _alive(pid)
        return pid


def _owner() -> str | None:
    """The user the script runs PostgreSQL as: postgres when the tests run as root."""
    return "postgres" if os.geteuid() == 0 else None


def _directory() -> Path:
    # Not pytest's tmp_path: it is private to the user running the tests, and as root the script
    # runs PostgreSQL as postgres, which must reach the directory.
    root = Path(tempfile.mkdtemp(prefix="embedded-pg-"))
    root.chmod(0o755)
    return root


def _discard(cluster: Cluster) -> None:
    # An immediate stop: no shutdown checkpoint for data about to be deleted, shared memory freed.
    pg_ctl = [str(cluster.bindir / "pg_ctl"), "-D", str(cluster.data), "-m", "immediate", "-w", "stop"]
    subprocess.run(pg_ctl, user=_owner(), capture_output=True, timeout=120)
    for pid in cluster.processes():  # whatever a failed test left behind, this cluster's only
        os.kill(pid, signal.SIGKILL)
    shutil.rmtree(cluster.root, ignore_errors=True)


@pytest.fixture(scope="module")
def template() -> Iterator[Cluster]:
    """One cluster made by the script (initdb is the slow part), with committed rows, then stopped:
    each test starts a copy."""
    bindir = _bindir()
    if bindir is None or not (bindir / "initdb").exists():
        pytest.skip("PostgreSQL server binaries are not installed")
    made = Cluster(root=_directory(), port=free_port(), bindir=bindir)
    try:
        started = made.script("start")
        assert started.returncode == 0, started.stderr
        # Durable at commit (the cluster's own synchronous_commit=off may lose the last few hundred
        # milliseconds of commits in a crash, by design): these rows must survive every kill.
        made.psql(f"SET synchronous_commit = on; CREATE TABLE kept AS SELECT generate_series(1, {ROWS}) n")
        stopped = made.script("stop")
        assert stopped.returncode == 0, stopped.stderr
        yield made
    finally:
        _discard(made)


@pytest.fixture
def cluster(template) -> Iterator[Cluster]:
    made = Cluster(root=_directory(), port=free_port(), bindir=template.bindir)
    try:
        subprocess.run(["cp", "-a", str(template.data), str(made.data)], check=True)
        started = made.script("start")
        assert started.returncode == 0, started.stderr
        yield made
    finally:
        _discard(made)


def test_a_killed_server_restarts_with_its_committed_rows(cluster):
    killed = cluster.kill_postmaster()

    restarted = cluster.script("start")

    assert restarted.returncode == 0, restarted.stderr
    server = cluster.postmaster_pid()
    assert server != killed
    assert cluster.psql("SELECT count(*) FROM kept") == str(ROWS)
    again = cluster.script("start")
    assert again.returncode == 0, again.stderr
    assert cluster.postmaster_pid() == server, "a second start must leave the running server alone"
    assert "leftover" not in again.stderr


def test_a_backend_left_holding_the_shared_memory_is_stopped(cluster):
    # A backend busy in a query does not notice its postmaster's death (one waiting in pg_sleep
    # would exit at once): while it lives, PostgreSQL refuses to start on the old shared memory.
    busy = (
        "DO $$ DECLARE t timestamptz := clock_timestamp(); "
        "BEGIN WHILE clock_timestamp() < t + interval '120 seconds' LOOP END LOOP; END $$"
    )
    client = subprocess.Popen(cluster.psql_argv(busy), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        find = "SELECT pid FROM pg_stat_activity WHERE state = 'active' AND query LIKE 'DO %'"
        _wait_until(lambda: cluster.psql(find) != "")
        backend = int(cluster.psql(find))
        cluster.kill_postmaster()
        assert _alive(backend), "the busy backend should outlive its postmaster"

        restarted = cluster.script("start")

        assert restarted.returncode == 0, restarted.stderr
        assert "leftover" in restarted.stderr and str(backend) in restarted.stderr
        assert not _alive(backend)
        assert cluster.psql("SELECT count(*) FROM kept") == str(ROWS)
    finally:
        client.kill()
        client.wait()


def test_a_reused_pid_in_the_lock_files_is_not_taken_for_the_server(cluster):
    cluster.kill_postmaster()
    _wait_until(lambda: not cluster.processes())
    # The old postmaster's pid now belongs to an unrelated process of the same user, so pg_ctl and
    # PostgreSQL both take it for a running server.
    stranger = subprocess.Popen(["sleep", "120"], user=_owner())
    try:
        for lock in (cluster.data / "postmaster.pid", cluster.root / "run" / f".s.PGSQL.{cluster.port}.lock"):
            lines = lock.read_text().splitlines()
            lock.write_text("\n".join([str(stranger.pid), *lines[1:]]) + "\n")

        restarted = cluster.script("start")

        assert restarted.returncode == 0, restarted.stderr
        assert cluster.psql("SELECT count(*) FROM kept") == str(ROWS)
        assert cluster.postmaster_pid() != stranger.pid
        assert stranger.poll() is None, "an unrelated process was killed"
    finally:
        stranger.kill()
        stranger.wait()
