"""The article admin: list, filters, search, edit page, review queue, bulk actions, history, revert."""

from __future__ import annotations

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from articles.models import Article, ArticleEntity, NearDuplicate, Outlet
from articles.selectors.articles import articles_text_search
from policy.models import Entity

from .helpers import ingest_jsonl

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/articles/article/"
SEOUL_ECONOMY = "배경훈 과기정통부 장관 후보자 “인프라·데이터 보완해 글로벌 AI 경쟁 대응”"


def change_url(article: Article) -> str:
    return reverse("admin:articles_article_change", args=[article.pk])


def listed(response) -> list[int]:
    return [a.pk for a in response.context["cl"].result_list]


def form_data(article: Article, **changes) -> dict:
    """The article change form as the browser would post it, with no inline changes."""
    data = {
        "title": article.title,
        "subtitle": article.subtitle,
        "body": article.body,
        "outlet": article.outlet_id,
        "published_date": article.published_date.isoformat() if article.published_date else "",
        "published_time": article.published_time.strftime("%H:%M:%S") if article.published_time else "",
        "reporters": ",".join(article.reporters),
        "url": article.url,
        "language": article.language,
        "status": article.status,
    }
    tags = list(ArticleEntity.objects.filter(article=article).order_by("pk"))
    prefixes = {
        "entity_tags": len(tags),
        "article_sources": article.article_sources.count(),
        "quotes": article.quotes.count(),
        "near_duplicates": NearDuplicate.objects.filter(article=article).count(),
        "duplicate_of": NearDuplicate.objects.filter(other=article).count(),
    }
    for prefix, initial in prefixes.items():
        data[f"{prefix}-TOTAL_FORMS"] = initial
        data[f"{prefix}-INITIAL_FORMS"] = initial
        data[f"{prefix}-MIN_NUM_FORMS"] = 0
        data[f"{prefix}-MAX_NUM_FORMS"] = 1000
    for i, tag in enumerate(tags):
        data[f"entity_tags-{i}-id"] = tag.pk
        data[f"entity_tags-{i}-article"] = article.pk
        data[f"entity_tags-{i}-entity"] = tag.entity_id
        data[f"entity_tags-{i}-origin"] = tag.origin
    for i, link in enumerate(article.article_sources.order_by("pk")):
        data[f"article_sources-{i}-id"] = link.pk
        data[f"article_sources-{i}-article"] = article.pk
    for i, quote in enumerate(article.quotes.order_by("start", "pk")):
        data[f"quotes-{i}-id"] = quote.pk
        data[f"quotes-{i}-article"] = article.pk
    for i, link in enumerate(NearDuplicate.objects.filter(article=article).order_by("-similarity")):
        data[f"near_duplicates-{i}-id"] = link.pk
        data[f"near_duplicates-{i}-article"] = article.pk
    for i, link in enumerate(NearDuplicate.objects.filter(other=article).order_by("-similarity")):
        data[f"duplicate_of-{i}-id"] = link.pk
        data[f"duplicate_of-{i}-other"] = article.pk
    data.update(changes)
    return data


def test_changelist_shows_counts_and_puts_the_review_queue_first(admin_client_, review_article):
    response = admin_client_.get(CHANGELIST)
    assert response.status_code == 200
    assert listed(response)[0] == review_article.pk
    html = response.content.decode()
    assert "date unknown" in html  # the reason is shown
    assert "승인·공개" in html
    assert "검토 대기열 (1)" in html
    row = next(a for a in response.context["cl"].result_list if a.title == "배경훈 장관 후보자의 우선 과제는")
    assert row.n_people >= 1 and row.n_sources == 1 and row.n_duplicates == 0
    both = Article.objects.get(title="'40대 AI 전문가' 배경훈, 과기정통부 이끈다")
    assert next(a for a in response.context["cl"].result_list if a.pk == both.pk).n_sources == 2


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (
            "status__exact=needs_review",
            lambda: set(Article.objects.needs_review().values_list("pk", flat=True)),
        ),
        (
            "outlet__id__exact={aju}",
            lambda: set(Article.objects.filter(outlet__name="아주경제").values_list("pk", flat=True)),
        ),
        (
            "month=2025-02",
            lambda: set(Article.objects.filter(published_date__month=2).values_list("pk", flat=True)),
        ),
        (
            "person=ha-jungwoo",
            lambda: set(
                ArticleEntity.objects.active()
                .filter(entity__slug="ha-jungwoo")
                .values_list("article_id", flat=True)
            ),
        ),
        (
            "programme=national-ai-computing-center",
            lambda: set(
                ArticleEntity.objects.active()
                .filter(entity__slug="national-ai-computing-center")
                .values_list("article_id", flat=True)
            ),
        ),
        (
            "duplicates=yes",
            lambda: (
                set(NearDuplicate.objects.values_list("article_id", flat=True))
                | set(NearDuplicate.objects.values_list("other_id", flat=True))
            ),
        ),
        ("duplicates=merged", lambda: set()),
    ],
)
def test_filters(admin_client_, review_article, query, expected):
    original = Article.objects.get(title="배경훈 장관 후보자의 우선 과제는")
    ingest_jsonl(
        "edited.jsonl",
        title="배경훈 장관 후보자의 우선 과제는 무엇인가",
        body=original.body + " 한 문장 더.",
        outlet="지디넷코리아",
        published_at="2025-06-24T18:00:00+09:00",
    )
    aju = Outlet.objects.get(name="아주경제").pk
    response = admin_client_.get(f"{CHANGELIST}?{query.format(aju=aju)}")
    assert response.status_code == 200
    want = expected()
    assert set(listed(response)) == want
    if "duplicates=yes" in query or "person" in query:
        assert want  # the filter is not trivially empty


def test_duplicates_no_is_the_complement(admin_client_):
    linked = set(NearDuplicate.objects.values_list("article_id", flat=True)) | set(
        NearDuplicate.objects.values_list("other_id", flat=True)
    )
    response = admin_client_.get(f"{CHANGELIST}?duplicates=no")
    assert set(listed(response)) == set(Article.objects.values_list("pk", flat=True)) - linked


def test_search_box_uses_korean_full_text_search(admin_client_):
    # "배경훈이" is not in any title; the Korean search drops the particle and finds the name.
    response = admin_client_.get(f"{CHANGELIST}?q=배경훈이")
    found = set(listed(response))
    expected = set(
        articles_text_search(queryset=Article.objects.all(), q="배경훈").values_list("pk", flat=True)
    )
    assert found == expected and len(found) > 10
    title_only = admin_client_.get(f"{CHANGELIST}?q=title:유찰")
    assert {Article.objects.get(pk=pk).title for pk in listed(title_only)} == {
        "국가AI컴퓨팅센터 또 유찰…韓 미래 이끌 2.5조 대형 AI 사업 좌초 위기",
        "[유미's 픽] \"삼성만 믿는다\"…과기부, '이재명 정부' 출범 속 국가AI컴퓨팅센터 유찰 막을까",
    }
    by_id = admin_client_.get(f"{CHANGELIST}?q=%23{found.pop()}")
    assert len(listed(by_id)) == 1
    bad = admin_client_.get(f"{CHANGELIST}?q=%22unclosed")
    assert bad.status_code == 200 and listed(bad) == []
    assert "검색어를 이해하지 못했습니다" in bad.content.decode()


def test_change_page_shows_body_tags_sources_and_duplicates(admin_client_):
    article = Article.objects.get(title="'40대 AI 전문가' 배경훈, 과기정통부 이끈다")
    response = admin_client_.get(change_url(article))
    assert response.status_code == 200
    html = response.content.decode()
    assert article.body[:40] in html
    assert "태그 고치기" in html and "배경훈" in html
    assert html.count("원문 보기") == 2  # two raw source files, read-only
    assert 'name="article_sources-0-position"' not in html
    assert "유사 기사" in html


def test_edit_goes_through_the_curation_service(admin_client_, superuser):
    article = Article.objects.get(title=SEOUL_ECONOMY)
    response = admin_client_.post(
        change_url(article), form_data(article, title="배경훈 후보자 인프라 보완 약속")
    )
    assert response.status_code == 302, response.context["adminform"].errors if response.context else response
    article.refresh_from_db()
    assert article.title == "배경훈 후보자 인프라 보완 약속"
    assert article.curated_fields == ["title"]
    assert article.pk in set(
        articles_text_search(queryset=Article.objects.all(), q="title:약속").values_list("pk", flat=True)
    )
    record = article.history.first()
    assert record.history_user == superuser
    assert {c.field for c in record.diff_against(record.prev_record).changes} == {"title", "curated_fields"}


def test_tags_are_added_and_removed_by_hand_and_survive_retagging(admin_client_):
    article = Article.objects.get(title=SEOUL_ECONOMY)
    bae = ArticleEntity.objects.get(article=article, entity__slug="bae-kyunghoon")
    kakao = Entity.objects.get(slug="kakao")
    data = form_data(article)
    index = next(i for i in range(100) if data.get(f"entity_tags-{i}-id") == bae.pk)
    data[f"entity_tags-{index}-DELETE"] = "on"
    new = data["entity_tags-TOTAL_FORMS"]
    data["entity_tags-TOTAL_FORMS"] = new + 1
    data[f"entity_tags-{new}-entity"] = kakao.pk
    data[f"entity_tags-{new}-origin"] = "auto"  # a hand-added tag is manual whatever the select says
    response = admin_client_.post(change_url(article), data)
    assert response.status_code == 302
    bae.refresh_from_db()
    assert bae.origin == ArticleEntity.Origin.REMOVED  # kept, marked removed
    added = ArticleEntity.objects.get(article=article, entity=kakao)
    assert added.origin == ArticleEntity.Origin.MANUAL
    # the bulk re-tag action keeps both decisions
    admin_client_.post(CHANGELIST, {"action": "retag_articles", ACTION_CHECKBOX_NAME: [article.pk]})
    assert ArticleEntity.objects.get(pk=bae.pk).origin == ArticleEntity.Origin.REMOVED
    assert ArticleEntity.objects.get(pk=added.pk).origin == ArticleEntity.Origin.MANUAL
    # removed tags no longer count publicly
    api = admin_client_.get(f"/api/articles/{article.pk}/").json()
    assert "배경훈" not in api["persons"] and "카카오" in api["organisations"]


def test_accept_from_the_review_queue(admin_client_, superuser, review_article):
    url = reverse("admin:articles_article_accept", args=[review_article.pk])
    assert admin_client_.get(url).status_code == 405
    response = admin_client_.post(
        url, HTTP_REFERER=f"http://testserver{CHANGELIST}?status__exact=needs_review"
    )
    assert response.status_code == 302
    assert response["Location"].endswith("?status__exact=needs_review")
    review_article.refresh_from_db()
    assert review_article.status == Article.Status.PUBLISHED
    assert "status" in review_article.curated_fields
    record = review_article.history.first()
    assert (record.history_user, record.history_change_reason) == (superuser, "검토 승인")


def _action(client, action: str, *articles: Article, **extra):
    return client.post(
        CHANGELIST, {"action": action, ACTION_CHECKBOX_NAME: [a.pk for a in articles], **extra}, follow=True
    )


def test_bulk_publish_and_exclude(admin_client_, client, review_article):
    published = Article.objects.get(title=SEOUL_ECONOMY)
    response = _action(admin_client_, "publish_articles", review_article)
    assert "1개 기사를 공개했습니다" in response.content.decode()
    review_article.refresh_from_db()
    assert review_article.status == Article.Status.PUBLISHED
    response = _action(admin_client_, "exclude_articles", review_article, published)
    assert "2개 기사를 제외했습니다" in response.content.decode()
    for article in (review_article, published):
        article.refresh_from_db()
        assert article.status == Article.Status.EXCLUDED
        assert article.sources.exists()  # kept, with its provenance
    admin_client_.logout()
    assert client.get(f"/articles/{published.pk}/").status_code == 404
    assert client.get(f"/api/articles/{published.pk}/").status_code == 404
    assert published.pk not in [
        r["id"] for r in client.get("/api/articles/?q=배경훈&page_size=100").json()["results"]
    ]


def test_bulk_reanalyse_rebuilds_vectors(admin_client_):
    articles = list(Article.objects.filter(outlet__name="지디넷코리아")[:3])
    Article.objects.filter(pk__in=[a.pk for a in articles]).update(search_vector=None, search_version="")
    response = _action(admin_client_, "reanalyse_articles", *articles)
    assert "3개 기사의 검색 벡터" in response.content.decode()
    assert not Article.objects.filter(pk__in=[a.pk for a in articles], search_vector__isnull=True).exists()


def test_bulk_merge_asks_for_the_canonical_article_then_merges(admin_client_, client):
    original = Article.objects.get(title="배경훈 장관 후보자의 우선 과제는")
    copy = ingest_jsonl(
        "edited.jsonl",
        title="배경훈 장관 후보자의 우선 과제는 무엇인가",
        body=original.body + " 한 문장 더.",
        outlet="지디넷코리아",
        published_at="2025-06-24T18:00:00+09:00",
    )
    confirm = admin_client_.post(
        CHANGELIST, {"action": "merge_articles", ACTION_CHECKBOX_NAME: [original.pk, copy.pk]}
    )
    assert confirm.status_code == 200
    assert "기준 기사" in confirm.content.decode()
    assert confirm.context["suggested"] == original.pk
    response = _action(admin_client_, "merge_articles", original, copy, canonical=original.pk)
    assert f"1개 기사를 #{original.pk}에 병합했습니다" in response.content.decode()
    copy.refresh_from_db()
    assert copy.merged_into == original and copy.status == Article.Status.EXCLUDED
    assert client.get(f"/articles/{copy.pk}/")["Location"] == f"/articles/{original.pk}/"
    # a merged article's page is read-only and says where it went
    page = admin_client_.get(change_url(copy)).content.decode()
    assert f"#{original.pk}</a>에 병합되었습니다" in page
    assert 'name="title"' not in page
    assert 'name="entity_tags-0-entity"' not in page  # no tagging a merged copy either
    # merging it again is refused
    again = _action(admin_client_, "merge_articles", original, copy, canonical=original.pk)
    assert "이미 병합된 기사" in again.content.decode()
    one = _action(admin_client_, "merge_articles", original)
    assert "두 개 이상" in one.content.decode()


def test_history_shows_who_changed_what_and_revert_restores_it(admin_client_, superuser):
    article = Article.objects.get(title=SEOUL_ECONOMY)
    old_title = article.title
    admin_client_.post(change_url(article), form_data(article, title="잘못 고친 제목"))
    article.refresh_from_db()
    assert article.title == "잘못 고친 제목"
    history = admin_client_.get(reverse("admin:articles_article_history", args=[article.pk]))
    assert history.status_code == 200
    html = history.content.decode()
    assert "잘못 고친 제목" in html and "boss" in html and "관리자에서 수정" in html
    before = article.history.filter(title=old_title).first()
    revert_url = reverse("admin:articles_article_simple_history", args=[article.pk, before.history_id])
    page = admin_client_.get(revert_url)
    assert page.status_code == 200 and old_title in page.content.decode()
    data = form_data(article, title=old_title)
    response = admin_client_.post(revert_url, data)
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.title == old_title
    assert "title" in article.curated_fields  # a revert is a curated change too
    latest = article.history.first()
    assert (latest.history_user, latest.history_change_reason) == (superuser, "이전 버전으로 되돌림")
    assert article.pk in set(
        articles_text_search(queryset=Article.objects.all(), q="title:글로벌").values_list("pk", flat=True)
    )


def test_outlet_admin(admin_client_):
    outlet = Outlet.objects.get(name="지디넷코리아")
    response = admin_client_.get("/admin/articles/outlet/")
    assert response.status_code == 200 and "지디넷코리아" in response.content.decode()
    page = admin_client_.get(reverse("admin:articles_outlet_change", args=[outlet.pk]))
    assert page.status_code == 200 and 'name="daum_codes"' in page.content.decode()
    response = admin_client_.post(
        reverse("admin:articles_outlet_change", args=[outlet.pk]),
        {
            "name": outlet.name,
            "name_en": outlet.name_en,
            "slug": outlet.slug,
            "domain": outlet.domain,
            "daum_codes": "zdnet,zdnetkorea",
        },
    )
    assert response.status_code == 302
    outlet.refresh_from_db()
    assert outlet.daum_codes == ["zdnet", "zdnetkorea"]
    assert outlet.history.first().history_user.username == "boss"


def test_sources_are_read_only(admin_client_):
    article = Article.objects.get(title=SEOUL_ECONOMY)
    source = article.sources.get()
    url = reverse("admin:articles_source_change", args=[source.pk])
    page = admin_client_.get(url)
    assert page.status_code == 200
    assert 'name="raw_text"' not in page.content.decode()
    assert admin_client_.post(url, {"raw_text": "x"}).status_code == 403


def test_generic_pages_published_on_strong_signals_are_listed_for_a_later_look(admin_client_):
    from articles.models import Article

    page = (
        "<html><head><meta property='og:title' content='정부, AI 데이터센터 지원 확대'>"
        "<meta property='og:site_name' content='연합뉴스'></head><body>"
        "<h1>정부, AI 데이터센터 지원 확대</h1><p>입력 2025.07.01 10:00</p>"
        "<p>(서울=연합뉴스) 홍길동 기자 = 정부가 인공지능 데이터센터 지원을 늘린다고 1일 밝혔다. "
        "과학기술정보통신부는 이날 지원 계획을 발표했다.</p>"
        "<p>지원 대상은 지역 데이터센터다. 정부는 연말까지 세부 기준을 정한다.</p>"
        "<p>홍길동 기자 hong@yna.co.kr</p><p>Copyright 연합뉴스. All rights reserved.</p></body></html>"
    )
    from articles.services.ingest import source_ingest

    report = source_ingest(name="yna-page.html", data=page.encode(), url="https://www.yna.co.kr/view/AKR2025")
    article = Article.objects.get(pk=report.article_ids[0])
    assert article.extraction and article.extraction != "format parser"
    assert (article.status, article.review_reasons) == (Article.Status.PUBLISHED, [])
    listed = admin_client_.get("/admin/articles/article/", {"extraction": "auto"}).content.decode()
    assert article.title in listed
    seeds = admin_client_.get("/admin/articles/article/", {"extraction": "format"}).content.decode()
    assert article.title not in seeds
