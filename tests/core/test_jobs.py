"""Background jobs: queued through django-tasks, run by the worker, progress shown to the user."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from opentvet.core.models import Job


@pytest.fixture
def immediate_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def test_export_job_runs_and_the_file_downloads(
    login, college_a, immediate_tasks, django_capture_on_commit_callbacks
):
    client = login("rector")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("web:organisation_export", args=[college_a.pk]))
    assert response.status_code == 302
    job = Job.all_objects.latest("created_at")
    assert job.status == Job.Status.SUCCEEDED
    assert job.progress == 100
    page = client.get(response["Location"])
    assert 'data-status="succeeded"' in page.content.decode()
    download = client.get(reverse("web:job_download", args=[job.pk]))
    workbook = load_workbook(io.BytesIO(b"".join(download.streaming_content)), read_only=True)
    rows = list(workbook.active.iter_rows(values_only=True))
    assert rows[0][0] == "Mã"
    codes = {r[0] for r in rows[1:]}
    assert "CD96001-PDT" in codes  # the school's units
    assert not any(code.startswith("CD01001") for code in codes)


def test_the_database_worker_runs_queued_jobs(
    login, college_a, django_capture_on_commit_callbacks, monkeypatch
):
    """With the real database backend the job waits in the queue until ``db_worker`` runs it."""
    from django_tasks_db.management.commands import db_worker

    # The worker closes connections between tasks; inside the test's transaction that would
    # drop the test database connection on PostgreSQL.
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    client = login("rector")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("web:organisation_export", args=[college_a.pk]))
    job = Job.all_objects.latest("created_at")
    assert job.status == Job.Status.QUEUED
    polled = client.get(
        reverse("web:job_detail", args=[job.pk]), HTTP_HX_REQUEST="true"
    ).content.decode()
    assert 'hx-trigger="every 1s"' in polled
    call_command("db_worker", batch=True, verbosity=0)
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED
    assert job.result_file.name.endswith(".xlsx")


@pytest.mark.parametrize("key", ["other_rector", "vice_rector", "provincial_officer"])
def test_only_the_starter_follows_a_job(
    login, college_a, immediate_tasks, key, django_capture_on_commit_callbacks
):
    starter = login("rector")
    with django_capture_on_commit_callbacks(execute=True):
        starter.post(reverse("web:organisation_export", args=[college_a.pk]))
    job = Job.all_objects.latest("created_at")
    other = login(key)
    assert other.get(reverse("web:job_detail", args=[job.pk])).status_code == 404
    assert other.get(reverse("web:job_download", args=[job.pk])).status_code == 404
    assert other.get(f"/api/v1/jobs/{job.pk}").status_code == 404


def test_job_failure_is_shown_not_raised(
    login, college_a, immediate_tasks, monkeypatch, django_capture_on_commit_callbacks
):
    from opentvet.core import jobs

    def boom(job, actor, progress):
        progress(40, "đang xử lý")
        raise RuntimeError("disk full")

    monkeypatch.setitem(jobs._HANDLERS, "organisations_export", boom)
    client = login("rector")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("web:organisation_export", args=[college_a.pk]))
    job = Job.all_objects.latest("created_at")
    assert job.status == Job.Status.FAILED
    assert "Lỗi hệ thống" in job.error
    assert "disk full" not in client.get(reverse("web:job_detail", args=[job.pk])).content.decode()
