"""send_reminders: reminders before deadlines, once per deadline however often it runs."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from opentvet.notifications.models import Notification
from opentvet.notifications.reminders import send_reminders
from opentvet.reporting import services as reporting
from opentvet.reporting.models import ReportingPeriod, Task

pytestmark = pytest.mark.django_db


@pytest.fixture
def due_task(college_a, org, persona_user):  # type: ignore[no-untyped-def]
    return reporting.task_assign(
        actor=None,
        assigned_by=org("SGDDT-96"),
        owner=college_a,
        title="Nộp kế hoạch tuyển sinh",
        deadline=timezone.localdate() + dt.timedelta(days=2),
    )


@pytest.fixture
def late_task(college_a, org):  # type: ignore[no-untyped-def]
    return reporting.task_assign(
        actor=None,
        assigned_by=org("SGDDT-96"),
        owner=college_a,
        title="Báo cáo kiểm định",
        deadline=timezone.localdate() - dt.timedelta(days=1),
    )


def test_reminders_are_sent_once(due_task, late_task, persona_user):
    rector = persona_user("rector")
    first = send_reminders()
    assert first.tasks > 0
    assert Notification.objects.filter(
        recipient=rector, kind="task_due", object_id=str(due_task.pk)
    ).exists()
    assert Notification.objects.filter(
        recipient=rector, kind="task_overdue", object_id=str(late_task.pk)
    ).exists()
    total = Notification.objects.count()
    second = send_reminders()
    assert second.total == 0
    assert Notification.objects.count() == total


def test_a_finished_task_is_not_reminded(late_task, persona_user):
    Task.all_objects.filter(pk=late_task.pk).update(status=Task.Status.DONE)
    send_reminders()
    assert not Notification.objects.filter(
        object_id=str(late_task.pk), kind="task_overdue"
    ).exists()


def test_a_moved_deadline_is_reminded_again(due_task, persona_user):
    send_reminders()
    Task.all_objects.filter(pk=due_task.pk).update(
        deadline=timezone.localdate() + dt.timedelta(days=1)
    )
    send_reminders()
    assert (
        Notification.objects.filter(
            recipient=persona_user("rector"), kind="task_due", object_id=str(due_task.pk)
        ).count()
        == 2
    )


def test_reports_due_are_reminded_to_institutions_that_have_not_submitted(college_a, persona_user):
    period = ReportingPeriod.objects.filter(status="open").order_by("due_date").first()
    assert period is not None
    send_reminders(today=period.due_date - dt.timedelta(days=1))
    submitted = period.submissions.filter(first_submitted_at__isnull=False)
    rows = Notification.objects.filter(kind="report_due", object_id=str(period.pk))
    if (
        college_a.path.startswith(period.template.organisation.path)
        and not submitted.filter(institution=college_a).exists()
    ):
        assert rows.filter(recipient=persona_user("rector")).exists()
    told_orgs = set(rows.values_list("organisation_id", flat=True))
    assert not told_orgs & set(submitted.values_list("institution_id", flat=True))
    # After the due date: an "overdue" reminder, also once.
    send_reminders(today=period.due_date + dt.timedelta(days=1))
    overdue = Notification.objects.filter(kind="report_overdue", object_id=str(period.pk)).count()
    send_reminders(today=period.due_date + dt.timedelta(days=2))
    assert (
        Notification.objects.filter(kind="report_overdue", object_id=str(period.pk)).count()
        == overdue
    )


def test_the_command_runs_and_is_idempotent(due_task):
    out = StringIO()
    call_command("send_reminders", stdout=out)
    assert "tasks=" in out.getvalue() and "tasks=0 " not in out.getvalue()
    out = StringIO()
    call_command("send_reminders", stdout=out)
    assert "reports=0 tasks=0 grade_sheets=0" in out.getvalue()
