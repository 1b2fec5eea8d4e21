"""Passwords: change (signed in), reset by a one-time link (signed out), and who delivers the link.

The link goes through a pluggable sender chosen by ``OPENTVET_PASSWORD_RESET_SENDER`` (a dotted
path to a class with ``send(user, link, hours)``), like the applicants' one-time codes
(``admissions.otp``). The default, ``OutboxResetSender``, is for the demo and tests: it logs the
link (logger ``opentvet.password``) and writes it to ``<OPENTVET_VAR_DIR>/mail-outbox/<id>.txt``.
Production sets ``opentvet.core.passwords.EmailResetSender`` (Django's e-mail backend).

New passwords pass Django's validators (``AUTH_PASSWORD_VALIDATORS``: length, common passwords,
all digits, similar to the name or address); their messages come in Vietnamese from Django's own
catalogue.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Protocol

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils.encoding import force_bytes, force_str
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from opentvet.core.access import Actor
from opentvet.core.audit import audit_log
from opentvet.core.models import User

logger = logging.getLogger("opentvet.password")

DEFAULT_SENDER = "opentvet.core.passwords.OutboxResetSender"


class ResetSender(Protocol):
    def send(self, user: User, link: str, hours: int) -> None: ...


def outbox_dir() -> Path:
    return Path(settings.VAR_DIR) / "mail-outbox"


class OutboxResetSender:
    """Demo sender: the link goes to the server log and to a file under the var directory."""

    def send(self, user: User, link: str, hours: int) -> None:
        logger.warning("Password reset link for %s: %s", user.email or user.phone, link)
        outbox = outbox_dir()
        outbox.mkdir(parents=True, exist_ok=True)
        safe = re.sub(r"[^0-9a-z@._-]", "_", (user.email or user.phone or str(user.pk)).lower())
        (outbox / f"{safe}.txt").write_text(link, encoding="utf-8")


class EmailResetSender:
    """Sends the link by e-mail; an account with only a phone number needs its own sender."""

    def send(self, user: User, link: str, hours: int) -> None:
        if not user.email:
            logger.warning("Password reset for user %s skipped: no e-mail address", user.pk)
            return
        send_mail(
            _("Đặt lại mật khẩu OpenTVET"),
            _(
                "Để đặt mật khẩu mới, hãy mở liên kết sau (có hiệu lực %(hours)d giờ): %(link)s\n"
                "Nếu bạn không yêu cầu, hãy bỏ qua thư này."
            )
            % {"hours": hours, "link": link},
            None,
            [user.email],
        )


def get_sender() -> ResetSender:
    path = getattr(settings, "OPENTVET_PASSWORD_RESET_SENDER", DEFAULT_SENDER)
    sender: ResetSender = import_string(path)()
    return sender


def _validate_new(user: User, new_password: str, repeat: str) -> None:
    if new_password != repeat:
        raise ValidationError({"new_password2": _("Hai lần nhập mật khẩu mới không khớp.")})
    try:
        validate_password(new_password, user)
    except ValidationError as error:
        raise ValidationError({"new_password1": error.messages}) from error


@transaction.atomic
def user_password_change(
    *, actor: Actor, old_password: str, new_password: str, repeat: str
) -> None:
    """The signed-in user changes their own password (the old one is asked again)."""
    user = actor.user
    if not user.check_password(old_password):
        raise ValidationError({"old_password": _("Mật khẩu hiện tại không đúng.")})
    _validate_new(user, new_password, repeat)
    user.set_password(new_password)
    user.save(update_fields=["password"])
    audit_log(actor=user, verb="password_change", instance=user, organisation=None)


def reset_hours() -> int:
    return max(1, settings.PASSWORD_RESET_TIMEOUT // 3600)


def password_reset_request(*, user: User | None, base_url: str) -> None:
    """Send a reset link to ``user`` (found by the caller from what was typed). Nothing happens
    for an unknown or inactive account, and the page says the same either way, so the form
    cannot tell who has an account."""
    if user is None or not user.is_active or not user.has_usable_password():
        return
    from django.urls import reverse

    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    link = base_url.rstrip("/") + reverse("web:password_reset_confirm", args=[uid, token])
    get_sender().send(user, link, reset_hours())
    audit_log(actor=None, verb="password_reset_request", instance=user, organisation=None)


def reset_user(uid: str, token: str) -> User | None:
    """The account a reset link names, when its token is still valid (else None)."""
    try:
        pk = int(force_str(urlsafe_base64_decode(uid)))
    except (ValueError, TypeError, OverflowError):
        return None
    user = User.objects.filter(pk=pk, is_active=True).first()
    if user is None or not default_token_generator.check_token(user, token):
        return None
    return user


@transaction.atomic
def password_reset_confirm(*, user: User, token: str, new_password: str, repeat: str) -> None:
    """Set a new password from a reset link; the link stops working (its token hashes the old
    password)."""
    if not default_token_generator.check_token(user, token):
        raise ValidationError(_("Liên kết đặt lại mật khẩu không hợp lệ hoặc đã hết hạn."))
    _validate_new(user, new_password, repeat)
    user.set_password(new_password)
    user.save(update_fields=["password"])
    audit_log(actor=user, verb="password_reset", instance=user, organisation=None)
