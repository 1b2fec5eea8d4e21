"""Log in with an email address or a phone number; throttle repeated failures."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest
from django.utils import timezone

from opentvet.core.models import LoginFailure, User
from opentvet.core.text import normalise_phone


def find_user(identifier: str) -> User | None:
    identifier = (identifier or "").strip()
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
        user = find_user(username or kwargs.get("email") or "")
        if user is None:
            # Run the hasher anyway so a missing account takes as long as a wrong password.
            User().set_password(password)
            return None
        if password and user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None


def client_ip(request: HttpRequest) -> str | None:
    # Behind a proxy, set the proxy to overwrite REMOTE_ADDR; X-Forwarded-For is client-controlled.
    return request.META.get("REMOTE_ADDR") or None


def _window_start() -> dt.datetime:
    return timezone.now() - dt.timedelta(seconds=settings.LOGIN_FAILURE_WINDOW_SECONDS)


def login_is_throttled(identifier: str, ip: str | None) -> bool:
    recent = LoginFailure.objects.filter(at__gte=_window_start())
    key = identifier.strip().lower()
    by_identifier = recent.filter(identifier=key).count()
    by_ip = recent.filter(ip=ip).count() if ip else 0
    limit = settings.LOGIN_FAILURE_LIMIT
    # An address may fail for several people behind one NAT (a college lab), so it gets more room.
    return by_identifier >= limit or by_ip >= limit * 4


def login_failed(identifier: str, ip: str | None) -> None:
    LoginFailure.objects.create(identifier=identifier.strip().lower()[:150], ip=ip)


def login_succeeded(identifier: str) -> None:
    LoginFailure.objects.filter(identifier=identifier.strip().lower()).delete()


def prune_login_failures() -> int:
    deleted, _ = LoginFailure.objects.filter(at__lt=_window_start() - dt.timedelta(days=1)).delete()
    return deleted
