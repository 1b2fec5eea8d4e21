"""Reminders before deadlines (nhắc hạn), sent by the scheduled command ``send_reminders``.

django-tasks has no scheduler, so the command is meant to run from cron (or a loop beside the
worker) as often as one likes: every reminder carries an ``event_key`` naming the deadline, and
``services.notify`` tells each recipient once per key (a unique constraint backs it up when two
runs overlap). Running it twice in a day sends nothing the second time.

What is reminded, ``days`` (default 3) ahead:
- reports of open periods an institution has not submitted: "due" inside the window, "overdue"
  once the due date has passed (each once per period and institution);
- open tasks: "due" inside the window, "overdue" after the deadline (each once per deadline);
- grade sheets not locked whose entry deadline is inside the window (teacher, once per deadline);
- the daily digest for users who chose it (once per user and day).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from opentvet.core.models import Organisation, OrgKind
from opentvet.notifications import events
from opentvet.notifications.services import digests_send


@dataclass
class ReminderRun:
    reports: int = 0
    tasks: int = 0
    grade_sheets: int = 0
    digests: int = 0
    notified: list[int] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.reports + self.tasks + self.grade_sheets


def _report_reminders(today: dt.date, horizon: dt.date, run: ReminderRun) -> None:
    from opentvet.reporting.models import ReportingPeriod, Submission

    periods = ReportingPeriod.objects.filter(
        status=ReportingPeriod.Status.OPEN, due_date__lte=horizon
    ).select_related("template__organisation")
    for period in periods:
        submitted = Submission.all_objects.filter(
            period=period, first_submitted_at__isnull=False
        ).values("institution_id")
        missing = Organisation.objects.filter(
            kind=OrgKind.INSTITUTION,
            valid_to__isnull=True,
            path__startswith=period.template.organisation.path,
        ).exclude(pk__in=submitted)
        overdue = today > period.due_date
        stage = "overdue" if overdue else "due"
        for institution in missing:
            sent = events.report_due(
                period,
                institution,
                overdue=overdue,
                event_key=f"report_{stage}:{period.pk}:{institution.pk}",
            )
            run.reports += len(sent)


def _task_reminders(today: dt.date, horizon: dt.date, run: ReminderRun) -> None:
    from opentvet.reporting.models import Task

    tasks = Task.all_objects.filter(
        status__in=[Task.Status.OPEN, Task.Status.IN_PROGRESS],
        deadline__isnull=False,
        deadline__lte=horizon,
    ).select_related("owner", "owner_person")
    for task in tasks:
        overdue = today > task.deadline
        stage = "overdue" if overdue else "due"
        sent = events.task_deadline(
            task, overdue=overdue, event_key=f"task_{stage}:{task.pk}:{task.deadline:%Y%m%d}"
        )
        run.tasks += len(sent)


def _grade_reminders(today: dt.date, horizon: dt.date, run: ReminderRun) -> None:
    from opentvet.learners.models import ModuleOffering

    offerings = ModuleOffering.all_objects.filter(
        locked_at__isnull=True,
        teacher__isnull=False,
        grade_deadline__gte=today,
        grade_deadline__lte=horizon,
    ).select_related("institution", "teacher", "module", "class_group")
    for offering in offerings:
        sent = events.grade_sheet_due(
            offering, event_key=f"grade_due:{offering.pk}:{offering.grade_deadline:%Y%m%d}"
        )
        run.grade_sheets += len(sent)


def send_reminders(
    *, today: dt.date | None = None, days: int = 3, digests: bool = True
) -> ReminderRun:
    """Send every reminder due ``days`` ahead of ``today`` and the daily digests (idempotent)."""
    today = today or timezone.localdate()
    horizon = today + dt.timedelta(days=days)
    run = ReminderRun()
    with transaction.atomic():
        _report_reminders(today, horizon, run)
    with transaction.atomic():
        _task_reminders(today, horizon, run)
    with transaction.atomic():
        _grade_reminders(today, horizon, run)
    if digests:
        run.digests = digests_send(today=today)
    return run
