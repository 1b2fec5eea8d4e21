"""Log in with an email address or a phone number; throttle repeated failures.

The throttle lives in the authentication backend, so every way in that checks a password goes
through it: the web login, Django's ``/admin/login/``, and anything else calling
``django.contrib.auth.authenticate``. One-time codes (``admissions.otp``) and API token creation
(``core.services.api_token_create``) count and honour the same lock-out. Failures are counted per
*normalised* identifier (``throttle_key``): ``0912345678``, ``+84912345678``, ``84912345678`` and
``0912 345 678`` are one account, as are ``A@x.vn`` and ``a@x.vn``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils import timezone

from opentvet.core.models import LoginFailure, User
from opentvet.core.text import nfc, normalise_phone


def throttle_key(identifier: str) -> str:
    """The one spelling of a login identifier: e-mail in lower case, phone as ``0xxxxxxxxx``."""
    value = nfc(identifier or "").strip()
    if "@" in value:
        return value.lower()[:150]
    phone = normalise_phone(value)
    return (phone or value.lower())[:150]


def find_user(identifier: str) -> User | None:
    identifier = nfc(identifier or "").strip()
    if not identifier:
        return None
    if "@" in identifier:
        return User.objects.filter(email__iexact=identifier).first()
    phone = normalise_phone(identifier)
    return User.objects.filter(phone=phone).first() if phone else None


class EmailOrPhoneBackend(ModelBackend):
    def authenticate(  # type: ignore[override]
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        identifier = username or kwargs.get("email") or ""
        key = throttle_key(identifier)
        ip = client_ip(request) if request is not None else None
        if key and login_is_throttled(key, ip):
            # PermissionDenied stops ``authenticate`` here: no other backend gets a try.
            raise PermissionDenied
        user = find_user(identifier)
        if user is None:
            # Run the hasher anyway so a missing account takes as long as a wrong password.
            User().set_password(password)
        elif password and user.check_password(password) and self.user_can_authenticate(user):
            login_succeeded(key)
            return user
        if key:
            login_failed(key, ip)
        return None


def client_ip(request: HttpRequest) -> str | None:
    # Behind a proxy, set the proxy to overwrite REMOTE_ADDR; X-Forwarded-For is client-controlled.
    return request.META.get("REMOTE_ADDR") or None


def throttle_window_start() -> dt.datetime:
    return timezone.now() - dt.timedelta(seconds=settings.LOGIN_FAILURE_WINDOW_SECONDS)


def login_is_throttled(identifier: str, ip: str | None) -> bool:
    """True while ``identifier`` (any spelling) or ``ip`` has too many recent failures."""
    recent = LoginFailure.objects.filter(at__gte=throttle_window_start())
    key = throttle_key(identifier)
    by_identifier = recent.filter(identifier=key).count()
    by_ip = recent.filter(ip=ip).count() if ip else 0
    limit = settings.LOGIN_FAILURE_LIMIT
    # An address may fail for several people behind one NAT (a college lab), so it gets more room.
    return by_identifier >= limit or by_ip >= limit * 4


def login_failed(identifier: str, ip: str | None) -> None:
    LoginFailure.objects.create(identifier=throttle_key(identifier), ip=ip)


def login_succeeded(identifier: str) -> None:
    LoginFailure.objects.filter(identifier=throttle_key(identifier)).delete()


def prune_login_failures() -> int:
    deleted, _ = LoginFailure.objects.filter(
        at__lt=throttle_window_start() - dt.timedelta(days=1)
    ).delete()
    return deleted
