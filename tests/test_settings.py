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


def test_prod_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"} | {
        "DJANGO_SETTINGS_MODULE": "portal.settings.prod"
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


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
