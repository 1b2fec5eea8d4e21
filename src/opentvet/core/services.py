"""Writes on the core models. Each takes a keyword-only ``actor`` and leaves an audit entry."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from opentvet.core.access import Actor
from opentvet.core.audit import audit_log, audited_create, audited_update
from opentvet.core.models import (
    ApiToken,
    AuditEntry,
    Membership,
    Organisation,
    OrganisationEvent,
    OrgKind,
    Role,
    User,
)

# Fields an officer may edit on an organisation's profile. Tree position, kind and code change
# only through the dedicated services below, which also write an OrganisationEvent.
ORGANISATION_PROFILE_FIELDS = [
    "name",
    "short_name",
    "institution_type",
    "ownership",
    "governing_body",
    "autonomy_group",
    "legal_status",
    "leader_name",
    "leader_title",
    "unit_kind",
    "province",
    "ward",
    "street_address",
    "phone",
    "email",
    "website",
]

ALLOWED_CHILDREN: dict[str, set[str]] = {
    OrgKind.MINISTRY: {OrgKind.NATIONAL_AUTHORITY, OrgKind.UNIT},
    OrgKind.NATIONAL_AUTHORITY: {OrgKind.PEOPLES_COMMITTEE, OrgKind.INSTITUTION, OrgKind.UNIT},
    OrgKind.PEOPLES_COMMITTEE: {OrgKind.PROVINCIAL_AUTHORITY, OrgKind.INSTITUTION},
    OrgKind.PROVINCIAL_AUTHORITY: {OrgKind.INSTITUTION},
    OrgKind.INSTITUTION: {OrgKind.UNIT},
    OrgKind.UNIT: {OrgKind.UNIT},
}


def _require(actor: Actor, perm: str, organisation: Organisation) -> None:
    if not actor.can(perm, organisation.path):
        raise PermissionError(perm)


def _validate_ward(data: dict[str, Any]) -> None:
    ward, province = data.get("ward"), data.get("province")
    if ward is not None and province is not None and ward.province_id != province.pk:
        raise ValidationError({"ward": _("Xã/phường không thuộc tỉnh/thành phố đã chọn.")})


@transaction.atomic
def organisation_create(
    *,
    actor: Actor | None,
    parent: Organisation | None,
    kind: str,
    code: str,
    name: str,
    **fields: Any,
) -> Organisation:
    """Create a node under ``parent``. ``actor=None`` is the trusted loader (demo, imports)."""
    if parent is not None:
        if actor is not None:
            _require(actor, "org.change", parent)
        if kind not in ALLOWED_CHILDREN.get(parent.kind, set()):
            raise ValidationError(
                {"kind": _("Không thể tạo loại tổ chức này dưới tổ chức đã chọn.")}
            )
    _validate_ward(fields)
    organisation = Organisation(parent=parent, kind=kind, code=code, name=name, **fields)
    audited_create(
        actor=actor.user if actor else None,
        verb="organisation_create",
        instance=organisation,
        organisation=None,
    )
    # The entry belongs to the new node itself, whose path exists only after the save.
    AuditEntry.all_objects.filter(
        object_type="core.organisation", object_id=str(organisation.pk)
    ).update(organisation=organisation, organisation_path=organisation.path)
    OrganisationEvent.objects.create(
        organisation=organisation,
        kind=OrganisationEvent.Kind.ESTABLISHED,
        effective_date=fields.get("valid_from") or timezone.localdate(),
        decision=fields.get("legal_status", ""),
        new_name=name,
    )
    return organisation


@transaction.atomic
def organisation_update(
    *, actor: Actor, organisation: Organisation, data: dict[str, Any]
) -> dict[str, list[Any]]:
    """Edit an organisation's profile; returns the changes that were written."""
    _require(actor, "org.change", organisation)
    unknown = set(data) - set(ORGANISATION_PROFILE_FIELDS)
    if unknown:
        raise ValidationError(
            _("Không được sửa các trường: %(f)s") % {"f": ", ".join(sorted(unknown))}
        )
    merged = {"province": organisation.province, "ward": organisation.ward, **data}
    _validate_ward(merged)
    old_name = organisation.name
    changes = audited_update(
        actor=actor.user,
        verb="organisation_update",
        instance=organisation,
        organisation=organisation,
        data=data,
    )
    if "name" in changes:
        OrganisationEvent.objects.create(
            organisation=organisation,
            kind=OrganisationEvent.Kind.RENAMED,
            effective_date=timezone.localdate(),
            old_name=old_name,
            new_name=organisation.name,
        )
    return changes


@transaction.atomic
def organisation_rename(
    *,
    actor: Actor | None,
    organisation: Organisation,
    new_name: str,
    effective_date: dt.date,
    decision: str = "",
) -> Organisation:
    """Rename with a dated decision (e.g. the national department in 2022 and 2025)."""
    if actor is not None:
        _require(actor, "org.change", organisation)
    old_name = organisation.name
    audited_update(
        actor=actor.user if actor else None,
        verb="organisation_rename",
        instance=organisation,
        organisation=organisation,
        data={"name": new_name},
    )
    OrganisationEvent.objects.create(
        organisation=organisation,
        kind=OrganisationEvent.Kind.RENAMED,
        effective_date=effective_date,
        decision=decision,
        old_name=old_name,
        new_name=new_name,
    )
    return organisation


@transaction.atomic
def organisation_merge(
    *,
    actor: Actor | None,
    organisation: Organisation,
    into: Organisation,
    effective_date: dt.date,
    decision: str = "",
) -> Organisation:
    """Close ``organisation`` and name ``into`` as its successor; the closed node keeps its data."""
    if actor is not None:
        _require(actor, "org.change", organisation)
        _require(actor, "org.change", into)
    if organisation.pk == into.pk:
        raise ValidationError(_("Không thể sáp nhập một tổ chức vào chính nó."))
    audited_update(
        actor=actor.user if actor else None,
        verb="organisation_merge",
        instance=organisation,
        organisation=organisation,
        data={"valid_to": effective_date, "successor": into},
    )
    OrganisationEvent.objects.create(
        organisation=organisation,
        kind=OrganisationEvent.Kind.MERGED,
        effective_date=effective_date,
        decision=decision,
        successor=into,
        old_name=organisation.name,
        new_name=into.name,
    )
    return organisation


@transaction.atomic
def user_create(
    *,
    actor: Actor | None,
    full_name: str,
    email: str | None = None,
    phone: str | None = None,
    password: str | None = None,
    organisation: Organisation | None = None,
) -> User:
    if not (email or phone):
        raise ValidationError(_("Cần có thư điện tử hoặc số điện thoại."))
    user = User(full_name=full_name, email=email or None, phone=phone or None)
    user.set_password(password) if password else user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    audit_log(
        actor=actor.user if actor else None,
        verb="user_create",
        instance=user,
        organisation=organisation,
        action=AuditEntry.Action.CREATE,
        changes={
            "full_name": [None, full_name],
            "email": [None, user.email],
            "phone": [None, user.phone],
        },
    )
    return user


@transaction.atomic
def membership_grant(
    *,
    actor: Actor | None,
    user: User,
    organisation: Organisation,
    role: Role | str,
    title: str = "",
) -> Membership:
    role_obj = role if isinstance(role, Role) else Role.objects.get(pk=role)
    if actor is not None:
        _require(actor, "org.manage_members", organisation)
    if organisation.kind not in role_obj.holder_kinds:
        raise ValidationError(
            {
                "role": _("Vai trò “%(role)s” không áp dụng cho loại tổ chức này.")
                % {"role": role_obj.name}
            }
        )
    membership, created = Membership.objects.get_or_create(
        user=user,
        organisation=organisation,
        role=role_obj,
        defaults={"title": title, "valid_from": timezone.localdate()},
    )
    if not created and not membership.is_active:
        membership.is_active = True
        membership.save(update_fields=["is_active"])
        created = True
    if created:
        audit_log(
            actor=actor.user if actor else None,
            verb="membership_grant",
            instance=membership,
            organisation=organisation,
            action=AuditEntry.Action.CREATE,
            changes={"user": [None, str(user)], "role": [None, role_obj.codename]},
        )
    return membership


@transaction.atomic
def membership_revoke(*, actor: Actor, membership: Membership) -> None:
    _require(actor, "org.manage_members", membership.organisation)
    audited_update(
        actor=actor.user,
        verb="membership_revoke",
        instance=membership,
        organisation=membership.organisation,
        data={"is_active": False, "valid_to": timezone.localdate()},
    )


API_TOKEN_MAX_DAYS = 365
API_TOKENS_PER_WINDOW = 10


@transaction.atomic
def api_token_create(
    *,
    actor: Actor,
    name: str,
    scopes: Sequence[str] = ("read", "write"),
    valid_days: int = 90,
) -> tuple[ApiToken, str]:
    """A new token for the actor; the raw value is returned once and never stored.

    ``scopes``: ``read`` and/or ``write``; the token expires after ``valid_days`` (at most a
    year). Refused while the account is locked out by failed sign-ins (``core.auth``), and when
    the user has made too many tokens in the throttle window.
    """
    from opentvet.core.auth import login_is_throttled, throttle_window_start

    chosen = sorted(set(scopes))
    if not chosen or not set(chosen) <= set(ApiToken.Scope.values):
        raise ValidationError({"scopes": _("Chọn phạm vi của khóa: đọc và/hoặc ghi.")})
    if not 1 <= valid_days <= API_TOKEN_MAX_DAYS:
        raise ValidationError(
            {
                "valid_days": _("Thời hạn của khóa từ 1 đến %(max)d ngày.")
                % {"max": API_TOKEN_MAX_DAYS}
            }
        )
    user = actor.user
    identifier = user.email or user.phone or ""
    recent = ApiToken.objects.filter(user=user, created_at__gte=throttle_window_start()).count()
    if (identifier and login_is_throttled(identifier, None)) or recent >= API_TOKENS_PER_WINDOW:
        raise ValidationError(
            _("Tài khoản đang tạm khóa hoặc đã tạo quá nhiều khóa. Vui lòng thử lại sau 15 phút.")
        )
    raw, prefix, digest = ApiToken.generate()
    expires_at = timezone.now() + dt.timedelta(days=valid_days)
    token = ApiToken.objects.create(
        user=user,
        name=name,
        prefix=prefix,
        digest=digest,
        scopes=" ".join(chosen),
        expires_at=expires_at,
    )
    audit_log(
        actor=user,
        verb="api_token_create",
        instance=token,
        organisation=None,
        action=AuditEntry.Action.CREATE,
        changes={
            "name": [None, name],
            "prefix": [None, prefix],
            "scopes": [None, token.scopes],
            "expires_at": [None, expires_at.isoformat()],
        },
    )
    return token, raw


@transaction.atomic
def api_token_revoke(*, actor: Actor, token: ApiToken) -> None:
    if token.user_id != actor.user.pk:
        raise PermissionError("api_token")
    audited_update(
        actor=actor.user,
        verb="api_token_revoke",
        instance=token,
        organisation=None,
        data={"revoked_at": timezone.now()},
    )
