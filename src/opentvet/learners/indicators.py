"""Indicators of learners data for reports: one aggregate query for many institutions."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from opentvet.core.indicators import for_institutions, indicator
from opentvet.learners.models import DiplomaEntry
from opentvet.learners.selectors import active_count_by_level, institution_outcomes


@indicator(
    code="learners.enrolled",
    name=_("Người học đang theo học, theo trình độ"),
    unit=_("người"),
    breakdown=("cao_dang", "trung_cap", "so_cap", "unknown"),
    description=_("Người học ở trạng thái đang học hoặc bảo lưu tại thời điểm báo cáo."),
)
def enrolled(*, institution_ids: list[int], start: dt.date, end: dt.date) -> dict[int, Any]:
    return active_count_by_level(institution_ids)


@indicator(
    code="learners.graduates",
    name=_("Người học được công nhận tốt nghiệp"),
    unit=_("người"),
    description=_("Theo ngày quyết định công nhận tốt nghiệp trong kỳ báo cáo."),
)
def graduates(*, institution_ids: list[int], start: dt.date, end: dt.date) -> dict[int, Any]:
    # No join to the student: an entry is written in the same transaction that moves the
    # learner to "graduated", a final status (services.graduation_decide, lifecycle.TRANSITIONS);
    # reading 2.5 million students to re-check it cost a second at national scale.
    return dict(
        for_institutions(
            DiplomaEntry.all_objects.filter(
                decision__decided_on__gte=start, decision__decided_on__lte=end
            ),
            institution_ids,
        )
        .values_list("institution_id")
        .annotate(n=Count("*"))
        .order_by()
    )


@indicator(
    code="learners.employment_rate",
    name=_("Tỷ lệ người tốt nghiệp có việc làm sau 12 tháng (kèm tỷ lệ phản hồi)"),
    unit=_("%"),
    breakdown=("employment_rate", "response_rate", "responded", "surveyed", "employed"),
    description=_(
        "Tỷ lệ có việc làm (kể cả tự tạo việc làm, khởi nghiệp) trên số người trả lời khảo sát; "
        "luôn đi cùng tỷ lệ phản hồi."
    ),
)
def employment_rate(*, institution_ids: list[int], start: dt.date, end: dt.date) -> dict[int, Any]:
    return institution_outcomes(institution_ids)


def pilot_counts(programme_ids: list[int]) -> dict[int, dict[str, int]]:
    """Cohorts, graduates and dual-certificate graduates per programme (for international pilots).

    Reported to the programmes app (``register_pilot_counter``); one aggregate query per figure.
    """
    from opentvet.learners.models import ClassGroup
    from opentvet.learners.models.students import CertificateKind

    result: dict[int, dict[str, int]] = {}

    def put(rows: Any, key: str) -> None:
        for programme_id, n in rows:
            result.setdefault(programme_id, {})[key] = n

    put(
        ClassGroup.all_objects.filter(programme_version__programme_id__in=programme_ids)
        .values_list("programme_version__programme_id")
        .annotate(n=Count("id"))
        .order_by(),
        "cohorts",
    )
    graduates = DiplomaEntry.all_objects.filter(
        student__class_group__programme_version__programme_id__in=programme_ids
    )
    put(
        graduates.values_list("student__class_group__programme_version__programme_id")
        .annotate(n=Count("id"))
        .order_by(),
        "graduates",
    )
    put(
        graduates.filter(student__certificates__kind=CertificateKind.FOREIGN_QUALIFICATION)
        .values_list("student__class_group__programme_version__programme_id")
        .annotate(n=Count("id", distinct=True))
        .order_by(),
        "dual_certificates",
    )
    return result
