"""Coordinated allocation (xét tuyển chung) of a round, run as a background job.

``allocation_start`` checks the officer may coordinate the round and starts the job;
the handler reads the round's wishes, quotas and scores, runs the NumPy deferred-acceptance
engine (``admissions.allocation``), and stores per wish admitted / not admitted with the cut-off
that was not reached, per quota the seats filled and cut-off score (điểm chuẩn), and a message to
every applicant.

Which wishes take part: those still ``submitted`` or ``eligible`` (officers exclude a wish by
marking it missing documents or rejected), of applications not withdrawn, with the score at or
above the programme's floor (``Quota.min_score``). Re-running is allowed until someone confirms.
"""

from __future__ import annotations

import math
from decimal import Decimal

import numpy as np
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from opentvet.admissions import selectors
from opentvet.admissions.allocation import allocate
from opentvet.admissions.models import (
    AdmissionRound,
    ApplicantMessage,
    Quota,
    RoundStatus,
    Wish,
    WishStatus,
)
from opentvet.core.access import Actor
from opentvet.core.audit import audit_log
from opentvet.core.jobs import JobInputError, JobOutput, Progress, job_handler, job_start
from opentvet.core.models import AuditEntry, Job

JOB_KIND = "admissions_allocate"
IN_PLAY = [WishStatus.SUBMITTED, WishStatus.ELIGIBLE, WishStatus.ADMITTED, WishStatus.NOT_ADMITTED]
REASON_HIGHER_MET = "higher_met"
REASON_BELOW_FLOOR = "below_floor"
BATCH = 2000


def allocation_start(*, actor: Actor, admission_round: AdmissionRound) -> Job:
    if not actor.can("admissions.coordinate", admission_round.organisation.path):
        raise PermissionError("admissions.coordinate")
    if not admission_round.is_coordinated:
        raise ValidationError(_("Chỉ đợt xét tuyển chung mới chạy xét tuyển tự động."))
    if admission_round.status not in {RoundStatus.OPEN, RoundStatus.CLOSED, RoundStatus.ALLOCATED}:
        raise ValidationError(_("Đợt tuyển sinh chưa mở hoặc đã kết thúc."))
    with transaction.atomic():
        job = job_start(
            actor=actor,
            organisation=admission_round.organisation,
            kind=JOB_KIND,
            title=_("Xét tuyển chung: %(name)s") % {"name": admission_round.name},
            params={"round_id": admission_round.pk},
        )
        AdmissionRound.all_objects.filter(pk=admission_round.pk).update(allocation_job=job)
    return job


def _lock_unchanged(admission_round: AdmissionRound, read_status: dict[int, str]) -> None:
    """Lock the round's wishes and refuse to write if any changed since the job read them.

    Called inside the write transaction. An applicant confirming (or an officer excluding a
    wish) while the engine ran would otherwise be overwritten by the job's by-id update: the
    wish back to "admitted", the quota's confirmed count out of step, a second "Bạn đã trúng
    tuyển". On PostgreSQL the rows stay locked (FOR UPDATE) until the job commits, so a later
    confirmation waits and then re-checks its own condition; on SQLite the write transaction
    (IMMEDIATE) holds the database's write lock the same way.
    """
    current = dict(
        Wish.all_objects.select_for_update(of=("self",))
        .filter(application__round=admission_round)
        .order_by("pk")
        .values_list("pk", "status")
    )
    settled = {WishStatus.CONFIRMED, WishStatus.ENROLLED, WishStatus.DECLINED}
    changed = any(current.get(pk) != status for pk, status in read_status.items())
    if changed or any(status in settled for status in current.values()):
        raise JobInputError(
            _(
                "Trong lúc xét tuyển, hồ sơ đã thay đổi (thí sinh xác nhận nhập học hoặc cán bộ "
                "cập nhật nguyện vọng); kết quả không được ghi, không thí sinh nào bị ảnh hưởng."
            )
        )


def _dec(value: float) -> Decimal | None:
    return None if math.isnan(value) else Decimal(str(round(value, 2)))


@job_handler(JOB_KIND)
def run_allocation(job: Job, actor: Actor, progress: Progress) -> JobOutput:
    admission_round = AdmissionRound.all_objects.select_related("organisation").get(
        pk=job.params["round_id"]
    )
    if not actor.can("admissions.coordinate", admission_round.organisation.path):
        raise JobInputError(_("Bạn không có quyền tổ chức đợt xét tuyển này."))
    if Wish.all_objects.filter(
        application__round=admission_round,
        status__in=[WishStatus.CONFIRMED, WishStatus.ENROLLED, WishStatus.DECLINED],
    ).exists():
        raise JobInputError(_("Đã có thí sinh xác nhận nhập học; không chạy lại xét tuyển được."))
    progress(5, _("Đọc nguyện vọng"))
    quotas = list(Quota.all_objects.filter(round=admission_round).order_by("pk"))
    index = {q.pk: i for i, q in enumerate(quotas)}
    floors = {q.pk: q.min_score for q in quotas}
    rows = list(
        Wish.all_objects.filter(
            application__round=admission_round,
            application__withdrawn_at__isnull=True,
            status__in=IN_PLAY,
        )
        .order_by("application_id", "rank")
        .values_list(
            "pk",
            "application_id",
            "rank",
            "quota_id",
            "application__score",
            "application__submitted_at",
            "status",
        )
    )
    # What each wish was when read: the write below refuses to overwrite a wish that changed.
    read_status = {row[0]: row[6] for row in rows}
    rows = [row[:6] for row in rows]
    playing, below_floor = [], []
    for row in rows:
        floor = floors[row[3]]
        (playing if floor is None or row[4] >= floor else below_floor).append(row)
    progress(20, _("Chạy thuật toán xét tuyển (%(n)d nguyện vọng)") % {"n": len(playing)})
    seats = np.array([q.seats for q in quotas], dtype=np.int64)
    if playing:
        apps = np.array([r[1] for r in playing], dtype=np.int64)
        ranks = np.array([r[2] for r in playing], dtype=np.int64)
        progs = np.array([index[r[3]] for r in playing], dtype=np.int64)
        scores = np.array([float(r[4]) for r in playing], dtype=np.float64)
        submitted = np.array([int(r[5].timestamp() * 1_000_000) for r in playing], dtype=np.int64)
        result = allocate(
            applicant_ids=apps,
            ranks=ranks,
            programmes=progs,
            scores=scores,
            quotas=seats,
            submitted_at=submitted,
        )
        assigned_rank = dict(
            zip(result.applicant_ids.tolist(), result.wish_rank.tolist(), strict=True)
        )
        cutoffs = result.cutoff_score
        filled = result.filled
    else:
        assigned_rank, cutoffs, filled = {}, np.full(len(quotas), np.nan), np.zeros(len(quotas))
    progress(60, _("Ghi kết quả"))

    now = timezone.now()
    updates: list[Wish] = []
    admitted_apps: dict[int, int] = {}
    for pk, app_id, rank, quota_id, score, _submitted in playing:
        got = assigned_rank.get(app_id, 0)
        p = index[quota_id]
        wish = Wish(pk=pk, decided_at=now)
        if got == rank:
            wish.status, wish.cutoff_score, wish.reason = WishStatus.ADMITTED, None, ""
            admitted_apps[app_id] = pk
        elif got and rank > got:
            wish.status, wish.cutoff_score, wish.reason = (
                WishStatus.NOT_ADMITTED,
                None,
                REASON_HIGHER_MET,
            )
        else:
            cutoff = cutoffs[p]
            if seats[p] == 0:
                reason = "no_seats"
            elif float(score) == cutoff:
                reason = "tie_lost"
            else:
                reason = "below_cutoff"
            wish.status, wish.cutoff_score, wish.reason = (
                WishStatus.NOT_ADMITTED,
                _dec(cutoff),
                reason,
            )
        updates.append(wish)
    for pk, _app, _rank, quota_id, _score, _sub in below_floor:
        updates.append(
            Wish(
                pk=pk,
                decided_at=now,
                status=WishStatus.NOT_ADMITTED,
                cutoff_score=floors[quota_id],
                reason=REASON_BELOW_FLOOR,
            )
        )
    with transaction.atomic():
        _lock_unchanged(admission_round, read_status)
        for start in range(0, len(updates), BATCH):
            Wish.all_objects.bulk_update(
                updates[start : start + BATCH], ["status", "cutoff_score", "reason", "decided_at"]
            )
        for i, quota in enumerate(quotas):
            quota.admitted_count = int(filled[i])
            quota.cutoff_score = _dec(float(cutoffs[i]))
        Quota.all_objects.bulk_update(quotas, ["admitted_count", "cutoff_score"])
        applicants = {r[1] for r in rows}
        users = dict(
            Wish.all_objects.filter(application_id__in=applicants)
            .values_list("application_id", "application__user_id")
            .distinct()
        )
        ApplicantMessage.objects.bulk_create(
            [
                ApplicantMessage(
                    user_id=users[app_id],
                    wish_id=admitted_apps.get(app_id),
                    subject=_("Kết quả xét tuyển: %(round)s") % {"round": admission_round.name},
                    body=(
                        _("Bạn đã trúng tuyển. Hãy xác nhận nhập học trước hạn.")
                        if app_id in admitted_apps
                        else _("Bạn chưa trúng tuyển nguyện vọng nào. Xem điểm chuẩn từng ngành.")
                    ),
                )
                for app_id in sorted(applicants)
            ],
            batch_size=BATCH,
        )
        summary = {
            "applicants": len(applicants),
            "wishes": len(rows),
            "admitted": len(admitted_apps),
            "seats": int(seats.sum()),
        }
        AdmissionRound.all_objects.filter(pk=admission_round.pk).update(
            status=RoundStatus.ALLOCATED, allocated_at=now, allocation_summary=summary
        )
        selectors.forget_rounds_box()  # an update() sends no post_save: the round left "open"
        audit_log(
            actor=actor.user,
            verb="admission_allocate",
            instance=admission_round,
            organisation=admission_round.organisation,
            action=AuditEntry.Action.ACTION,
            changes={k: [None, v] for k, v in summary.items()},
        )
    progress(100, _("Hoàn tất"))
    return JobOutput(
        {
            _("Thí sinh"): summary["applicants"],
            _("Nguyện vọng"): summary["wishes"],
            _("Trúng tuyển"): summary["admitted"],
            _("Chỉ tiêu"): summary["seats"],
        }
    )
