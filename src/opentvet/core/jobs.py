"""Background jobs: a ``Job`` row the user watches, a django-tasks task that does the work.

``job_start`` records the job and enqueues ``run_job`` with the job's primary key (never a
model instance). The worker (``manage.py db_worker``; several may run against PostgreSQL)
re-creates the starting user's ``Actor`` and runs the handler inside that user's tenant scope,
so a job can read exactly what its user could read in a request. Handlers report progress
through the callback; the page polls the row through htmx.

Heartbeat: the worker stamps ``heartbeat_at`` when it starts a job and with every progress report
(handlers report at least every few thousand rows). A running job whose heartbeat is older than
``OPENTVET_JOB_STALE_SECONDS`` lost its worker (killed, out of memory, machine restarted): it is
failed with a clear message and its files are cleaned up by the kind's ``@job_cleanup`` hook.
That happens when someone looks at the job (its page then stops polling) and for all jobs with
``manage.py reap_jobs`` (run it from cron). A dead worker's writes were rolled back with its
transaction, so failing the job never hides a half-written result.
"""

from __future__ import annotations

import datetime as dt
import logging
import traceback
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from opentvet.core.access import Actor
from opentvet.core.audit import audit_log
from opentvet.core.dbrouter import job_reads
from opentvet.core.logs import job_request_id, with_request_id
from opentvet.core.models import AuditEntry, Job, Organisation
from opentvet.core.scopes import scope, scopes_disabled

logger = logging.getLogger(__name__)

Progress = Callable[[int, str], None]


class JobOutput:
    """What a handler returns: a summary dict and optionally a file to download."""

    def __init__(self, summary: dict[str, Any], filename: str = "", content: bytes = b"") -> None:
        self.summary = summary
        self.filename = filename
        self.content = content


Handler = Callable[[Job, Actor, Progress], JobOutput]
_HANDLERS: dict[str, Handler] = {}
_CLEANUPS: dict[str, Callable[[Job], None]] = {}


def job_handler(kind: str) -> Callable[[Handler], Handler]:
    """Register a function as the handler of one job kind."""

    def register(func: Handler) -> Handler:
        _HANDLERS[kind] = func
        return func

    return register


def job_cleanup(kind: str) -> Callable[[Callable[[Job], None]], Callable[[Job], None]]:
    """Register what to delete when a job of ``kind`` is abandoned by a dead worker."""

    def register(func: Callable[[Job], None]) -> Callable[[Job], None]:
        _CLEANUPS[kind] = func
        return func

    return register


def _stale_before() -> Any:
    return timezone.now() - dt.timedelta(seconds=settings.OPENTVET_JOB_STALE_SECONDS)


def job_reap_if_stale(job: Job) -> bool:
    """Fail ``job`` if it is running without a recent heartbeat; True when it was reaped.

    A conditional UPDATE (still running, heartbeat unchanged), so a worker that comes back to
    life and a second reaper cannot both win.
    """
    if job.status != Job.Status.RUNNING:
        return False
    beat = job.heartbeat_at or job.started_at or job.created_at
    if beat >= _stale_before():
        return False
    now = timezone.now()
    reaped = Job.all_objects.filter(
        pk=job.pk, status=Job.Status.RUNNING, heartbeat_at=job.heartbeat_at
    ).update(
        status=Job.Status.FAILED,
        finished_at=now,
        error=_(
            "Tiến trình xử lý đã dừng đột ngột (máy chủ khởi động lại hoặc hết bộ nhớ) nên công "
            "việc không hoàn thành; không có dữ liệu nào được ghi. Vui lòng chạy lại."
        ),
    )
    if not reaped:
        return False
    logger.warning("job %s lost its worker (last heartbeat %s): failed", job.pk, beat)
    cleanup = _CLEANUPS.get(job.kind)
    if cleanup is not None:
        try:
            cleanup(job)
        except Exception:  # a missing file must not keep the job "running"
            logger.exception("cleanup of job %s failed", job.pk)
    job.refresh_from_db()
    return True


def jobs_reap_stale() -> int:
    """Reap every running job without a recent heartbeat; the number reaped."""
    with scopes_disabled():
        stale = Job.all_objects.filter(status=Job.Status.RUNNING).filter(
            Q(heartbeat_at__lt=_stale_before())
            | Q(heartbeat_at__isnull=True, started_at__lt=_stale_before())
        )
        return sum(job_reap_if_stale(job) for job in stale)


class JobInputError(Exception):
    """Bad input found by a job: its message is shown to the user as is (Vietnamese)."""

    def __init__(self, message: str, details: Any = None) -> None:
        super().__init__(message)
        self.details = details


def job_start(
    *,
    actor: Actor,
    organisation: Organisation,
    kind: str,
    title: str,
    params: dict[str, Any] | None = None,
) -> Job:
    if kind not in _HANDLERS:
        raise ValueError(f"unknown job kind {kind}")
    job = Job(
        kind=kind,
        title=title,
        organisation=organisation,
        created_by=actor.user,
        params=with_request_id(params or {}),
    )
    job.save()
    audit_log(
        actor=actor.user,
        verb="job_start",
        instance=job,
        organisation=organisation,
        action=AuditEntry.Action.ACTION,
        changes={"kind": [None, kind]},
    )
    job_id = str(job.pk)
    transaction.on_commit(lambda: run_job.enqueue(job_id))
    return job


def _update(job_id: str, **fields: Any) -> None:
    Job.all_objects.filter(pk=job_id).update(**fields)


@task()
def run_job(job_id: str) -> str:
    with scopes_disabled():
        job = Job.all_objects.select_related("created_by", "organisation").get(pk=job_id)
        actor = Actor.for_user(job.created_by)
    now = timezone.now()
    _update(job_id, status=Job.Status.RUNNING, started_at=now, heartbeat_at=now, progress=0)

    def progress(percent: int, message: str = "") -> None:
        _update(
            job_id,
            progress=max(0, min(100, int(percent))),
            message=message[:255],
            heartbeat_at=timezone.now(),
        )

    try:
        with scope(actor), job_reads(job.kind), job_request_id(job.params):
            output = _HANDLERS[job.kind](job, actor, progress)
    except JobInputError as exc:
        _update(
            job_id,
            status=Job.Status.FAILED,
            error=str(exc),
            finished_at=timezone.now(),
            result={"details": exc.details} if exc.details is not None else {},
        )
        return "failed"
    except Exception:
        logger.exception("job %s failed", job_id)
        _update(
            job_id,
            status=Job.Status.FAILED,
            finished_at=timezone.now(),
            error=_("Lỗi hệ thống khi xử lý. Vui lòng thử lại hoặc liên hệ quản trị."),
            result={"trace": traceback.format_exc()[-4000:]},
        )
        return "failed"
    with scopes_disabled():
        job = Job.all_objects.get(pk=job_id)
        if output.filename:
            job.result_file.save(output.filename, ContentFile(output.content), save=False)
        job.result = output.summary
        job.status = Job.Status.SUCCEEDED
        job.progress = 100
        job.finished_at = timezone.now()
        job.save(update_fields=["result_file", "result", "status", "progress", "finished_at"])
    return "succeeded"
