"""Report deadlines as date rules (hạn nộp báo cáo), read from ``regulations``.

A regulated report's deadline is a date the regulation names, not "N days after the period":
the rule ``reporting.deadline.<report kind>`` holds, per periodicity, the day of a month counted
from the month in which the period ends::

    {"annual": {"day": 10, "months_after_end": 1}}   # by 10 January of the next year
    {"6m": {"day": 31, "months_after_end": 0}}       # by the period's last day (30/6, 31/12)

A ``day`` past the month's end means its last day. The rule in force on the period's last day
applies; its basis is kept on the period and shown beside the due date.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from opentvet.regulations.selectors import RuleMissing, rule_for
from opentvet.reporting.models import ReportKind


@dataclass(frozen=True)
class Deadline:
    due_date: dt.date
    basis: str


def rule_key(kind: str) -> str:
    return f"reporting.deadline.{kind}"


def _month_day(year: int, month: int, day: int) -> dt.date:
    year += (month - 1) // 12
    month = (month - 1) % 12 + 1
    return dt.date(year, month, min(day, calendar.monthrange(year, month)[1]))


def deadline_for(*, kind: str, periodicity: str, end: dt.date, due_days: int = 0) -> Deadline:
    """The due date of a period ending on ``end`` for a report of ``kind``, with its basis.

    Raises ValidationError when the regulation sets no deadline for this periodicity or no
    version of the rule covers the period.
    """
    if kind == ReportKind.OTHER:
        return Deadline(
            end + dt.timedelta(days=due_days),
            _("Căn cứ: mẫu báo cáo của cơ quan yêu cầu (%(n)d ngày sau cuối kỳ)") % {"n": due_days},
        )
    try:
        applied = rule_for(rule_key(kind), on=end)
    except RuleMissing as missing:
        raise ValidationError(
            {"periodicity": _("Chưa có quy định về thời hạn nộp loại báo cáo này cho kỳ đã chọn.")}
        ) from missing
    spec = applied.value.get(periodicity)
    if spec is None:
        raise ValidationError(
            {
                "periodicity": _("%(basis)s không quy định thời hạn cho loại kỳ này.")
                % {"basis": applied.basis}
            }
        )
    due = _month_day(end.year, end.month + int(spec["months_after_end"]), int(spec["day"]))
    return Deadline(due, applied.basis)


def kind_periodicities(kind: str, *, on: dt.date) -> set[str] | None:
    """Periodicities the rule for ``kind`` sets a deadline for (None: any, the authority's own)."""
    if kind == ReportKind.OTHER:
        return None
    try:
        return set(rule_for(rule_key(kind), on=on).value)
    except RuleMissing:
        return set()
