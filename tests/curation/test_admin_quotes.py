"""The quote admin: list, filters, search, correcting a speaker, marking not a quote, adding a
missed quote, the article page's list; what a curator may do."""

from __future__ import annotations

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from articles.models import Article, Quote
from policy.models import Entity

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/articles/quote/"
LEE_TITLE = '이준석 "배경훈 과기정통부 장관 지명 축하…구조는 따져야"'


def change_data(quote: Quote, **changes) -> dict:
    data = {
        "text": quote.text,
        "start": quote.start,
        "kind": quote.kind,
        "speaker": quote.speaker,
        "role": quote.role,
        "speaker_kind": quote.speaker_kind,
        "speaker_entity": quote.speaker_entity_id or "",
        "verb": quote.verb,
    }
    if quote.anonymous:
        data["anonymous"] = "on"
    data.update(changes)
    return data


def test_the_list_filters_and_searches(admin_client_):
    response = admin_client_.get(CHANGELIST, {"q": "관계자", "anonymous__exact": "1"})
    assert response.status_code == 200
    shown = response.context["cl"].result_list
    assert shown and all(q.anonymous for q in shown)
    assert (
        admin_client_.get(CHANGELIST, {"origin__exact": "auto", "kind__exact": "indirect"}).status_code == 200
    )


def test_correcting_a_speaker_makes_the_quote_curated_with_its_history(admin_client_, superuser):
    quote = Quote.objects.filter(article__title=LEE_TITLE, kind=Quote.Kind.DIRECT).order_by("start").first()
    page = admin_client_.get(reverse("admin:articles_quote_change", args=[quote.pk])).content.decode()
    assert "<mark>" in page and quote.text in page  # the quote in its place in the body
    lee = Entity.objects.get(name="이준석")
    url = reverse("admin:articles_quote_change", args=[quote.pk])
    response = admin_client_.post(url, change_data(quote, role="개혁신당 당대표", speaker_entity=lee.pk))
    assert response.status_code == 302
    quote.refresh_from_db()
    assert (quote.role, quote.speaker_entity_id, quote.origin) == (
        "개혁신당 당대표",
        lee.pk,
        Quote.Origin.CORRECTED,
    )
    assert quote.history.first().history_user == superuser


def test_adding_a_missed_quote_needs_its_text_in_the_body(admin_client_):
    article = Article.objects.get(title=LEE_TITLE)
    add = reverse("admin:articles_quote_add")
    response = admin_client_.post(
        add, {"article": article.pk, "text": "기사에 없는 말", "kind": "direct", "speaker": "x"}
    )
    assert response.status_code == 200 and "본문에서 찾을 수 없습니다" in response.content.decode()
    sentence = "또 그는 모델이 상향 평준화된 지금 어느 기업의 모델을 국가 AI 전략의 축으로 둘지는 전략적 판단이 필요하다고 말했다."
    response = admin_client_.post(
        add,
        {
            "article": article.pk,
            "text": sentence,
            "kind": "indirect",
            "speaker": "이준석",
            "speaker_kind": "person",
        },
    )
    assert response.status_code == 302
    added = Quote.objects.get(article=article, text=sentence)
    assert added.origin == Quote.Origin.MANUAL and article.body[added.start : added.end] == sentence


def test_marking_not_a_quote_and_restoring(admin_client_):
    quote = Quote.objects.filter(article__title=LEE_TITLE).order_by("start").first()
    data = {"action": "mark_not_quote", ACTION_CHECKBOX_NAME: [quote.pk]}
    assert admin_client_.post(CHANGELIST, data).status_code == 302
    quote.refresh_from_db()
    assert quote.origin == Quote.Origin.REMOVED
    admin_client_.post(CHANGELIST, {"action": "restore_quote", ACTION_CHECKBOX_NAME: [quote.pk]})
    quote.refresh_from_db()
    assert quote.origin == Quote.Origin.CORRECTED


def test_the_article_page_lists_its_quotes(admin_client_):
    article = Article.objects.get(title=LEE_TITLE)
    page = admin_client_.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()
    assert 'name="quotes-TOTAL_FORMS"' in page
    assert reverse("admin:articles_quote_change", args=[article.quotes.first().pk]) in page


def test_a_curator_corrects_and_adds_but_never_deletes(curator_client):
    quote = Quote.objects.filter(article__title=LEE_TITLE).first()
    assert curator_client.get(CHANGELIST).status_code == 200
    assert curator_client.get(reverse("admin:articles_quote_add")).status_code == 200
    url = reverse("admin:articles_quote_change", args=[quote.pk])
    assert curator_client.post(url, change_data(quote, role="바뀐 직함")).status_code == 302
    assert curator_client.get(reverse("admin:articles_quote_delete", args=[quote.pk])).status_code == 403
