"""Writes on report templates, indicator definitions and reporting periods."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from opentvet.core.access import Actor
from opentvet.core.audit import audit_log, audited_create, audited_update
from opentvet.core.models import AuditEntry, Organisation, OrgKind
from opentvet.reporting.deadlines import deadline_for, kind_periodicities
from opentvet.reporting.indicators import STANDARD_DEFINITIONS
from opentvet.reporting.models import (
    Aggregation,
    IndicatorDefinition,
    IndicatorKind,
    Periodicity,
    ReportingPeriod,
    ReportKind,
    ReportTemplate,
    TemplateItem,
)

AUTHORITY_KINDS = {
    OrgKind.MINISTRY,
    OrgKind.NATIONAL_AUTHORITY,
    OrgKind.PEOPLES_COMMITTEE,
    OrgKind.PROVINCIAL_AUTHORITY,
}

DEFAULT_SECTIONS = [
    {"key": "results", "title": "Kết quả thực hiện nhiệm vụ trong kỳ", "required": True},
    {"key": "key_tasks", "title": "Nhiệm vụ trọng tâm kỳ tới", "required": True},
    {"key": "difficulties", "title": "Khó khăn, vướng mắc", "required": False},
    {"key": "recommendations", "title": "Đề xuất, kiến nghị", "required": False},
]


def _require(actor: Actor | None, perm: str, organisation: Organisation) -> None:
    if actor is not None and not actor.can(perm, organisation.path):
        raise PermissionError(perm)


@transaction.atomic
def standard_definitions_ensure() -> int:
    """Create version 1 of each standard definition that does not exist yet (idempotent)."""
    existing = set(IndicatorDefinition.objects.values_list("code", flat=True))
    created = 0
    for spec in STANDARD_DEFINITIONS:
        if spec["code"] in existing:
            continue
        IndicatorDefinition.objects.create(
            code=spec["code"],
            version=1,
            name=spec["name"],
            unit=spec.get("unit", ""),
            kind=IndicatorKind.COMPUTED if spec.get("registry") else IndicatorKind.MANUAL,
            registry_code=spec.get("registry", ""),
            aggregation=spec.get("aggregation", Aggregation.SUM),
            definition=spec.get("definition", ""),
        )
        created += 1
    return created


@transaction.atomic
def indicator_definition_revise(
    *,
    actor: Actor | None,
    code: str,
    name: str,
    unit: str = "",
    kind: str = IndicatorKind.MANUAL,
    registry_code: str = "",
    definition: str = "",
    aggregation: str = Aggregation.SUM,
) -> IndicatorDefinition:
    """A new version of ``code`` (version 1 when new). Old versions stay for old reports."""
    if actor is not None and not actor.is_superuser and not actor.paths_with("report.review"):
        raise PermissionError("report.review")
    if kind == IndicatorKind.COMPUTED and not registry_code:
        raise ValidationError({"registry_code": _("Chỉ tiêu tính từ dữ liệu cần mã chỉ số.")})
    last = IndicatorDefinition.objects.filter(code=code).aggregate(v=Max("version"))["v"] or 0
    item = IndicatorDefinition(
        code=code,
        version=last + 1,
        name=name,
        unit=unit,
        kind=kind,
        registry_code=registry_code if kind == IndicatorKind.COMPUTED else "",
        definition=definition,
        aggregation=aggregation,
    )
    audited_create(
        actor=actor.user if actor else None,
        verb="indicator_definition_revise",
        instance=item,
        organisation=None,
    )
    return item


def latest_definitions() -> list[IndicatorDefinition]:
    latest: dict[str, IndicatorDefinition] = {}
    for d in IndicatorDefinition.objects.order_by("code", "-version"):
        latest.setdefault(d.code, d)
    return list(latest.values())


@transaction.atomic
def template_create(
    *,
    actor: Actor | None,
    organisation: Organisation,
    name: str,
    periodicities: Iterable[str],
    due_days: int = 5,
    report_kind: str = ReportKind.OTHER,
    recipients: str = "",
    description: str = "",
    swing_threshold: int = 30,
    sections: list[dict[str, object]] | None = None,
) -> ReportTemplate:
    """An authority's report template (mẫu báo cáo); items are added with ``template_item_add``.

    A regulated ``report_kind`` takes its deadlines from its date rule (``reporting.deadlines``)
    and may only have the periodicities that rule sets a deadline for.
    """
    _require(actor, "report.review", organisation)
    if organisation.kind not in AUTHORITY_KINDS:
        raise ValidationError(_("Chỉ cơ quan quản lý mới được ban hành mẫu báo cáo."))
    periodicities = list(dict.fromkeys(periodicities))
    if not periodicities:
        raise ValidationError({"periodicities": _("Chọn ít nhất một kỳ báo cáo.")})
    unknown = set(periodicities) - set(Periodicity.values)
    if unknown:
        raise ValidationError({"periodicities": _("Kỳ báo cáo không hợp lệ.")})
    if report_kind not in ReportKind.values:
        raise ValidationError({"report_kind": _("Loại báo cáo không hợp lệ.")})
    allowed = kind_periodicities(report_kind, on=timezone.localdate())
    if allowed is not None and not set(periodicities) <= allowed:
        labels = ", ".join(str(label) for v, label in Periodicity.choices if v in allowed)
        raise ValidationError(
            {
                "periodicities": _("Loại báo cáo này chỉ có thời hạn quy định cho kỳ: %(k)s.")
                % {"k": labels or "—"}
            }
        )
    standard_definitions_ensure()
    template = ReportTemplate(
        organisation=organisation,
        name=name,
        description=description,
        periodicities=periodicities,
        report_kind=report_kind,
        due_days=due_days,
        recipients=recipients,
        swing_threshold=swing_threshold,
        sections=sections if sections is not None else DEFAULT_SECTIONS,
    )
    audited_create(
        actor=actor.user if actor else None,
        verb="template_create",
        instance=template,
        organisation=organisation,
    )
    return template


@transaction.atomic
def template_item_add(
    *,
    actor: Actor | None,
    template: ReportTemplate,
    definition: IndicatorDefinition,
    required: bool = True,
    components: list[str] | None = None,
) -> TemplateItem:
    """Ask for one more indicator. ``components``: codes that must add up to it."""
    _require(actor, "report.review", template.organisation)
    if template.items.filter(definition__code=definition.code).exists():
        raise ValidationError({"definition": _("Chỉ tiêu này đã có trong mẫu báo cáo.")})
    from opentvet.reporting.indicators import standard_components

    order = (template.items.aggregate(o=Max("order"))["o"] or 0) + 1
    item = TemplateItem(
        template=template,
        order=order,
        definition=definition,
        required=required,
        components=components
        if components is not None
        else standard_components().get(definition.code, []),
    )
    audited_create(
        actor=actor.user if actor else None,
        verb="template_item_add",
        instance=item,
        organisation=template.organisation,
    )
    return item


def period_bounds(periodicity: str, year: int, number: int) -> tuple[dt.date, dt.date]:
    """First and last day of a period. Raises ValidationError for a number out of range."""

    def month_end(month: int) -> dt.date:
        return dt.date(year, month, calendar.monthrange(year, month)[1])

    limits = {
        Periodicity.MONTHLY: 12,
        Periodicity.QUARTERLY: 4,
        Periodicity.FIVE_MONTH: 1,
        Periodicity.SIX_MONTH: 2,
        Periodicity.ANNUAL: 1,
    }
    if periodicity not in limits:
        raise ValidationError({"periodicity": _("Loại kỳ báo cáo không hợp lệ.")})
    if not 1 <= number <= limits[Periodicity(periodicity)]:
        raise ValidationError({"number": _("Số thứ tự kỳ không hợp lệ với loại kỳ đã chọn.")})
    if periodicity == Periodicity.MONTHLY:
        return dt.date(year, number, 1), month_end(number)
    if periodicity == Periodicity.QUARTERLY:
        return dt.date(year, 3 * number - 2, 1), month_end(3 * number)
    if periodicity == Periodicity.FIVE_MONTH:
        return dt.date(year, 1, 1), month_end(5)
    if periodicity == Periodicity.SIX_MONTH:
        return dt.date(year, 6 * number - 5, 1), month_end(6 * number)
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


@transaction.atomic
def period_open(
    *,
    actor: Actor | None,
    template: ReportTemplate,
    periodicity: str,
    year: int,
    number: int = 1,
    due_date: dt.date | None = None,
) -> ReportingPeriod:
    """Open a period for reports. The due date comes from the report kind's date rule (or, for a
    report no regulation governs, ``due_days`` after the period) unless one is given; its basis
    is kept on the period."""
    _require(actor, "report.review", template.organisation)
    if periodicity not in template.periodicities:
        raise ValidationError({"periodicity": _("Mẫu báo cáo này không có loại kỳ đã chọn.")})
    if not template.items.exists():
        raise ValidationError(_("Mẫu báo cáo chưa có chỉ tiêu nào."))
    start, end = period_bounds(periodicity, year, number)
    if ReportingPeriod.objects.filter(
        template=template, periodicity=periodicity, year=year, number=number
    ).exists():
        raise ValidationError({"number": _("Kỳ báo cáo này đã được mở.")})
    if due_date is None:
        deadline = deadline_for(
            kind=template.report_kind, periodicity=periodicity, end=end, due_days=template.due_days
        )
        due_date, due_basis = deadline.due_date, deadline.basis
    else:
        due_basis = _("Căn cứ: thời hạn do cơ quan yêu cầu ấn định")
    period = ReportingPeriod(
        template=template,
        periodicity=periodicity,
        year=year,
        number=number,
        start=start,
        end=end,
        due_date=due_date,
        due_basis=due_basis,
    )
    audited_create(
        actor=actor.user if actor else None,
        verb="period_open",
        instance=period,
        organisation=template.organisation,
    )
    return period


@transaction.atomic
def period_close(*, actor: Actor, period: ReportingPeriod) -> None:
    _require(actor, "report.review", period.template.organisation)
    audited_update(
        actor=actor.user,
        verb="period_close",
        instance=period,
        organisation=period.template.organisation,
        data={"status": ReportingPeriod.Status.CLOSED},
    )


def audit_action(
    actor: Actor | None,
    verb: str,
    instance: object,
    organisation: Organisation | None,
    **changes: object,
) -> None:
    """A workflow step in the audit log (``changes``: field → [before, after])."""
    audit_log(
        actor=actor.user if actor else None,
        verb=verb,
        instance=instance,  # type: ignore[arg-type]
        organisation=organisation,
        action=AuditEntry.Action.ACTION,
        changes=changes,
    )
