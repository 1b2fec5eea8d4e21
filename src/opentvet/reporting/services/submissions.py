"""An institution's report: pre-fill from live data, edit, validate, sign, submit, review.

Workflow: draft → signed (rector) → submitted → acknowledged | returned → (edit) → signed → ...
Each submission freezes a ``SubmissionVersion`` with the values, the definition version of each
value and the narrative; a submitted report is never recomputed.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from opentvet.core.access import Actor
from opentvet.core.audit import audited_create
from opentvet.core.indicators import Indicator, get_indicator
from opentvet.core.indicators import batch as indicator_batch
from opentvet.core.models import Organisation, OrgKind
from opentvet.notifications import events as notify_events
from opentvet.reporting.models import (
    IndicatorKind,
    Reminder,
    ReportingPeriod,
    Submission,
    SubmissionValue,
    SubmissionVersion,
    TemplateItem,
    ValueSource,
)
from opentvet.reporting.services.keytasks import key_tasks_prefill
from opentvet.reporting.services.templates import audit_action


def _require(actor: Actor | None, perm: str, path: str) -> None:
    if actor is not None and not actor.can(perm, path):
        raise PermissionError(perm)


def _decimal(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        result = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return result.quantize(Decimal("0.0001"))


def registered_indicator(code: str) -> Indicator | None:
    """The live indicator behind a registry code, or None while no app registers it."""
    if not code:
        return None
    try:
        return get_indicator(code.partition(":")[0])
    except KeyError:
        return None


def template_items(period: ReportingPeriod) -> list[TemplateItem]:
    return list(period.template.items.select_related("definition").order_by("order", "pk"))


def live_values(
    items: Iterable[TemplateItem], institution_ids: list[int], start: dt.date, end: dt.date
) -> dict[int, dict[str, tuple[Decimal | None, str]]]:
    """Every computed item for every institution: one registry call per indicator code.

    Returns ``{institution_id: {item_code: (value, source)}}``; items whose registry code is not
    registered come back as ``(None, "none")``, manual items as ``(None, "manual")``.
    """
    with indicator_batch():
        return _live_values(items, institution_ids, start, end)


def _live_values(
    items: Iterable[TemplateItem], institution_ids: list[int], start: dt.date, end: dt.date
) -> dict[int, dict[str, tuple[Decimal | None, str]]]:
    result: dict[int, dict[str, tuple[Decimal | None, str]]] = defaultdict(dict)
    # Items "learners.enrolled", "learners.enrolled:cao_dang", ... share one computation.
    computed: dict[str, Mapping[int, Any]] = {}
    for item in items:
        definition = item.definition
        registered = registered_indicator(definition.registry_code)
        if definition.kind != IndicatorKind.COMPUTED:
            for inst in institution_ids:
                result[inst][definition.code] = (None, ValueSource.MANUAL)
            continue
        if registered is None:
            for inst in institution_ids:
                result[inst][definition.code] = (None, ValueSource.NO_SOURCE)
            continue
        # "code:key" picks one key of a breakdown; a bare code takes the breakdown's total.
        key = definition.registry_code.partition(":")[2]
        if registered.code not in computed:
            computed[registered.code] = registered.values(
                institution_ids=institution_ids, start=start, end=end
            )
        values = computed[registered.code]
        for inst in institution_ids:
            raw = values.get(inst)
            if isinstance(raw, Mapping):
                raw = raw.get(key) if key else sum((v or 0) for v in raw.values())
            result[inst][definition.code] = (_decimal(raw), ValueSource.COMPUTED)
    return result


@transaction.atomic
def submission_start(
    *, actor: Actor | None, period: ReportingPeriod, institution: Organisation
) -> Submission:
    """The institution's draft for ``period``, pre-filled from live data (or the existing one)."""
    _require(actor, "report.prepare", institution.path)
    if institution.kind != OrgKind.INSTITUTION:
        raise ValidationError(_("Chỉ cơ sở GDNN lập báo cáo theo mẫu này."))
    if not institution.path.startswith(period.template.organisation.path):
        raise ValidationError(_("Cơ sở này không thuộc phạm vi của mẫu báo cáo."))
    existing = Submission.all_objects.filter(period=period, institution=institution).first()
    if existing is not None:
        return existing
    if period.status != ReportingPeriod.Status.OPEN:
        raise ValidationError(_("Kỳ báo cáo đã đóng."))
    submission = Submission(
        period=period,
        institution=institution,
        institution_path=institution.path,
        prepared_by=actor.user if actor else None,
        narrative={},
    )
    audited_create(
        actor=actor.user if actor else None,
        verb="submission_start",
        instance=submission,
        organisation=institution,
    )
    items = template_items(period)
    live = live_values(items, [institution.pk], period.start, period.end)[institution.pk]
    SubmissionValue.all_objects.bulk_create(
        [
            SubmissionValue(
                submission=submission,
                period=period,
                institution=institution,
                institution_path=institution.path,
                province_id=institution.province_id,
                code=item.definition.code,
                definition_version=item.definition.version,
                value=live[item.definition.code][0],
                computed_value=live[item.definition.code][0],
                source=live[item.definition.code][1],
            )
            for item in items
        ]
    )
    key_tasks_prefill(submission)
    return submission


def _editable(submission: Submission) -> None:
    if submission.status not in {
        Submission.Status.DRAFT,
        Submission.Status.SIGNED,
        Submission.Status.RETURNED,
    }:
        raise ValidationError(_("Báo cáo đã gửi, không thể sửa."))


@transaction.atomic
def submission_refresh(*, actor: Actor | None, submission: Submission) -> int:
    """Recompute the computed figures of a draft; figures changed by hand stay. Returns changes."""
    _require(actor, "report.prepare", submission.institution_path)
    _editable(submission)
    period = submission.period
    items = template_items(period)
    live = live_values(items, [submission.institution_id], period.start, period.end)
    fresh = live[submission.institution_id]
    changed = 0
    for row in submission.values.all():
        value, source = fresh.get(row.code, (None, ValueSource.NO_SOURCE))
        if source != ValueSource.COMPUTED or row.computed_value == value:
            continue
        if row.value == row.computed_value:
            row.value = value
        row.computed_value = value
        row.source = source
        row.save(update_fields=["value", "computed_value", "source"])
        changed += 1
    audit_action(
        actor, "submission_refresh", submission, submission.institution, refreshed=[None, changed]
    )
    return changed


@transaction.atomic
def submission_save(
    *,
    actor: Actor | None,
    submission: Submission,
    values: Mapping[str, Any],
    comments: Mapping[str, str] | None = None,
    narrative: Mapping[str, str] | None = None,
) -> dict[str, list[Any]]:
    """Store figures entered by hand, comments and narrative. A signed draft goes back to draft.

    Raises ValidationError (per indicator code) for values that are not numbers.
    """
    _require(actor, "report.prepare", submission.institution_path)
    _editable(submission)
    errors: dict[str, str] = {}
    changes: dict[str, list[Any]] = {}
    rows = {row.code: row for row in submission.values.all()}
    comments = comments or {}
    for code in [*values, *(c for c in comments if c not in values)]:
        row = rows.get(code)
        if row is None:
            continue
        raw = values.get(code, row.value)
        value = _decimal(raw)
        if raw not in (None, "") and value is None:
            errors[code] = _("Giá trị phải là một số.")
            continue
        comment = comments.get(code, row.comment)
        if value != row.value or comment != row.comment:
            changes[code] = [
                str(row.value) if row.value is not None else None,
                str(value) if value is not None else None,
            ]
            row.value = value
            row.comment = comment
            if row.source == ValueSource.NO_SOURCE and value is not None:
                row.source = ValueSource.MANUAL
            row.save(update_fields=["value", "comment", "source"])
    if errors:
        raise ValidationError(errors)
    if narrative is not None:
        merged = {**submission.narrative, **{k: v.strip() for k, v in narrative.items()}}
        if merged != submission.narrative:
            changes["narrative"] = [None, sorted(k for k in narrative)]
            submission.narrative = merged
            submission.save(update_fields=["narrative"])
    if changes and submission.status == Submission.Status.SIGNED:
        submission.status = Submission.Status.DRAFT
        submission.signed_by = None
        submission.signed_at = None
        submission.save(update_fields=["status", "signed_by", "signed_at"])
        changes["status"] = [Submission.Status.SIGNED, Submission.Status.DRAFT]
    if changes:
        audit_action(actor, "submission_save", submission, submission.institution, **changes)
    return changes


@dataclass(frozen=True)
class Issue:
    """A validation finding; ``blocking`` ones prevent signing."""

    code: str
    message: str
    blocking: bool = True


def previous_period(
    period: ReportingPeriod, *, same_last_year: bool = False
) -> ReportingPeriod | None:
    qs = ReportingPeriod.objects.filter(
        template_id=period.template_id, periodicity=period.periodicity
    )
    if same_last_year:
        return qs.filter(year=period.year - 1, number=period.number).first()
    return qs.filter(end__lt=period.start).order_by("-end").first()


def submission_validate(submission: Submission) -> list[Issue]:
    """Required figures and sections, no negatives, consistent totals, swings explained."""
    period = submission.period
    template = period.template
    items = template_items(period)
    rows = {row.code: row for row in submission.values.all()}
    issues: list[Issue] = []
    names = {item.definition.code: item.definition.name for item in items}
    for item in items:
        row = rows.get(item.definition.code)
        value = row.value if row else None
        if value is None:
            if item.required:
                issues.append(
                    Issue(
                        item.definition.code,
                        _("Chưa có số liệu “%(name)s”.") % {"name": item.definition.name},
                    )
                )
            continue
        if value < 0:
            issues.append(
                Issue(
                    item.definition.code,
                    _("“%(name)s” không được âm.") % {"name": item.definition.name},
                )
            )
        parts = [c for c in item.components if c in rows]
        if parts and all(rows[c].value is not None for c in parts):
            total = sum((rows[c].value for c in parts), Decimal(0))
            if total != value:
                issues.append(
                    Issue(
                        item.definition.code,
                        _(
                            "Tổng không khớp: “%(name)s” là %(value)s nhưng tổng các thành phần "
                            "(%(parts)s) là %(total)s."
                        )
                        % {
                            "name": item.definition.name,
                            "value": _fmt(value),
                            "parts": ", ".join(names.get(c, c) for c in parts),
                            "total": _fmt(total),
                        },
                    )
                )
    for section in template.sections:
        if section.get("required") and not (submission.narrative.get(section["key"]) or "").strip():
            issues.append(
                Issue(
                    f"section:{section['key']}",
                    _("Chưa viết phần “%(title)s”.") % {"title": section["title"]},
                )
            )
    previous = previous_period(period)
    if previous is not None:
        before = dict(
            SubmissionValue.all_objects.filter(
                period=previous, institution_id=submission.institution_id, submitted=True
            ).values_list("code", "value")
        )
        threshold = Decimal(template.swing_threshold) / 100
        for code, row in rows.items():
            old = before.get(code)
            if old is None or row.value is None or old == 0:
                continue
            swing = abs(row.value - old) / abs(old)
            if swing > threshold and not row.comment.strip():
                issues.append(
                    Issue(
                        code,
                        _(
                            "“%(name)s” thay đổi %(pct)s%% so với kỳ trước (%(old)s): "
                            "cần giải trình."
                        )
                        % {
                            "name": names.get(code, code),
                            "pct": f"{swing * 100:.0f}",
                            "old": _fmt(old),
                        },
                    )
                )
    return issues


def _fmt(value: Decimal) -> str:
    return f"{value.normalize():f}"


@transaction.atomic
def submission_sign(*, actor: Actor | None, submission: Submission) -> Submission:
    """The rector's sign-off (ký duyệt); only a draft without blocking issues can be signed."""
    _require(actor, "report.sign", submission.institution_path)
    if submission.status not in {Submission.Status.DRAFT, Submission.Status.RETURNED}:
        raise ValidationError(_("Chỉ ký duyệt được báo cáo đang soạn hoặc bị trả lại."))
    issues = [i for i in submission_validate(submission) if i.blocking]
    if issues:
        raise ValidationError([i.message for i in issues])
    before = submission.status
    submission.status = Submission.Status.SIGNED
    submission.signed_by = actor.user if actor else None
    submission.signed_at = timezone.now()
    submission.save(update_fields=["status", "signed_by", "signed_at"])
    audit_action(
        actor,
        "submission_sign",
        submission,
        submission.institution,
        status=[before, submission.status],
    )
    return submission


def snapshot_value(
    code: str,
    definition: Any,
    *,
    version: int,
    value: Decimal | None,
    computed: Decimal | None,
    source: str,
    comment: str,
) -> dict[str, Any]:
    """One figure as a submitted version freezes it (``definition`` may be gone: None).

    The generator writes frozen versions without submitting (``benchdata``), through this too.
    """
    return {
        "code": code,
        "name": definition.name if definition else code,
        "unit": definition.unit if definition else "",
        "definition": definition.definition if definition else "",
        "registry_code": definition.registry_code if definition else "",
        "version": version,
        "value": str(value) if value is not None else None,
        "computed_value": str(computed) if computed is not None else None,
        "source": source,
        "comment": comment,
    }


def _snapshot(submission: Submission) -> dict[str, Any]:
    items = {i.definition.code: i.definition for i in template_items(submission.period)}
    values = [
        snapshot_value(
            row.code,
            items.get(row.code),
            version=row.definition_version,
            value=row.value,
            computed=row.computed_value,
            source=row.source,
            comment=row.comment,
        )
        for row in submission.values.order_by("pk")
    ]
    return {
        "institution": submission.institution.name,
        "period": submission.period.label,
        "values": values,
        "narrative": submission.narrative,
        "difficulties": [
            {"id": d.pk, "category": d.category, "title": d.title}
            for d in submission.difficulties.all()
        ],
        "key_tasks": [
            {"title": k.title, "target": k.target, "progress": k.progress, "result": k.result}
            for k in submission.key_tasks.all()
        ],
        "signed_by": str(submission.signed_by) if submission.signed_by else "",
        "signed_at": submission.signed_at.isoformat() if submission.signed_at else None,
    }


@transaction.atomic
def submission_submit(*, actor: Actor | None, submission: Submission) -> SubmissionVersion:
    """Send a signed report up: freeze a version and expose its figures to the roll-ups."""
    _require(actor, "report.prepare", submission.institution_path)
    # Lock the row: two clicks on "Gửi" must not make two versions.
    status, version_number = (
        Submission.all_objects.select_for_update()
        .filter(pk=submission.pk)
        .values_list("status", "version")
        .get()
    )
    submission.status, submission.version = status, version_number
    if submission.status != Submission.Status.SIGNED:
        raise ValidationError(_("Báo cáo phải được Hiệu trưởng ký duyệt trước khi gửi."))
    now = timezone.now()
    submission.version += 1
    version = SubmissionVersion.objects.create(
        submission=submission,
        number=submission.version,
        snapshot=_snapshot(submission),
        submitted_by=actor.user if actor else None,
        submitted_at=now,
    )
    submission.status = Submission.Status.SUBMITTED
    submission.submitted_at = now
    submission.first_submitted_at = submission.first_submitted_at or now
    submission.review_comment = ""
    submission.save(
        update_fields=["status", "version", "submitted_at", "first_submitted_at", "review_comment"]
    )
    submission.values.update(submitted=True)
    audit_action(
        actor,
        "submission_submit",
        submission,
        submission.institution,
        status=[Submission.Status.SIGNED, Submission.Status.SUBMITTED],
        version=[None, version.number],
    )
    return version


def _review(actor: Actor | None, submission: Submission, outcome: str, comment: str) -> Submission:
    _require(actor, "report.review", submission.institution_path)
    if submission.status != Submission.Status.SUBMITTED:
        raise ValidationError(_("Chỉ xử lý được báo cáo đã gửi và chưa được xử lý."))
    submission.status = outcome
    submission.reviewed_by = actor.user if actor else None
    submission.reviewed_at = timezone.now()
    submission.review_comment = comment
    submission.save(update_fields=["status", "reviewed_by", "reviewed_at", "review_comment"])
    submission.versions.filter(number=submission.version).update(
        outcome=outcome, review_comment=comment
    )
    audit_action(
        actor,
        f"submission_{'return' if outcome == 'returned' else 'acknowledge'}",
        submission,
        submission.institution,
        status=[Submission.Status.SUBMITTED, outcome],
        comment=[None, comment],
    )
    notify_events.report_reviewed(submission, by=actor.user if actor else None)
    return submission


@transaction.atomic
def submission_return(*, actor: Actor | None, submission: Submission, comment: str) -> Submission:
    """Send a report back with comments; its figures leave the roll-ups until resubmitted."""
    if not comment.strip():
        raise ValidationError({"comment": _("Cần ghi rõ lý do trả lại báo cáo.")})
    _review(actor, submission, Submission.Status.RETURNED, comment.strip())
    submission.values.update(submitted=False)
    return submission


@transaction.atomic
def submission_acknowledge(
    *, actor: Actor | None, submission: Submission, comment: str = ""
) -> Submission:
    return _review(actor, submission, Submission.Status.ACKNOWLEDGED, comment.strip())


def expected_institutions(period: ReportingPeriod) -> Any:
    return Organisation.objects.filter(
        kind=OrgKind.INSTITUTION,
        valid_to__isnull=True,
        path__startswith=period.template.organisation.path,
    )


@transaction.atomic
def period_remind(
    *, actor: Actor | None, period: ReportingPeriod, within: Organisation | None = None
) -> int:
    """Remind every institution (under ``within``) that has not submitted. Returns the count."""
    root = within or period.template.organisation
    _require(actor, "report.review", root.path)
    submitted = Submission.all_objects.filter(
        period=period, first_submitted_at__isnull=False
    ).values_list("institution_id", flat=True)
    missing = (
        expected_institutions(period).filter(path__startswith=root.path).exclude(pk__in=submitted)
    )
    now = timezone.now()
    late = timezone.localdate() > period.due_date
    reminders = [
        Reminder(
            period=period,
            institution=inst,
            institution_path=inst.path,
            sent_at=now,
            sent_by=actor.user if actor else None,
            late=late,
        )
        for inst in missing
    ]
    Reminder.all_objects.bulk_create(reminders)
    for reminder in reminders:
        notify_events.report_due(period, reminder.institution, overdue=late)
    audit_action(actor, "period_remind", period, root, reminded=[None, len(reminders)])
    return len(reminders)
