"""Learners endpoints: students, classes, grade entry, transcripts, the diploma register and
graduate outcomes. Same access layer, selectors and services as the pages."""

# No "from __future__ import annotations" here: Ninja reads the annotations at import time.

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Router
from ninja.pagination import paginate

from opentvet.api.base import LimitOffsetPagination, Schema
from opentvet.core.access import Actor
from opentvet.learners import access, grading, selectors, services

router = Router(tags=["learners"])


def _actor(request: HttpRequest) -> Actor:
    return request.auth  # type: ignore[attr-defined,no-any-return]


class StudentOut(Schema):
    id: int
    code: str
    full_name: str
    date_of_birth: dt.date
    gender: str
    ethnicity: str
    status: str
    institution_id: int
    class_id: int | None
    class_code: str | None

    @staticmethod
    def resolve_class_id(obj: Any) -> int | None:
        return obj.class_group_id

    @staticmethod
    def resolve_class_code(obj: Any) -> str | None:
        return obj.class_group.code if obj.class_group_id else None


class StudentDetailOut(StudentOut):
    citizen_id: str
    phone: str
    email: str
    policy_groups: list[str]


class ResultOut(Schema):
    module_code: str
    module_name: str
    school_year: str
    term: int
    credits: int
    final_score: Decimal | None
    grade_point: Decimal | None
    letter: str
    passed: bool | None
    conditional: bool


class AppliedRuleOut(Schema):
    """A rule a decision applied, with its legal basis (regulations.AppliedRule.as_dict())."""

    key: str
    name: str
    value: Any
    legal_document: str | None
    article: str
    valid_from: str
    valid_to: str | None
    verification: str
    basis: str
    institution_decision: str | None


class TranscriptOut(Schema):
    student_id: int
    training_mode: str
    gpa: Decimal | None
    gpa_scale: int
    credits_earned: int
    standing: str
    standing_code: str
    results: list[ResultOut]
    rules_on: dt.date | None
    rules: list[AppliedRuleOut]
    notes: list[str]


class EligibilityOut(Schema):
    eligible: bool
    missing: list[str]
    training_mode: str
    gpa: Decimal | None
    graduation_score: Decimal | None
    credits: int
    required_credits: int
    classification: str
    classification_label: str
    class_before_drop: str
    dropped_because: str
    resits: int
    decided_on: dt.date | None
    basis: str
    rules: list[AppliedRuleOut]
    notes: list[str]


class ClassOut(Schema):
    id: int
    code: str
    name: str
    intake_year: int
    programme_version_id: int
    homeroom_teacher: str | None

    @staticmethod
    def resolve_homeroom_teacher(obj: Any) -> str | None:
        return obj.homeroom_teacher.full_name if obj.homeroom_teacher_id else None


class GradeIn(Schema):
    student_id: int
    scores: dict[str, str | float | None]
    resit: str | float | None = None


class GradeRowOut(Schema):
    student_id: int
    student_code: str
    full_name: str
    scores: dict[str, Any]
    resit_exam: Decimal | None
    final_score: Decimal | None
    letter: str


class DiplomaOut(Schema):
    id: int
    serial: str
    register_number: str
    full_name: str
    date_of_birth: dt.date
    programme_name: str
    classification: str
    classification_basis: str
    gpa: Decimal
    issued_on: dt.date
    decision_number: str

    @staticmethod
    def resolve_decision_number(obj: Any) -> str:
        return obj.decision.number


class OutcomeOut(Schema):
    surveyed: int
    responded: int
    employed: int
    employment_rate: Decimal | None
    response_rate: Decimal | None


@router.get("/students", response=list[StudentOut])
@paginate(LimitOffsetPagination)
def list_students(request: HttpRequest, q: str = "", status: str = "") -> Any:
    return selectors.student_list(
        actor=_actor(request), filters=selectors.StudentFilters(q=q[:100], status=status[:12])
    )


@router.get("/students/{student_id}", response=StudentDetailOut)
def get_student(request: HttpRequest, student_id: str) -> Any:
    return access.access_student_by_id(_actor(request), student_id)


@router.get("/students/{student_id}/transcript", response=TranscriptOut)
def get_transcript(request: HttpRequest, student_id: str) -> Any:
    student = access.access_student_by_id(_actor(request), student_id)
    (transcript,) = selectors.transcripts([student])
    rules = transcript.rules
    return {
        "student_id": student.pk,
        "training_mode": transcript.mode,
        "gpa": transcript.gpa,
        "gpa_scale": 10 if transcript.mode == grading.YEAR else 4,
        "credits_earned": transcript.credits_earned,
        "standing": transcript.standing,
        "standing_code": transcript.standing_code,
        "rules_on": rules.on if rules else None,
        "rules": rules.bases() if rules else [],
        "notes": transcript.notes,
        "results": [
            {
                "module_code": r.offering.module.code,
                "module_name": r.offering.module.name,
                "school_year": r.offering.school_year,
                "term": r.offering.term,
                "credits": r.credits,
                "final_score": r.final_score,
                "grade_point": r.grade_point,
                "letter": r.letter,
                "passed": r.passed,
                "conditional": getattr(r, "conditional", False),
            }
            for r in transcript.results
        ],
    }


@router.get("/students/{student_id}/graduation-check", response=EligibilityOut)
def graduation_check(request: HttpRequest, student_id: str) -> Any:
    student = access.access_student_by_id(_actor(request), student_id)
    check = selectors.graduation_eligibility(student)
    return {
        "eligible": check.eligible,
        "missing": [str(m) for m in check.missing],
        "training_mode": check.mode,
        "gpa": check.gpa,
        "graduation_score": check.graduation_score,
        "credits": check.credits,
        "required_credits": check.required_credits,
        "classification": check.classification,
        "classification_label": check.classification_label,
        "class_before_drop": check.class_before_drop,
        "dropped_because": check.dropped_because,
        "resits": check.resits,
        "decided_on": check.decided_on,
        "basis": check.basis,
        "rules": check.applied_rules(),
        "notes": check.notes,
    }


@router.get("/classes", response=list[ClassOut])
@paginate(LimitOffsetPagination)
def list_classes(request: HttpRequest, q: str = "") -> Any:
    return selectors.class_list(actor=_actor(request), q=q[:100])


@router.get("/classes/{class_id}", response=ClassOut)
def get_class(request: HttpRequest, class_id: str) -> Any:
    return access.access_class_by_id(_actor(request), class_id)


def _rows(offering: Any) -> list[dict[str, Any]]:
    return [
        {
            "student_id": s.pk,
            "student_code": s.code,
            "full_name": s.full_name,
            "scores": r.scores if r else {},
            "resit_exam": r.resit_exam if r else None,
            "final_score": r.final_score if r else None,
            "letter": r.letter if r else "",
        }
        for s, r in selectors.offering_sheet(offering)
    ]


@router.get("/offerings/{offering_id}/results", response=list[GradeRowOut])
def get_results(request: HttpRequest, offering_id: str) -> Any:
    return _rows(access.access_offering_by_id(_actor(request), offering_id))


@router.put("/offerings/{offering_id}/results", response=list[GradeRowOut])
def put_results(request: HttpRequest, offering_id: str, payload: list[GradeIn]) -> Any:
    actor = _actor(request)
    offering = access.access_offering_by_id(actor, offering_id, for_write=True)
    rows = {item.student_id: {**item.scores, "resit": item.resit} for item in payload}
    services.results_enter(actor=actor, offering=offering, rows=rows)
    return _rows(offering)


@router.get("/diplomas", response=list[DiplomaOut])
@paginate(LimitOffsetPagination)
def list_diplomas(request: HttpRequest) -> Any:
    return selectors.diploma_register(actor=_actor(request))


@router.get("/institutions/{org_id}/outcomes", response=OutcomeOut | None)
def institution_outcomes(request: HttpRequest, org_id: str) -> Any:
    institution = access.access_institution(_actor(request), org_id, "student.view")
    return selectors.institution_outcomes([institution.pk]).get(institution.pk)
