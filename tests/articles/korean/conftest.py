"""Fixtures for the articles.korean tests, which run with the real Kiwi.

Run without Django: ``.venv/bin/pytest -p no:django tests/articles/korean -q``. The Kiwi is built
once for the package (a second, dictionary-free one for the comparisons) to keep the suite fast.
"""

from __future__ import annotations

import pytest

from articles import korean
from tests.articles.korean.support import TERMS


@pytest.fixture(scope="package", autouse=True)
def dictionary():
    """The process-wide analyser with the test dictionary, built once for the package."""
    previous = korean.user_terms()
    korean.set_user_terms(TERMS)
    korean.lexemes("")  # build now, not inside the first test's timing
    yield
    korean.set_user_terms(previous)


@pytest.fixture(scope="package")
def plain():
    """A second analyser without user words, for with/without comparisons."""
    return korean._Analyser(())
