"""The admin login throttle (django-axes, counted in PostgreSQL; portal/admin/login.py): five
failures for one username from one address lock that pair, the right password included, while other
usernames and addresses still log in; a success clears the count. Because the count is in the
database, it holds across server processes and restarts, shown here with real gunicorn processes."""

from __future__ import annotations

import http.cookiejar
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from axes.models import AccessAttempt, AccessLog
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import override_settings

from tests.processes import free_port, test_database_url

ROOT = Path(__file__).resolve().parents[3]
PASSWORD = "gate-keeper-pw-1"
LOCKED = "로그인에 여러 번 실패해 잠시 막혔습니다"
LIMIT = settings.AXES_FAILURE_LIMIT
COOL_OFF_MINUTES = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_user("gatekeeper", "g@example.org", PASSWORD, is_staff=True)


def _login(client, password: str, *, username: str = "gatekeeper", address: str = "10.0.0.1", **extra):
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": username, "password": password},
        REMOTE_ADDR=address,
        **extra,
    )


def _fail(client, times: int, **kwargs) -> None:
    for _ in range(times):
        response = _login(client, "wrong", **kwargs)
        assert response.status_code == 200 and LOCKED not in response.content.decode()


@pytest.mark.django_db
def test_five_failures_lock_the_pair_even_for_the_right_password(client, staff, django_user_model):
    _fail(client, LIMIT - 1)
    # The failure that reaches the limit already answers with the lockout page.
    fifth = _login(client, "wrong")
    assert fifth.status_code == 429 and LOCKED in fifth.content.decode()

    refused = _login(client, PASSWORD)
    html = refused.content.decode()
    assert refused.status_code == 429
    assert f"{LOCKED}. {COOL_OFF_MINUTES}분 뒤에 다시 시도하세요." in html
    assert 0 < int(refused["Retry-After"]) <= COOL_OFF_MINUTES * 60
    # It is the admin login page, form and all, for someone else at this address.
    assert 'id="login-form"' in html and 'value="gatekeeper"' in html
    assert "_auth_user_id" not in client.session

    # The lock is for this username from this address only.
    assert _login(client, PASSWORD, address="10.0.0.2").status_code == 302
    client.logout()
    django_user_model.objects.create_user("colleague", "c@example.org", "colleague-pw-1", is_staff=True)
    assert _login(client, "colleague-pw-1", username="colleague").status_code == 302
    client.logout()
    assert _login(client, PASSWORD).status_code == 429


@pytest.mark.django_db
def test_a_success_clears_the_count(client, staff):
    _fail(client, LIMIT - 1)
    assert _login(client, PASSWORD).status_code == 302
    client.logout()
    assert not AccessAttempt.objects.filter(username="gatekeeper").exists()
    # Without the reset, these would make LIMIT - 1 + LIMIT - 1 failures: locked.
    _fail(client, LIMIT - 1)
    assert _login(client, PASSWORD).status_code == 302


@pytest.mark.django_db
def test_the_lock_ends_after_the_cool_off_counted_from_the_last_failure(client, staff):
    _fail(client, LIMIT - 1)
    _login(client, "wrong")
    # Retrying while locked is not counted: it would move the end the page announced.
    assert _login(client, "wrong").status_code == 429
    assert AccessAttempt.objects.get(username="gatekeeper").failures_since_start == LIMIT

    # Ten minutes later (the recorded failure moved back, not the clock) the page says five are left.
    AccessAttempt.objects.filter(username="gatekeeper").update(
        attempt_time=AccessAttempt.objects.get(username="gatekeeper").attempt_time - timedelta(minutes=10)
    )
    assert f"{COOL_OFF_MINUTES - 10}분 뒤에" in _login(client, PASSWORD).content.decode()
    AccessAttempt.objects.filter(username="gatekeeper").update(
        attempt_time=AccessAttempt.objects.get(username="gatekeeper").attempt_time - timedelta(minutes=6)
    )
    assert _login(client, PASSWORD).status_code == 302


@pytest.mark.django_db
def test_the_address_is_the_trusted_one_not_what_the_client_claims(client, staff):
    # No trusted proxy: a forged X-Forwarded-For does not give each attempt a fresh count.
    for forged in range(LIMIT):
        _login(client, "wrong", HTTP_X_FORWARDED_FOR=f"192.0.2.{forged}")
    assert _login(client, PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.99").status_code == 429
    # Behind one trusted proxy the client is the address the proxy appended, not the proxy itself.
    with override_settings(TRUSTED_PROXY_COUNT=1):
        _fail(client, LIMIT - 1, address="10.9.9.9", HTTP_X_FORWARDED_FOR="198.51.100.7")
        assert (
            _login(client, "wrong", address="10.9.9.9", HTTP_X_FORWARDED_FOR="198.51.100.7").status_code
            == 429
        )
        ok = _login(client, PASSWORD, address="10.9.9.9", HTTP_X_FORWARDED_FOR="198.51.100.8")
        assert ok.status_code == 302
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"10.0.0.1", "198.51.100.7"}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("proxies", "remote", "forwarded"),
    [
        (0, "", None),  # a unix socket with no proxy: no peer address at all
        (1, "10.0.0.5", "not-an-address"),  # a proxy count set higher than the real one
    ],
)
def test_a_request_without_a_usable_address_is_throttled_not_an_error(
    client, staff, proxies, remote, forwarded
):
    extra = {"address": remote} | ({"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {})
    with override_settings(TRUSTED_PROXY_COUNT=proxies):
        _fail(client, LIMIT - 1, **extra)
        assert _login(client, "wrong", **extra).status_code == 429
        assert _login(client, PASSWORD, **extra).status_code == 429
        # All such requests share one count per username (fail closed); a real address has its own.
        assert _login(client, PASSWORD, address="10.0.0.6").status_code == 302
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == [None]


# --- Across processes and restarts ---------------------------------------------------------------


@pytest.fixture
def committed(request, django_db_blocker):
    """Database access outside a test transaction, so the servers see the user and the test sees
    their counts. What the test commits it deletes itself: a flush, as ``transaction=True`` does,
    would also empty the demo archive the other tests share.

    pytest-django creates the test database only if a selected test carries the ``django_db`` mark,
    which would also wrap this test in a transaction the servers cannot see into. So the mark is
    added here, after pytest-django looked for it (autouse fixtures come first) and before the
    database is set up: selected alone (``-k``), the test still gets the test database, never the
    development one.
    """
    request.node.add_marker(pytest.mark.django_db)
    request.getfixturevalue("django_db_setup")
    with django_db_blocker.unblock():
        assert connection.settings_dict["NAME"] == settings.DATABASES["default"]["TEST"]["NAME"]
        yield


class Server:
    """One gunicorn process on the test database, with its own cookies, as one browser would have."""

    def __init__(self, log_dir: Path, name: str) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = log_dir / f"{name}.log"
        env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DATABASE_REPLICA_URLS"}}
        env |= {
            "DJANGO_SETTINGS_MODULE": "portal.settings.test",
            "DATABASE_URL": test_database_url(),
            "SECRET_KEY": "test-only-not-secret",
        }
        with self.log.open("wb") as out:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "portal.wsgi:application", "-b", f"127.0.0.1:{self.port}",
                 "--workers", "1", "--timeout", "60"],
                cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
            )  # fmt: skip
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), _NoRedirect
        )

    def wait_until_ready(self, seconds: float = 60) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            assert self.process.poll() is None, f"the server exited:\n{self.log.read_text()[-3000:]}"
            try:
                if self._open(f"{self.base}/admin/login/")[0] == 200:
                    return
            except OSError:
                time.sleep(0.2)
        raise AssertionError(f"the server did not answer in {seconds}s:\n{self.log.read_text()[-3000:]}")

    def _open(self, url: str, data: bytes | None = None) -> tuple[int, str]:
        try:
            with self.opener.open(url, data=data, timeout=30) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:  # 4xx and 5xx answers, the lockout's 429 among them
            return error.code, error.read().decode()

    def login(self, username: str, password: str) -> tuple[int, str]:
        """What a browser does: fetch the form (and the CSRF cookie), post it back."""
        status, page = self._open(f"{self.base}/admin/login/?next=/admin/")
        assert status == 200, page[-2000:]
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        form = {"csrfmiddlewaretoken": token, "username": username, "password": password, "next": "/admin/"}
        return self._open(f"{self.base}/admin/login/?next=/admin/", urllib.parse.urlencode(form).encode())

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=20)

    def session_keys(self) -> list[str]:
        return [cookie.value for cookie in self.cookies if cookie.name == settings.SESSION_COOKIE_NAME]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    # A successful login is its 302, not the admin index it points to.
    def redirect_request(self, *args, **kwargs):
        return None


def test_the_count_is_shared_by_processes_and_survives_a_restart(committed, tmp_path):
    # Not the django_user_model fixture: it asks for `db`, whose transaction the servers cannot see.
    username = f"gate-{uuid.uuid4().hex[:8]}"
    user = get_user_model().objects.create_user(username, "x@example.org", PASSWORD, is_staff=True)
    servers: list[Server] = []
    try:
        a, b = Server(tmp_path, "a"), Server(tmp_path, "b")
        servers += [a, b]
        a.wait_until_ready()
        b.wait_until_ready()
        # Alternating: a per-process count would be about half the limit on each, under it.
        for number, server in enumerate(([a, b] * LIMIT)[:LIMIT], start=1):
            status, page = server.login(username, "wrong")
            if number < LIMIT:
                assert status == 200 and LOCKED not in page, page[-2000:]
        assert status == 429 and LOCKED in page
        # The right password on the other process, which saw fewer failures itself: refused.
        status, page = b.login(username, PASSWORD)
        assert status == 429 and LOCKED in page

        a.stop()
        b.stop()
        c = Server(tmp_path, "c")
        servers.append(c)
        c.wait_until_ready()
        status, page = c.login(username, PASSWORD)
        assert status == 429 and LOCKED in page

        # The control: once the cool-off has passed, the same process lets the same login in.
        AccessAttempt.objects.filter(username=username).update(
            attempt_time=AccessAttempt.objects.get(username=username).attempt_time
            - settings.AXES_COOLOFF_TIME
        )
        status, page = c.login(username, PASSWORD)
        assert status == 302, page[-2000:]
    finally:
        for server in servers:
            server.stop()
        Session.objects.filter(session_key__in=[key for s in servers for key in s.session_keys()]).delete()
        AccessAttempt.objects.filter(username=username).delete()
        AccessLog.objects.filter(username=username).delete()
        user.delete()
