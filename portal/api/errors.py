"""One error shape for the whole public surface: ``{"error": {"param": ..., "message": ...}}``."""

from __future__ import annotations

from django.http import JsonResponse

from portal.api.schemas import Error


def error_response(param: str, message: str, *, status: int = 400) -> JsonResponse:
    """A 4xx answer naming the parameter at fault (the API, exports, citations and feeds use it)."""
    body = Error.model_validate({"error": {"param": param, "message": message}}).model_dump()
    return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})
