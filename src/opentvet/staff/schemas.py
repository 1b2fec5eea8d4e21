"""API schemas of the staff endpoints (no ``from __future__ import annotations``: Ninja)."""

import datetime as dt
from decimal import Decimal
from typing import Any

from opentvet.api.base import Schema


class StaffOut(Schema):
    id: int
    code: str
    full_name: str
    category: str
    position: str
    contract_type: str
    institution_id: int
    unit_id: int | None
    teaching_level: str
    teaching_kind: str
    occupation_code: str | None
    title_code: str | None
    title_since: dt.date | None
    start_date: dt.date | None
    end_date: dt.date | None
    email: str

    @staticmethod
    def resolve_occupation_code(obj: Any) -> str | None:
        return obj.occupation_id

    @staticmethod
    def resolve_title_code(obj: Any) -> str | None:
        return obj.title.code if obj.title_id else None


class StaffPersonalOut(StaffOut):
    date_of_birth: dt.date | None
    citizen_id: str
    salary_coefficient: Decimal | None


class StaffIn(Schema):
    code: str
    full_name: str
    category: str
    contract_type: str
    unit_id: int | None = None
    position: str = ""
    teaching_level: str = ""
    teaching_kind: str = ""
    title_code: str | None = None
    title_since: dt.date | None = None
    start_date: dt.date | None = None
    email: str = ""
    phone: str = ""
    date_of_birth: dt.date | None = None
    citizen_id: str = ""
    salary_coefficient: Decimal | None = None


class QualificationOut(Schema):
    id: int
    kind: str
    rank: int
    level_label: str
    name: str
    field: str
    issuer: str
    number: str
    issued_on: dt.date | None
    expires_on: dt.date | None


class QualificationIn(Schema):
    kind: str
    rank: int
    name: str
    field: str = ""
    issuer: str = ""
    number: str = ""
    issued_on: dt.date | None = None
    expires_on: dt.date | None = None


class GapOut(Schema):
    criterion: str
    requirement: str
    reason: str


class RuleOut(Schema):
    rule: str
    passed: bool
    explanation: str


class CandidateOut(Schema):
    staff_id: int
    full_name: str
    institution_id: int
    title_code: str | None
    eligible: bool
    rules: list[RuleOut]
    application_id: int | None
    application_status: str | None


class PromotionRoundOut(Schema):
    id: int
    name: str
    method: str
    organisation_id: int
    target_title_code: str
    reference_date: dt.date
    status: str

    @staticmethod
    def resolve_target_title_code(obj: Any) -> str:
        return obj.target_title.code


class ShareOut(Schema):
    key: Any
    label: str | None
    total: int
    met: int
    share: Decimal | None


class StandardisationOut(Schema):
    by_institution: list[ShareOut]
    by_province: list[ShareOut]


class EmploymentOut(Schema):
    id: int
    start_date: dt.date
    end_date: dt.date | None
    organisation_name: str
    position: str
    contract_type: str
    decision: str


class EmploymentIn(Schema):
    start_date: dt.date
    end_date: dt.date | None = None
    organisation_name: str
    position: str = ""
    contract_type: str = ""
    decision: str = ""


class AssignmentOut(Schema):
    id: int
    school_year: int
    subject: str
    occupation_code: str | None
    class_name: str
    hours: int

    @staticmethod
    def resolve_occupation_code(obj: Any) -> str | None:
        return obj.occupation_id


class AssignmentIn(Schema):
    school_year: int
    subject: str
    occupation_code: str | None = None
    class_name: str = ""
    hours: int


class WorkloadOut(Schema):
    school_year: int
    hours: int
    norm: int
    share: Decimal | None
    status: str
    difference: int | None


class AccountIn(Schema):
    identifier: str = ""
    create: bool = False
    email: str = ""
    phone: str = ""


class AccountOut(Schema):
    staff_id: int
    user_id: int | None


class PlanItemOut(Schema):
    id: int
    kind: str
    name: str
    partner: str
    participants: int
    hours: int


class PlanIn(Schema):
    year: int
    target_hours_per_teacher: int
    target_internships: int
    note: str = ""


class PlanOut(Schema):
    id: int
    unit_id: int
    year: int
    target_hours_per_teacher: int
    target_internships: int
    note: str


class TeacherHoursOut(Schema):
    staff_id: int
    full_name: str
    hours: int
    required: int
    met: bool


class PlanProgressOut(Schema):
    plan: PlanOut
    items: list[PlanItemOut]
    planned_hours: int
    attended_hours: int
    share: Decimal | None
    internships: int
    teachers: list[TeacherHoursOut]


class TitleOut(Schema):
    id: int
    code: str
    name: str
    family: str
    grade: int
    pay_group: str
    coefficient_min: Decimal | None
    coefficient_max: Decimal | None
    promotion_rules: list[dict[str, Any]]
    valid_from: dt.date | None


class TitleIn(Schema):
    name: str | None = None
    coefficient_min: Decimal | None = None
    coefficient_max: Decimal | None = None
    promotion_rules: list[dict[str, Any]] | None = None
    regulation: str | None = None
    valid_from: dt.date | None = None


class RequirementOut(Schema):
    training_level: str
    teaching_kind: str
    kind: str
    min_rank: int
    label: str


class CriterionOut(Schema):
    id: int
    number: int
    name: str
    description: str
    requirements: list[RequirementOut]

    @staticmethod
    def resolve_requirements(obj: Any) -> list[Any]:
        return list(obj.requirements.all())


class StandardOut(Schema):
    id: int
    number: int
    name: str
    criteria: list[CriterionOut]

    @staticmethod
    def resolve_criteria(obj: Any) -> list[Any]:
        return list(obj.criteria.all())


class FrameworkOut(Schema):
    id: int
    code: str
    name: str
    regulation: str
    valid_from: dt.date | None
    is_active: bool
    standards: list[StandardOut]

    @staticmethod
    def resolve_standards(obj: Any) -> list[Any]:
        return list(obj.standards.prefetch_related("criteria__requirements"))


class TrendYearOut(Schema):
    year: int
    total: int
    teachers: int
    managers: int
    support: int
    manager_share: Decimal | None
    support_share: Decimal | None
    students: int
    students_per_teacher: Decimal | None
    load: dict[str, int]


class StaffProvinceOut(Schema):
    province_id: int | None
    province: str | None
    institutions: int
    total: int
    teachers: int
    students: int
    students_per_teacher: Decimal | None
    manager_share: Decimal | None
    support_share: Decimal | None


class LeanOut(Schema):
    years: list[TrendYearOut]
    provinces: list[StaffProvinceOut]
