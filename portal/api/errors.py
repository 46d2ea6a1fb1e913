"""One error shape for the whole public surface: ``{"error": {"param": ..., "message": ...}}``."""

from __future__ import annotations

from django.http import JsonResponse

from portal.api.schemas import Error


def error_response(param: str | None, message: str, *, status: int = 400) -> JsonResponse:
    """An error answer naming the parameter at fault, or None when the request as a whole is (the
    API, exports, citations, feeds, the rate limits and the statement timeout use it)."""
    body = Error.model_validate({"error": {"param": param, "message": message}}).model_dump()
    return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})
