"""Admissions endpoints: the public catalogue and cut-offs, applicants' applications,
officers' review queue and decisions, the coordinated allocation job."""

# No "from __future__ import annotations" here: Ninja reads the annotations at import time.

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Query, Router
from ninja.errors import HttpError
from ninja.pagination import paginate

from opentvet.admissions import selectors, services
from opentvet.admissions.access import access_round_by_id, access_wish_by_id
from opentvet.admissions.coordinated import allocation_start
from opentvet.admissions.models import WishStatus
from opentvet.api.base import LimitOffsetPagination, Schema
from opentvet.core.access import Actor, parse_id

router = Router(tags=["admissions"])


def _actor(request: HttpRequest) -> Actor:
    return request.auth  # type: ignore[attr-defined,no-any-return]


class PortalProgrammeOut(Schema):
    id: int
    programme: str
    occupation_code: str
    training_level: str
    institution_id: int
    institution: str
    province_code: int | None
    delivery_mode: str
    tuition_per_year: int
    is_international: bool
    entry_requirements: str

    @staticmethod
    def resolve_programme(obj: Any) -> str:
        return obj.programme.name

    @staticmethod
    def resolve_occupation_code(obj: Any) -> str:
        return obj.programme.occupation_id

    @staticmethod
    def resolve_training_level(obj: Any) -> str:
        return obj.programme.training_level_id

    @staticmethod
    def resolve_institution(obj: Any) -> str:
        return obj.institution.name

    @staticmethod
    def resolve_province_code(obj: Any) -> int | None:
        return obj.institution.province_id


class PortalProgrammeQuery(Schema):
    q: str = ""
    level: str = ""
    province: int | None = None
    institution: int | None = None
    delivery_mode: str = ""
    max_tuition: int | None = None
    international: bool = False
    open_only: bool = False


class AdmissionRoundOut(Schema):
    id: int
    name: str
    kind: str
    status: str
    organisation_id: int
    opens_on: dt.date
    closes_on: dt.date
    max_wishes: int
    score_formula: str


class QuotaOut(Schema):
    id: int
    programme_version_id: int
    programme: str
    institution_id: int
    seats: int
    admitted_count: int
    cutoff_score: Decimal | None

    @staticmethod
    def resolve_programme(obj: Any) -> str:
        return obj.programme_version.programme.name


class WishOut(Schema):
    id: int
    rank: int
    quota_id: int
    institution_id: int
    status: str
    cutoff_score: Decimal | None
    reason: str


class ApplicationOut(Schema):
    id: int
    round_id: int
    score: Decimal
    submitted_at: dt.datetime
    wishes: list[WishOut]

    @staticmethod
    def resolve_wishes(obj: Any) -> list[Any]:
        return list(obj.wishes.all())


class ApplicationIn(Schema):
    quota_ids: list[int]


class QueueOut(Schema):
    id: int
    application_id: int
    applicant: str
    rank: int
    quota_id: int
    score: Decimal
    status: str

    @staticmethod
    def resolve_applicant(obj: Any) -> str:
        return obj.application.user.full_name

    @staticmethod
    def resolve_score(obj: Any) -> Decimal:
        return obj.application.score


class DecisionIn(Schema):
    status: str
    note: str = ""


class JobRef(Schema):
    job_id: str


@router.get("/programmes", response=list[PortalProgrammeOut], auth=None)
@paginate(LimitOffsetPagination)
def programmes(request: HttpRequest, filters: Query[PortalProgrammeQuery]) -> Any:  # type: ignore[type-arg]
    return selectors.portal_programmes(selectors.PortalFilters(**filters.dict()))


@router.get("/programmes/{version_id}", response=PortalProgrammeOut, auth=None)
def programme(request: HttpRequest, version_id: str) -> Any:
    version = selectors.portal_version(parse_id(version_id))
    if version is None:
        raise Http404
    return version


@router.get("/rounds", response=list[AdmissionRoundOut], auth=None)
def rounds(request: HttpRequest) -> Any:
    return list(selectors.open_rounds())


@router.get("/rounds/{round_id}/quotas", response=list[QuotaOut], auth=None)
def round_quotas(request: HttpRequest, round_id: str) -> Any:
    admission_round = access_round_by_id(getattr(request, "actor", None), round_id)
    return list(selectors.round_quotas(admission_round))


@router.get("/me/applications", response=list[ApplicationOut])
def my_applications(request: HttpRequest) -> Any:
    return selectors.my_applications(_actor(request))


@router.post("/rounds/{round_id}/applications", response={201: ApplicationOut})
def submit(request: HttpRequest, round_id: str, payload: ApplicationIn) -> Any:
    """Submit ranked wishes. Send an ``Idempotency-Key`` header: a retry returns the same one."""
    actor = _actor(request)
    admission_round = access_round_by_id(actor, round_id)
    key = request.headers.get("Idempotency-Key", "")
    if not key:
        raise HttpError(400, "Thiếu tiêu đề Idempotency-Key.")
    application = services.application_submit(
        actor=actor,
        admission_round=admission_round,
        quota_ids=payload.quota_ids,
        idempotency_key=key,
    )
    return 201, application


@router.get("/rounds/{round_id}/wishes", response=list[QueueOut])
@paginate(LimitOffsetPagination)
def queue(request: HttpRequest, round_id: str, status: str = "") -> Any:
    actor = _actor(request)
    admission_round = access_round_by_id(actor, round_id, perm="admissions.view")
    return selectors.review_queue(
        actor, admission_round, status=status if status in WishStatus.values else ""
    )


@router.post("/wishes/{wish_id}/status", response=WishOut)
def decide(request: HttpRequest, wish_id: str, payload: DecisionIn) -> Any:
    actor = _actor(request)
    wish = access_wish_by_id(actor, wish_id, for_write=True)
    return services.wish_set_status(
        actor=actor, wish=wish, status=payload.status, note=payload.note
    )


@router.post("/rounds/{round_id}/allocate", response={202: JobRef})
def allocate(request: HttpRequest, round_id: str) -> Any:
    actor = _actor(request)
    admission_round = access_round_by_id(actor, round_id, perm="admissions.coordinate")
    job = allocation_start(actor=actor, admission_round=admission_round)
    return 202, {"job_id": str(job.pk)}
