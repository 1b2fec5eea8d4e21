"""Figures for reports and dashboards, each computed for many institutions in one query."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from opentvet.core.indicators import for_institutions, indicator
from opentvet.staff.models import StaffCategory, StaffMember


def _in_post(institution_ids: Sequence[int], end: dt.date) -> Any:
    return for_institutions(StaffMember.all_objects.all(), institution_ids).filter(
        Q(start_date__isnull=True) | Q(start_date__lte=end),
        Q(end_date__isnull=True) | Q(end_date__gt=end),
    )


@indicator(code="staff.teachers", name=_("Số nhà giáo"), unit=_("người"))
def teachers(*, institution_ids: Sequence[int], start: dt.date, end: dt.date) -> dict[int, Any]:
    return dict(
        _in_post(institution_ids, end)
        .filter(category=StaffCategory.TEACHER)
        .values_list("institution_id")
        .annotate(n=Count("pk"))
        .order_by()
    )


@indicator(
    code="staff.standard_share",
    name=_("Tỷ lệ nhà giáo đạt chuẩn"),
    unit=_("%"),
    description=_("Theo kết quả xếp loại gần nhất (Thông tư 08/2017/TT-BLĐTBXH)."),
)
def standard_share(
    *, institution_ids: Sequence[int], start: dt.date, end: dt.date
) -> dict[int, Any]:
    from opentvet.staff.selectors import standardisation_by

    rows = standardisation_by(
        for_institutions(StaffMember.all_objects.all(), institution_ids), "institution_id"
    )
    return {r["institution_id"]: r["share"] for r in rows}


@indicator(
    code="staff.managers_share",
    name=_("Tỷ lệ cán bộ quản lý"),
    unit=_("%"),
)
def managers_share(
    *, institution_ids: Sequence[int], start: dt.date, end: dt.date
) -> dict[int, Any]:
    rows = (
        _in_post(institution_ids, end)
        .values("institution_id")
        .annotate(total=Count("pk"), managers=Count("pk", filter=Q(category=StaffCategory.MANAGER)))
        .order_by()
    )
    return {
        r["institution_id"]: (Decimal(r["managers"]) * 100 / r["total"]).quantize(Decimal("0.1"))
        for r in rows
        if r["total"]
    }


@indicator(
    code="staff.students_per_teacher",
    name=_("Số người học trên một nhà giáo"),
    unit=_("người"),
    description=_("Khi phân hệ người học đã có dữ liệu."),
)
def students_per_teacher(
    *, institution_ids: Sequence[int], start: dt.date, end: dt.date
) -> dict[int, Any]:
    from opentvet.staff.selectors import students_per_teacher as compute

    return dict(compute(list(institution_ids)))
