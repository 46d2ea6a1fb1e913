"""The task queue's job screen (procrastinate's), without the inline style the CSP blocks."""

from __future__ import annotations

import json

from django.contrib import admin
from django.utils.html import format_html
from procrastinate.contrib.django.admin import ProcrastinateJobAdmin
from procrastinate.contrib.django.models import ProcrastinateJob

# Long argument lists are cut, as procrastinate's own screen cuts them.
ARGS_MAX_CHARS = 2000

admin.site.unregister(ProcrastinateJob)


@admin.register(ProcrastinateJob)
class JobAdmin(ProcrastinateJobAdmin):
    """procrastinate's job admin; its arguments column is styled by class (static/css/admin.css)."""

    @admin.display(description="Args")
    def pretty_args(self, instance: ProcrastinateJob) -> str:
        indent = 2 if len(instance.args) > 1 or len(str(instance.args)) > 30 else None
        pretty = json.dumps(instance.args, indent=indent, ensure_ascii=False)
        if len(pretty) > ARGS_MAX_CHARS:
            pretty = pretty[:ARGS_MAX_CHARS] + "..."
        return format_html('<pre class="job-args">{}</pre>', pretty)
