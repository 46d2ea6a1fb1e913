"""The upload screen: a curator ingests article files from the admin, with the command's report.

The files go through the same service as ``manage.py ingest`` (same detection, parsers, size limit,
one transaction per file); this module only reads the form and renders the report.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.admin import AdminSite
from django.core.exceptions import PermissionDenied, TooManyFilesSent
from django.db.models import Model
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from articles.models import Article
from articles.services.reports import FileReport, reports_totals
from articles.services.uploads import uploads_ingest

UPLOAD_PERMISSION = "articles.add_article"

# The command's words for a file's outcome (``manage.py ingest -v 2``), in Korean.
STATUS_LABELS = {
    "new": "수집함 (new)",
    "unchanged": "이미 수집된 파일이라 건너뜀 (unchanged)",
    "error": "실패 (error)",
}


# The command's closing-line items (``reports_totals``), in Korean.
SUMMARY_LABELS = {
    "files": "파일",
    "unchanged": "건너뜀(이미 수집)",
    "new articles": "새 기사",
    "duplicates": "중복(기존 기사에 연결)",
    "near-duplicates": "유사 중복",
    "needs review": "검토 필요",
    "warnings": "경고",
    "errors": "오류",
}


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """A file field holding every file of a multiple selection, as a list."""

    widget = MultipleFileInput

    def __init__(self, **kwargs) -> None:
        # An empty file is the ingest's to refuse, by name, without failing the files beside it.
        super().__init__(allow_empty_file=True, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        if not files and self.required:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        return [super(MultipleFileField, self).clean(f, initial) for f in files]


class UploadForm(forms.Form):
    # The stubs read this form field as overriding BaseForm.files (the uploaded files); the metaclass
    # moves it to base_fields, so nothing is overridden.
    files = MultipleFileField(label="파일", error_messages={"required": "올릴 파일을 하나 이상 고르세요."})  # type: ignore[assignment]
    url = forms.URLField(
        label="페이지 URL",
        required=False,
        max_length=Article._meta.get_field("url").max_length,
        assume_scheme="https",
        help_text="파일 하나를 올릴 때만: 그 파일을 가져온 페이지의 주소(매체를 알아보는 근거이자 기사의 "
        "URL). 여러 파일이면 파일마다 <파일 이름>.url 파일(첫 줄에 주소)을 함께 올리세요.",
    )
    dry_run = forms.BooleanField(
        label="미리 보기: 저장하지 않음",
        required=False,
        help_text="읽고 보고만 합니다. 아무것도 저장하지 않습니다.",
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        limit = settings.INGEST_MAX_FILE_BYTES / 2**20
        self.fields["files"].help_text = (
            "기사 페이지를 저장한 파일(텍스트, HTML, JSON Lines)을 하나 또는 여러 개 고르세요. "
            "manage.py ingest와 같은 규칙으로 파일마다 따로 저장되어, 실패한 파일은 아무것도 남기지 "
            f"않고 나머지는 저장됩니다. 파일 하나는 최대 {limit:g} MB, 한 번에 최대 "
            f"{settings.DATA_UPLOAD_MAX_NUMBER_FILES}개."
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("url") and len(cleaned.get("files") or []) > 1:
            self.add_error("url", "페이지 URL은 파일 하나를 올릴 때만 쓸 수 있습니다.")
        return cleaned


def too_many_files_message() -> str:
    return (
        f"한 번에 올릴 수 있는 파일은 최대 {settings.DATA_UPLOAD_MAX_NUMBER_FILES}개입니다. 나눠서 올리세요."
    )


class UploadMixin:
    """The article list's "기사 파일 올리기" screen, for users who may add articles."""

    # The ModelAdmin it is mixed into provides these.
    admin_site: AdminSite
    model: type[Model]
    media: forms.Media

    def get_urls(self):
        urls = [
            path(
                "upload/",
                self.admin_site.admin_view(csrf_exempt(self.upload_entry_view)),
                name="articles_article_upload",
            )
        ]
        return urls + super().get_urls()

    def has_upload_permission(self, request) -> bool:
        # Not has_add_permission: the article admin has no add form, articles come from ingest.
        return request.user.has_perm(UPLOAD_PERMISSION)

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "can_upload": self.has_upload_permission(request)}
        return super().changelist_view(request, extra_context)

    def upload_entry_view(self, request):
        """Reads the upload before the CSRF check does, so that too many files get a page saying so.

        Django refuses a body with more than DATA_UPLOAD_MAX_NUMBER_FILES files where the body is
        first read, which is the CSRF check: a bare 400 there. This view is therefore exempt from the
        middleware's check and applies the same check itself, right after (``upload_view``).
        """
        if not self.has_upload_permission(request):
            raise PermissionDenied
        if request.method == "POST":
            try:
                request.POST  # noqa: B018 - parses the body, files included
            except TooManyFilesSent:
                return self._render(request, form=UploadForm(), error=too_many_files_message(), status=400)
        return csrf_protect(self.upload_view)(request)

    def upload_view(self, request):
        if request.method != "POST":
            return self._render(request, form=UploadForm())
        form = UploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self._render(request, form=form, status=400)
        data = form.cleaned_data
        reports = uploads_ingest(files=data["files"], url=data["url"], dry_run=data["dry_run"])
        return self._render(request, form=UploadForm(), reports=reports, dry_run=data["dry_run"])

    def _render(
        self,
        request,
        *,
        form: UploadForm,
        reports: list[FileReport] | None = None,
        dry_run: bool = False,
        error: str = "",
        status: int = 200,
    ):
        context = {
            **self.admin_site.each_context(request),
            "title": "기사 파일 올리기",
            "opts": self.model._meta,
            "form": form,
            "dry_run": dry_run,
            "error": error,
            "media": self.media + form.media,
        }
        if reports is not None:
            context["rows"] = _report_rows(reports, dry_run=dry_run)
            context["summary"] = _summary(reports)
        return TemplateResponse(request, "admin/articles/upload.html", context, status=status)


def _report_rows(reports: list[FileReport], *, dry_run: bool) -> list[dict]:
    """One row per file: its report and, unless nothing was written, the articles it landed in."""
    ids = {pk for r in reports for pk in r.article_ids}
    found = {} if dry_run else {a.pk: a for a in Article.objects.filter(pk__in=ids).only("title", "status")}
    rows = []
    for report in reports:
        created = set(report.created_ids)
        articles = [
            {
                "article": found[pk],
                "url": reverse("admin:articles_article_change", args=[pk]),
                "created": pk in created,
            }
            for pk in report.article_ids
            if pk in found
        ]
        rows.append({"report": report, "status": STATUS_LABELS[report.status], "articles": articles})
    return rows


def _summary(reports: list[FileReport]) -> list[tuple[str, int]]:
    """The command's closing line (``files: …, unchanged: …, …``), item by item, in Korean."""
    return [(SUMMARY_LABELS[key], value) for key, value in reports_totals(reports).items()]
