"""Staff endpoints: registry, qualifications, gaps, promotion rounds, standardisation figures."""

# No "from __future__ import annotations" here: Ninja reads the annotations at import time.

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Router
from ninja.pagination import paginate

from opentvet.api.base import LimitOffsetPagination
from opentvet.catalogue.models import Occupation
from opentvet.core.access import Actor, parse_id
from opentvet.core.models import Organisation, OrgKind
from opentvet.staff import planning, selectors, services, services_records, trends
from opentvet.staff import services_reference as ref
from opentvet.staff.access import (
    access_assignment_by_id,
    access_employment_by_id,
    access_institution,
    access_plan_by_id,
    access_round_by_id,
    access_staff_member_by_id,
    can_plan,
    can_see_personal,
    is_authority_viewer,
    require_reference_editor,
)
from opentvet.staff.models import (
    DevelopmentPlan,
    EmploymentRecord,
    ProfessionalTitle,
    Qualification,
    StandardFramework,
    TeachingAssignment,
)
from opentvet.staff.schemas import (
    AccountIn,
    AccountOut,
    AssignmentIn,
    AssignmentOut,
    CandidateOut,
    EmploymentIn,
    EmploymentOut,
    FrameworkOut,
    GapOut,
    LeanOut,
    PlanIn,
    PlanOut,
    PlanProgressOut,
    PromotionRoundOut,
    QualificationIn,
    QualificationOut,
    StaffIn,
    StaffOut,
    StaffPersonalOut,
    StandardisationOut,
    TitleIn,
    TitleOut,
    WorkloadOut,
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


@router.get("/rounds", response=list[PromotionRoundOut])
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


# --- employment history, teaching assignments, workload, account ------------------------------


@router.get("/staff/{staff_id}/employment", response=list[EmploymentOut])
def list_employment(request: HttpRequest, staff_id: str) -> Any:
    member = access_staff_member_by_id(_actor(request), staff_id)
    return list(EmploymentRecord.all_objects.filter(staff=member))


@router.post("/staff/{staff_id}/employment", response={201: EmploymentOut})
def add_employment(request: HttpRequest, staff_id: str, payload: EmploymentIn) -> Any:
    actor = _actor(request)
    member = access_staff_member_by_id(actor, staff_id, for_write=True)
    return 201, services.employment_record_add(actor=actor, member=member, data=payload.dict())


@router.patch("/staff/{staff_id}/employment/{record_id}", response=EmploymentOut)
def update_employment(
    request: HttpRequest, staff_id: str, record_id: str, payload: EmploymentIn
) -> Any:
    actor = _actor(request)
    member = access_staff_member_by_id(actor, staff_id, for_write=True)
    record = access_employment_by_id(actor, member, record_id, for_write=True)
    services_records.employment_record_update(actor=actor, record=record, data=payload.dict())
    return record


def _assignment_data(payload: AssignmentIn) -> dict[str, Any]:
    data = payload.dict()
    code = data.pop("occupation_code")
    data["occupation"] = Occupation.objects.filter(pk=code).first() if code else None
    if code and data["occupation"] is None:
        raise ValidationError({"occupation_code": "Không có mã ngành, nghề này."})
    return data


@router.get("/staff/{staff_id}/assignments", response=list[AssignmentOut])
def list_assignments(request: HttpRequest, staff_id: str) -> Any:
    member = access_staff_member_by_id(_actor(request), staff_id)
    return list(TeachingAssignment.all_objects.filter(staff=member))


@router.post("/staff/{staff_id}/assignments", response={201: AssignmentOut})
def add_assignment(request: HttpRequest, staff_id: str, payload: AssignmentIn) -> Any:
    actor = _actor(request)
    member = access_staff_member_by_id(actor, staff_id, for_write=True)
    data = _assignment_data(payload)
    return 201, services.teaching_assignment_add(actor=actor, member=member, data=data)


@router.patch("/staff/{staff_id}/assignments/{assignment_id}", response=AssignmentOut)
def update_assignment(
    request: HttpRequest, staff_id: str, assignment_id: str, payload: AssignmentIn
) -> Any:
    actor = _actor(request)
    member = access_staff_member_by_id(actor, staff_id, for_write=True)
    assignment = access_assignment_by_id(actor, member, assignment_id, for_write=True)
    services_records.teaching_assignment_update(
        actor=actor, assignment=assignment, data=_assignment_data(payload)
    )
    return assignment


@router.get("/staff/{staff_id}/workload", response=list[WorkloadOut])
def staff_workload(request: HttpRequest, staff_id: str) -> Any:
    return selectors.workload(access_staff_member_by_id(_actor(request), staff_id))


@router.post("/staff/{staff_id}/account", response=AccountOut)
def link_account(request: HttpRequest, staff_id: str, payload: AccountIn) -> Any:
    """Link an existing account (``identifier``: e-mail or phone) or create one (``create``)."""
    actor = _actor(request)
    member = access_staff_member_by_id(actor, staff_id, for_write=True)
    if payload.create:
        user = services_records.staff_member_account_create(
            actor=actor, member=member, email=payload.email, phone=payload.phone
        )
    else:
        user = services_records.staff_member_account_link(
            actor=actor, member=member, identifier=payload.identifier
        )
    return {"staff_id": member.pk, "user_id": user.pk}


# --- development plans -------------------------------------------------------------------------


@router.get("/units/{org_id}/development-plans", response=list[PlanOut])
def list_plans(request: HttpRequest, org_id: str) -> Any:
    actor = _actor(request)
    organisation = access_institution(actor, org_id)
    units = planning.plan_units(actor, organisation)
    return list(DevelopmentPlan.all_objects.filter(unit__in=units).order_by("-year", "unit_id"))


@router.post("/units/{org_id}/development-plans", response={201: PlanOut})
def save_plan(request: HttpRequest, org_id: str, payload: PlanIn) -> Any:
    actor = _actor(request)
    unit = access_institution(actor, org_id)
    if unit.kind != OrgKind.UNIT or not can_plan(actor, unit):
        raise Http404
    data = payload.dict()
    year = data.pop("year")
    return 201, services.development_plan_save(actor=actor, unit=unit, year=year, data=data)


@router.get("/development-plans/{plan_id}", response=PlanProgressOut)
def plan_progress(request: HttpRequest, plan_id: str) -> Any:
    plan = access_plan_by_id(_actor(request), plan_id)
    progress = planning.plan_progress(plan)
    return {
        "plan": plan,
        "items": progress["items"],
        "planned_hours": progress["planned_hours"],
        "attended_hours": progress["attended_hours"],
        "share": progress["share"],
        "internships": progress["internships"],
        "teachers": [
            {
                "staff_id": r["member"].pk,
                "full_name": r["member"].full_name,
                "hours": r["hours"],
                "required": r["required"],
                "met": r["met"],
            }
            for r in progress["per_teacher"]
        ],
    }


# --- reference data ----------------------------------------------------------------------------


@router.get("/titles", response=list[TitleOut])
def list_titles(request: HttpRequest) -> Any:
    return list(ProfessionalTitle.objects.all())


@router.patch("/titles/{title_id}", response=TitleOut)
def update_title(request: HttpRequest, title_id: str, payload: TitleIn) -> Any:
    actor = _actor(request)
    require_reference_editor(actor)
    title = ProfessionalTitle.objects.filter(pk=parse_id(title_id)).first()
    if title is None:
        raise Http404
    ref.title_update(actor=actor, title=title, data=payload.dict(exclude_unset=True))
    return title


@router.get("/frameworks/{framework_id}", response=FrameworkOut)
def get_framework(request: HttpRequest, framework_id: str) -> Any:
    framework = StandardFramework.objects.filter(pk=parse_id(framework_id)).first()
    if framework is None:
        raise Http404
    return framework


# --- lean staffing -----------------------------------------------------------------------------


def _years() -> list[int]:
    this_year = timezone.localdate().year
    return list(range(this_year - 4, this_year + 1))


@router.get("/institutions/{org_id}/lean", response=LeanOut)
def institution_lean(request: HttpRequest, org_id: str) -> Any:
    actor = _actor(request)
    institution = access_institution(actor, org_id)
    base = selectors.staff_visible(actor).filter(institution__path__startswith=institution.path)
    students = Q(institution__path__startswith=institution.path)
    return {"years": trends.yearly_figures(base, students, _years()), "provinces": []}


@router.get("/lean", response=LeanOut)
def lean_rollup(request: HttpRequest) -> Any:
    """Trends and the by-province roll-up over everything the actor may view (authorities)."""
    actor = _actor(request)
    if not is_authority_viewer(actor):
        raise Http404
    base = selectors.staff_visible(actor)
    students = actor.reach_q("staff.view", "institution__path")
    provinces = trends.province_rollup(base, students, timezone.localdate().year)
    return {
        "years": trends.yearly_figures(base, students, _years()),
        "provinces": [
            {
                "province_id": r["institution__province_id"],
                "province": r["institution__province__name"],
                **{
                    k: r[k]
                    for k in (
                        "institutions",
                        "total",
                        "teachers",
                        "students",
                        "students_per_teacher",
                        "manager_share",
                        "support_share",
                    )
                },
            }
            for r in provinces
        ],
    }
