"""Lean-staffing trends over years (đội ngũ tinh gọn, hiệu quả): students per teacher,
teachers per occupation, the managers' and support staff's shares, the teaching-load spread;
and the roll-up by province for authorities.

"In post in a year" means in post on 31 December: started on or before it and not left by it.
Students are counted the same way from the learners app (enrolled by 31 December and not
graduated, transferred or dropped out by then). One grouped query per year; a few years only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum

from opentvet.staff.models import StaffCategory, StaffMember, TeachingAssignment
from opentvet.staff.selectors import (
    STUDENTS_PER_TEACHER_NORM,
    TEACHING_NORM_HOURS,
    _share,
)

LEFT_STATUSES = ("transferred", "dropped_out", "expelled", "graduated")


def _year_end(year: int) -> dt.date:
    return dt.date(year, 12, 31)


def in_post(base: QuerySet[StaffMember], year: int) -> QuerySet[StaffMember]:
    end = _year_end(year)
    return base.filter(Q(start_date__isnull=True) | Q(start_date__lte=end)).filter(
        Q(end_date__isnull=True) | Q(end_date__gt=end)
    )


def _student_model() -> Any:
    try:
        from opentvet.learners.models import Student
    except ImportError:  # pragma: no cover - the learners app is part of the project
        return None
    return Student


def students_in(student_filter: Q, year: int, group: str | None = None) -> Any:
    """Students enrolled on 31 December of ``year`` (a count, or a dict by ``group``)."""
    model = _student_model()
    if model is None:
        return {} if group else 0
    end = _year_end(year)
    qs = (
        model._base_manager.filter(student_filter)
        .filter(Q(enrolled_on__isnull=True) | Q(enrolled_on__lte=end))
        .exclude(
            Q(status__in=LEFT_STATUSES) & (Q(status_since__isnull=True) | Q(status_since__lte=end))
        )
    )
    if group is None:
        return qs.count()
    return dict(qs.values_list(group).annotate(n=Count("pk")))


def _ratio(students: int, teachers: int) -> Decimal | None:
    return (Decimal(students) / teachers).quantize(Decimal("0.1")) if teachers else None


_COUNTS = {
    "total": Count("pk"),
    "teachers": Count("pk", filter=Q(category=StaffCategory.TEACHER)),
    "managers": Count("pk", filter=Q(category=StaffCategory.MANAGER)),
    "support": Count(
        "pk", filter=Q(category__in=[StaffCategory.SPECIALIST, StaffCategory.SUPPORT])
    ),
}


def load_buckets(base: QuerySet[StaffMember], year: int) -> dict[str, int]:
    """Teachers in post in ``year`` by share of their norm taught in school year ``year``."""
    teachers = in_post(base, year).filter(category=StaffCategory.TEACHER)
    totals = dict(
        TeachingAssignment.all_objects.filter(staff__in=teachers, school_year=year)
        .values_list("staff_id")
        .annotate(h=Sum("hours"))
    )
    buckets = {"under": 0, "normal": 0, "over": 0, "none": 0}
    for pk, level in teachers.values_list("pk", "teaching_level"):
        hours, norm = totals.get(pk), TEACHING_NORM_HOURS.get(level or "", 0)
        if not hours or not norm:
            buckets["none"] += 1
        elif hours < norm / 2:
            buckets["under"] += 1
        elif hours <= norm:
            buckets["normal"] += 1
        else:
            buckets["over"] += 1
    return buckets


def yearly_figures(
    base: QuerySet[StaffMember], student_filter: Q, years: Sequence[int]
) -> list[dict[str, Any]]:
    """One row per year: staff by category, shares, students per teacher, load spread."""
    rows = []
    for year in years:
        counts = in_post(base, year).aggregate(**_COUNTS)
        students = students_in(student_filter, year)
        rows.append(
            {
                "year": year,
                **counts,
                "manager_share": _share(counts["managers"], counts["total"]),
                "support_share": _share(counts["support"], counts["total"]),
                "students": students,
                "students_per_teacher": _ratio(students, counts["teachers"]),
                "load": load_buckets(base, year),
            }
        )
    return rows


def occupation_trend(
    base: QuerySet[StaffMember], years: Sequence[int], top: int = 8
) -> dict[str, Any]:
    """Teachers per occupation per year, for the ``top`` occupations of the last year."""
    per_year: dict[int, dict[str, int]] = {}
    for year in years:
        per_year[year] = dict(
            in_post(base, year)
            .filter(category=StaffCategory.TEACHER)
            .values_list("occupation__name")
            .annotate(n=Count("pk"))
        )
    last = per_year[years[-1]] if years else {}
    names = sorted(last, key=lambda name: (-last[name], name or ""))[:top]
    return {
        "years": list(years),
        "rows": [
            {"name": name, "counts": [per_year[y].get(name, 0) for y in years]} for name in names
        ],
    }


def province_rollup(
    base: QuerySet[StaffMember], student_filter: Q, year: int
) -> list[dict[str, Any]]:
    """Per province, in post on 31 December of ``year`` (one staff query, one student query)."""
    staff = (
        in_post(base, year)
        .values("institution__province_id", "institution__province__name")
        .annotate(**_COUNTS, institutions=Count("institution", distinct=True))
        .order_by("institution__province__name")
    )
    students = students_in(student_filter, year, group="institution__province_id")
    rows = []
    for values in staff:
        row: dict[str, Any] = dict(values)
        n_students = students.get(row["institution__province_id"], 0)
        row["students"] = n_students
        row["students_per_teacher"] = _ratio(n_students, row["teachers"])
        row["manager_share"] = _share(row["managers"], row["total"])
        row["support_share"] = _share(row["support"], row["total"])
        row["over_norm"] = (
            row["students_per_teacher"] is not None
            and row["students_per_teacher"] > STUDENTS_PER_TEACHER_NORM
        )
        rows.append(row)
    return rows
