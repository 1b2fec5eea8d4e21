"""Issue 15 item 20: re-running a coordinated allocation never undoes a confirmation.

The applicant confirms while the engine runs (between the job's read and its write). Runs on
SQLite and, with DATABASE_URL set, on PostgreSQL (where the write also locks the wishes).
"""

from __future__ import annotations

import pytest
from django.db.models import F

from opentvet.admissions import coordinated
from opentvet.admissions.demo import COORDINATED_NAME
from opentvet.admissions.models import AdmissionRound, Quota, Wish, WishStatus
from opentvet.core.access import Actor
from opentvet.core.jobs import JobInputError
from opentvet.core.models import Job

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


def _run(round_, actor):  # type: ignore[no-untyped-def]
    job = Job.all_objects.create(
        kind=coordinated.JOB_KIND,
        title="Xét tuyển chung",
        organisation=round_.organisation,
        created_by=actor.user,
        params={"round_id": round_.pk},
    )
    return coordinated.run_allocation(job, actor, lambda *_a: None)


@pytest.fixture
def allocated_round(persona_user):  # type: ignore[no-untyped-def]
    round_ = AdmissionRound.all_objects.select_related("organisation").get(name=COORDINATED_NAME)
    actor = Actor.for_user(persona_user("provincial_officer"))
    assert actor.can("admissions.coordinate", round_.organisation.path)
    Wish.all_objects.filter(
        application__round=round_,
        status__in=[WishStatus.CONFIRMED, WishStatus.ENROLLED, WishStatus.DECLINED],
    ).update(status=WishStatus.ADMITTED)
    _run(round_, actor)
    assert Wish.all_objects.filter(application__round=round_, status=WishStatus.ADMITTED).exists()
    return round_, actor


def test_a_confirmation_during_a_rerun_is_kept(allocated_round, monkeypatch):
    round_, actor = allocated_round
    wish = Wish.all_objects.filter(application__round=round_, status=WishStatus.ADMITTED).first()
    real_allocate = coordinated.allocate

    def confirm_while_the_engine_runs(**kwargs):  # type: ignore[no-untyped-def]
        # What services.wish_confirm writes, committed by another request meanwhile.
        Wish.all_objects.filter(pk=wish.pk, status=WishStatus.ADMITTED).update(
            status=WishStatus.CONFIRMED
        )
        Quota.all_objects.filter(pk=wish.quota_id).update(confirmed_count=F("confirmed_count") + 1)
        return real_allocate(**kwargs)

    monkeypatch.setattr(coordinated, "allocate", confirm_while_the_engine_runs)
    with pytest.raises(JobInputError, match="hồ sơ đã thay đổi"):
        _run(round_, actor)
    wish.refresh_from_db()
    assert wish.status == WishStatus.CONFIRMED


def test_an_officer_decision_during_a_rerun_is_kept(allocated_round, monkeypatch):
    round_, actor = allocated_round
    wish = Wish.all_objects.filter(
        application__round=round_, status=WishStatus.NOT_ADMITTED
    ).first()
    real_allocate = coordinated.allocate

    def reject_while_the_engine_runs(**kwargs):  # type: ignore[no-untyped-def]
        Wish.all_objects.filter(pk=wish.pk).update(status=WishStatus.REJECTED)
        return real_allocate(**kwargs)

    monkeypatch.setattr(coordinated, "allocate", reject_while_the_engine_runs)
    with pytest.raises(JobInputError):
        _run(round_, actor)
    wish.refresh_from_db()
    assert wish.status == WishStatus.REJECTED


def test_a_rerun_without_changes_still_writes(allocated_round):
    round_, actor = allocated_round
    output = _run(round_, actor)
    assert output.summary
