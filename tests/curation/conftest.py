"""Users for the curation tests: a superuser, a member of the `curator` group, and helpers."""

from __future__ import annotations

import pytest

from articles.models import Article

from .helpers import curator_group, ingest_jsonl


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("boss", "boss@example.org", "boss-password-1")


@pytest.fixture
def curator(django_user_model):
    user = django_user_model.objects.create_user(
        "curator", "curator@example.org", "curator-password-1", is_staff=True
    )
    user.groups.add(curator_group())
    return user


@pytest.fixture
def curator_client(client, curator):
    client.force_login(curator)
    return client


@pytest.fixture
def admin_client_(client, superuser):
    client.force_login(superuser)
    return client


@pytest.fixture
def review_article() -> Article:
    """A fresh article waiting for review: its file gave no date."""
    article = ingest_jsonl(
        "undated.jsonl",
        title="정부, AI 반도체 지원 확대…하정우 수석 참석",
        body="과학기술정보통신부가 AI 반도체 지원을 늘린다. 하정우 대통령실 AI미래기획수석이 참석했다.\n\n"
        + "업계는 환영했다. " * 20,
        outlet="연합뉴스",
    )
    assert article.status == Article.Status.NEEDS_REVIEW
    return article
