"""Issue 15, item 7 (the smaller ones in the shell): a failed import's job page has a way back,
a finished job no longer shows its last progress message."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import Workbook

from opentvet.core.models import Job

pytestmark = pytest.mark.django_db


@pytest.fixture
def immediate_tasks(settings):  # type: ignore[no-untyped-def]
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def _bad_sheet() -> io.BytesIO:
    book = Workbook()
    for row in [
        ["Mã cơ sở", "Tên cơ sở", "Loại hình cơ sở", "Loại hình sở hữu"],
        ["TC96101", "", "Trường trung cấp", "Công lập"],
    ]:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    buffer.name = "co-so.xlsx"
    return buffer


def test_failed_import_job_page_leads_back_to_the_import(
    login, org, immediate_tasks, django_capture_on_commit_callbacks
):
    department = org("SGDDT-96")
    client = login("provincial_officer")
    start = reverse("web:import_start", args=[department.pk, "institutions"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(start, {"file": _bad_sheet()})
    job = Job.all_objects.latest("created_at")
    assert job.status == Job.Status.FAILED
    html = client.get(reverse("web:job_detail", args=[job.pk])).content.decode()
    assert f'href="{start}" data-testid="job-back"' in html


def test_finished_job_does_not_show_its_last_progress_message(login, college_a, persona_user):
    from django.utils import timezone

    job = Job.all_objects.create(
        kind="document",
        title="Báo cáo",
        organisation=college_a,
        organisation_path=college_a.path,
        created_by=persona_user("rector"),
        status=Job.Status.SUCCEEDED,
        progress=100,
        message="Đang dựng văn bản",
        finished_at=timezone.now(),
    )
    html = login("rector").get(reverse("web:job_detail", args=[job.pk])).content.decode()
    assert "Đang dựng văn bản" not in html
    assert 'data-testid="job-done"' in html
    assert f'href="{reverse("web:organisation_detail", args=[college_a.pk])}"' in html
