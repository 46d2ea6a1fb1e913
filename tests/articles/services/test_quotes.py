"""Quotes in the archive: extracted at ingest, linked to entities, kept through re-extraction,
re-ingest and body edits when a curator decided on them; the backfill command.

The test database holds the demo archive (fixtures/seeds, ingested for real: parsed, Kiwi,
tagged), so its quotes were extracted by the ingest itself.
"""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command

from articles.models import Article, Quote
from articles.services.curation import CurationError, article_update
from articles.services.ingest import source_ingest
from articles.services.quotes import (
    names_load,
    quote_add,
    quote_correct,
    quotes_refresh,
    quotes_remove,
    speaker_link,
)
from policy.models import Entity
from tests import factories

pytestmark = pytest.mark.django_db

# seed 001 (아주경제): 배경훈 LG AI연구원장 at a 국회 공청회, quoted nine times.
BAE = '배경훈 LG AI연구원장 "AI 생태계, 수직계열화 시급"'
# seed 000 #1 (ZDNet): the 업계 관계자 quotes at its end.
INDUSTRY = "[유미's 픽] 삼성·SKT도 등판?…李 정부 '국가대표 AI' 선발전, 판 커질까"
# seed 000 #3 (ZDNet): 이준석 on 배경훈's nomination; the text of a story ingested again below.
LEE_TITLE = '이준석 "배경훈 과기정통부 장관 지명 축하…구조는 따져야"'


def article(title: str) -> Article:
    return Article.objects.get(title=title)


def test_ingest_stores_quotes_with_offsets_into_the_stored_body_and_links_speakers():
    a = article(BAE)
    quotes = list(a.quotes.order_by("start"))
    assert len([q for q in quotes if q.kind == Quote.Kind.DIRECT]) >= 9
    assert all(a.body[q.start : q.end] == q.text for q in quotes)
    bae = Entity.objects.get(name="배경훈")
    assert {q.speaker_entity_id for q in quotes if q.kind == Quote.Kind.DIRECT} == {bae.pk}
    assert {q.origin for q in quotes} == {Quote.Origin.AUTO}
    assert Quote.history.filter(id=quotes[0].pk, history_type="+").exists()


def test_anonymous_sources_are_flagged_with_their_role_and_never_linked():
    industry = article(INDUSTRY).quotes.filter(kind=Quote.Kind.DIRECT)
    assert industry.exists()
    assert all(q.anonymous and q.speaker_entity_id is None and "관계자" in q.role for q in industry)


def test_organisations_link_through_their_aliases():
    ministry = Quote.objects.filter(speaker="과기정통부", speaker_kind=Quote.SpeakerKind.ORGANISATION)
    assert ministry.exists()
    assert {q.speaker_entity.name for q in ministry} == {"과학기술정보통신부"}


def test_an_alias_that_needs_context_links_only_in_an_article_about_that_person():
    names = names_load()
    lee = Entity.objects.get(name="이홍락")
    assert speaker_link(speaker="이 원장", kind="person", names=names, tagged=frozenset({lee.pk})) == lee.pk
    assert speaker_link(speaker="이 원장", kind="person", names=names, tagged=frozenset()) is None
    # A full name links anywhere; a person's name never links an organisation, nor an anonymous kind.
    bae = Entity.objects.get(name="배경훈")
    assert speaker_link(speaker="배경훈", kind="person", names=names, tagged=frozenset()) == bae.pk
    assert speaker_link(speaker="배경훈", kind="organisation", names=names, tagged=frozenset()) is None
    assert speaker_link(speaker="배경훈", kind="", names=names, tagged=frozenset()) is None


def test_a_curators_correction_survives_re_extraction_and_re_ingest(django_user_model):
    curator = django_user_model.objects.create_user("quote-curator", is_staff=True)
    a = article(LEE_TITLE)
    quote = a.quotes.filter(kind=Quote.Kind.DIRECT).order_by("start").first()
    quote_correct(
        quote=quote, data={"speaker": "이준석 대표", "role": "개혁신당"}, user=curator, reason="표기 통일"
    )
    call_command("quotes_extract", verbosity=0)
    quote.refresh_from_db()
    assert (quote.speaker, quote.role, quote.origin) == ("이준석 대표", "개혁신당", Quote.Origin.CORRECTED)
    same_span = Quote.objects.filter(article=a, start__lt=quote.end, end__gt=quote.start)
    assert list(same_span) == [quote]
    # The same story in another file: linked to the article, which is indexed again; quote kept.
    record = {"title": a.title, "body": a.body, "outlet": a.outlet.name, "url": "https://example.org/lee"}
    report = source_ingest(name="again.jsonl", data=json.dumps(record, ensure_ascii=False).encode())
    assert report.duplicates == 1 and report.new == 0
    quote.refresh_from_db()
    assert quote.speaker == "이준석 대표" and list(same_span) == [quote]
    first = quote.history.order_by("history_date").filter(history_user=curator).first()
    assert first is not None and first.history_change_reason == "표기 통일"


def test_a_quote_marked_as_not_one_is_never_extracted_again():
    a = article(BAE)
    quote = a.quotes.order_by("start").first()
    quotes_remove(quotes=[quote])
    quotes_refresh(articles=[a])
    quote.refresh_from_db()
    assert quote.origin == Quote.Origin.REMOVED
    assert Quote.objects.filter(article=a, start=quote.start).count() == 1
    assert quote not in Quote.objects.active()


def test_a_missed_quote_added_by_hand_replaces_overlapping_automatic_ones_and_stays():
    a = article(LEE_TITLE)
    sentence = "그는 곧 열릴 인사청문회를 통해 산업계 인사 등용의 긍정성과 함께 구조적 위험을 따져봐야 한다고 밝혔다."
    assert sentence in a.body
    added = quote_add(
        article=a, text=sentence, kind=Quote.Kind.INDIRECT, speaker="이준석", role="개혁신당 대표"
    )
    quotes_refresh(articles=[a])
    overlapping = Quote.objects.filter(article=a, start__lt=added.end, end__gt=added.start)
    assert list(overlapping) == [added] and added.origin == Quote.Origin.MANUAL
    with pytest.raises(CurationError, match="찾을 수 없습니다"):
        quote_add(article=a, text="본문에 없는 말이다", speaker="누군가")
    with pytest.raises(CurationError, match="번째 글자부터는"):
        quote_add(article=a, text=sentence, start=0)


def test_a_body_correction_moves_curated_quotes_and_extracts_the_rest_again():
    a = article(BAE)
    corrected = a.quotes.filter(kind=Quote.Kind.DIRECT).order_by("start").first()
    quote_correct(quote=corrected, data={"role": "LG AI연구원장"})
    old_start = corrected.start
    lead = "(편집자 주: 공청회 발언 정리)\n\n"
    article_update(article=a, data={"body": lead + a.body}, reason="머리말 추가")
    corrected.refresh_from_db()
    a.refresh_from_db()
    assert corrected.start == old_start + len(lead)
    assert all(a.body[q.start : q.end] == q.text for q in a.quotes.all())
    assert corrected.history.filter(history_change_reason="본문이 바뀌어 위치를 다시 찾음").exists()


def test_the_command_dry_run_writes_nothing_then_a_run_rebuilds():
    a = article(BAE)
    count = a.quotes.count()
    Quote.objects.filter(article=a).delete()
    out = StringIO()
    call_command("quotes_extract", "--dry-run", f"--ids={a.pk}", stdout=out)
    assert "dry run (nothing written)" in out.getvalue() and f"{count} created" in out.getvalue()
    assert not a.quotes.exists()
    call_command("quotes_extract", f"--ids={a.pk}", stdout=StringIO())
    assert a.quotes.count() == count
    out = StringIO()
    call_command("quotes_extract", "--batch-size=7", verbosity=2, stdout=out)
    assert "0 created, 0 updated, 0 deleted" in out.getvalue()  # nothing changed since ingest
    # Not a terminal: progress is a line a batch at -v 2, ending with every article.
    total = Article.objects.count()
    progress = [line for line in out.getvalue().splitlines() if " articles, " in line]
    assert len(progress) == -(-total // 7) and progress[-1].startswith(f"{total}/{total} articles")


def test_the_command_refuses_bad_arguments():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="--ids"):
        call_command("quotes_extract", "--ids=1,x")
    with pytest.raises(CommandError, match="--batch-size"):
        call_command("quotes_extract", "--batch-size=0")


def test_a_new_entity_links_the_quotes_that_name_it():
    quotes = Quote.objects.filter(speaker="최수연")
    assert quotes.exists() and not quotes.filter(speaker_entity__isnull=False).exists()
    choi = factories.entity(kind=Entity.Kind.PERSON, name="최수연", slug="choi-sooyeon")  # re-tags, re-links
    assert set(quotes.values_list("speaker_entity_id", flat=True)) == {choi.pk}
