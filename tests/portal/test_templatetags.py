"""The facet sidebar's options are built with plain string formatting: every value must still be
escaped exactly as Django's templates would, and text already marked safe kept as it is."""

from __future__ import annotations

from types import SimpleNamespace

from django.utils.html import format_html_join
from django.utils.safestring import mark_safe

from portal.templatetags.portal_tags import facet_options


def _as_format_html(group, options, prefix: str) -> str:
    return format_html_join(
        "",
        '<li><label class="facet-option" for="{0}">'
        '<input type="checkbox" id="{0}" name="{1}" value="{2}" form="search-form"{3}>'
        '<span class="facet-name">{4}</span>'
        '<span class="facet-count">{5}<span class="visually-hidden">건</span></span>'
        "</label></li>",
        (
            (
                f"{prefix}-{group.name}-{n}",
                group.name,
                o.value,
                mark_safe(" checked") if o.selected else "",
                o.label,
                o.count,
            )
            for n, o in enumerate(options, start=1)
        ),
    )


def test_options_are_escaped_as_the_template_engine_would():
    group = SimpleNamespace(name='outlet"&')
    options = [
        SimpleNamespace(value='<script>alert("x")</script>', label="AT&T's <b>", count=3, selected=True),
        SimpleNamespace(value="연합뉴스", label=mark_safe("<em>이미 안전</em>"), count=1204, selected=False),
        SimpleNamespace(value=2025, label="2025년 6월", count=0, selected=False),
    ]
    html = facet_options(group, options, prefix="f")
    assert html == _as_format_html(group, options, "f")
    assert "<script>" not in html and "&lt;script&gt;" in html and "AT&amp;T&#x27;s &lt;b&gt;" in html
    assert "<em>이미 안전</em>" in html and html.count(" checked") == 1
