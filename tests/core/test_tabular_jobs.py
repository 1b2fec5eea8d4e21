"""Imports as background jobs: upload, progress, success, or failure with every error listed."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

import opentvet.core.institution_import  # noqa: F401  (registers the "institutions" import)
from opentvet.core.models import Job, Organisation
from opentvet.core.tabular.jobs import import_job_start

from .conftest import xlsx_bytes
from .test_institution_import import HEADER, good_row


@pytest.fixture
def immediate_tasks(settings, tmp_path):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def upload(rows, name="co-so.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, xlsx_bytes(HEADER, rows).getvalue())


def start(actor, organisation, file, capture) -> Job:
    with capture(execute=True):
        job = import_job_start(
            actor=actor, organisation=organisation, kind="institutions", uploaded_file=file
        )
    return Job.all_objects.get(pk=job.pk)


@pytest.mark.django_db
def test_job_imports_and_reports_progress(
    immediate_tasks, hanoi_officer, tab_tree, django_capture_on_commit_callbacks
):
    job = start(
        hanoi_officer,
        tab_tree["hanoi"],
        upload([good_row(i) for i in range(30)]),
        django_capture_on_commit_callbacks,
    )
    assert job.status == Job.Status.SUCCEEDED, (job.error, job.result)
    assert job.progress == 100
    assert job.result == {"kind": "institutions", "rows": 30, "written": 30}
    assert job.params["filename"] == "co-so.xlsx" and job.params["path"].startswith("imports/")
    assert Organisation.objects.filter(code__startswith="TAB-CS-").count() == 30
    # The upload may hold personal data: it is gone once the job has run.
    assert not list((immediate_tasks / "imports").iterdir())


@pytest.mark.django_db
def test_job_fails_with_every_error_and_an_error_report(
    immediate_tasks, hanoi_officer, tab_tree, django_capture_on_commit_callbacks
):
    rows = [good_row(i) for i in range(20)]
    rows[3][8] = "khong-phai-email"
    rows[7][0] = None
    rows[9][3] = "Nhà nước"
    job = start(hanoi_officer, tab_tree["hanoi"], upload(rows), django_capture_on_commit_callbacks)
    assert job.status == Job.Status.FAILED
    assert job.error == "Có 3 dòng lỗi; không có dòng nào được ghi."
    assert job.result["details"] == [
        {
            "row": 5,
            "column": "Email",
            "value": "khong-phai-email",
            "reason": "Địa chỉ thư điện tử không hợp lệ.",
        },
        {"row": 9, "column": "Mã cơ sở", "value": "", "reason": "Không được để trống."},
        {
            "row": 11,
            "column": "Loại hình sở hữu",
            "value": "Nhà nước",
            "reason": "Không có trong danh sách cho phép: Công lập; Tư thục; "
            "Có vốn đầu tư nước ngoài.",
        },
    ]
    assert Organisation.objects.filter(code__startswith="TAB-CS-").count() == 0
    report = load_workbook(io.BytesIO(job.result_file.read()), read_only=True)
    lines = list(report.worksheets[0].iter_rows(values_only=True))
    assert lines[0] == ("Dòng", "Cột", "Giá trị", "Lý do")
    assert [line[:2] for line in lines[1:]] == [
        (5, "Email"),
        (9, "Mã cơ sở"),
        (11, "Loại hình sở hữu"),
    ]


@pytest.mark.django_db
def test_job_refused_without_permission_and_bad_files(
    immediate_tasks, hanoi_viewer, hanoi_officer, tab_tree
):
    with pytest.raises(PermissionError):
        import_job_start(
            actor=hanoi_viewer,
            organisation=tab_tree["hanoi"],
            kind="institutions",
            uploaded_file=upload([good_row(1)]),
        )
    with pytest.raises(ValidationError, match=r"Chỉ nhận tệp Excel \.xlsx\."):
        import_job_start(
            actor=hanoi_officer,
            organisation=tab_tree["hanoi"],
            kind="institutions",
            uploaded_file=SimpleUploadedFile("co-so.csv", b"a,b"),
        )
    with pytest.raises(ValidationError, match=r"Tệp không phải là tệp Excel \.xlsx hợp lệ\."):
        import_job_start(
            actor=hanoi_officer,
            organisation=tab_tree["hanoi"],
            kind="institutions",
            uploaded_file=SimpleUploadedFile("co-so.xlsx", b"a,b"),
        )
    assert not Job.all_objects.filter(kind="tabular_import").exists()


@pytest.mark.django_db
def test_job_with_a_wrong_header(
    immediate_tasks, hanoi_officer, tab_tree, django_capture_on_commit_callbacks
):
    file = SimpleUploadedFile("x.xlsx", xlsx_bytes(["Tên cơ sở"], [["Trường A"]]).getvalue())
    job = start(hanoi_officer, tab_tree["hanoi"], file, django_capture_on_commit_callbacks)
    assert job.status == Job.Status.FAILED
    assert job.error == (
        "Tệp không đúng mẫu (thiếu, thừa hoặc lặp cột); không có dòng nào được ghi."
    )
    assert {d["reason"] for d in job.result["details"]} == {"Thiếu cột bắt buộc."}
