"""The admin's upload screen: files through the ingest service, with the command's per-file report.

Uploaded files are real pages from tests/data/real (short excerpts; each one's source URL is its
``url`` in tests/data/real/labels.json) and the demo seeds; the database, Kiwi and the parsers are
the real ones.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.urls import reverse
from django.utils.html import escape

from articles.models import Article, Source
from articles.services.uploads import upload_reason, uploads_ingest

pytestmark = pytest.mark.django_db

REAL = Path(__file__).resolve().parents[1] / "data" / "real"
LABELS = {label["file"]: label for label in json.loads((REAL / "labels.json").read_text(encoding="utf-8"))}
UPLOAD = "/admin/articles/article/upload/"
CHANGELIST = "/admin/articles/article/"
# 687 and 736 bytes; two outlets named in the pages, both dated.
NEWS1 = "008_donga_news1.txt"
FNNEWS = "032_fnnews.txt"
# A page that never names its outlet: only its URL (labels.json, as a scraper's sidecar gives it) does.
DAILIAN = "062_dailian.txt"


@pytest.fixture
def uploader(curator):
    """A curator: the group may add articles, the permission the upload screen asks for."""
    assert curator.has_perm("articles.add_article")
    return curator


@pytest.fixture
def uploader_client(client, uploader):
    client.force_login(uploader)
    return client


def real_file(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, (REAL / name).read_bytes(), content_type="text/plain")


def upload(client: Client, *files: SimpleUploadedFile, **fields):
    return client.post(UPLOAD, {"files": list(files), **fields})


def title(name: str) -> str:
    return LABELS[name]["title"]


def test_upload_lands_each_file_with_the_curator_in_the_history(uploader_client, uploader):
    response = upload(uploader_client, real_file(NEWS1), real_file(FNNEWS))
    assert response.status_code == 200
    html = response.content.decode()
    for name in (NEWS1, FNNEWS):
        article = Article.objects.get(title=title(name))
        assert article.outlet.name == LABELS[name]["outlet"]
        assert article.published_date.isoformat() == LABELS[name]["date"]
        assert [s.file_name for s in article.sources.all()] == [name]
        created = article.history.get(history_type="+")
        assert (created.history_user, created.history_change_reason) == (uploader, upload_reason(name))
        assert name in html
        assert reverse("admin:articles_article_change", args=[article.pk]) in html
        assert escape(article.title) in html
    assert html.count("수집함 (new)") == 2
    assert "새 기사: 2" in html and "오류: 0" in html

    # The article's history page says who uploaded it, from which file.
    article = Article.objects.get(title=title(NEWS1))
    history = uploader_client.get(
        reverse("admin:articles_article_history", args=[article.pk])
    ).content.decode()
    assert uploader.username in history and f"관리자 화면에서 올림: {NEWS1}" in history


def test_a_file_already_ingested_is_unchanged(uploader_client, seeds):
    seed = seeds / "001_36484bfb8208e685.txt"  # loaded with the demo data
    sources, articles = Source.objects.count(), Article.objects.count()
    response = upload(uploader_client, SimpleUploadedFile(seed.name, seed.read_bytes()))
    assert response.status_code == 200
    html = response.content.decode()
    assert "이미 수집된 파일이라 건너뜀 (unchanged)" in html and "건너뜀(이미 수집): 1" in html
    assert (Source.objects.count(), Article.objects.count()) == (sources, articles)


def test_broken_files_are_reported_by_name_and_the_good_one_lands(uploader_client):
    sources = Source.objects.count()
    response = upload(
        uploader_client,
        SimpleUploadedFile("empty.txt", b""),
        SimpleUploadedFile("binary.bin", bytes(range(256)) * 20),
        real_file(NEWS1),
    )
    assert response.status_code == 200
    rows = _rows(response)
    assert [r["report"].name for r in rows] == ["empty.txt", "binary.bin", NEWS1]
    assert [r["report"].status for r in rows] == ["error", "error", "new"]
    html = response.content.decode()
    for row in rows[:2]:
        assert row["report"].error and row["report"].error in html
        assert not Source.objects.filter(file_name=row["report"].name).exists()
    assert "오류: 2" in html
    assert Article.objects.filter(title=title(NEWS1)).exists()
    assert Source.objects.count() == sources + 1


@override_settings(INGEST_MAX_FILE_BYTES=1000)
def test_an_oversized_file_is_refused_by_name_and_the_others_land(uploader_client):
    big = REAL / "000_newsis.txt"
    assert big.stat().st_size > 1000 >= (REAL / NEWS1).stat().st_size
    response = upload(uploader_client, real_file(big.name), real_file(NEWS1))
    assert response.status_code == 200
    oversized, small = (r["report"] for r in _rows(response))
    assert (oversized.name, oversized.status) == (big.name, "error")
    assert "too large" in oversized.error and "INGEST_MAX_FILE_BYTES" in oversized.error
    assert oversized.error in response.content.decode()
    assert not Source.objects.filter(file_name=big.name).exists()
    assert not Article.objects.filter(title=title(big.name)).exists()
    assert small.status == "new" and Article.objects.filter(title=title(NEWS1)).exists()


class _Unreadable:
    """An uploaded file that fails the test if it is read: its size alone must refuse it."""

    name = "huge.txt"
    size = 10**12

    def read(self, size: int = -1) -> bytes:
        raise AssertionError("an oversized upload was read")


def test_an_oversized_file_is_never_read(uploader):
    [report] = uploads_ingest(files=[_Unreadable()])
    assert (report.name, report.status) == ("huge.txt", "error")
    assert "too large" in report.error


def test_dry_run_lands_nothing(uploader_client):
    sources, articles = Source.objects.count(), Article.objects.count()
    response = upload(uploader_client, real_file(NEWS1), dry_run="on")
    assert response.status_code == 200
    [row] = _rows(response)
    assert (row["report"].status, row["report"].new) == ("new", 1)
    assert row["articles"] == []  # rolled back: nothing to link to
    assert "미리 보기 (아무것도 저장하지 않음)" in response.content.decode()
    assert (Source.objects.count(), Article.objects.count()) == (sources, articles)
    assert not Article.objects.filter(title=title(NEWS1)).exists()


def test_the_page_url_is_the_single_files_url(uploader_client):
    url = LABELS[DAILIAN]["url"]
    response = upload(uploader_client, real_file(DAILIAN), url=url)
    assert response.status_code == 200
    [row] = _rows(response)
    [item] = row["articles"]
    article = Article.objects.get(pk=item["article"].pk)
    assert item["created"] and article.title == title(DAILIAN)
    # The page names no outlet; its URL does.
    assert (article.url, article.outlet.name) == (url, LABELS[DAILIAN]["outlet"])


def test_a_url_sidecar_gives_its_files_url_and_is_not_ingested(uploader_client):
    url = LABELS[DAILIAN]["url"]
    sidecar = SimpleUploadedFile(f"{DAILIAN}.url", f"{url}\n".encode())
    response = upload(uploader_client, real_file(DAILIAN), sidecar, real_file(NEWS1))
    assert response.status_code == 200
    assert [r["report"].name for r in _rows(response)] == [DAILIAN, NEWS1]
    article = Article.objects.get(title=title(DAILIAN))
    assert (article.url, article.outlet.name) == (url, LABELS[DAILIAN]["outlet"])
    assert not Article.objects.get(title=title(NEWS1)).url
    assert not Source.objects.filter(file_name=f"{DAILIAN}.url").exists()


def test_the_page_url_with_several_files_is_refused(uploader_client):
    response = upload(uploader_client, real_file(DAILIAN), real_file(NEWS1), url=LABELS[DAILIAN]["url"])
    assert response.status_code == 400
    assert "페이지 URL은 파일 하나를 올릴 때만 쓸 수 있습니다." in response.content.decode()
    assert not Source.objects.filter(file_name__in=[DAILIAN, NEWS1]).exists()


def test_an_upload_without_files_says_so(uploader_client):
    response = uploader_client.post(UPLOAD, {"url": ""})
    assert response.status_code == 400
    assert "올릴 파일을 하나 이상 고르세요." in response.content.decode()


@override_settings(DATA_UPLOAD_MAX_NUMBER_FILES=2)
def test_too_many_files_get_a_page_saying_so(uploader_client):
    response = upload(uploader_client, real_file(NEWS1), real_file(FNNEWS), real_file(DAILIAN))
    assert response.status_code == 400
    html = response.content.decode()
    assert "한 번에 올릴 수 있는 파일은 최대 2개입니다." in html
    assert 'id="upload-form"' in html  # the form again, to upload fewer
    assert not Source.objects.filter(file_name__in=[NEWS1, FNNEWS, DAILIAN]).exists()


def test_the_upload_is_csrf_protected(uploader):
    client = Client(enforce_csrf_checks=True)
    client.force_login(uploader)
    assert upload(client, real_file(NEWS1)).status_code == 403
    assert not Source.objects.filter(file_name=NEWS1).exists()
    # With the token of the page's form, it goes through.
    page = client.get(UPLOAD)
    token = page.context["csrf_token"]
    assert upload(client, real_file(NEWS1), csrfmiddlewaretoken=str(token)).status_code == 200
    assert Source.objects.filter(file_name=NEWS1).exists()


def test_only_users_who_may_add_articles_can_upload(client, django_user_model):
    reader = django_user_model.objects.create_user("reader", password="x", is_staff=True)
    reader.user_permissions.add(
        Permission.objects.get(content_type__app_label="articles", codename="view_article")
    )
    client.force_login(reader)
    assert client.get(UPLOAD).status_code == 403
    assert upload(client, real_file(NEWS1)).status_code == 403
    assert not Source.objects.filter(file_name=NEWS1).exists()
    assert "기사 파일 올리기" not in client.get(CHANGELIST).content.decode()
    client.logout()
    assert client.get(UPLOAD).status_code == 302  # to the login page


def test_the_article_list_links_to_the_upload_page(uploader_client):
    changelist = uploader_client.get(CHANGELIST).content.decode()
    assert f'href="{UPLOAD}"' in changelist and "기사 파일 올리기" in changelist
    page = uploader_client.get(UPLOAD)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'enctype="multipart/form-data"' in html
    assert re.search(r'<input type="file" name="files" multiple[^>]*>', html)
    assert "미리 보기: 저장하지 않음" in html and "페이지 URL" in html


def _rows(response) -> list[dict]:
    return response.context["rows"]
