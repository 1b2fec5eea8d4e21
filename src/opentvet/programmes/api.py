"""Programme endpoints under /api/v1/programmes: the same access layer and services as the pages."""

# No "from __future__ import annotations" here: Ninja reads the annotations at import time.

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Status
from ninja.pagination import paginate

from opentvet.api.base import LimitOffsetPagination, Schema
from opentvet.catalogue.models import Occupation, TrainingLevel
from opentvet.core.access import Actor
from opentvet.programmes.access import (
    access_institution_for_programmes,
    access_module_by_id,
    access_programme_by_id,
    access_version_by_id,
)
from opentvet.programmes.diff import version_diff
from opentvet.programmes.selectors import (
    ProgrammeFilters,
    RegisterFilters,
    national_register,
    programme_list,
    programme_versions,
    registered_scale_remaining,
    registration_list,
    version_consultations,
    version_modules,
)
from opentvet.programmes.services import (
    consultation_record,
    module_add,
    module_remove,
    module_update,
    programme_create,
    version_approve,
    version_copy,
    version_publish,
    version_review,
    version_submit_for_review,
    version_update,
)

router = Router(tags=["programmes"])


def _actor(request: HttpRequest) -> Actor:
    return request.auth  # type: ignore[attr-defined,no-any-return]


class VersionBriefOut(Schema):
    id: int
    number: int
    status: str
    effective_from: dt.date | None
    effective_to: dt.date | None
    decision_number: str
    decision_date: dt.date | None
    total_credits: int
    delivery_mode: str
    is_international: bool


class ProgrammeOut(Schema):
    id: int
    institution_id: int
    code: str
    name: str
    occupation_id: str
    training_level_id: str
    pilot_status: str
    versions: list[VersionBriefOut] = []

    @staticmethod
    def resolve_versions(obj: Any) -> list[Any]:
        return list(getattr(obj, "version_list", None) or [])


class ModuleOut(Schema):
    id: int
    code: str
    name: str
    unit_type: str
    kind: str
    credits: int
    theory_hours: int
    practice_hours: int
    exam_hours: int
    order: int
    is_required: bool


class ConsultationOut(Schema):
    id: int
    kind: str
    held_on: dt.date
    organisation_name: str
    participants: str
    requests: str
    response: str


class VersionOut(VersionBriefOut):
    programme_id: int
    institution_id: int
    based_on_id: int | None
    decision_signer: str
    duration_months: int
    total_hours: int
    theory_hours: int
    practice_hours: int
    exam_hours: int
    online_share_percent: int
    partner_enterprises: str
    entry_level: str
    entry_requirements: str
    tuition_per_year: int
    objectives: str
    origin_country: str
    international_partner: str
    foreign_qualification: str
    dual_certificate: bool
    review_note: str
    change_summary: str
    modules: list[ModuleOut] = []
    consultations: list[ConsultationOut] = []


class ProgrammeQuery(Schema):
    q: str = ""
    training_level: str = ""
    status: str = ""
    delivery_mode: str = ""
    international: str = ""
    sort: str = "code"


class RegisterQuery(Schema):
    q: str = ""
    occupation: str = ""
    training_level: str = ""
    province: int | None = None
    delivery_mode: str = ""
    international: str = ""
    sort: str = "province"


class RegisterRowOut(Schema):
    version_id: int = Field(..., alias="pk")
    programme_id: int
    programme_code: str = Field(..., alias="programme.code")
    programme_name: str = Field(..., alias="programme.name")
    institution_id: int
    institution_name: str = Field(..., alias="institution.name")
    province: str | None = None
    occupation_id: str = Field(..., alias="programme.occupation_id")
    training_level_id: str = Field(..., alias="programme.training_level_id")
    delivery_mode: str
    is_international: bool
    origin_country: str
    effective_from: dt.date | None

    @staticmethod
    def resolve_province(obj: Any) -> str | None:
        return obj.institution.province.name if obj.institution.province_id else None


class ProgrammeIn(Schema):
    occupation: str
    training_level: str
    code: str
    name: str = ""


class VersionPatch(Schema):
    duration_months: int | None = None
    effective_from: dt.date | None = None
    delivery_mode: str | None = None
    online_share_percent: int | None = None
    partner_enterprises: str | None = None
    entry_level: str | None = None
    entry_requirements: str | None = None
    tuition_per_year: int | None = None
    objectives: str | None = None
    is_international: bool | None = None
    origin_country: str | None = None
    international_partner: str | None = None
    foreign_qualification: str | None = None
    dual_certificate: bool | None = None
    change_summary: str | None = None


class ModuleIn(Schema):
    code: str
    name: str
    unit_type: str = "module"
    kind: str = "core"
    credits: int = 0
    theory_hours: int = 0
    practice_hours: int = 0
    exam_hours: int = 0
    order: int | None = None
    is_required: bool = True


class ModulePatch(Schema):
    code: str | None = None
    name: str | None = None
    unit_type: str | None = None
    kind: str | None = None
    credits: int | None = None
    theory_hours: int | None = None
    practice_hours: int | None = None
    exam_hours: int | None = None
    order: int | None = None
    is_required: bool | None = None


class VersionReviewIn(Schema):
    accept: bool
    note: str = ""


class ConsultationIn(Schema):
    kind: str
    held_on: dt.date
    organisation_name: str
    participants: str = ""
    requests: str
    response: str = ""


class ApproveIn(Schema):
    decision_number: str
    decision_date: dt.date
    decision_signer: str


class PublishIn(Schema):
    effective_from: dt.date | None = None


class FieldChangeOut(Schema):
    field: str
    label: str
    old: Any
    new: Any


class ModuleChangeOut(Schema):
    code: str
    name: str
    change: str
    fields: list[FieldChangeOut]


class DiffOut(Schema):
    old_version: int
    new_version: int
    fields: list[FieldChangeOut]
    modules: list[ModuleChangeOut]


class ScaleOut(Schema):
    scale: int | None
    enrolled: int
    remaining: int | None
    warning: bool
    message: str


class RegistrationLineOut(Schema):
    occupation_id: str
    training_level_id: str
    annual_scale: int


class RegistrationOut(Schema):
    id: int
    certificate_number: str
    issued_on: dt.date
    issued_by: str
    lines: list[RegistrationLineOut]

    @staticmethod
    def resolve_lines(obj: Any) -> list[Any]:
        return list(obj.lines.all())


def _version_out(version: Any) -> Any:
    data = VersionOut.from_orm(version).dict()
    data["modules"] = [ModuleOut.from_orm(m).dict() for m in version_modules(version=version)]
    data["consultations"] = [
        ConsultationOut.from_orm(c).dict() for c in version_consultations(version=version)
    ]
    return data


# --- Reads ------------------------------------------------------------------------------------


@router.get("/register", response=list[RegisterRowOut])
@paginate(LimitOffsetPagination)
def register(request: HttpRequest, filters: Query[RegisterQuery]) -> Any:  # type: ignore[type-arg]
    return national_register(actor=_actor(request), filters=RegisterFilters(**filters.dict()))


@router.get("/institutions/{org_id}/programmes", response=list[ProgrammeOut])
@paginate(LimitOffsetPagination)
def list_programmes(request: HttpRequest, org_id: str, filters: Query[ProgrammeQuery]) -> Any:  # type: ignore[type-arg]
    actor = _actor(request)
    institution = access_institution_for_programmes(actor, org_id)
    return programme_list(
        actor=actor, institution=institution, filters=ProgrammeFilters(**filters.dict())
    )


@router.get("/institutions/{org_id}/registrations", response=list[RegistrationOut])
def list_registrations(request: HttpRequest, org_id: str) -> Any:
    actor = _actor(request)
    institution = access_institution_for_programmes(actor, org_id)
    return list(registration_list(actor=actor, institution=institution))


@router.post("/institutions/{org_id}/programmes", response={201: ProgrammeOut})
def create_programme(request: HttpRequest, org_id: str, payload: ProgrammeIn) -> Any:
    actor = _actor(request)
    institution = access_institution_for_programmes(actor, org_id, for_write=True)
    occupation = Occupation.objects.filter(pk=payload.occupation[:7]).first()
    level = TrainingLevel.objects.filter(pk=payload.training_level[:20]).first()
    if occupation is None or level is None:
        raise ValidationError(
            {"occupation": ["Mã ngành, nghề hoặc trình độ không có trong danh mục."]}
        )
    programme = programme_create(
        actor=actor,
        institution=institution,
        occupation=occupation,
        training_level=level,
        code=payload.code,
        name=payload.name,
    )
    programme.version_list = list(programme_versions(programme=programme))
    return Status(201, programme)


@router.get("/{programme_id}", response=ProgrammeOut)
def get_programme(request: HttpRequest, programme_id: str) -> Any:
    programme = access_programme_by_id(_actor(request), programme_id)
    programme.version_list = list(programme_versions(programme=programme))
    return programme


@router.get("/{programme_id}/versions", response=list[VersionBriefOut])
def list_versions(request: HttpRequest, programme_id: str) -> Any:
    programme = access_programme_by_id(_actor(request), programme_id)
    return list(programme_versions(programme=programme))


@router.get("/{programme_id}/scale/{year}", response=ScaleOut)
def programme_scale(request: HttpRequest, programme_id: str, year: int) -> Any:
    programme = access_programme_by_id(_actor(request), programme_id)
    if not 2000 <= year <= 2100:
        raise Http404
    return registered_scale_remaining(programme, year)


@router.get("/versions/{version_id}", response=VersionOut)
def get_version(request: HttpRequest, version_id: str) -> Any:
    return _version_out(access_version_by_id(_actor(request), version_id))


@router.get("/versions/{version_id}/diff/{other_id}", response=DiffOut)
def diff_versions(request: HttpRequest, version_id: str, other_id: str) -> Any:
    actor = _actor(request)
    old = access_version_by_id(actor, version_id)
    new = access_version_by_id(actor, other_id)
    if old.programme_id != new.programme_id:
        raise Http404
    return version_diff(old, new).as_dict()


# --- Writes -----------------------------------------------------------------------------------


@router.patch("/versions/{version_id}", response=VersionOut)
def patch_version(request: HttpRequest, version_id: str, payload: VersionPatch) -> Any:
    actor = _actor(request)
    version = access_version_by_id(actor, version_id, for_write=True)
    version_update(actor=actor, version=version, data=payload.dict(exclude_unset=True))
    return _version_out(version)


@router.post("/versions/{version_id}/modules", response={201: ModuleOut})
def add_module(request: HttpRequest, version_id: str, payload: ModuleIn) -> Any:
    actor = _actor(request)
    version = access_version_by_id(actor, version_id, for_write=True)
    data = payload.dict()
    if data.get("order") is None:
        data.pop("order")
    return Status(201, module_add(actor=actor, version=version, data=data))


@router.patch("/versions/{version_id}/modules/{module_id}", response=ModuleOut)
def patch_module(
    request: HttpRequest, version_id: str, module_id: str, payload: ModulePatch
) -> Any:
    actor = _actor(request)
    version = access_version_by_id(actor, version_id, for_write=True)
    module = access_module_by_id(actor, version, module_id)
    module_update(actor=actor, module=module, data=payload.dict(exclude_unset=True))
    return module


@router.delete("/versions/{version_id}/modules/{module_id}", response={204: None})
def delete_module(request: HttpRequest, version_id: str, module_id: str) -> Any:
    actor = _actor(request)
    version = access_version_by_id(actor, version_id, for_write=True)
    module_remove(actor=actor, module=access_module_by_id(actor, version, module_id))
    return Status(204, None)


@router.post("/versions/{version_id}/submit", response=VersionOut)
def submit_version(request: HttpRequest, version_id: str) -> Any:
    actor = _actor(request)
    version = access_version_by_id(actor, version_id, for_write=True)
    return _version_out(version_submit_for_review(actor=actor, version=version))


@router.post("/versions/{version_id}/review", response=VersionOut)
def review_version(request: HttpRequest, version_id: str, payload: VersionReviewIn) -> Any:
    actor = _actor(request)
    version = access_version_by_id(actor, version_id, for_write=True)
    return _version_out(
        version_review(actor=actor, version=version, accept=payload.accept, note=payload.note)
    )


@router.post("/versions/{version_id}/consultations", response={201: ConsultationOut})
def add_consultation(request: HttpRequest, version_id: str, payload: ConsultationIn) -> Any:
    actor = _actor(request)
    version = access_version_by_id(actor, version_id, for_write=True)
    return Status(201, consultation_record(actor=actor, version=version, data=payload.dict()))


@router.post("/versions/{version_id}/approve", response=VersionOut)
def approve_version(request: HttpRequest, version_id: str, payload: ApproveIn) -> Any:
    actor = _actor(request)
    version = access_version_by_id(actor, version_id, perm="programme.approve")
    return _version_out(version_approve(actor=actor, version=version, **payload.dict()))


@router.post("/versions/{version_id}/publish", response=VersionOut)
def publish_version(request: HttpRequest, version_id: str, payload: PublishIn) -> Any:
    actor = _actor(request)
    version = access_version_by_id(actor, version_id, perm="programme.approve")
    return _version_out(
        version_publish(actor=actor, version=version, effective_from=payload.effective_from)
    )


@router.post("/versions/{version_id}/copy", response={201: VersionOut})
def copy_version(request: HttpRequest, version_id: str) -> Any:
    actor = _actor(request)
    version = access_version_by_id(actor, version_id, for_write=True)
    return Status(201, _version_out(version_copy(actor=actor, version=version)))
