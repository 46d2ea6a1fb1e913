"""Citations: RIS, BibTeX and CSL-JSON of one article parsed back with real readers, Korean names
kept whole, the outlet as container, dates, permalink and access date; and the Highwire meta tags
that make Zotero's connector save an article page as a newspaper article."""

from __future__ import annotations

import datetime as dt
import json

import bibtexparser
import pytest
import rispy
from bibtexparser.middlewares import LatexDecodingMiddleware, SeparateCoAuthors, SplitNameParts
from bs4 import BeautifulSoup
from django.template.loader import render_to_string

from articles.models import Article
from portal.site import citations

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 3, 1)


@pytest.fixture
def duo() -> Article:
    """배경훈·하정우 듀오 (지디넷코리아, 2025-06-26 10:55, 한정호)."""
    return Article.objects.readable().select_related("outlet").get(title__startswith="배경훈·하정우 듀오")


def cite(client, article: Article, ext: str):
    response = client.get(f"/articles/{article.pk}/cite.{ext}")
    assert response.status_code == 200, response.content.decode()
    return response, response.content.decode("utf-8")


def make_citable(**overrides) -> citations.Citable:
    values = {
        "id": 7,
        "title": "제목",
        "outlet": "지디넷코리아",
        "outlet_slug": "zdnet-korea",
        "published": dt.date(2025, 6, 26),
        "reporters": ("장유미", "남궁민"),
        "permalink": "https://archive.example/articles/7/",
        "accessed": TODAY,
    }
    return citations.Citable(**{**values, **overrides})


def test_ris_of_one_article(client, duo):
    response, text = cite(client, duo, "ris")
    assert response["Content-Type"] == "application/x-research-info-systems; charset=utf-8"
    assert text.startswith("TY  - NEWS\r\n") and text.endswith("ER  - \r\n")
    [record] = rispy.loads(text)
    assert record["type_of_reference"] == "NEWS"
    assert record["title"] == duo.title
    assert record["authors"] == ["한정호"]
    assert record["secondary_title"] == "지디넷코리아"  # T2: the newspaper, as Zotero reads it
    assert (record["year"], record["date"]) == ("2025", "2025/06/26/")
    assert record["access_date"] == citations.today_in_seoul().strftime("%Y/%m/%d/")
    assert record["urls"] == [f"http://testserver/articles/{duo.pk}/"]
    assert {"배경훈", "하정우", "국가AI컴퓨팅센터"} <= set(record["keywords"])
    assert record["language"] == "ko"


def test_bibtex_of_one_article(client, duo):
    response, text = cite(client, duo, "bib")
    assert response["Content-Type"] == "application/x-bibtex; charset=utf-8"
    library = bibtexparser.parse_string(
        text, append_middleware=[LatexDecodingMiddleware(), SeparateCoAuthors(), SplitNameParts()]
    )
    assert not library.failed_blocks
    [entry] = library.entries
    assert entry.entry_type == "article"
    assert entry.key == f"zdnet-korea2025-{duo.pk}"
    assert [(a.first, a.last) for a in entry["author"]] == [([], ["한정호"])]  # one whole name
    assert entry["title"] == duo.title
    assert entry["journal"] == "지디넷코리아"
    assert entry["entrysubtype"] == "newspaper"
    assert (entry["date"], entry["year"], entry["month"]) == ("2025-06-26", "2025", "jun")
    assert entry["url"] == f"http://testserver/articles/{duo.pk}/"
    assert entry["urldate"] == citations.today_in_seoul().isoformat()


def test_csl_json_of_one_article(client, duo):
    response, text = cite(client, duo, "json")
    assert response["Content-Type"] == "application/vnd.citationstyles.csl+json; charset=utf-8"
    [item] = json.loads(text)
    assert item["type"] == "article-newspaper"
    assert item["title"] == duo.title
    assert item["container-title"] == "지디넷코리아"
    assert item["author"] == [{"literal": "한정호"}]
    assert item["issued"] == {"date-parts": [[2025, 6, 26]]}
    today = citations.today_in_seoul()
    assert item["accessed"] == {"date-parts": [[today.year, today.month, today.day]]}
    assert item["URL"] == f"http://testserver/articles/{duo.pk}/"
    assert item["id"] == f"zdnet-korea2025-{duo.pk}"


def test_cite_errors_and_merged_articles(client, duo):
    assert client.get(f"/articles/{duo.pk}/cite.xml").status_code == 404
    assert client.get(f"/articles/{duo.pk}/cite.xml").json()["error"]["param"] == "format"
    assert client.get("/articles/999999/cite.ris").status_code == 404
    other = Article.objects.readable().exclude(pk=duo.pk).first()
    Article.objects.filter(pk=other.pk).update(merged_into=duo)
    response = client.get(f"/articles/{other.pk}/cite.bib")
    assert response.status_code == 301
    assert response["Location"] == f"/articles/{duo.pk}/cite.bib"
    Article.objects.filter(pk=duo.pk).update(status=Article.Status.EXCLUDED)
    assert client.get(f"/articles/{duo.pk}/cite.ris").status_code == 404


def test_korean_names_are_never_split():
    c = make_citable()
    assert "AU  - 장유미\r\nAU  - 남궁민\r\n" in citations.ris_record(c)
    assert "author = {{장유미} and {남궁민}}" in citations.bibtex_entry(c)
    assert citations.csl_item(c)["author"] == [{"literal": "장유미"}, {"literal": "남궁민"}]


def test_latex_specials_are_escaped_and_the_entry_stays_well_formed():
    title = "AI {예산} 50% & $1B #1 under_score ~ ^ \\ 끝"
    entry = citations.bibtex_entry(make_citable(title=title))
    library = bibtexparser.parse_string(entry)
    assert not library.failed_blocks
    raw = library.entries[0]["title"]
    assert raw.startswith("{") and raw.endswith("}")
    depth = 0
    for i, ch in enumerate(raw):  # braces balance once escaped braces are skipped
        if ch in "{}" and (i == 0 or raw[i - 1] != "\\"):
            depth += 1 if ch == "{" else -1
            assert depth >= 0
    assert depth == 0
    for special in (r"\%", r"\&", r"\$", r"\#", r"\_", r"\{", r"\}", r"\textbackslash{}"):
        assert special in raw


def test_original_url_and_undated_articles():
    c = make_citable(original_url="https://zdnet.co.kr/view/?no=1%20#x", published=None, subtitle="부제")
    ris = rispy.loads(citations.ris_record(c))[0]
    assert ris["urls"] == [c.permalink]
    assert ris["file_attachments2"] == c.original_url  # L2, next to the archive's UR
    assert "date" not in ris and "year" not in ris
    assert ris["abstract"] == "부제"
    bib = citations.bibtex_entry(c)
    assert r"note = {원문: \url{https://zdnet.co.kr/view/?no=1\%20\#x}}" in bib
    assert "@article{zdnet-koreand-7," in bib and "year =" not in bib
    item = citations.csl_item(c)
    assert item["note"] == f"원문: {c.original_url}"
    assert "issued" not in item


def test_access_date_is_seoul_today(monkeypatch):
    # 2026-02-28 20:00 UTC is already 1 March in Seoul.
    class Frozen(dt.datetime):
        @classmethod
        def now(cls, tz=None):
            return dt.datetime(2026, 2, 28, 20, 0, tzinfo=dt.UTC).astimezone(tz)

    monkeypatch.setattr(citations.dt, "datetime", Frozen)
    assert citations.today_in_seoul() == dt.date(2026, 3, 1)


# --- Highwire meta tags ----------------------------------------------------------------------


def meta_tags(rf, article: Article) -> BeautifulSoup:
    request = rf.get(article.get_absolute_url())
    html = render_to_string("articles/_citation_meta.html", {"article": article}, request=request)
    return BeautifulSoup(f"<html><head>{html}</head></html>", "lxml")


def content(soup: BeautifulSoup, name: str) -> list[str]:
    return [m["content"] for m in soup.find_all("meta", attrs={"name": name})]


def test_highwire_meta_tags(rf, duo):
    soup = meta_tags(rf, duo)
    assert content(soup, "citation_title") == [duo.title]
    assert content(soup, "citation_author") == ["한정호"]
    assert content(soup, "citation_publication_date") == ["2025/06/26"]
    assert content(soup, "citation_date") == ["2025/06/26"]
    assert content(soup, "citation_language") == ["ko"]
    assert content(soup, "citation_public_url") == [f"http://testserver/articles/{duo.pk}/"]
    assert content(soup, "prism.publicationName") == ["지디넷코리아"]
    assert soup.find("meta", attrs={"property": "og:type"})["content"] == "article"
    assert (
        soup.find("meta", attrs={"property": "article:published_time"})["content"]
        == "2025-06-26T10:55:00+09:00"
    )
    alternates = {link["type"]: link["href"] for link in soup.find_all("link", rel="alternate")}
    assert alternates["application/x-research-info-systems"] == f"/articles/{duo.pk}/cite.ris"


def test_meta_tags_make_zotero_save_a_newspaper_article(rf, duo):
    """Zotero's Embedded Metadata translator: citation_journal_title (or another Highwire type tag)
    forces its type over everything else; without one, the RDF type detection takes DC.type when
    it is a Zotero item type, ahead of og:type "article" (only a guess of journal article)."""
    soup = meta_tags(rf, duo)
    highwire_type_tags = (
        "citation_journal_title",
        "citation_conference_title",
        "citation_book_title",
        "citation_inbook_title",
        "citation_dissertation_institution",
        "citation_technical_report_institution",
    )
    for name in highwire_type_tags:
        assert not content(soup, name), name
    assert content(soup, "DC.type") == ["newspaperArticle"]


def test_meta_tags_escape_quotes_and_several_reporters(rf, duo):
    duo.title = '"소버린 AI" <논쟁> & 전망'
    duo.reporters = ["장유미", "조이환"]
    duo.published_time = None
    soup = meta_tags(rf, duo)
    assert content(soup, "citation_title") == ['"소버린 AI" <논쟁> & 전망']
    assert content(soup, "citation_author") == ["장유미", "조이환"]
    assert soup.find("meta", attrs={"property": "article:published_time"}) is None
