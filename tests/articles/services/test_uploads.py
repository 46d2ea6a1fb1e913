"""Record files uploaded in the admin are filed in batches as on disk (the screen's own tests are
tests/curation/test_admin_upload.py)."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from articles.models import Article, Source
from articles.services.uploads import upload_reason, uploads_ingest
from tests.articles.ingest.test_bigkinds import XLSX_EXCERPT

pytestmark = pytest.mark.django_db


def test_a_bigkinds_download_uploaded():
    upload = SimpleUploadedFile("NewsResult_20210201-20210228.xlsx", XLSX_EXCERPT.read_bytes())
    (report,) = uploads_ingest(files=[upload])
    assert (report.status, report.format, report.new) == ("new", "bigkinds", 8)
    assert len(report.article_ids) == 8 and set(report.created_ids) == set(report.article_ids)
    article = Article.objects.get(external_id="01100101.20210228211022001")
    assert article.is_excerpt and article.reporters == ["노도현"]
    assert article.history.earliest().history_change_reason == upload_reason(upload.name)
    assert Source.objects.get(file_name=upload.name).complete


def test_a_json_lines_upload_reports_its_bad_line():
    good = {
        "title": "AI 기본법 시행령 입법예고",
        "body": "정부가 시행령을 입법예고했다.",
        "outlet": "전자신문",
    }
    data = (json.dumps(good, ensure_ascii=False) + "\n{oops\n").encode()
    (report,) = uploads_ingest(files=[SimpleUploadedFile("dump.jsonl", data)])
    assert (report.status, report.new) == ("new", 1)
    assert report.warnings[0].startswith("line 2: invalid JSON")
