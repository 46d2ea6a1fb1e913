"""Fixtures for the browser tests: Debian's headless Chromium driven by Playwright against the live server.

Why the data dance: ``live_server`` makes every test transactional, and pytest-django flushes every
table after a transactional test. The demo archive that ``django_db_setup`` loaded once for the whole
session would be gone for the next test, here or in any module that runs later, so each browser test
reloads it when missing and the module puts it back when it is done.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.core.management import call_command

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


def _unavailable(reason: str) -> None:
    # CI must never pass by skipping the browser silently: `make test` installs Chromium there.
    if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
        pytest.fail(f"{reason}; the browser tests must run in CI (make test installs it)", pytrace=False)
    pytest.skip(reason)


def _reload_demo() -> None:
    # The flush emptied the tables but not the search index: rebuild it with the reloaded archive.
    from articles.search.backends import search_backend

    call_command("loaddemo", verbosity=0)
    search_backend().rebuild()


@pytest.fixture(scope="module", autouse=True)
def _async_unsafe_allowed():
    # Playwright's sync API keeps an asyncio loop in this thread; Django would refuse every ORM call
    # made meanwhile (fixtures, assertions) as if it came from async code.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield


@pytest.fixture(scope="module", autouse=True)
def _restore_demo_archive(django_db_blocker):
    # Autouse, so the archive comes back even when a test was skipped after its flush was scheduled.
    yield
    with django_db_blocker.unblock():
        from articles.models import Article

        if not Article.objects.exists():
            _reload_demo()


@pytest.fixture
def demo_archive(_restore_demo_archive, transactional_db):
    """The demo archive, loaded again if an earlier transactional test flushed it."""
    from articles.models import Article

    if not Article.objects.exists():
        _reload_demo()


@pytest.fixture(scope="module")
def chromium(_async_unsafe_allowed):
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("playwright is not installed (pip install -e '.[dev]')")
    if not os.access(CHROMIUM, os.X_OK):
        _unavailable(f"Chromium not found at {CHROMIUM} (apt-get install chromium fonts-nanum)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium, live_server, demo_archive):
    """A fresh desktop page (Korean locale) on the live server; ``page.base`` is its root URL."""
    context = chromium.new_context(locale="ko-KR", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    tab = context.new_page()
    tab.base = live_server.url
    yield tab
    context.close()


@pytest.fixture
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
