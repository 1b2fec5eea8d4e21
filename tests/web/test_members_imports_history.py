"""Roles page, new child organisations, the shared import page and per-object history."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from opentvet.core.models import AuditEntry, Job, Membership, Organisation, User

from support import OUTSIDERS_OF_COLLEGE_A

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "key", [*OUTSIDERS_OF_COLLEGE_A, "vice_rector", "teacher", "national_analyst"]
)
def test_only_member_managers_open_the_roles_page(login, college_a, key):
    client = login(key)
    assert client.get(reverse("web:members", args=[college_a.pk])).status_code == 404
    response = client.post(
        reverse("web:members", args=[college_a.pk]),
        {"identifier": "x@example.vn", "full_name": "X", "role": "qa_officer"},
    )
    assert response.status_code == 404


def test_rector_grants_a_role_to_a_new_person_and_revokes_it(login, college_a):
    client = login("rector")
    response = client.post(
        reverse("web:members", args=[college_a.pk]),
        {
            "identifier": "0987654321",
            "full_name": "Lưu Thị Thanh Tâm",
            "role": "qa_officer",
            "title": "Chuyên viên khảo thí",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(phone="0987654321")
    membership = Membership.objects.get(user=user, organisation=college_a)
    assert membership.role_id == "qa_officer"
    assert AuditEntry.objects.filter(verb="membership_grant", object_id=str(membership.pk)).exists()
    client.post(reverse("web:member_revoke", args=[college_a.pk, membership.pk]))
    membership.refresh_from_db()
    assert not membership.is_active


def test_unknown_person_without_a_name_is_a_field_error_and_input_is_kept(login, college_a):
    response = login("rector").post(
        reverse("web:members", args=[college_a.pk]),
        {"identifier": "moi@cdbaclieu.edu.vn", "role": "teacher"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "hãy nhập họ và tên để tạo mới" in html
    assert "moi@cdbaclieu.edu.vn" in html
    assert not User.objects.filter(email="moi@cdbaclieu.edu.vn").exists()


def test_roles_offered_fit_the_kind_of_organisation(login, college_a):
    html = login("rector").get(reverse("web:members", args=[college_a.pk])).content.decode()
    assert 'value="qa_officer"' in html
    assert 'value="provincial_officer"' not in html


def test_rector_adds_a_unit_and_a_duplicate_code_is_refused(login, college_a):
    client = login("rector")
    url = reverse("web:child_create", args=[college_a.pk])
    response = client.post(
        url,
        {
            "kind": "unit",
            "code": "cd96001-pctsv",
            "name": "Phòng Công tác sinh viên",
            "unit_kind": "office",
        },
    )
    assert response.status_code == 302
    unit = Organisation.objects.get(code="CD96001-PCTSV")
    assert unit.parent == college_a
    again = client.post(
        url, {"kind": "unit", "code": "CD96001-PCTSV", "name": "Trùng", "unit_kind": "office"}
    )
    assert again.status_code == 400
    assert "Mã này đã được dùng" in again.content.decode()


@pytest.mark.parametrize("key", [*OUTSIDERS_OF_COLLEGE_A, "teacher", "committee_leader"])
def test_outsiders_and_read_only_roles_cannot_add_units(login, college_a, key):
    assert login(key).get(reverse("web:child_create", args=[college_a.pk])).status_code == 404


def _sheet(rows):
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    buffer.name = "co-so.xlsx"
    return buffer


@pytest.fixture
def immediate_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def test_provincial_officer_imports_institutions_all_or_nothing(
    login, org, immediate_tasks, django_capture_on_commit_callbacks
):
    department = org("SGDDT-96")
    client = login("provincial_officer")
    template = client.get(reverse("web:import_template", args=[department.pk, "institutions"]))
    assert template.status_code == 200
    headers = [
        c.value
        for c in next(load_workbook(io.BytesIO(template.content)).active.iter_rows(max_row=1))
    ]
    assert any("Mã" in str(h) for h in headers)
    header = ["Mã cơ sở", "Tên cơ sở", "Loại hình cơ sở", "Loại hình sở hữu"]
    bad = _sheet(
        [
            header,
            ["TC96100", "Trường Trung cấp Ngọc Hiển", "Trường trung cấp", "Công lập"],
            ["TC96101", "", "Trường trung cấp", "Công lập"],
        ]
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("web:import_start", args=[department.pk, "institutions"]), {"file": bad}
        )
    job = Job.all_objects.latest("created_at")
    assert response.status_code == 302
    assert job.status == Job.Status.FAILED
    assert [d["row"] for d in job.result["details"]] == [3]
    assert not Organisation.objects.filter(code="TC96100").exists()
    page = client.get(reverse("web:job_detail", args=[job.pk])).content.decode()
    assert "Không được để trống." in page
    good = _sheet(
        [
            header,
            ["TC96100", "Trường Trung cấp Ngọc Hiển", "Trường trung cấp", "Công lập"],
            ["TC96101", "Trường Trung cấp Phú Tân", "TRUONG TRUNG CAP", "tu thuc"],
        ]
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("web:import_start", args=[department.pk, "institutions"]), {"file": good}
        )
    assert Job.all_objects.latest("created_at").status == Job.Status.SUCCEEDED
    assert Organisation.objects.get(code="TC96101").parent == department


def test_a_file_that_is_not_xlsx_is_refused_on_the_form(login, org):
    department = org("SGDDT-96")
    fake = io.BytesIO(b"not a workbook")
    fake.name = "co-so.xlsx"
    response = login("provincial_officer").post(
        reverse("web:import_start", args=[department.pk, "institutions"]), {"file": fake}
    )
    assert response.status_code == 400
    assert "không phải là tệp Excel" in response.content.decode()


@pytest.mark.parametrize("key", ["other_provincial_officer", "rector", "national_analyst"])
def test_import_pages_are_404_without_the_right(login, org, key):
    department = org("SGDDT-96")
    client = login(key)
    assert (
        client.get(reverse("web:import_start", args=[department.pk, "institutions"])).status_code
        == 404
    )
    assert (
        client.get(reverse("web:import_template", args=[department.pk, "institutions"])).status_code
        == 404
    )


def test_unknown_import_kind_is_404(login, org):
    assert (
        login("provincial_officer")
        .get(reverse("web:import_start", args=[org("SGDDT-96").pk, "khong-co"]))
        .status_code
        == 404
    )


def test_object_history_shows_the_organisations_own_changes(login, college_a):
    client = login("rector")
    client.post(
        reverse("web:organisation_edit", args=[college_a.pk]),
        {
            "name": college_a.name,
            "province": college_a.province_id,
            "ward": college_a.ward_id,
            "institution_type": college_a.institution_type,
            "ownership": college_a.ownership,
            "phone": "02913999888",
        },
    )
    html = client.get(
        reverse("web:object_history", args=["core.organisation", college_a.pk])
    ).content.decode()
    assert "02913999888" in html


@pytest.mark.parametrize("key", OUTSIDERS_OF_COLLEGE_A)
def test_object_history_is_404_for_outsiders(login, college_a, key):
    assert (
        login(key)
        .get(reverse("web:object_history", args=["core.organisation", college_a.pk]))
        .status_code
        == 404
    )


@pytest.mark.parametrize("path", ["/lich-su/khong.co/1/", "/lich-su/core.organisation/abc/"])
def test_object_history_bad_paths_are_404(login, path):
    assert login("rector").get(path).status_code == 404
