"""Excel imports: template, every row validated, all or nothing, 5,000 rows with 3 bad ones,
results, and the background job."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from opentvet.catalogue.models import Ward
from opentvet.core.models import AuditEntry, Job
from opentvet.core.tabular.importer import run_import
from opentvet.core.tabular.jobs import import_job_start
from opentvet.learners.imports import ResultImport, StudentImport
from opentvet.learners.models import ModuleResult, Student
from opentvet.learners.sample import COL, student_rows, write_xlsx

pytestmark = pytest.mark.django_db


@pytest.fixture
def wards():
    return list(Ward.objects.filter(province_id=96).values_list("name", flat=True)[:40])


def test_template_has_vietnamese_headers(login):
    response = login("training_officer").get(
        reverse("learners:import_template", args=["nguoi-hoc"])
    )
    sheet = load_workbook(__import__("io").BytesIO(response.content)).worksheets[0]
    headers = [c.value for c in sheet[1]]
    assert headers[:6] == [
        "Mã người học",
        "Họ và tên",
        "Ngày sinh",
        "Giới tính",
        "Dân tộc",
        "Số CCCD",
    ]


def test_5000_rows_with_3_bad_ones_report_exactly_those_and_write_nothing(
    tmp_path, officer, college_a, wards
):
    rows = list(student_rows(5000, seed=42, prefix="BIG", wards=wards))
    good = [list(r) for r in rows]
    rows[99][COL["Số CCCD"]] = "09630712"  # row 101: too short
    rows[2499][COL["Ngày sinh"]] = "31/02/2006"  # row 2501: no such day
    rows[4999][COL["Mã người học"]] = rows[0][COL["Mã người học"]]  # row 5001: duplicate code
    before = Student.all_objects.count()
    report = run_import(
        StudentImport(),
        str(write_xlsx(tmp_path / "bad.xlsx", rows)),
        actor=officer,
        organisation=college_a,
    )
    assert not report.ok
    assert [(e.row, e.column) for e in report.errors] == [
        (101, "Số CCCD"),
        (2501, "Ngày sinh"),
        (5001, "Mã người học"),
    ]
    assert report.errors[0].reason == "Số CCCD phải gồm đúng 12 chữ số."
    assert report.errors[1].reason == "Ngày không tồn tại."
    assert "Trùng với dòng 2" in report.errors[2].reason
    assert report.errors[0].as_dict()["value"] == "09630712"
    assert Student.all_objects.count() == before
    fixed = run_import(
        StudentImport(),
        str(write_xlsx(tmp_path / "good.xlsx", good)),
        actor=officer,
        organisation=college_a,
    )
    assert fixed.ok, fixed.errors[:3]
    assert fixed.written == 5000
    assert Student.all_objects.filter(code__startswith="BIG").count() == 5000
    sample = Student.all_objects.get(code="BIG000001")
    assert sample.search_name and sample.ward_id and sample.province_id == 96
    entries = AuditEntry.all_objects.filter(verb="learners_students_import")
    assert entries.count() == 1 and entries.get().changes["written"] == [None, 5000]


def test_existing_codes_and_cccd_are_refused_without_naming_the_school(
    tmp_path, officer, college_a, college_b, students_a, persona_user
):
    from opentvet.core.access import Actor

    rows = list(student_rows(2, seed=3, prefix="HN"))
    rows[0][COL["Số CCCD"]] = students_a[0].citizen_id
    report = run_import(
        StudentImport(),
        str(write_xlsx(tmp_path / "x.xlsx", rows)),
        actor=Actor.for_user(persona_user("other_rector")),
        organisation=college_b,
    )
    assert [(e.row, e.reason) for e in report.errors] == [(2, "Đã có trong hệ thống.")]


def test_outsiders_cannot_import_into_college_a(tmp_path, college_a, persona_user):
    from opentvet.core.access import Actor

    with pytest.raises(PermissionError):
        run_import(
            StudentImport(),
            str(write_xlsx(tmp_path / "x.xlsx", student_rows(1))),
            actor=Actor.for_user(persona_user("other_rector")),
            organisation=college_a,
        )


def test_students_are_enrolled_through_the_class_column(tmp_path, officer, college_a, class_a):
    rows = list(student_rows(3, seed=5, prefix="ENR", class_code=class_a.code))
    report = run_import(
        StudentImport(),
        str(write_xlsx(tmp_path / "e.xlsx", rows)),
        actor=officer,
        organisation=college_a,
    )
    assert report.ok, report.errors
    enrolled = Student.all_objects.filter(code__startswith="ENR")
    assert {s.class_group_id for s in enrolled} == {class_a.pk}
    assert {s.programme_version_id for s in enrolled} == {class_a.programme_version_id}


def _results_file(tmp_path, rows):
    from opentvet.core.tabular.export import export_xlsx

    content = export_xlsx(
        title="Kết quả",
        columns=[(str(c.header), lambda r, i=i: r[i]) for i, c in enumerate(ResultImport.columns)],
        rows=rows,
    )
    path = tmp_path / "kq.xlsx"
    path.write_bytes(content)
    return str(path)


def test_results_import(tmp_path, officer, college_a, class_a, students_a, offerings_a):
    code = class_a.code
    rows = [
        [code, "MĐ01", students_a[0].code, 7, 8, None],
        [code, "MĐ01", students_a[1].code, "5,5", 2, 6],
        [code, "MĐ09", students_a[2].code, 7, 7, None],
        [code, "MĐ02", "KHÔNG-CÓ", 7, 7, None],
        [code, "MĐ02", students_a[2].code, 9, 9, 9],
    ]
    report = run_import(
        ResultImport(), _results_file(tmp_path, rows), actor=officer, organisation=college_a
    )
    assert [(e.row, e.column) for e in report.errors] == [
        (4, "Mã mô-đun/môn học"),
        (5, "Mã người học"),
        (6, "Điểm thi lại"),
    ]
    report = run_import(
        ResultImport(), _results_file(tmp_path, rows[:2]), actor=officer, organisation=college_a
    )
    assert report.ok and report.written == 2
    second = ModuleResult.all_objects.get(offering=offerings_a[0], student=students_a[1])
    assert second.final_score == Decimal("5.8") and second.had_resit and second.passed


def test_import_page_starts_a_background_job(
    login, college_a, settings, tmp_path, wards, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.MEDIA_ROOT = tmp_path
    path = write_xlsx(tmp_path / "in.xlsx", student_rows(20, seed=9, prefix="JOB", wards=wards))
    client = login("training_officer")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("learners:import", args=[college_a.pk, "nguoi-hoc"]),
            {"file": SimpleUploadedFile("sv.xlsx", path.read_bytes())},
        )
    assert response.status_code == 302
    job = Job.all_objects.latest("created_at")
    assert response["Location"] == reverse("learners:import_job", args=[job.pk])
    assert client.get(response["Location"]).status_code == 200
    assert job.status == Job.Status.SUCCEEDED, (job.error, job.result)
    assert job.result["written"] == 20
    assert import_job_start  # the page goes through core.tabular.jobs
