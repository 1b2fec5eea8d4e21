"""One-time login codes (mã OTP) for applicants, and the pluggable sender that delivers them.

The sender is chosen by the setting ``OPENTVET_OTP_SENDER`` (a dotted path to a class with a
``send(identifier, code, minutes)`` method). The default, ``ConsoleOtpSender``, is for the demo
and tests: it logs the code on the server's console (logger ``opentvet.otp``) and writes the
latest code per identifier to ``<OPENTVET_VAR_DIR>/otp-outbox/<identifier>.txt``, where a tester
(or the browser tests) can read it. Production sets an SMS or e-mail sender instead;
``EmailOtpSender`` sends through Django's e-mail backend.

Codes: 6 digits, only the SHA-256 stored, valid ``CODE_TTL_MINUTES``, at most ``MAX_ATTEMPTS``
wrong tries each; sending is rate limited per identifier and per IP address. Wrong codes count
as failed sign-ins in the one login throttle (``core.auth``): a locked account gets no codes and
no code is checked for it, whichever way in the failures came from.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import logging
import re
import secrets
from pathlib import Path
from typing import Protocol

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from opentvet.admissions.models import OneTimeCode
from opentvet.admissions.ratelimit import hit
from opentvet.core.auth import login_failed, login_is_throttled, login_succeeded
from opentvet.core.text import normalise_phone

logger = logging.getLogger("opentvet.otp")

CODE_TTL_MINUTES = 10
MAX_ATTEMPTS = 5
SENDS_PER_IDENTIFIER = 3  # per window
SENDS_PER_IP = 20
SEND_WINDOW_SECONDS = 900
DEFAULT_SENDER = "opentvet.admissions.otp.ConsoleOtpSender"

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class OtpSender(Protocol):
    def send(self, identifier: str, code: str, minutes: int) -> None: ...


class ConsoleOtpSender:
    """Demo sender: the code goes to the server log and to a file under the var directory."""

    def send(self, identifier: str, code: str, minutes: int) -> None:
        logger.warning("OTP for %s: %s (valid %d minutes)", identifier, code, minutes)
        outbox = Path(settings.VAR_DIR) / "otp-outbox"
        outbox.mkdir(parents=True, exist_ok=True)
        safe = re.sub(r"[^0-9a-z@._-]", "_", identifier.lower())
        (outbox / f"{safe}.txt").write_text(code, encoding="utf-8")


class EmailOtpSender:
    """Sends the code by e-mail (phone numbers need an SMS sender: configure your own)."""

    def send(self, identifier: str, code: str, minutes: int) -> None:
        if "@" not in identifier:
            raise ValueError("EmailOtpSender cannot send to a phone number")
        send_mail(
            _("Mã đăng nhập OpenTVET"),
            _("Mã của bạn là %(code)s, có hiệu lực %(minutes)d phút.")
            % {"code": code, "minutes": minutes},
            None,
            [identifier],
        )


def get_sender() -> OtpSender:
    path = getattr(settings, "OPENTVET_OTP_SENDER", DEFAULT_SENDER)
    return import_string(path)()  # type: ignore[no-any-return]


def normalise_identifier(raw: str) -> str | None:
    """An e-mail (lower case) or a Vietnamese mobile number (0 + 9 digits); None if neither."""
    value = (raw or "").strip()
    if "@" in value:
        value = value.lower()
        return value if _EMAIL.match(value) and len(value) <= 150 else None
    phone = normalise_phone(value)
    return phone if re.fullmatch(r"0\d{9}", phone) else None


def _digest(identifier: str, code: str) -> str:
    # Keyed by SECRET_KEY so a leaked table does not reveal codes by brute force of 10^6 values.
    message = f"{identifier}:{code}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


class OtpError(Exception):
    """A code could not be sent or checked; the message is for the user (Vietnamese)."""


def otp_request(*, identifier: str, ip: str | None) -> None:
    """Create and send a new code for ``identifier`` (already normalised); rate limited."""
    if login_is_throttled(identifier, ip):
        raise OtpError(_("Bạn đã đăng nhập sai quá nhiều lần. Vui lòng thử lại sau 15 phút."))
    if not hit(
        "otp_send",
        [(f"id:{identifier}", SENDS_PER_IDENTIFIER), (f"ip:{ip or ''}", SENDS_PER_IP)],
        SEND_WINDOW_SECONDS,
    ):
        raise OtpError(_("Bạn đã yêu cầu mã quá nhiều lần. Vui lòng thử lại sau 15 phút."))
    code = f"{secrets.randbelow(10**6):06d}"
    now = timezone.now()
    with transaction.atomic():
        # A new code replaces the earlier ones: only the latest can be used.
        OneTimeCode.objects.filter(identifier=identifier, used_at__isnull=True).update(used_at=now)
        OneTimeCode.objects.create(
            identifier=identifier,
            code_hash=_digest(identifier, code),
            ip=ip,
            expires_at=now + dt.timedelta(minutes=CODE_TTL_MINUTES),
        )
    get_sender().send(identifier, code, CODE_TTL_MINUTES)


def otp_verify(*, identifier: str, code: str, ip: str | None = None) -> bool:
    """Check ``code``; a right code is used up, a wrong one counts an attempt.

    Raises OtpError when there is no live code (expired, used, too many attempts) or the account
    is locked out by failed sign-ins.
    """
    if login_is_throttled(identifier, ip):
        raise OtpError(_("Bạn đã đăng nhập sai quá nhiều lần. Vui lòng thử lại sau 15 phút."))
    now = timezone.now()
    row = (
        OneTimeCode.objects.filter(identifier=identifier, used_at__isnull=True, expires_at__gt=now)
        .order_by("-created_at")
        .first()
    )
    if row is None or row.attempts >= MAX_ATTEMPTS:
        raise OtpError(_("Mã đã hết hạn hoặc đã bị khóa. Vui lòng yêu cầu mã mới."))
    if hmac.compare_digest(row.code_hash, _digest(identifier, (code or "").strip())):
        used = OneTimeCode.objects.filter(pk=row.pk, used_at__isnull=True).update(used_at=now)
        if used == 1:
            login_succeeded(identifier)
        return used == 1
    OneTimeCode.objects.filter(pk=row.pk).update(attempts=F("attempts") + 1)
    login_failed(identifier, ip)
    return False
