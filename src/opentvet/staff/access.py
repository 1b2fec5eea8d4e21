"""The staff access layer: every staff object named in user input is fetched here.

Answers ``Http404`` for "missing" and "out of reach" alike. Reach:
- ``staff.view`` / ``staff.change`` at the institution (or the unit, for unit heads whose role
  sits at a faculty) or above — HR officers, leaders, authorities;
- ``staff.self``: only the actor's own record (``StaffMember.user``).
Personal fields (CCCD, date of birth, salary coefficient) are for ``staff.view_personal`` only:
``can_see_personal`` is the one check views, templates and API schemas use.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404

from opentvet.core.access import Actor, parse_id
from opentvet.core.models import Organisation, OrgKind
from opentvet.staff.models import (
    Assessment,
    DevelopmentPlan,
    EmploymentRecord,
    PromotionApplication,
    PromotionRound,
    Qualification,
    StaffMember,
    TeachingAssignment,
)


def staff_path(member: StaffMember) -> str:
    """The path permissions are checked at: the unit's when the member has one."""
    return member.unit.path if member.unit_id and member.unit else member.institution.path


def can_view_member(actor: Actor, member: StaffMember) -> bool:
    if actor.can("staff.view", staff_path(member)):
        return True
    return bool(
        member.user_id and member.user_id == actor.user.pk and actor.permissions() & {"staff.self"}
    )


def can_change_member(actor: Actor, member: StaffMember) -> bool:
    return actor.can("staff.change", member.institution.path)


def can_see_personal(actor: Actor, member: StaffMember) -> bool:
    return actor.can("staff.view_personal", member.institution.path)


def is_self(actor: Actor, member: StaffMember) -> bool:
    return bool(member.user_id and member.user_id == actor.user.pk)


def access_staff_member_by_id(actor: Actor, key: Any, *, for_write: bool = False) -> StaffMember:
    """A staff record the actor may view (or change, ``for_write``)."""
    pk = parse_id(key)
    member = (
        StaffMember.all_objects.select_related("institution", "unit", "title", "occupation", "user")
        .filter(pk=pk)
        .first()
    )
    if member is None:
        raise Http404
    if for_write and not can_change_member(actor, member):
        raise Http404
    if not can_view_member(actor, member):
        raise Http404
    return member


def own_staff_record(actor: Actor) -> StaffMember | None:
    """The actor's own record, if they have one and hold ``staff.self`` or ``staff.view``."""
    return (
        StaffMember.all_objects.select_related("institution", "unit", "title")
        .filter(user=actor.user)
        .first()
    )


def access_qualification_by_id(
    actor: Actor, member: StaffMember, key: Any, *, for_write: bool = False
) -> Qualification:
    """A qualification of ``member`` (already fetched through the access layer)."""
    pk = parse_id(key)
    qualification = Qualification.all_objects.filter(pk=pk, staff=member).first()
    if qualification is None:
        raise Http404
    if for_write and not can_change_member(actor, member):
        raise Http404
    return qualification


def access_assessment_by_id(actor: Actor, key: Any) -> Assessment:
    """An assessment: its teacher, whoever may view the teacher, or an assessor."""
    pk = parse_id(key)
    assessment = (
        Assessment.all_objects.select_related(
            "cycle", "staff", "staff__institution", "staff__unit", "staff__title"
        )
        .filter(pk=pk)
        .first()
    )
    if assessment is None:
        raise Http404
    if not can_view_member(actor, assessment.staff):
        raise Http404
    return assessment


def can_assess(actor: Actor, member: StaffMember) -> bool:
    """Unit heads (``staff.assess`` at the unit) and institution leaders."""
    return actor.can("staff.assess", staff_path(member))


def can_rate_institution(actor: Actor, institution: Organisation) -> bool:
    """The institution-level rating: ``staff.assess`` held at the institution itself or above."""
    return actor.can("staff.assess", institution.path) and actor.can(
        "staff.change", institution.path
    )


def access_institution(actor: Actor, key: Any, perm: str = "staff.view") -> Organisation:
    """An institution (or unit) the actor holds ``perm`` at."""
    pk = parse_id(key)
    organisation = Organisation.objects.select_related("province").filter(pk=pk).first()
    if organisation is None or not actor.can(perm, organisation.path):
        raise Http404
    return organisation


def _round_reach(actor: Actor, promotion_round: PromotionRound) -> bool:
    path = promotion_round.organisation.path
    if actor.can("promotion.manage", path):
        return True
    # HR officers and leaders of an institution below the authority see its rounds.
    return (
        any(
            g.path.startswith(path) and ({"staff.change", "staff.view"} & g.permissions)
            for g in actor.grants
        )
        or actor.is_superuser
    )


def access_round_by_id(actor: Actor, key: Any, *, manage: bool = False) -> PromotionRound:
    pk = parse_id(key)
    promotion_round = (
        PromotionRound.objects.select_related("organisation", "target_title").filter(pk=pk).first()
    )
    if promotion_round is None:
        raise Http404
    if manage:
        if not actor.can("promotion.manage", promotion_round.organisation.path):
            raise Http404
    elif not _round_reach(actor, promotion_round):
        raise Http404
    return promotion_round


def access_application_by_id(
    actor: Actor, promotion_round: PromotionRound, key: Any
) -> PromotionApplication:
    pk = parse_id(key)
    application = (
        PromotionApplication.all_objects.select_related(
            "staff", "staff__institution", "staff__unit", "staff__title"
        )
        .filter(pk=pk, promotion_round=promotion_round)
        .first()
    )
    if application is None:
        raise Http404
    if not (
        actor.can("promotion.manage", promotion_round.organisation.path)
        or can_view_member(actor, application.staff)
    ):
        raise Http404
    return application


def access_employment_by_id(
    actor: Actor, member: StaffMember, key: Any, *, for_write: bool = False
) -> EmploymentRecord:
    """An employment-history entry of ``member`` (already fetched through the access layer)."""
    pk = parse_id(key)
    record = EmploymentRecord.all_objects.filter(pk=pk, staff=member).first()
    if record is None:
        raise Http404
    if for_write and not can_change_member(actor, member):
        raise Http404
    return record


def access_assignment_by_id(
    actor: Actor, member: StaffMember, key: Any, *, for_write: bool = False
) -> TeachingAssignment:
    """A teaching assignment of ``member`` (already fetched through the access layer)."""
    pk = parse_id(key)
    assignment = (
        TeachingAssignment.all_objects.select_related("occupation")
        .filter(pk=pk, staff=member)
        .first()
    )
    if assignment is None:
        raise Http404
    if for_write and not can_change_member(actor, member):
        raise Http404
    return assignment


# --- reference data (national) -----------------------------------------------------------------

REFERENCE_PERMS = ("catalogue.change", "promotion.manage")


def national_authority() -> Organisation | None:
    """The national VET authority: reference data is edited at this node (or above it)."""
    return (
        Organisation.objects.filter(kind=OrgKind.NATIONAL_AUTHORITY, valid_to__isnull=True)
        .order_by("pk")
        .first()
    )


def can_edit_reference(actor: Actor) -> bool:
    """``catalogue.change`` or ``promotion.manage`` held at the national authority node.

    A province's ``promotion.manage`` does not reach the national node, so provinces run rounds
    but do not change the framework or the titles."""
    node = national_authority()
    if node is None:
        return actor.is_superuser
    return any(actor.can(perm, node.path) for perm in REFERENCE_PERMS)


def require_reference_editor(actor: Actor) -> Organisation:
    """The national node, or ``Http404`` for anyone who may not edit the reference data."""
    node = national_authority()
    if node is None or not can_edit_reference(actor):
        raise Http404
    return node


# --- development plans -------------------------------------------------------------------------


def can_plan(actor: Actor, unit: Organisation) -> bool:
    """Unit heads (``staff.assess`` at the unit) and HR officers (``staff.change``) plan."""
    return actor.can("staff.change", unit.path) or actor.can("staff.assess", unit.path)


def access_plan_by_id(actor: Actor, key: Any, *, for_write: bool = False) -> DevelopmentPlan:
    pk = parse_id(key)
    plan = DevelopmentPlan.all_objects.select_related("unit", "unit__parent").filter(pk=pk).first()
    if plan is None:
        raise Http404
    if not actor.can("staff.view", plan.unit.path):
        raise Http404
    if for_write and not can_plan(actor, plan.unit):
        raise Http404
    return plan


# --- lean staffing roll-up ----------------------------------------------------------------------

AUTHORITY_KINDS = {
    OrgKind.MINISTRY,
    OrgKind.NATIONAL_AUTHORITY,
    OrgKind.PEOPLES_COMMITTEE,
    OrgKind.PROVINCIAL_AUTHORITY,
}


def is_authority_viewer(actor: Actor) -> bool:
    """Holds ``staff.view`` at an authority node (above the institutions)."""
    return actor.is_superuser or any(
        g.kind in AUTHORITY_KINDS and "staff.view" in g.permissions for g in actor.grants
    )
