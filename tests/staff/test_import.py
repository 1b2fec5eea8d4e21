"""Excel in and out for staff and qualifications (the shared core.tabular mechanism)."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook

from opentvet.core.access import Actor
from opentvet.core.tabular.importer import get_import, run_import
from opentvet.core.tabular.templates import template_xlsx
from opentvet.staff.models import Qualification, StaffMember

pytestmark = pytest.mark.django_db


def _sheet(rows):
    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    return buffer


HEADER = ["Mã cán bộ", "Họ và tên", "Loại cán bộ", "Loại hợp đồng", "Trình độ giảng dạy", "Số CCCD"]


def test_staff_import_all_or_nothing_with_vietnamese_row_errors(persona_user, college_a):
    actor = Actor.for_user(persona_user("hr_officer"))
    before = StaffMember.all_objects.filter(institution=college_a).count()
    bad = _sheet(
        [
            HEADER,
            ["GV-X1", "Ngô Văn Một", "Nhà giáo", "Viên chức", "Cao đẳng", "096190000001"],
            ["GV-X2", "Ngô Văn Hai", "Nhà giáo", "Viên chức", "", ""],
            ["GV-KCNTT-1", "Trùng mã", "Nhân viên phục vụ", "Viên chức", "", ""],
            ["GV-X3", "Ngô Văn Ba", "Nhân viên phục vụ", "Viên chức", "", "12"],
        ]
    )
    report = run_import(get_import("staff")(), bad, actor=actor, organisation=college_a)
    assert not report.ok
    reasons = {(e.row, e.reason) for e in report.errors}
    assert any(row == 3 and "trình độ giảng dạy" in reason for row, reason in reasons)
    assert any(row == 4 and "Đã có trong hệ thống" in reason for row, reason in reasons)
    assert any(row == 5 and "12 chữ số" in reason for row, reason in reasons)
    assert StaffMember.all_objects.filter(institution=college_a).count() == before

    good = _sheet(
        [HEADER, ["GV-X1", "Ngô Văn Một", "Nhà giáo", "Viên chức", "Cao đẳng", "096190000001"]]
    )
    report = run_import(get_import("staff")(), good, actor=actor, organisation=college_a)
    assert report.ok and report.written == 1
    member = StaffMember.all_objects.get(institution=college_a, code="GV-X1")
    assert member.search_name

    quals = _sheet(
        [
            ["Mã cán bộ", "Loại", "Trình độ, mức", "Tên văn bằng, chứng chỉ"],
            ["GV-X1", "Tin học", 1, "Chứng chỉ CNTT cơ bản"],
        ]
    )
    report = run_import(
        get_import("staff_qualifications")(), quals, actor=actor, organisation=college_a
    )
    assert report.ok, report.errors
    assert Qualification.all_objects.filter(staff=member, kind="it").exists()


def test_qualification_import_rejects_rank_outside_kind(persona_user, college_a):
    actor = Actor.for_user(persona_user("hr_officer"))
    quals = _sheet(
        [
            ["Mã cán bộ", "Loại", "Trình độ, mức", "Tên văn bằng, chứng chỉ"],
            ["GV-KCNTT-1", "Tin học", 4, "Sai mức"],
            ["KHONG-CO", "Tin học", 1, "Không có người"],
        ]
    )
    report = run_import(
        get_import("staff_qualifications")(), quals, actor=actor, organisation=college_a
    )
    assert not report.ok
    assert {e.row for e in report.errors} == {2, 3}


def test_outsiders_cannot_import(persona_user, college_a):
    actor = Actor.for_user(persona_user("other_rector"))
    with pytest.raises(PermissionError):
        run_import(get_import("staff")(), _sheet([HEADER]), actor=actor, organisation=college_a)


def test_templates_download(login):
    for kind in ["staff", "staff_qualifications"]:
        response = login("hr_officer").get(f"/nhan-su/mau-nhap/{kind}/")
        assert response.status_code == 200
        assert response.content[:2] == b"PK"
    assert template_xlsx(get_import("staff"))[:2] == b"PK"


def test_import_page_starts_a_job(login, college_a):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = login("hr_officer")
    upload = SimpleUploadedFile("nhan-su.xlsx", _sheet([HEADER]).getvalue())
    response = client.post(f"/nhan-su/co-so/{college_a.pk}/nhap-excel/staff/", {"file": upload})
    assert response.status_code == 302
    assert "/cong-viec/" in response["Location"]
