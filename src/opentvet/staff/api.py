"""Staff endpoints: registry, qualifications, gaps, promotion rounds, standardisation figures."""

# No "from __future__ import annotations" here: Ninja reads the annotations at import time.

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Router
from ninja.pagination import LimitOffsetPagination, paginate

from opentvet.core.access import Actor
from opentvet.core.models import Organisation
from opentvet.staff import selectors, services
from opentvet.staff.access import (
    access_institution,
    access_round_by_id,
    access_staff_member_by_id,
    can_see_personal,
)
from opentvet.staff.models import ProfessionalTitle, Qualification
from opentvet.staff.schemas import (
    CandidateOut,
    GapOut,
    QualificationIn,
    QualificationOut,
    RoundOut,
    StaffIn,
    StaffOut,
    StaffPersonalOut,
    StandardisationOut,
)

router = Router(tags=["staff"])


def _actor(request: HttpRequest) -> Actor:
    return request.auth  # type: ignore[attr-defined]


def _staff_payload(member: Any, actor: Actor) -> dict[str, Any]:
    schema = StaffPersonalOut if can_see_personal(actor, member) else StaffOut
    return schema.from_orm(member).dict()


@router.get("/institutions/{org_id}/staff", response=list[StaffOut])
@paginate(LimitOffsetPagination)
def list_staff(request: HttpRequest, org_id: str, q: str = "", category: str = "") -> Any:
    actor = _actor(request)
    institution = access_institution(actor, org_id)
    return selectors.staff_list(
        actor=actor,
        institution=institution,
        filters=selectors.StaffFilters(q=q, category=category),
    )


@router.post("/institutions/{org_id}/staff", response={201: dict})
def create_staff(request: HttpRequest, org_id: str, payload: StaffIn) -> Any:
    actor = _actor(request)
    institution = access_institution(actor, org_id, perm="staff.change")
    data = payload.dict()
    title_code = data.pop("title_code")
    unit_id = data.pop("unit_id")
    data["title"] = (
        ProfessionalTitle.objects.filter(code=title_code).first() if title_code else None
    )
    if title_code and data["title"] is None:
        raise ValidationError({"title_code": "Không có mã chức danh nghề nghiệp này."})
    data["unit"] = (
        Organisation.objects.filter(pk=unit_id, parent=institution).first() if unit_id else None
    )
    if unit_id and data["unit"] is None:
        raise ValidationError({"unit_id": "Đơn vị không thuộc cơ sở này."})
    if not actor.can("staff.view_personal", institution.path):
        for name in ("date_of_birth", "citizen_id", "salary_coefficient"):
            data.pop(name, None)
    member = services.staff_member_create(actor=actor, institution=institution, data=data)
    return 201, _staff_payload(member, actor)


@router.get("/staff/{staff_id}", response=dict)
def get_staff(request: HttpRequest, staff_id: str) -> Any:
    actor = _actor(request)
    return _staff_payload(access_staff_member_by_id(actor, staff_id), actor)


@router.get("/staff/{staff_id}/qualifications", response=list[QualificationOut])
def list_qualifications(request: HttpRequest, staff_id: str) -> Any:
    member = access_staff_member_by_id(_actor(request), staff_id)
    return list(Qualification.all_objects.filter(staff=member))


@router.post("/staff/{staff_id}/qualifications", response={201: QualificationOut})
def add_qualification(request: HttpRequest, staff_id: str, payload: QualificationIn) -> Any:
    actor = _actor(request)
    member = access_staff_member_by_id(actor, staff_id, for_write=True)
    return 201, services.qualification_add(actor=actor, member=member, data=payload.dict())


@router.get("/staff/{staff_id}/gaps", response=list[GapOut])
def staff_gaps(request: HttpRequest, staff_id: str) -> Any:
    member = access_staff_member_by_id(_actor(request), staff_id)
    return selectors.gap_list(member)


@router.get("/expiring", response=list[QualificationOut])
def expiring(request: HttpRequest, days: int = selectors.EXPIRY_WINDOW_DAYS) -> Any:
    return list(
        selectors.expiring_qualifications(
            actor=_actor(request), within_days=max(0, min(days, 730))
        )[:500]
    )


@router.get("/rounds", response=list[RoundOut])
def list_rounds(request: HttpRequest) -> Any:
    return list(selectors.rounds_visible(_actor(request))[:200])


@router.get("/rounds/{round_id}/candidates", response=list[CandidateOut])
def round_candidates(request: HttpRequest, round_id: str) -> Any:
    actor = _actor(request)
    promotion_round = access_round_by_id(actor, round_id)
    return [
        {
            "staff_id": member.pk,
            "full_name": member.full_name,
            "institution_id": member.institution_id,
            "title_code": member.title.code if member.title else None,
            "eligible": verdict.eligible,
            "rules": [r.as_dict() for r in verdict.results],
            "application_id": app.pk if app else None,
            "application_status": app.status if app else None,
        }
        for member, verdict, app in selectors.round_candidates(
            actor=actor, promotion_round=promotion_round
        )
    ]


def _shares(rows: list[dict[str, Any]], key: str, label: str) -> list[dict[str, Any]]:
    return [
        {
            "key": r.get(key),
            "label": r.get(label),
            "total": r["total"],
            "met": r["met"],
            "share": r["share"],
        }
        for r in rows
    ]


@router.get("/standardisation", response=StandardisationOut)
def standardisation(request: HttpRequest) -> Any:
    figures = selectors.standardisation_for_actor(_actor(request))
    return {
        "by_institution": _shares(figures["by_institution"], "institution_id", "institution__name"),
        "by_province": _shares(
            figures["by_province"], "institution__province__name", "institution__province__name"
        ),
    }
