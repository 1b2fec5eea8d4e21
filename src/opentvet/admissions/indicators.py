"""Admissions indicators for reports: one aggregate query for all institutions."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Sum
from django.utils.translation import gettext_lazy as _

from opentvet.admissions.models import Quota, Wish, WishStatus
from opentvet.core.indicators import indicator

_ADMITTED = [WishStatus.ADMITTED, WishStatus.CONFIRMED, WishStatus.ENROLLED]


@indicator(
    code="admissions.applications",
    name=_("Số nguyện vọng đăng ký xét tuyển"),
    unit=_("nguyện vọng"),
    description=_("Nguyện vọng nộp trong kỳ, theo cơ sở được đăng ký"),
)
def applications(*, institution_ids: list[int], start: dt.date, end: dt.date) -> dict[int, Any]:
    return dict(
        Wish.all_objects.filter(
            institution_id__in=institution_ids,
            application__submitted_at__date__gte=start,
            application__submitted_at__date__lte=end,
        )
        .values_list("institution_id")
        .annotate(n=Count("pk"))
        .order_by()
    )


@indicator(
    code="admissions.admitted_vs_quota",
    name=_("Trúng tuyển so với chỉ tiêu"),
    unit=_("người"),
    breakdown=("quota", "admitted", "confirmed"),
    description=_("Chỉ tiêu, số trúng tuyển và số xác nhận nhập học của các đợt mở trong kỳ"),
)
def admitted_vs_quota(
    *, institution_ids: list[int], start: dt.date, end: dt.date
) -> dict[int, Any]:
    rows = (
        Quota.all_objects.filter(
            institution_id__in=institution_ids, round__opens_on__gte=start, round__opens_on__lte=end
        )
        .values("institution_id")
        .annotate(
            quota=Sum("seats"), admitted=Sum("admitted_count"), confirmed=Sum("confirmed_count")
        )
        .order_by()
    )
    return {
        r["institution_id"]: {
            "quota": r["quota"],
            "admitted": r["admitted"],
            "confirmed": r["confirmed"],
        }
        for r in rows
    }
