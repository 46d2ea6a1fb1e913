"""Settings: production passes Django's deployment checks; the environment is read in one place."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from portal.settings.base import database_from_env

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def test_prod_settings_pass_check_deploy():
    env = os.environ | {
        "DJANGO_SETTINGS_MODULE": "portal.settings.prod",
        "SECRET_KEY": "x" * 20 + "a-long-random-production-secret-key-0123456789",
        "ALLOWED_HOSTS": "archive.example.org",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def _prod_secret_key(key_file) -> str:
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"} | {
        "DJANGO_SETTINGS_MODULE": "portal.settings.prod",
        "SECRET_KEY_FILE": str(key_file),
    }
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; print(settings.SECRET_KEY)",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_prod_without_a_secret_key_generates_one_once_and_keeps_it(tmp_path):
    key_file = tmp_path / "var" / "secret_key"
    first = _prod_secret_key(key_file)
    assert len(first) >= 50 and first == key_file.read_text().strip()
    assert key_file.stat().st_mode & 0o777 == 0o600
    # The next start (another worker, a restart) signs with the same key: sessions survive.
    assert _prod_secret_key(key_file) == first
    assert _prod_secret_key(tmp_path / "elsewhere") != first


def test_the_generated_secret_key_is_never_committed():
    ignored = subprocess.run(
        ["git", "check-ignore", "-q", "var/secret_key"], cwd=ROOT, capture_output=True, timeout=30
    )
    assert ignored.returncode == 0


def test_base_settings_are_safe_by_default():
    from portal.settings import base

    assert base.DEBUG is False
    assert base.TIME_ZONE == "Asia/Seoul" and base.LANGUAGE_CODE == "ko"


def test_database_url_or_embedded_cluster(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://user:p%40ss@db.example.org:6543/archive")
    config = database_from_env()
    assert (config["USER"], config["PASSWORD"], config["HOST"], str(config["PORT"]), config["NAME"]) == (
        "user",
        "p@ss",
        "db.example.org",
        "6543",
        "archive",
    )
    monkeypatch.delenv("DATABASE_URL")
    embedded = database_from_env()
    assert embedded["HOST"].endswith(os.path.join("var", "run"))
    monkeypatch.setenv("DATABASE_URL", "mysql://x@y/z")
    with pytest.raises(ValueError, match="postgres"):
        database_from_env()
