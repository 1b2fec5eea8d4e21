"""Reads for professional development plans (kế hoạch bồi dưỡng) and their progress.

Progress is attended hours (``DevelopmentActivity`` of the unit's teachers in the plan's year)
against planned hours (the plan's items: participants × hours), and each teacher's hours
against the plan's per-teacher target. The yearly requirement per teacher is the unit's own
target: no confirmed regulation fixes a number of hours for VET teachers (Thông tư 08/2017
names development as a criterion, standard 3; the hours are NOT from a confirmed text).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet, Sum

from opentvet.core.access import Actor
from opentvet.core.models import Organisation, OrgKind
from opentvet.staff.models import (
    DevelopmentActivity,
    DevelopmentPlan,
    DevelopmentPlanItem,
    StaffCategory,
    StaffMember,
)
from opentvet.staff.selectors import DEVELOPMENT_HOURS_PER_YEAR, _share


def plan_units(actor: Actor, organisation: Organisation) -> list[Organisation]:
    """The units whose plans the page shows: the unit itself, or an institution's units."""
    if organisation.kind == OrgKind.UNIT:
        return [organisation]
    units = Organisation.objects.filter(parent=organisation, kind=OrgKind.UNIT).order_by("name")
    return [u for u in units if actor.can("staff.view", u.path)]


def plans_for(units: list[Organisation], year: int) -> dict[int, DevelopmentPlan]:
    plans = DevelopmentPlan.all_objects.filter(unit__in=units, year=year)
    return {p.unit_id: p for p in plans}


def _teachers(unit: Organisation) -> QuerySet[StaffMember]:
    return StaffMember.all_objects.filter(
        unit=unit, category=StaffCategory.TEACHER, end_date__isnull=True
    )


def plan_progress(plan: DevelopmentPlan) -> dict[str, Any]:
    """Planned vs attended hours and internships, in three queries."""
    items = list(DevelopmentPlanItem.all_objects.filter(plan=plan))
    planned_hours = sum(i.planned_hours for i in items)
    teachers = _teachers(plan.unit)
    done = DevelopmentActivity.all_objects.filter(
        staff__in=teachers, start_date__year=plan.year
    ).aggregate(hours=Sum("hours"), internships=Count("pk", filter=Q(kind="internship")))
    attended = done["hours"] or 0
    required = plan.target_hours_per_teacher or DEVELOPMENT_HOURS_PER_YEAR
    per_teacher = []
    hours_by_staff = dict(
        DevelopmentActivity.all_objects.filter(staff__in=teachers, start_date__year=plan.year)
        .values_list("staff_id")
        .annotate(h=Sum("hours"))
    )
    for member in teachers.order_by("search_name"):
        hours = hours_by_staff.get(member.pk, 0)
        per_teacher.append(
            {
                "member": member,
                "hours": hours,
                "required": required,
                "share": _share(hours, required),
                "met": hours >= required,
            }
        )
    return {
        "items": items,
        "planned_hours": planned_hours,
        "target_hours": required * len(per_teacher),
        "attended_hours": attended,
        "share": _share(attended, planned_hours) if planned_hours else None,
        "internships": done["internships"] or 0,
        "per_teacher": per_teacher,
        "teachers_met": sum(1 for r in per_teacher if r["met"]),
    }
