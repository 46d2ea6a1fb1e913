"""Admin login throttling that every server process shares: the answer to a refused login.

django-axes counts failed logins in the database (the ``AXES_*`` settings), so four server
processes, or one restarted, see one count. After ``AXES_FAILURE_LIMIT`` failures for one username
from one address (``portal.ops.clients.client_ip``), each within ``AXES_COOLOFF_TIME`` of the one
before, that pair is refused, even with the right password, until ``AXES_COOLOFF_TIME`` has passed
since its last counted failure; a successful login clears the pair's count. Keyed by the pair, so an
attacker cannot lock a curator out from everywhere, and a colleague at the same address can still
log in.

Axes' own answer is a bare English text; this module's ``login_lockout_response`` (the
``AXES_LOCKOUT_CALLABLE``) answers with the admin login page, a Korean message and a 429.
``login_client_ip`` (the ``AXES_CLIENT_IP_CALLABLE``) hands axes the address in a form its
database column accepts.
"""

from __future__ import annotations

import math

from axes.helpers import get_client_username, get_cool_off
from axes.models import AccessAttempt
from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.db.models import Max
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from portal.ops.clients import client_ip

LOCKOUT_TEMPLATE = "admin/login_locked.html"
LOCKOUT_MESSAGE = (
    "로그인에 여러 번 실패해 잠시 막혔습니다. {minutes}분 뒤에 다시 시도하세요. "
    "비밀번호를 잊었다면 관리자에게 문의하세요."
)


def login_client_ip(request: HttpRequest, *args, **kwargs) -> str | None:
    """``AXES_CLIENT_IP_CALLABLE``: ``portal.ops.clients.client_ip``, or None when there is no address.

    "" would be a 500 on insert into axes' ``inet`` column, or a fresh count on every attempt. None
    is stored as NULL and axes matches it with IS NULL: every such request shares one count per
    username, so the throttle fails closed rather than open.
    """
    return client_ip(request) or None


def lockout_seconds_left(*, username: str | None, ip_address: str | None) -> int:
    """Seconds until the pair's lock ends: the cool-off counted from its last recorded failure.

    Refused attempts are not recorded (``AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT`` is off),
    so retrying does not push the end further away and the number shown stays true.
    """
    cool_off = get_cool_off()
    if cool_off is None:
        return 0
    last = AccessAttempt.objects.filter(username=username, ip_address=ip_address).aggregate(
        last=Max("attempt_time")
    )["last"]
    if last is None:  # reset meanwhile by an administrator: the whole cool-off is the honest bound
        return int(cool_off.total_seconds())
    return max(0, math.ceil((last + cool_off - timezone.now()).total_seconds()))


def login_lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: dict | None = None
) -> HttpResponse:
    """``AXES_LOCKOUT_CALLABLE``: the admin login page with the lockout message, status 429.

    The form stays, empty but for the username: the lock holds for one username from one address,
    so someone else at this address may still log in. ``Retry-After`` says when to try again.
    """
    username = get_client_username(request, credentials)
    seconds = lockout_seconds_left(username=username, ip_address=getattr(request, "axes_ip_address", None))
    minutes = max(1, math.ceil(seconds / 60))
    context = {
        **admin.site.each_context(request),
        "title": "로그인 잠김",
        "subtitle": None,
        "app_path": request.get_full_path(),
        "username": request.user.get_username(),
        "form": AdminAuthenticationForm(request, initial={"username": username or ""}),
        REDIRECT_FIELD_NAME: (
            request.POST.get(REDIRECT_FIELD_NAME)
            or request.GET.get(REDIRECT_FIELD_NAME)
            or reverse("admin:index", current_app=admin.site.name)
        ),
        "lockout_message": LOCKOUT_MESSAGE.format(minutes=minutes),
    }
    response = render(request, LOCKOUT_TEMPLATE, context, status=429)
    response["Retry-After"] = str(max(1, seconds))
    return response
