"""Bad input to ingest, one case per file in tests/data/bad/ (see its README.md): a file over the size
limit, markup and scripts in a page, impossible and far-future dates. The cases that need several
processes (memory, two ingests of one file at once, a batch killed and re-run) are in
test_bad_input_processes.py."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path
from xml.etree import ElementTree

import bibtexparser
import pytest
import rispy
from bs4 import BeautifulSoup
from django.conf import settings
from django.core.management import CommandError, call_command

from articles.ingest.clean.dates import implausible_date, seoul_today
from articles.models import Article, Source
from articles.services.uploads import uploads_ingest

pytestmark = pytest.mark.django_db

BAD = Path(__file__).resolve().parents[1] / "data" / "bad"


def ingest(*paths: Path) -> tuple[str, str]:
    """``manage.py ingest`` on ``paths``: its stdout and stderr (a failed file raises CommandError)."""
    out, err = io.StringIO(), io.StringIO()
    call_command("ingest", *map(str, paths), stdout=out, stderr=err, verbosity=2)
    return out.getvalue(), err.getvalue()


def articles_of(path: Path) -> list[Article]:
    """The articles the file at ``path`` landed in, in file order."""
    source = Source.objects.get(file_name=str(path))
    return [link.article for link in source.article_sources.select_related("article").order_by("position")]


# A file over the size limit


def write_long_page(path: Path, *, megabytes: int) -> None:
    """A long but well-formed article page of exactly ``megabytes`` MB, written a block at a time."""
    paragraph = (
        "<p>정부는 인공지능 기본법 시행령을 둘러싼 업계의 의견을 다시 듣겠다고 밝혔다. "
        "고영향 AI의 범위와 사업자의 책무가 쟁점이다.</p>\n"
    ).encode()
    head = "<html><head><title>아주 긴 기사</title></head><body><h1>아주 긴 기사</h1>\n".encode()
    tail = b"</body></html>\n"
    block = paragraph * (2**20 // len(paragraph))
    size = megabytes * 2**20
    with path.open("wb") as f:
        f.write(head)
        while f.tell() + len(block) + len(tail) <= size:
            f.write(block)
        f.write(b"\n" * (size - f.tell() - len(tail)) + tail)


def good_jsonl(path: Path, *, title: str) -> Path:
    record = {
        "title": title,
        "body": "과학기술정보통신부는 AI 기본법 후속 조치를 발표했다고 밝혔다.\n\n세부 일정도 공개했다.",
        "outlet": "연합뉴스",
        "published_at": "2025-07-01T09:00:00+09:00",
        "reporters": ["홍길동"],
    }
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def test_a_50_mb_file_is_refused_by_name_and_reason_and_the_good_file_lands(tmp_path):
    big = tmp_path / "a_big_page.html"
    write_long_page(big, megabytes=50)
    good = good_jsonl(tmp_path / "b_good.jsonl", title="AI 기본법 후속 조치 발표")
    assert big.stat().st_size == 50 * 2**20 > settings.INGEST_MAX_FILE_BYTES

    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError) as failed:
        call_command("ingest", str(tmp_path), stdout=out, stderr=err)

    assert failed.value.returncode == 1
    assert f"{big}: too large: 50.0 MB, over the 20 MB limit (INGEST_MAX_FILE_BYTES)" in err.getvalue()
    assert "errors: 1" in out.getvalue()
    assert not Source.objects.filter(file_name=str(big)).exists()
    (article,) = articles_of(good)
    assert article.title == "AI 기본법 후속 조치 발표" and article.status == Article.Status.PUBLISHED


def test_an_upload_over_the_limit_is_refused_before_it_is_read():
    # The limit protects the admin's upload: refused from the size the upload declares, never read.
    class Upload:
        name, size = "upload.html", settings.INGEST_MAX_FILE_BYTES + 1

        def read(self, size: int = -1) -> bytes:
            raise AssertionError("an upload over the limit is read")

    (report,) = uploads_ingest(files=[Upload()])
    assert report.status == "error"
    assert report.error.startswith("too large: 20.0 MB, over the 20 MB limit")
    assert not Source.objects.filter(file_name="upload.html").exists()


# Markup and scripts in a page: stored as the text a reader sees, escaped wherever it is shown

XSS_PAGE = BAD / "xss_article.html"
# What the publisher wrote as text (og:title's value; the body's &lt;script&gt;): kept as text.
XSS_TITLE = (
    '과기정통부 "AI 챗봇 <script>alert(1)</script> 공격 막는다"…<img src=x onerror=alert(2)> 보안 지침 공개'
)
LITERAL_SCRIPT = "<script>alert(1)</script>"
LITERAL_IMG = "<img src=x onerror=alert(2)>"
# Payloads the page carries as markup only (alert(3) … alert(12), the cookie thief): never text.
MARKUP_ONLY = [f"alert({n})" for n in range(3, 13)] + ["document.cookie", "javascript:", "onclick", "onload"]


@pytest.fixture
def xss_article() -> Article:
    ingest(XSS_PAGE)
    (article,) = articles_of(XSS_PAGE)
    return article


def test_markup_in_a_page_is_stored_as_the_text_a_reader_sees(xss_article):
    assert xss_article.title == XSS_TITLE
    assert xss_article.status == Article.Status.PUBLISHED, xss_article.review_reasons
    assert (xss_article.outlet.name, xss_article.reporters) == ("전자신문", ["김보안"])
    assert xss_article.published_at.isoformat() == "2025-07-03T10:12:00+09:00"
    first, second, third, fourth = xss_article.paragraphs
    assert first.startswith("과학기술정보통신부는 생성형 AI 챗봇을 노리는 공격을")
    assert f"답변에 {LITERAL_SCRIPT} 같은 스크립트를" in first
    assert second.startswith(f"지침은 또 {LITERAL_IMG} 처럼 이벤트 속성을")
    assert third.endswith('"기업들이 자율 점검표로 활용하길 바란다"고 말했다.')
    assert fourth == "지침 원문은 과기정통부 누리집에서 내려받을 수 있다."
    stored = " ".join([xss_article.title, xss_article.subtitle, xss_article.body, *xss_article.reporters])
    assert not [p for p in MARKUP_ONLY if p in stored]


def assert_inert(html: str, *, shows: list[str]) -> BeautifulSoup:
    """Nothing of the article's markup is live in ``html``: no script runs its payload, no element
    has an event attribute or a ``javascript:`` URL, no <img>/<svg>/<iframe> came from it; and
    each text in ``shows`` is on the page as text (escaped, not dropped)."""
    soup = BeautifulSoup(html, "lxml")
    scripts = [s for s in soup.find_all("script") if not s.get("src") and s.get("type") != "application/json"]
    assert not [s for s in scripts if "alert(" in s.text or "cookie" in s.text], scripts
    handlers = [(t.name, a) for t in soup.find_all(True) for a in t.attrs if a.lower().startswith("on")]
    assert not handlers
    urls = [str(t.get(a)) for t in soup.find_all(True) for a in ("href", "src", "action", "formaction")]
    assert not [u for u in urls if u.strip().lower().startswith("javascript:")]
    planted = [
        t for t in soup.find_all(["img", "svg", "iframe"]) if t.get("src") == "x" or "alert(" in str(t.attrs)
    ]
    assert not planted
    text = soup.get_text(" ")
    for expected in shows:
        assert expected in text
    return soup


def test_the_article_page_shows_the_markup_as_text(client, xss_article):
    for params in ({}, {"q": "스크립트"}):  # plain, and with the query's words highlighted
        response = client.get(xss_article.get_absolute_url(), params)
        assert response.status_code == 200
        html = response.content.decode()
        assert LITERAL_SCRIPT not in html and LITERAL_IMG not in html
        assert_inert(html, shows=[XSS_TITLE, LITERAL_SCRIPT, LITERAL_IMG])


def test_search_results_show_the_snippet_as_text(client, xss_article):
    response = client.get("/search/", {"q": "이벤트"})
    assert response.status_code == 200
    html = response.content.decode()
    assert xss_article.get_absolute_url() in html
    soup = assert_inert(html, shows=[XSS_TITLE, LITERAL_IMG])
    assert soup.find("mark", string="이벤트")  # the snippet is there, its match marked


def test_the_admin_shows_the_markup_as_text(client, django_user_model, xss_article):
    client.force_login(django_user_model.objects.create_superuser("boss", "boss@example.org", "pw-1-boss"))
    source = Source.objects.get(file_name=str(XSS_PAGE))
    pages = {
        "/admin/articles/article/": {"q": "챗봇"},
        f"/admin/articles/article/{xss_article.pk}/change/": {},
        f"/admin/articles/article/{xss_article.pk}/history/": {},
        # The raw page itself, real <script> elements and all.
        f"/admin/articles/source/{source.pk}/change/": {},
    }
    for url, params in pages.items():
        response = client.get(url, params)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert LITERAL_SCRIPT not in html and LITERAL_IMG not in html, url
        assert_inert(html, shows=[XSS_TITLE])
    raw = client.get(f"/admin/articles/source/{source.pk}/change/").content.decode()
    assert "<script>window.stolen" not in raw
    assert "<script>window.stolen = document.cookie;</script>" in BeautifulSoup(raw, "lxml").get_text()


def test_the_feed_carries_the_title_as_text(client, xss_article):
    response = client.get("/search/feed/", {"q": "이벤트"})
    assert response.status_code == 200
    xml = response.content.decode()
    assert LITERAL_SCRIPT not in xml and LITERAL_IMG not in xml
    atom = "{http://www.w3.org/2005/Atom}"
    feed = ElementTree.fromstring(response.content)
    (entry,) = [e for e in feed.iter(f"{atom}entry") if e.findtext(f"{atom}title") == XSS_TITLE]
    title, summary = entry.find(f"{atom}title"), entry.find(f"{atom}summary")
    # Text, not markup: neither holds an element; the summary is HTML, so its text is escaped there.
    assert len(title) == len(summary) == 0
    assert summary.get("type") == "html"
    shown = BeautifulSoup(summary.text, "html.parser")
    assert not shown.find_all(True)  # escaped text, no element at all
    assert LITERAL_IMG in shown.get_text()


EXPORT = "/api/articles/export/"


def export_titles(client, fmt: str) -> list[str]:
    """The titles an export of the search for the article holds, read back with the format's parser."""
    response = client.get(EXPORT, {"format": fmt, "q": "이벤트"})
    assert response.status_code == 200, response
    text = b"".join(response.streaming_content).decode("utf-8")
    if fmt == "csv":
        return [row["title"] for row in csv.DictReader(io.StringIO(text.removeprefix("\ufeff"), newline=""))]
    if fmt == "jsonl":
        return [json.loads(line)["title"] for line in text.splitlines() if line]
    if fmt == "csl-json":
        return [item["title"] for item in json.loads(text)]
    if fmt == "ris":
        return [entry["title"] for entry in rispy.loads(text)]
    # The title is braced once more to keep its capitals: the parser removes only the outer pair.
    return [
        entry["title"].removeprefix("{").removesuffix("}")
        for entry in bibtexparser.parse_string(text).entries
    ]


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "ris", "bibtex", "csl-json"])
def test_exports_keep_the_title_as_text(client, xss_article, fmt):
    assert XSS_TITLE in export_titles(client, fmt)


def test_the_api_keeps_the_text_and_escapes_the_snippet(client, xss_article):
    listing = client.get("/api/articles/", {"q": "이벤트"})
    assert listing["Content-Type"].startswith("application/json")
    (row,) = [r for r in listing.json()["results"] if r["id"] == xss_article.pk]
    assert row["title"] == XSS_TITLE
    # The snippet is HTML (escaped text, matches in <mark>): nothing else may be markup.
    snippet = BeautifulSoup(row["snippet"], "html.parser")
    assert {t.name for t in snippet.find_all(True)} == {"mark"}
    assert LITERAL_IMG in snippet.get_text()
    detail = client.get(f"/api/articles/{xss_article.pk}/").json()
    assert detail["title"] == XSS_TITLE
    assert detail["body"] == xss_article.paragraphs


# Impossible and far-future dates: never a crash, never a wrong date


def test_impossible_and_future_dates_in_json_lines_cost_only_the_date(tmp_path):
    path = BAD / "impossible_dates.jsonl"
    _, err = ingest(path)

    for line, problem in [
        (2, "impossible 'published_at' '2025-02-30'"),
        (3, "impossible 'published_at' '0000-01-01'"),
        (4, "'published_at' '9999-12-31T00:00:00' is in the future"),
        (5, "'published_at' '2300-01-01' is in the future"),
        # In Seoul this moment is in the year 10000: no date there at all.
        (6, "impossible 'published_at' '9999-12-31T23:00:00-05:00'"),
    ]:
        assert f"{path}: line {line}: {problem}; the article is kept without a date, for review" in err
    articles = articles_of(path)
    assert len(articles) == 7  # every line landed
    first, *undated, last = articles
    assert (first.published_date, first.published_time) == (dt.date(2025, 6, 20), dt.time(9, 0))
    assert (last.published_date, last.status) == (dt.date(2025, 6, 27), Article.Status.PUBLISHED)
    assert first.status == Article.Status.PUBLISHED
    for article in undated:
        assert (article.published_date, article.published_time) == (None, None)
        assert article.status == Article.Status.NEEDS_REVIEW
        assert article.review_reasons[0].startswith("date rejected: ")
        assert "date unknown" in article.review_reasons


@pytest.mark.parametrize(
    ("name", "warning"),
    [
        ("impossible_dateline.html", "impossible dateline '입력 2025.02.30 09:30'"),
        # Its meta date overflows in Seoul time and its printed 입력 is decades ahead.
        ("future_dates.html", "date 2099-01-01 is in the future"),
    ],
)
def test_a_page_with_an_impossible_or_future_dateline_waits_undated(name, warning):
    path = BAD / name
    _, err = ingest(path)
    assert f"{warning}; the article is kept without a date, for review" in err
    (article,) = articles_of(path)
    assert article.outlet.name == "전자신문"
    assert (article.published_date, article.published_time) == (None, None)
    assert article.status == Article.Status.NEEDS_REVIEW
    assert article.review_reasons[0] == f"date rejected: {warning}"


def test_the_archive_holds_no_date_after_tomorrow_in_seoul():
    for path in ("impossible_dates.jsonl", "future_dates.html", "impossible_dateline.html"):
        ingest(BAD / path)
    tomorrow = seoul_today() + dt.timedelta(days=1)
    assert not Article.objects.filter(published_date__gt=tomorrow).exists()
    assert not Article.objects.filter(published_date__lt=dt.date(1900, 1, 1)).exists()


def test_far_future_means_after_tomorrow_in_seoul():
    today = dt.date(2025, 6, 24)
    assert implausible_date(today + dt.timedelta(days=1), today=today) == ""
    assert implausible_date(today + dt.timedelta(days=2), today=today) == "in the future"
    assert implausible_date(dt.date(1900, 1, 1), today=today) == ""
    assert implausible_date(dt.date(1899, 12, 31), today=today) == "before 1900"
