"""Admin login throttling: too many failed logins for one username from one address are refused.

After ``MAX_FAILURES`` failures within ``WINDOW_SECONDS`` (counted from the first), the admin login
form refuses that username from that address, without checking the password, until the window
ends; a successful login clears the count. Keyed by username and address so one attacker cannot
lock a curator out from everywhere.

The counts live in Django's default cache. Unset, that is a per-process LocMemCache: fine for one
server process; with several processes or servers, configure a shared cache (CACHES) or the limit
applies per process.
"""

from __future__ import annotations

import hashlib

from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.core.cache import cache
from django.core.exceptions import ValidationError

MAX_FAILURES = 5
WINDOW_SECONDS = 15 * 60


def client_address(request) -> str:
    # REMOTE_ADDR, not X-Forwarded-For: a client can forge that header and pick its own bucket.
    return request.META.get("REMOTE_ADDR", "") if request is not None else ""


def _key(username: str, address: str) -> str:
    # Hashed: usernames may hold characters some cache backends refuse in keys.
    digest = hashlib.sha256(f"{username.strip().lower()}\n{address}".encode()).hexdigest()
    return f"admin-login-failures:{digest}"


def failures(username: str, address: str) -> int:
    return cache.get(_key(username, address), 0)


def is_blocked(username: str, address: str) -> bool:
    return failures(username, address) >= MAX_FAILURES


def record_failure(username: str, address: str) -> int:
    key = _key(username, address)
    cache.add(key, 0, timeout=WINDOW_SECONDS)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=WINDOW_SECONDS)
        return 1


def reset(username: str, address: str) -> None:
    cache.delete(_key(username, address))


def _on_login_failed(sender, credentials, request=None, **kwargs) -> None:
    if request is not None:
        record_failure(str(credentials.get("username", "")), client_address(request))


def _on_logged_in(sender, request, user, **kwargs) -> None:
    reset(user.get_username(), client_address(request))


user_login_failed.connect(_on_login_failed, dispatch_uid="portal.admin.login.failed")
user_logged_in.connect(_on_logged_in, dispatch_uid="portal.admin.login.logged_in")


class ThrottledAdminAuthenticationForm(AdminAuthenticationForm):
    """The admin login form, refusing a username/address pair that failed too often."""

    error_messages = {
        **AdminAuthenticationForm.error_messages,
        "throttled": (
            "로그인에 여러 번 실패해 잠시 막혔습니다. %(minutes)d분 뒤에 다시 시도하세요. "
            "비밀번호를 잊었다면 관리자에게 문의하세요."
        ),
    }

    def clean(self):
        username = self.cleaned_data.get("username") or ""
        if username and is_blocked(username, client_address(self.request)):
            raise ValidationError(
                self.error_messages["throttled"],
                code="throttled",
                params={"minutes": WINDOW_SECONDS // 60},
            )
        return super().clean()
