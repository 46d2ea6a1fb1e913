"""`make serve`: the production server as a deployer starts it, against the test database.

One server for the module: gunicorn through the real Makefile target, production settings, no
SECRET_KEY in the environment (one is generated into a file), two workers.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.processes import free_port, test_database_url

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")


def _get(url: str, headers: dict | None = None):
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


@pytest.fixture(scope="module")
def served(django_db_setup, django_db_blocker, tmp_path_factory):
    with django_db_blocker.unblock():
        database_url = test_database_url()
    port = free_port()
    key_file = tmp_path_factory.mktemp("serve") / "secret_key"
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DJANGO_SETTINGS_MODULE"}} | {
        "DATABASE_URL": database_url,
        "PORT": str(port),
        "WEB_CONCURRENCY": "2",
        "SECRET_KEY_FILE": str(key_file),
    }
    process = subprocess.Popen(
        ["make", "--no-print-directory", "serve"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            if process.poll() is not None:
                pytest.fail(f"make serve exited with {process.returncode}:\n{process.stdout.read()}")
            try:
                with urllib.request.urlopen(base + "/api/articles/?page_size=1", timeout=5):
                    break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.5)
        else:
            pytest.fail("make serve did not answer within 5 minutes")
        yield {"base": base, "key_file": key_file, "pid": process.pid}
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def test_serves_the_archive_with_debug_off(served):
    status, _, body = _get(served["base"] + "/")
    assert status == 200 and "AI 정책 뉴스 아카이브" in body.decode()
    status, _, body = _get(served["base"] + "/no-such-page/")
    # DEBUG's technical 404 page names the URLconf; production's does not.
    assert status == 404 and b"URLconf" not in body and b"Traceback" not in body


def test_sends_a_content_security_policy_without_inline_code(served):
    _, headers, _ = _get(served["base"] + "/search/?q=AI")
    policy = headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "style-src 'self'" in policy
    assert "unsafe-inline" not in policy


def test_static_files_have_hashed_names_and_are_served_compressed(served):
    _, _, body = _get(served["base"] + "/")
    css = re.search(r'href="(/static/css/site\.[0-9a-f]{12}\.css)"', body.decode())
    assert css, "the stylesheet's name carries its hash"
    status, headers, _ = _get(served["base"] + css.group(1), {"Accept-Encoding": "gzip"})
    assert status == 200
    assert headers.get("Content-Encoding") in {"gzip", "br"}
    assert "immutable" in headers.get("Cache-Control", "")


def test_behind_a_tls_proxy_it_sends_hsts_and_secure_cookies(served):
    _, headers, _ = _get(served["base"] + "/admin/login/", {"X-Forwarded-Proto": "https"})
    assert "max-age=" in headers["Strict-Transport-Security"]
    assert "Secure" in headers["Set-Cookie"] and "csrftoken" in headers["Set-Cookie"]


def test_generates_a_secret_key_once_into_a_private_file(served):
    key = served["key_file"].read_text().strip()
    assert len(key) >= 50
    assert served["key_file"].stat().st_mode & 0o777 == 0o600


def test_runs_several_workers(served):
    # make -> gunicorn master -> workers
    children = subprocess.run(
        ["pgrep", "-f", "-s", str(served["pid"]), "gunicorn"], capture_output=True, text=True
    ).stdout.split()
    assert len(children) >= 3  # the master and two workers
