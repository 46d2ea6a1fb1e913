from django.shortcuts import get_object_or_404, render

from policy.models import Entity


def entity_detail(request, slug: str, kind: str):
    entity = get_object_or_404(Entity, kind=kind, slug=slug)
    return render(request, "policy/entity_detail.html", {"entity": entity})
