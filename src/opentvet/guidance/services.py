"""Writes of the guidance app: inventory results, consent, interest codes, sessions, events."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from opentvet.catalogue.models import Occupation
from opentvet.core.access import Actor
from opentvet.core.audit import audit_log, audited_create, audited_update
from opentvet.core.models import AuditEntry, Organisation, User
from opentvet.guidance.inventory import ITEM_KEYS, TYPES
from opentvet.guidance.models import (
    CounsellingSession,
    EventRegistration,
    GuidanceEvent,
    InventoryResult,
    OccupationInterest,
    ResultConsent,
)
from opentvet.guidance.scoring import holland_code, score

# Counsellors are the institution's admissions staff: recording sessions and running events
# needs ``admissions.change``; reading consented results ``admissions.view`` (no guidance-specific
# permission exists in core.roles yet).
COUNSEL_PERM = "admissions.change"
INTEREST_EDIT_PERM = "catalogue.change"


def _require(actor: Actor, perm: str, organisation: Organisation) -> None:
    if not actor.can(perm, organisation.path):
        raise PermissionError(perm)


@transaction.atomic
def inventory_submit(*, user: User | None, answers: dict[str, Any]) -> InventoryResult:
    """Score a completed inventory. Every item must be answered with 0, 1 or 2."""
    clean: dict[str, int] = {}
    for key in ITEM_KEYS:
        value = answers.get(key)
        try:
            number = int(value)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            number = -1
        if number not in (0, 1, 2):
            raise ValidationError(_("Vui lòng trả lời tất cả các câu hỏi."))
        clean[key] = number
    scores = score(clean)
    result = InventoryResult.objects.create(
        user=user, answers=clean, scores=scores, code=holland_code(scores)
    )
    if user is not None:
        audit_log(
            actor=user,
            verb="inventory_submit",
            instance=result,
            organisation=None,
            action=AuditEntry.Action.CREATE,
            changes={"code": [None, result.code]},
        )
    return result


def results_claim(*, user: User, tokens: list[str]) -> int:
    """Attach anonymous results (kept in the session) to the account that just signed in."""
    return InventoryResult.objects.filter(token__in=tokens[:20], user__isnull=True).update(
        user=user
    )


@transaction.atomic
def consent_grant(*, actor: Actor, result: InventoryResult, institution: Organisation) -> None:
    if result.user_id != actor.user.pk:
        raise PermissionError("result")
    if not institution.is_institution:
        raise ValidationError(_("Chỉ chia sẻ với cơ sở GDNN."))
    consent, created = ResultConsent.all_objects.get_or_create(
        result=result, institution=institution
    )
    if not created and consent.revoked_at:
        ResultConsent.all_objects.filter(pk=consent.pk).update(
            revoked_at=None, granted_at=timezone.now()
        )
    audit_log(
        actor=actor.user,
        verb="consent_grant",
        instance=consent,
        organisation=institution,
        action=AuditEntry.Action.ACTION,
    )


@transaction.atomic
def consent_revoke(*, actor: Actor, result: InventoryResult, institution: Organisation) -> None:
    if result.user_id != actor.user.pk:
        raise PermissionError("result")
    ResultConsent.all_objects.filter(result=result, institution=institution).update(
        revoked_at=timezone.now()
    )
    audit_log(
        actor=actor.user,
        verb="consent_revoke",
        instance=result,
        organisation=institution,
        action=AuditEntry.Action.ACTION,
    )


def interest_codes_seed() -> int:
    """Give every level-II group a code from the catalogue (idempotent; keeps edited codes)."""
    existing = set(OccupationInterest.objects.values_list("occupation_id", flat=True))
    new = [
        OccupationInterest(occupation=o, code=o.riasec, note=_("Khởi tạo từ danh mục"))
        for o in Occupation.objects.filter(level=2).exclude(riasec="")
        if o.code not in existing
    ]
    OccupationInterest.objects.bulk_create(new)
    return len(new)


@transaction.atomic
def interest_code_set(
    *, actor: Actor, authority: Organisation, occupation: Occupation, code: str, note: str = ""
) -> OccupationInterest:
    """The authority edits an occupation's RIASEC code (``catalogue.change``)."""
    _require(actor, INTEREST_EDIT_PERM, authority)
    code = (code or "").strip().upper()
    if (
        not (1 <= len(code) <= 3)
        or any(c not in TYPES for c in code)
        or len(set(code)) != len(code)
    ):
        raise ValidationError({"code": _("Mã gồm 1–3 chữ cái khác nhau trong R, I, A, S, E, C.")})
    interest = OccupationInterest.objects.filter(occupation=occupation).first()
    if interest is None:
        interest = OccupationInterest(occupation=occupation, code=code, note=note)
        audited_create(
            actor=actor.user, verb="interest_code_create", instance=interest, organisation=authority
        )
        return interest
    audited_update(
        actor=actor.user,
        verb="interest_code_update",
        instance=interest,
        organisation=authority,
        data={"code": code, "note": note},
    )
    return interest


@transaction.atomic
def session_record(
    *, actor: Actor, institution: Organisation, data: dict[str, Any]
) -> CounsellingSession:
    _require(actor, COUNSEL_PERM, institution)
    session = CounsellingSession(institution=institution, counsellor=actor.user, **data)
    audited_create(
        actor=actor.user,
        verb="counselling_session_record",
        instance=session,
        organisation=institution,
    )
    return session


@transaction.atomic
def event_create(
    *, actor: Actor | None, institution: Organisation, data: dict[str, Any]
) -> GuidanceEvent:
    if actor is not None:
        _require(actor, COUNSEL_PERM, institution)
    event = GuidanceEvent(institution=institution, **data)
    audited_create(
        actor=actor.user if actor else None,
        verb="guidance_event_create",
        instance=event,
        organisation=institution,
    )
    return event


def event_register(
    *, event: GuidanceEvent, full_name: str, phone: str, school: str = ""
) -> EventRegistration:
    """Public registration for an event; one per phone number, within capacity."""
    if event.starts_at < timezone.now() - dt.timedelta(hours=12):
        raise ValidationError(_("Sự kiện đã diễn ra."))
    with transaction.atomic():
        # Lock the event row so concurrent registrations cannot pass the capacity together.
        GuidanceEvent.all_objects.select_for_update().filter(pk=event.pk).first()
        if EventRegistration.all_objects.filter(event=event).count() >= event.capacity:
            raise ValidationError(_("Sự kiện đã đủ số chỗ."))
        try:
            with transaction.atomic():
                registration = EventRegistration.all_objects.create(
                    event=event, full_name=full_name.strip()[:150], phone=phone, school=school[:150]
                )
        except IntegrityError:
            raise ValidationError({"phone": _("Số điện thoại này đã đăng ký sự kiện.")}) from None
        audit_log(
            actor=None,
            verb="event_register",
            instance=registration,
            organisation=event.institution,
            action=AuditEntry.Action.CREATE,
        )
    return registration


@transaction.atomic
def attendance_set(*, actor: Actor, registration: EventRegistration, attended: bool) -> None:
    _require(actor, COUNSEL_PERM, registration.event.institution)
    audited_update(
        actor=actor.user,
        verb="event_attendance",
        instance=registration,
        organisation=registration.event.institution,
        data={"attended": attended},
    )
