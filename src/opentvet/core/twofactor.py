"""Two-step sign-in for staff (xác thực hai bước): a time-based code (TOTP) from an app on the
user's phone, stored and checked by django-otp's TOTP device.

Who must use it: everyone who has set it up, and — when ``OPENTVET_REQUIRE_2FA`` is on (the
default with ``DEBUG`` off; the demo and the tests turn it off) — superusers and every holder of
a role at an authority (ministry, national department, provincial People's Committee or
department), who are asked to set it up at their next sign-in. A signed-in session that has not
passed the second step reaches only the second-step page and sign-out
(``web.middleware.SecondFactorMiddleware``).
"""

from __future__ import annotations

import segno
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from opentvet.core.access import Actor
from opentvet.core.audit import audit_log
from opentvet.core.models import OrgKind, User

AUTHORITY_KINDS = frozenset(
    {
        OrgKind.MINISTRY,
        OrgKind.NATIONAL_AUTHORITY,
        OrgKind.PEOPLES_COMMITTEE,
        OrgKind.PROVINCIAL_AUTHORITY,
    }
)
DEVICE_NAME = "app"


def confirmed_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def is_required_for(actor: Actor) -> bool:
    """Must this user set up the second step (by the setting), even if they have not yet?"""
    if not getattr(settings, "OPENTVET_REQUIRE_2FA", False):
        return False
    return actor.is_superuser or any(g.kind in AUTHORITY_KINDS for g in actor.grants)


def needs_second_step(actor: Actor) -> bool:
    return is_required_for(actor) or confirmed_device(actor.user) is not None


@transaction.atomic
def device_start(*, actor: Actor) -> TOTPDevice:
    """A new, not yet confirmed device (a fresh secret) for the user to add to their app."""
    TOTPDevice.objects.filter(user=actor.user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=actor.user, name=DEVICE_NAME, confirmed=False)


def pending_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-id").first()


@transaction.atomic
def device_confirm(*, actor: Actor, device: TOTPDevice, token: str) -> None:
    """Confirm a new device with the first code its app shows; it replaces an older one."""
    if device.user_id != actor.user.pk or device.confirmed:
        raise PermissionError("device")
    if not device.verify_token((token or "").strip()):
        raise ValidationError({"code": _("Mã không đúng hoặc đã hết hạn. Hãy nhập mã đang hiện.")})
    TOTPDevice.objects.filter(user=actor.user, confirmed=True).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    audit_log(actor=actor.user, verb="two_factor_enable", instance=actor.user, organisation=None)


def code_matches(device: TOTPDevice, token: str) -> bool:
    """Check a code (django-otp slows down repeated wrong codes per device)."""
    return bool(device.verify_token((token or "").strip()))


@transaction.atomic
def device_remove(*, actor: Actor) -> None:
    if is_required_for(actor):
        raise ValidationError(_("Tài khoản của bạn bắt buộc dùng xác thực hai bước."))
    deleted, _rows = TOTPDevice.objects.filter(user=actor.user).delete()
    if deleted:
        audit_log(
            actor=actor.user, verb="two_factor_disable", instance=actor.user, organisation=None
        )


def qr_svg(device: TOTPDevice) -> str:
    """The device's setup address as an inline SVG QR code (no network, no image file)."""
    return segno.make(device.config_url, error="m").svg_inline(scale=4)


def secret_text(device: TOTPDevice) -> str:
    """The secret in base32, in groups of four, for typing into an app by hand."""
    from base64 import b32encode

    raw = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(raw[i : i + 4] for i in range(0, len(raw), 4))
