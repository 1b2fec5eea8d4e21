"""API schemas of the staff endpoints (no ``from __future__ import annotations``: Ninja)."""

import datetime as dt
from decimal import Decimal
from typing import Any

from ninja import Schema


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


class RoundOut(Schema):
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
