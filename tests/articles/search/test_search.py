"""Korean full-text search on the seed articles: query language, morphology, ranking, highlighting."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from django.db import connection
from django.http import QueryDict

from articles.models import Article
from articles.search.params import SearchParamError
from articles.search.query import QuerySyntaxError, parse_query, query_compile
from articles.search.request import search_request_parse
from articles.selectors.search import articles_search
from articles.services.analysis import articles_analyse

pytestmark = pytest.mark.django_db


def search(**params) -> list[Article]:
    query = QueryDict(mutable=True)
    for key, value in params.items():
        query.setlist(key, value if isinstance(value, list) else [value])
    return articles_search(request=search_request_parse(query), facets=False).articles


def titles(**params) -> set[str]:
    return {a.title for a in search(page_size="100", **params)}


def raw_contains(substring: str) -> set[str]:
    """Ground truth by plain substring over the stored text."""
    return {a.title for a in Article.objects.readable() if substring in f"{a.title}\n{a.subtitle}\n{a.body}"}


def test_every_seed_article_has_a_current_vector():
    assert not Article.objects.filter(search_vector__isnull=True).exists()
    assert Article.objects.values("search_version").distinct().count() == 1


@pytest.mark.parametrize("query", ["배경훈", "배경훈이", "배경훈은", "배경훈의", "배경훈을"])
def test_names_with_particles_find_every_article_naming_the_person(query):
    assert titles(q=query) == raw_contains("배경훈")
    assert len(raw_contains("배경훈")) == 14


def test_listed_names_find_articles_about_both():
    both = raw_contains("배경훈") & raw_contains("하정우")
    assert titles(q="배경훈·하정우") == both
    assert "배경훈·하정우 듀오, '국가AI컴퓨팅센터' 성공 이끌까…민간 중심 전환 '신호탄'" in both


def test_verb_endings_do_not_matter():
    found = titles(q="유찰됐다")
    assert found == raw_contains("유찰")
    assert "국가AI컴퓨팅센터 또 유찰…韓 미래 이끌 2.5조 대형 AI 사업 좌초 위기" in found


def test_part_of_a_compound_finds_the_compound():
    found = titles(q="컴퓨팅센터")
    assert found >= raw_contains("국가AI컴퓨팅센터")
    assert found >= raw_contains("국가인공지능(AI)컴퓨팅센터")
    assert found == raw_contains("컴퓨팅센터") | raw_contains("컴퓨팅 센터")


def test_latin_words_ignore_case():
    assert titles(q="exaone") == titles(q="EXAONE") == titles(q="Exaone")
    assert 'LG AI연구원장 "AI 생태계, 수직계열화 시급"' in " ".join(titles(q="exaone"))


def test_a_version_number_is_searchable():
    found = titles(q="엑사원 4.0")
    assert "LG AI연구원 '엑사원 4.0' 개발 중…추론형 AI 역량 강화 시동" in found
    assert found == raw_contains("엑사원 4.0") | (raw_contains("엑사원") & raw_contains("4.0"))


def test_phrase_needs_the_words_in_order():
    phrase = titles(q='"국가 파운데이션 모델"')
    assert phrase == {"[AI는 지금] 정부, '국가 파운데이션 모델' 추진…업계 \"설계는 훌륭, 실행이 관건\""}
    assert titles(q='"모델 파운데이션 국가"') == set()
    assert len(titles(q="국가 파운데이션 모델")) > len(phrase)


def test_or_and_exclusion():
    kakao, upstage = titles(q="카카오"), titles(q="업스테이지")
    assert titles(q="카카오 OR 업스테이지") == kakao | upstage
    assert titles(q="배경훈 -카카오") == titles(q="배경훈") - kakao
    assert titles(q="(카카오 OR 업스테이지) -배경훈") == (kakao | upstage) - titles(q="배경훈")


def test_title_only():
    in_titles = {t for t in titles(q="하정우") if "하정우" in t}
    assert titles(q="title:하정우") == in_titles
    assert len(titles(q="하정우")) > len(in_titles)


def test_relevance_puts_title_hits_first():
    results = search(q="유찰")
    assert "유찰" in results[0].title
    ranks = [a.rank for a in results]
    assert ranks == sorted(ranks, reverse=True)


def test_sorting_by_date():
    newest = search(q="배경훈", sort="newest", page_size="100")
    dates = [a.published_date for a in newest]
    assert dates == sorted(dates, reverse=True)
    oldest = search(q="배경훈", sort="oldest", page_size="100")
    assert [a.published_date for a in oldest] == sorted(dates)
    assert oldest[0].published_date.isoformat() == "2025-02-12"
    assert {a.pk for a in oldest} == {a.pk for a in newest}


def test_without_query_newest_first_by_date_and_time():
    results = search(page_size="100")
    assert len(results) == 32
    assert results[0].title.startswith("국가대표AI 정예팀")  # 2025-09-09
    keys = [(a.published_date, a.published_time or __import__("datetime").time.max) for a in results]
    assert [k[0] for k in keys] == sorted((k[0] for k in keys), reverse=True)


def test_pagination():
    everything = [a.pk for a in search(q="AI", sort="newest", page_size="100")]
    pages = [a.pk for p in range(1, 5) for a in search(q="AI", sort="newest", page_size="10", page=str(p))]
    assert pages == everything[:40]
    assert search(q="AI", page="999") == []


def test_boilerplate_only_words_find_nothing():
    # Headlines of the "관련자료" lists and "지금 뜨는 기사" blocks, footer and comment widgets.
    for word in ["뱅크샷", "베라 루빈", "다공성", "홈플러스", "스카이워터", "메가뉴스", "신고사유", "컴패션"]:
        assert titles(q=word) == set(), word


def test_highlight_marks_morphemes_and_escapes_everything_else():
    article = Article.objects.get(title="배경훈 장관 후보자의 우선 과제는")
    article.body = "<script>alert('x')</script> 배경훈이 말했다. " + article.body
    article.save()
    articles_analyse(ids=[article.pk])
    result = next(a for a in search(q="배경훈이") if a.pk == article.pk)
    assert "<script>" not in result.snippet
    assert "&lt;script&gt;" in result.snippet
    assert "<mark>배경훈</mark>이" in result.snippet


def test_snippet_centres_on_a_match_deep_in_the_body():
    article = search(q="알파폴드")[0]
    assert "<mark>알파폴드</mark>" in article.snippet
    assert len(article.snippet) < 400


def test_plain_simple_tsvector_misses_what_kiwi_finds():
    """PostgreSQL's own 'simple' parsing keeps particles and endings glued to words."""
    missed = {}
    with connection.cursor() as cursor:
        for word in ["유찰", "컴퓨팅센터", "엑사원", "개발"]:
            cursor.execute(
                "SELECT count(*) FROM articles_article "
                "WHERE to_tsvector('simple', title || ' ' || body) @@ plainto_tsquery('simple', %s)",
                [word],
            )
            naive = cursor.fetchone()[0]
            kiwi = len(titles(q=word))
            assert naive <= kiwi, word
            missed[word] = kiwi - naive
    # 유찰되며/유찰된, 국가AI컴퓨팅센터, '엑사원'을, 개발했다: the naive index misses them all.
    assert all(missed.values()), missed


@pytest.mark.parametrize(
    "query, message",
    [
        ('"배경훈', "따옴표"),
        ("배경훈 -", "-"),
        ("-", "-"),
        ("(배경훈", "괄호"),
        ("배경훈)", "괄호"),
        ("OR 배경훈", "OR"),
        ("배경훈 OR", "OR"),
        ("-카카오", "제외어"),
        ("title:", "title:"),
        ('""', "따옴표"),
        ("그리고 및", "낱말"),
        ("   ", "비어"),
    ],
)
def test_malformed_or_empty_queries_raise_a_readable_error(query, message):
    with pytest.raises(QuerySyntaxError) as excinfo:
        query_compile(query)
    assert message in str(excinfo.value)
    if query.strip():
        with pytest.raises(SearchParamError) as excinfo:
            search_request_parse(QueryDict(urlencode({"q": query})))
        assert excinfo.value.param == "q"


def test_parser_keeps_hyphenated_words_whole():
    tree = parse_query("K-AI -카카오")
    assert tree.children[0].text == "K-AI"
    assert titles(q="K-AI") >= raw_contains("K-AI")


def test_the_start_of_a_name_finds_the_name():
    # 하이퍼클로바X is a dictionary term, indexed as one lexeme: typing its start still finds it.
    assert titles(q="하이퍼클로바") == raw_contains("하이퍼클로바") != set()
    assert titles(q="국가AI컴퓨팅") >= titles(q="국가AI컴퓨팅센터")


def test_short_words_are_not_completed():
    # "AI" starts dozens of names; completing it would change what the commonest word means.
    from articles import korean

    assert korean.query_groups("AI")[0].alternatives == ()


def test_photo_captions_are_searchable():
    from tests import factories

    article = factories.article(
        title="데이터센터 착공식",
        body="정부가 새 데이터센터를 착공했다.\n\n[사진] 착공식에서 삽을 뜨는 참석자들. 세종시 제공\n\n"
        + "본문은 여기서 이어진다. " * 4,
        outlet="연합뉴스",
        published_at="2025-07-01",
    )
    assert article.pk in {a.pk for a in search(q="삽을 뜨는")}
