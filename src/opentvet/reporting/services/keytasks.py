"""Key tasks of the year in an institution's report (nhiệm vụ trọng tâm): structured items with
targets and progress instead of one text box, so they roll up to the province and reach the
briefing pack."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from opentvet.core.access import Actor
from opentvet.reporting.models import KeyTaskItem, Submission, Task
from opentvet.reporting.services.templates import audit_action

MAX_ITEMS = 20


def key_tasks_prefill(submission: Submission) -> int:
    """Copy the institution's key tasks of the period's year (from the task board) into a new
    report; their progress is the tasks' progress today. Returns how many were added.

    Called by ``submission_start`` inside its transaction (the start is audited there).
    """
    if submission.key_tasks.exists():
        return 0
    tasks = Task.all_objects.filter(
        owner_id=submission.institution_id, key_year=submission.period.year, parent__isnull=True
    ).exclude(status=Task.Status.CANCELLED)
    items = [
        KeyTaskItem(
            submission=submission,
            period=submission.period,
            institution_id=submission.institution_id,
            institution_path=submission.institution_path,
            order=index,
            title=task.title,
            target=task.description,
            progress=task.progress,
            task=task,
        )
        for index, task in enumerate(tasks.order_by("pk")[:MAX_ITEMS], start=1)
    ]
    KeyTaskItem.all_objects.bulk_create(items)
    return len(items)


def _progress(value: Any) -> int:
    try:
        number = int(str(value).strip() or 0)
    except ValueError:
        raise ValidationError(_("Tiến độ phải là số nguyên từ 0 đến 100.")) from None
    if not 0 <= number <= 100:
        raise ValidationError(_("Tiến độ phải là số nguyên từ 0 đến 100."))
    return number


@transaction.atomic
def submission_key_tasks_save(
    *, actor: Actor | None, submission: Submission, items: Sequence[Mapping[str, Any]]
) -> list[KeyTaskItem]:
    """Replace the report's key tasks with ``items`` (title, target, progress 0–100, result,
    optional ``id`` of an existing item to keep its link to the task board).

    Raises ValidationError when the report is no longer editable, an item has no title, a
    progress is out of range, or there are more than 20 items.
    """
    if actor is not None and not actor.can("report.prepare", submission.institution_path):
        raise PermissionError
    if submission.status not in {
        Submission.Status.DRAFT,
        Submission.Status.SIGNED,
        Submission.Status.RETURNED,
    }:
        raise ValidationError(_("Báo cáo đã gửi, không thể sửa."))
    rows = [i for i in items if str(i.get("title", "")).strip() or str(i.get("id", "")).strip()]
    if len(rows) > MAX_ITEMS:
        raise ValidationError(_("Tối đa %(n)d nhiệm vụ trọng tâm.") % {"n": MAX_ITEMS})
    existing = {item.pk: item for item in submission.key_tasks.all()}
    before = [(i.title, i.progress) for i in existing.values()]
    kept: list[KeyTaskItem] = []
    for order, row in enumerate(rows, start=1):
        title = str(row.get("title", "")).strip()
        if not title:
            raise ValidationError(_("Mỗi nhiệm vụ trọng tâm cần có nội dung."))
        try:
            pk = int(str(row.get("id") or 0))
        except ValueError:
            pk = 0
        item = existing.pop(pk, None) or KeyTaskItem(
            submission=submission,
            period_id=submission.period_id,
            institution_id=submission.institution_id,
            institution_path=submission.institution_path,
        )
        item.order = order
        item.title = title[:500]
        item.target = str(row.get("target", "")).strip()
        item.progress = _progress(row.get("progress", 0))
        item.result = str(row.get("result", "")).strip()
        item.save()
        kept.append(item)
    if existing:
        KeyTaskItem.all_objects.filter(pk__in=list(existing)).delete()
    audit_action(
        actor,
        "submission_key_tasks",
        submission,
        submission.institution,
        key_tasks=[before, [(i.title, i.progress) for i in kept]],
    )
    return kept
