"""Access to learners data: 404 for what does not exist or lies out of reach.

Learners rows belong to the institution. Staff who hold their role at a unit of it (the
training office, a faculty) reach the institution through their role's
``institution_permissions`` (core.roles), which ``Actor`` turns into grants at the institution,
so ``actor.can`` / ``actor.reach_q`` are the whole rule.

Teachers (``results.enter``) reach only the offerings assigned to them; a learner with
``student.self`` reaches only their own record.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.http import Http404

from opentvet.core.access import Actor, parse_id
from opentvet.core.models import Organisation, OrgKind
from opentvet.learners.models import (
    ClassGroup,
    DiplomaEntry,
    GradeChange,
    ModuleOffering,
    Student,
    TracerSurvey,
)


def learner_reach_q(actor: Actor, perm: str, lookup: str = "institution__path") -> Q:
    """Rows whose institution the actor reaches with ``perm``."""
    return actor.reach_q(perm, lookup)


def can_at(actor: Actor, perm: str, institution: Organisation | str) -> bool:
    """Whether ``perm`` reaches the institution."""
    return actor.can(perm, institution if isinstance(institution, str) else institution.path)


def can_any(actor: Actor, perm: str) -> bool:
    return actor.is_superuser or perm in actor.permissions()


def institutions_for(actor: Actor, perm: str) -> list[Organisation]:
    """Institutions where the actor holds ``perm`` (for pickers on list pages)."""
    return list(
        Organisation.objects.filter(kind=OrgKind.INSTITUTION, valid_to__isnull=True)
        .filter(learner_reach_q(actor, perm, "path"))
        .order_by("name")
    )


def _require(ok: bool) -> None:
    if not ok:
        raise Http404


def access_institution(actor: Actor, org_id: Any, perm: str) -> Organisation:
    """An institution the actor reaches with ``perm``."""
    organisation = Organisation.objects.filter(pk=parse_id(org_id)).first()
    _require(organisation is not None)
    assert organisation is not None
    _require(organisation.kind == OrgKind.INSTITUTION)
    _require(can_at(actor, perm, organisation))
    return organisation


def _is_own_record(actor: Actor, student: Student) -> bool:
    return student.user_id is not None and student.user_id == actor.user.pk


def access_student_by_id(actor: Actor, student_id: Any, *, for_write: bool = False) -> Student:
    """A student record: staff with ``student.view`` (``student.change`` to write), or the
    learner themself with ``student.self`` (read only)."""
    student = (
        Student.all_objects.select_related(
            "institution", "class_group", "programme_version__programme", "province", "ward"
        )
        .filter(pk=parse_id(student_id))
        .first()
    )
    _require(student is not None)
    assert student is not None
    if for_write:
        _require(can_at(actor, "student.change", student.institution))
        return student
    if can_at(actor, "student.view", student.institution):
        return student
    _require(_is_own_record(actor, student) and can_at(actor, "student.self", student.institution))
    return student


def _teaches_class(actor: Actor, class_group: ClassGroup) -> bool:
    return (
        class_group.homeroom_teacher_id == actor.user.pk
        or ModuleOffering.all_objects.filter(class_group=class_group, teacher=actor.user).exists()
    )


def access_class_by_id(actor: Actor, class_id: Any, *, for_write: bool = False) -> ClassGroup:
    """A class: staff with ``student.view`` (``student.change`` to write) and its teachers."""
    class_group = (
        ClassGroup.all_objects.select_related(
            "institution", "programme_version__programme", "homeroom_teacher", "unit"
        )
        .filter(pk=parse_id(class_id))
        .first()
    )
    _require(class_group is not None)
    assert class_group is not None
    if for_write:
        _require(can_at(actor, "student.change", class_group.institution))
        return class_group
    _require(can_open_class(actor, class_group))
    return class_group


def can_open_class(actor: Actor, class_group: ClassGroup) -> bool:
    """Whether the class page opens for the actor (``access_class_by_id`` for reading): pages
    link a class only when this holds, so nobody meets a link that answers 404."""
    if can_at(actor, "student.view", class_group.institution):
        return True
    return can_at(actor, "results.enter", class_group.institution) and _teaches_class(
        actor, class_group
    )


def access_offering_by_id(
    actor: Actor, offering_id: Any, *, for_write: bool = False, manage: bool = False
) -> ModuleOffering:
    """A module offering. ``for_write``: enter grades — its own teacher (``results.enter``) or
    staff with ``results.manage``. ``manage``: lock and approve — ``results.manage`` only."""
    offering = (
        ModuleOffering.all_objects.select_related(
            "institution", "class_group", "module", "teacher", "class_group__programme_version"
        )
        .filter(pk=parse_id(offering_id))
        .first()
    )
    _require(offering is not None)
    assert offering is not None
    institution = offering.institution
    if can_at(actor, "results.manage", institution):
        return offering
    _require(not manage)
    own = offering.teacher_id == actor.user.pk and can_at(actor, "results.enter", institution)
    if for_write:
        _require(own)
        return offering
    _require(own or can_at(actor, "student.view", institution))
    return offering


def access_grade_change_by_id(actor: Actor, change_id: Any) -> GradeChange:
    change = (
        GradeChange.all_objects.select_related("institution", "result__offering", "result__student")
        .filter(pk=parse_id(change_id))
        .first()
    )
    _require(change is not None)
    assert change is not None
    _require(can_at(actor, "results.manage", change.institution))
    return change


def access_diploma_by_id(actor: Actor, entry_id: Any) -> DiplomaEntry:
    entry = (
        DiplomaEntry.all_objects.select_related("institution", "student", "decision")
        .filter(pk=parse_id(entry_id))
        .first()
    )
    _require(entry is not None)
    assert entry is not None
    _require(can_at(actor, "student.view", entry.institution))
    return entry


def access_survey_by_token(raw_token: str) -> TracerSurvey:
    """The survey of a public link (no login): 404 for unknown tokens. Expiry and a second
    answer are reported by the page, not hidden, so the graduate knows what happened."""
    from opentvet.learners.models.tracer import token_digest

    if not raw_token or len(raw_token) > 100:
        raise Http404
    survey = (
        TracerSurvey.all_objects.select_related("student", "institution")
        .filter(token_digest=token_digest(raw_token))
        .first()
    )
    _require(survey is not None)
    assert survey is not None
    return survey
