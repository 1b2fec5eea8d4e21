"""Issue 15 item 19: a job whose worker died fails, its upload is deleted, polling stops."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from opentvet.core.models import Job
from opentvet.core.tabular.jobs import JOB_KIND, UPLOAD_DIR

pytestmark = pytest.mark.django_db


def _running_job(user, organisation, heartbeat_age: dt.timedelta) -> tuple[Job, str]:
    path = default_storage.save(f"{UPLOAD_DIR}/heartbeat-test.xlsx", ContentFile(b"PK\x03\x04"))
    beat = timezone.now() - heartbeat_age
    job = Job.all_objects.create(
        kind=JOB_KIND,
        title="Nhập cán bộ",
        organisation=organisation,
        created_by=user,
        status=Job.Status.RUNNING,
        started_at=beat,
        heartbeat_at=beat,
        progress=40,
        params={"kind": "staff", "path": path, "filename": "cb.xlsx"},
    )
    return job, path


def test_a_job_whose_worker_died_fails_with_a_clear_message(login, persona_user, college_a):
    job, path = _running_job(persona_user("hr_officer"), college_a, dt.timedelta(hours=1))
    client = login("hr_officer")
    response = client.get(reverse("web:job_detail", args=[job.pk]), HTTP_HX_REQUEST="true")
    body = response.content.decode()
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert "dừng đột ngột" in job.error
    assert 'data-status="failed"' in body
    assert "hx-trigger" not in body  # the page stops polling
    assert not default_storage.exists(path)


def test_a_job_with_a_recent_heartbeat_keeps_running(login, persona_user, college_a):
    job, path = _running_job(persona_user("hr_officer"), college_a, dt.timedelta(seconds=5))
    body = (
        login("hr_officer")
        .get(reverse("web:job_detail", args=[job.pk]), HTTP_HX_REQUEST="true")
        .content.decode()
    )
    job.refresh_from_db()
    assert job.status == Job.Status.RUNNING
    assert "hx-trigger" in body
    assert default_storage.exists(path)
    default_storage.delete(path)


def test_reap_jobs_fails_every_stale_job(persona_user, college_a, settings):
    settings.OPENTVET_JOB_STALE_SECONDS = 60
    stale, stale_path = _running_job(persona_user("hr_officer"), college_a, dt.timedelta(minutes=5))
    call_command("reap_jobs", stdout=open("/dev/null", "w"))  # noqa: SIM115
    stale.refresh_from_db()
    assert stale.status == Job.Status.FAILED
    assert not default_storage.exists(stale_path)


def test_the_worker_stamps_a_heartbeat_with_progress(persona_user, college_a):
    from opentvet.core.jobs import run_job

    job = Job.all_objects.create(
        kind="organisations_export",
        title="Xuất",
        organisation=college_a,
        created_by=persona_user("rector"),
        params={},
    )
    run_job.call(str(job.pk))
    job.refresh_from_db()
    assert job.heartbeat_at is not None
    assert job.heartbeat_at >= job.started_at


def test_the_api_reports_a_dead_job_as_failed(client, persona_user, college_a):
    from opentvet.core.access import Actor
    from opentvet.core.services import api_token_create

    job, _path = _running_job(persona_user("hr_officer"), college_a, dt.timedelta(hours=1))
    _token, raw = api_token_create(actor=Actor.for_user(persona_user("hr_officer")), name="t")
    response = client.get(f"/api/v1/jobs/{job.pk}", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 200
    assert response.json()["status"] == "failed"
