"""Writes on a staff record's history: employment periods (quá trình công tác), teaching
assignments (phân công giảng dạy) and the login account linked to the record.

Same contract as ``staff.services``: keyword-only ``actor``, permission check, Vietnamese
``ValidationError``, one transaction, an audit entry for every write.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from opentvet.core.access import Actor
from opentvet.core.audit import audit_log, audited_update
from opentvet.core.auth import find_user
from opentvet.core.models import AuditEntry, Membership, User
from opentvet.core.services import membership_grant, user_create
from opentvet.staff.models import (
    EmploymentRecord,
    StaffCategory,
    StaffMember,
    TeachingAssignment,
)
from opentvet.staff.services import (
    _require,
    staff_member_link_user,
    validate_assignment,
    validate_employment,
)

EMPLOYMENT_FIELDS = [
    "start_date",
    "end_date",
    "organisation_name",
    "position",
    "contract_type",
    "decision",
]
ASSIGNMENT_FIELDS = ["school_year", "subject", "occupation", "class_name", "hours"]


@transaction.atomic
def employment_record_update(
    *, actor: Actor, record: EmploymentRecord, data: Mapping[str, Any]
) -> dict[str, list[Any]]:
    """Correct one period of the employment history."""
    member = record.staff
    _require(actor, "staff.change", member.institution.path)
    unknown = set(data) - set(EMPLOYMENT_FIELDS)
    if unknown:
        raise ValidationError(_("Trường không hợp lệ: %(f)s") % {"f": ", ".join(sorted(unknown))})
    merged = {f: getattr(record, f) for f in EMPLOYMENT_FIELDS} | dict(data)
    validate_employment(merged)
    return audited_update(
        actor=actor.user,
        verb="employment_record_update",
        instance=record,
        organisation=member.institution,
        data=data,
    )


@transaction.atomic
def teaching_assignment_update(
    *, actor: Actor, assignment: TeachingAssignment, data: Mapping[str, Any]
) -> dict[str, list[Any]]:
    member = assignment.staff
    _require(actor, "staff.change", member.institution.path)
    unknown = set(data) - set(ASSIGNMENT_FIELDS)
    if unknown:
        raise ValidationError(_("Trường không hợp lệ: %(f)s") % {"f": ", ".join(sorted(unknown))})
    merged = {f: getattr(assignment, f) for f in ASSIGNMENT_FIELDS} | dict(data)
    validate_assignment(member, merged)
    return audited_update(
        actor=actor.user,
        verb="teaching_assignment_update",
        instance=assignment,
        organisation=member.institution,
        data=data,
    )


@transaction.atomic
def teaching_assignment_delete(*, actor: Actor, assignment: TeachingAssignment) -> None:
    member = assignment.staff
    _require(actor, "staff.change", member.institution.path)
    audit_log(
        actor=actor.user,
        verb="teaching_assignment_delete",
        instance=assignment,
        organisation=member.institution,
        action=AuditEntry.Action.DELETE,
        changes={
            "subject": [assignment.subject, None],
            "school_year": [assignment.school_year, None],
            "hours": [assignment.hours, None],
        },
    )
    assignment.delete()


# --- the login account --------------------------------------------------------------------------


def _grant_teacher_role(actor: Actor, member: StaffMember, user: User) -> bool:
    """Give a teacher's account the ``teacher`` role at their unit (or institution).

    ``membership_grant`` asks for ``org.manage_members``; HR officers do not hold it, so the
    grant is made here as the trusted caller, after the ``staff.change`` check, and limited to
    the one role and the member's own unit. Audited below with the HR officer as actor.
    """
    if member.category != StaffCategory.TEACHER:
        return False
    node = member.unit or member.institution
    if Membership.objects.filter(
        user=user, organisation=node, role_id="teacher", is_active=True
    ).exists():
        return False
    membership_grant(actor=None, user=user, organisation=node, role="teacher")
    audit_log(
        actor=actor.user,
        verb="staff_member_grant_teacher_role",
        instance=member,
        organisation=member.institution,
        changes={"role": [None, "teacher"], "organisation": [None, node.code]},
    )
    return True


@transaction.atomic
def staff_member_account_link(*, actor: Actor, member: StaffMember, identifier: str) -> User:
    """Link the record to an existing account found by e-mail or phone."""
    _require(actor, "staff.change", member.institution.path)
    user = find_user(identifier)
    if user is None:
        raise ValidationError(
            {
                "identifier": _(
                    "Không tìm thấy tài khoản có thư điện tử hoặc số điện thoại này. "
                    "Chọn “Tạo tài khoản mới” để tạo."
                )
            }
        )
    staff_member_link_user(actor=actor, member=member, user=user)
    _grant_teacher_role(actor, member, user)
    return user


@transaction.atomic
def staff_member_account_create(
    *, actor: Actor, member: StaffMember, email: str = "", phone: str = ""
) -> User:
    """Create an account for the person (no password: they set it with “Quên mật khẩu”), link
    it to the record and, for a teacher, grant the ``teacher`` role at their unit."""
    _require(actor, "staff.change", member.institution.path)
    if member.user_id:
        raise ValidationError(_("Hồ sơ đã gắn với một tài khoản."))
    for value, field in ((email, "email"), (phone, "phone")):
        if value and find_user(value) is not None:
            raise ValidationError(
                {field: _("Đã có tài khoản với thông tin này; hãy gắn tài khoản có sẵn.")}
            )
    try:
        user = user_create(
            actor=actor,
            full_name=member.full_name,
            email=email or None,
            phone=phone or None,
            organisation=member.institution,
        )
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            raise
        raise ValidationError({"email": error.messages}) from error
    staff_member_link_user(actor=actor, member=member, user=user)
    _grant_teacher_role(actor, member, user)
    return user


@transaction.atomic
def staff_member_account_unlink(*, actor: Actor, member: StaffMember) -> None:
    """Detach the account (the account and its roles stay; revoke roles on the roles page)."""
    _require(actor, "staff.change", member.institution.path)
    staff_member_link_user(actor=actor, member=member, user=None)
