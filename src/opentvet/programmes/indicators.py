"""Indicators on programmes, one aggregate query for all the institutions asked about."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from opentvet.core.indicators import for_institutions, indicator
from opentvet.programmes.models import DeliveryMode, ProgrammeVersion
from opentvet.programmes.selectors import current_q


def _current(institution_ids: list[int], end: dt.date) -> Any:
    return for_institutions(ProgrammeVersion.all_objects.filter(current_q(end)), institution_ids)


@indicator(
    code="programmes.published",
    name=_("Chương trình đào tạo đang áp dụng"),
    unit=_("chương trình"),
    description=_("Chương trình có phiên bản đã ban hành, đang hiệu lực vào cuối kỳ."),
)
def published(*, institution_ids: list[int], start: dt.date, end: dt.date) -> dict[int, int]:
    rows = _current(institution_ids, end).values_list("institution_id").annotate(n=Count("pk"))
    return dict(rows.order_by())


@indicator(
    code="programmes.by_delivery_mode",
    name=_("Chương trình theo hình thức đào tạo"),
    unit=_("chương trình"),
    breakdown=tuple(DeliveryMode.values),
)
def by_delivery_mode(
    *, institution_ids: list[int], start: dt.date, end: dt.date
) -> dict[int, dict[str, int]]:
    aggregates = {mode: Count("pk", filter=Q(delivery_mode=mode)) for mode in DeliveryMode.values}
    rows = _current(institution_ids, end).values("institution_id").annotate(**aggregates)
    return {r["institution_id"]: {m: r[m] for m in DeliveryMode.values} for r in rows.order_by()}


@indicator(
    code="programmes.international_pilots",
    name=_("Chương trình chuyển giao quốc tế đang áp dụng"),
    unit=_("chương trình"),
    description=_("Chương trình chuyển giao từ Đức, Úc... (thí điểm), đang hiệu lực."),
)
def international_pilots(
    *, institution_ids: list[int], start: dt.date, end: dt.date
) -> dict[int, int]:
    rows = (
        _current(institution_ids, end)
        .filter(is_international=True)
        .values_list("institution_id")
        .annotate(n=Count("pk"))
    )
    return dict(rows.order_by())


# The reporting app's standard report reads "programmes.active": the same figure.
indicator(
    code="programmes.active",
    name=_("Chương trình đào tạo đang thực hiện"),
    unit=_("chương trình"),
    description=_("Chương trình có phiên bản đã ban hành, đang hiệu lực vào cuối kỳ."),
)(published)
