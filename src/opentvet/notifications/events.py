"""The events that tell people something, one function each, called by the owning app's service
inside its transaction (``notifications.events.task_assigned(task, by=...)``).

Each function decides who must act and where they go to do it; ``services.notify`` does the rest.
Objects are duck-typed (this module imports no domain model), so the apps depend on
notifications and never the other way round.

For the document exchange (liên thông văn bản, built in parallel) the two events are ready:
``document_received(document=..., recipient=..., link=...)`` when a document lands in an
organisation's incoming register, ``document_assigned(document=..., handler=..., link=...)``
when a clerk gives it to someone to handle.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from opentvet.core.models import Organisation, User
from opentvet.notifications.models import Kind, Notification
from opentvet.notifications.services import notify


def _dmy(day: dt.date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def _org_name(organisation: Any) -> str:
    return str(organisation.short_name or organisation.name)


# --- Reports --------------------------------------------------------------------------------


def report_reviewed(submission: Any, *, by: User | None = None) -> list[Notification]:
    """A report was returned (trả lại) or acknowledged (tiếp nhận): tell who prepares it."""
    returned = submission.status == "returned"
    period = submission.period
    values = {"report": period.template.name, "period": period.label}
    title = (
        _("Báo cáo “%(report)s — %(period)s” bị trả lại") % values
        if returned
        else _("Báo cáo “%(report)s — %(period)s” đã được tiếp nhận") % values
    )
    return notify(
        event=Kind.REPORT_RETURNED if returned else Kind.REPORT_ACKNOWLEDGED,
        title=title,
        body=submission.review_comment or "",
        organisation=submission.institution,
        perm="report.prepare",
        obj=submission,
        link=reverse("reporting:submission_detail", args=[submission.pk]),
        exclude=by,
    )


def report_due(
    period: Any, institution: Organisation, *, overdue: bool, event_key: str = ""
) -> list[Notification]:
    """An institution has not submitted a report of an open period (reminder)."""
    values = {
        "report": period.template.name,
        "period": period.label,
        "due": _dmy(period.due_date),
    }
    title = (
        _("Báo cáo “%(report)s — %(period)s” đã quá hạn nộp (%(due)s)") % values
        if overdue
        else _("Báo cáo “%(report)s — %(period)s” cần nộp trước %(due)s") % values
    )
    return notify(
        event=Kind.REPORT_OVERDUE if overdue else Kind.REPORT_DUE,
        title=title,
        organisation=institution,
        perm="report.prepare",
        obj=period,
        link=reverse("reporting:period_detail", args=[period.pk]),
        event_key=event_key,
    )


# --- Tasks ----------------------------------------------------------------------------------


def _task_link(task: Any) -> str:
    return reverse("reporting:task_detail", args=[task.pk])


def task_assigned(task: Any, *, by: User | None = None) -> list[Notification]:
    """A task was assigned: tell who leads the owning organisation and the person in charge."""
    values = {"by": _org_name(task.assigned_by), "title": task.title}
    body = _("Thời hạn: %(deadline)s") % {"deadline": _dmy(task.deadline)} if task.deadline else ""
    return notify(
        event=Kind.TASK_ASSIGNED,
        title=_("%(by)s giao nhiệm vụ: %(title)s") % values,
        body=body,
        organisation=task.owner,
        perm="task.change",
        users=[task.owner_person],
        obj=task,
        link=_task_link(task),
        exclude=by,
    )


def task_updated(task: Any, *, progress: int, note: str = "", by: User | None = None) -> Any:
    """Progress was reported on a task: tell the organisation that assigned it (not for a task
    an organisation gave itself, e.g. its key tasks of the year)."""
    if task.assigned_by_id == task.owner_id:
        return []
    values = {"owner": _org_name(task.owner), "title": task.title, "progress": progress}
    return notify(
        event=Kind.TASK_UPDATED,
        title=_("%(owner)s cập nhật nhiệm vụ “%(title)s”: %(progress)s%%") % values,
        body=note,
        organisation=task.assigned_by,
        perm="task.change",
        obj=task,
        link=_task_link(task),
        exclude=by,
    )


def task_deadline(task: Any, *, overdue: bool, event_key: str = "") -> list[Notification]:
    """Reminder: a task is due soon or overdue; tell its owner and the person in charge."""
    values = {"title": task.title, "deadline": _dmy(task.deadline)}
    return notify(
        event=Kind.TASK_OVERDUE if overdue else Kind.TASK_DUE,
        title=(
            _("Nhiệm vụ quá hạn (%(deadline)s): %(title)s") % values
            if overdue
            else _("Nhiệm vụ đến hạn ngày %(deadline)s: %(title)s") % values
        ),
        organisation=task.owner,
        perm="task.change",
        users=[task.owner_person],
        obj=task,
        link=_task_link(task),
        event_key=event_key,
    )


# --- Difficulties ---------------------------------------------------------------------------


def _difficulty_link(difficulty: Any) -> str:
    return reverse("reporting:difficulty_detail", args=[difficulty.pk])


def difficulty_received(difficulty: Any, *, by: User | None = None) -> list[Notification]:
    """A difficulty was raised to, or forwarded to, an authority: tell who resolves there."""
    values = {"org": _org_name(difficulty.organisation), "title": difficulty.title}
    return notify(
        event=Kind.DIFFICULTY_RECEIVED,
        title=_("%(org)s nêu khó khăn, vướng mắc: %(title)s") % values,
        body=difficulty.description or "",
        organisation=difficulty.routed_to,
        perm="difficulty.resolve",
        obj=difficulty,
        link=_difficulty_link(difficulty),
        exclude=by,
    )


def difficulty_answered(
    difficulty: Any, *, answered_by: Organisation, text: str, by: User | None = None
) -> list[Notification]:
    """An authority answered a difficulty: tell who raises difficulties at the institution."""
    values = {"org": _org_name(answered_by), "title": difficulty.title}
    return notify(
        event=Kind.DIFFICULTY_ANSWERED,
        title=_("%(org)s đã trả lời: %(title)s") % values,
        body=text,
        organisation=difficulty.organisation,
        perm="difficulty.raise",
        obj=difficulty,
        link=_difficulty_link(difficulty),
        exclude=by,
    )


# --- Admissions, staff, results -------------------------------------------------------------


def application_status_changed(wish: Any, *, by: User | None = None) -> list[Notification]:
    """An officer decided on an applicant's wish: tell the applicant."""
    values = {
        "status": wish.get_status_display(),
        "rank": wish.rank,
        "institution": _org_name(wish.institution),
    }
    return notify(
        event=Kind.APPLICATION_STATUS,
        title=_("Nguyện vọng %(rank)s (%(institution)s): %(status)s") % values,
        body=wish.note or "",
        organisation=wish.institution,
        users=[wish.application.user],
        obj=wish,
        link=reverse("admissions:mine"),
        exclude=by,
    )


def promotion_decided(application: Any, *, by: User | None = None) -> list[Notification]:
    """A promotion round decided on a teacher: tell the teacher (or, without an account, the
    institution's personnel office)."""
    member = application.staff
    passed = application.status == "appointed"
    values = {"round": str(application.promotion_round), "name": member.full_name}
    title = (
        _("%(name)s đạt kết quả xét thăng hạng: %(round)s") % values
        if passed
        else _("%(name)s chưa đạt kết quả xét thăng hạng: %(round)s") % values
    )
    user = member.user if member.user_id else None
    return notify(
        event=Kind.PROMOTION_RESULT,
        title=title,
        organisation=member.institution,
        perm=None if user else "staff.change",
        users=[user],
        obj=application,
        link=reverse("staff:me") if user else "",
        exclude=by,
    )


def grade_sheet_opened(offering: Any, *, by: User | None = None) -> list[Notification]:
    """A module was assigned to a teacher: its grade sheet is open for them to fill in."""
    values = {"module": str(offering.module), "class": str(offering.class_group)}
    body = (
        _("Hạn nhập điểm: %(deadline)s") % {"deadline": _dmy(offering.grade_deadline)}
        if offering.grade_deadline
        else ""
    )
    return notify(
        event=Kind.GRADE_SHEET_OPEN,
        title=_("Mở bảng điểm %(module)s — lớp %(class)s") % values,
        body=body,
        organisation=offering.institution,
        users=[offering.teacher],
        obj=offering,
        link=reverse("learners:offering_detail", args=[offering.pk]),
        exclude=by,
    )


def grade_sheet_due(offering: Any, *, event_key: str = "") -> list[Notification]:
    """Reminder: a grade sheet's entry deadline is near."""
    values = {
        "module": str(offering.module),
        "class": str(offering.class_group),
        "deadline": _dmy(offering.grade_deadline),
    }
    return notify(
        event=Kind.GRADE_SHEET_DUE,
        title=_("Hạn nhập điểm %(deadline)s: %(module)s — lớp %(class)s") % values,
        organisation=offering.institution,
        users=[offering.teacher],
        obj=offering,
        link=reverse("learners:offering_detail", args=[offering.pk]),
        event_key=event_key,
    )


# --- Documents (connected by the document exchange) ------------------------------------------


def document_received(
    *, document: Any, recipient: Organisation, link: str, by: User | None = None
) -> list[Notification]:
    """A document arrived in ``recipient``'s incoming register: tell its clerks (văn thư),
    i.e. who holds ``document.change`` there. ``document`` needs ``subject`` and ``symbol``."""
    values = {"symbol": getattr(document, "symbol", ""), "subject": document.subject}
    return notify(
        event=Kind.DOCUMENT_RECEIVED,
        title=_("Văn bản đến %(symbol)s: %(subject)s") % values,
        organisation=recipient,
        perm="document.change",
        obj=document,
        link=link,
        exclude=by,
    )


def document_assigned(
    *,
    document: Any,
    handler: User,
    link: str,
    organisation: Organisation | None = None,
    deadline: dt.date | None = None,
    by: User | None = None,
) -> list[Notification]:
    """A clerk gave a received document to ``handler`` to deal with (by ``deadline``)."""
    values = {"symbol": getattr(document, "symbol", ""), "subject": document.subject}
    body = _("Hạn xử lý: %(deadline)s") % {"deadline": _dmy(deadline)} if deadline else ""
    return notify(
        event=Kind.DOCUMENT_ASSIGNED,
        title=_("Văn bản %(symbol)s giao bạn xử lý: %(subject)s") % values,
        body=body,
        organisation=organisation,
        users=[handler],
        obj=document,
        link=link,
        exclude=by,
    )
