"""Importing a province's institutions from Excel: all rows or none, with exact errors."""

from __future__ import annotations

import io
import time

import pytest
from openpyxl import load_workbook

from opentvet.core.institution_import import InstitutionImport
from opentvet.core.models import AuditEntry, Organisation, OrganisationEvent, OrgKind
from opentvet.core.tabular.importer import ImportRefused, run_import, validate
from opentvet.core.tabular.templates import template_xlsx

from .conftest import xlsx_bytes

HEADER = [
    "Mã cơ sở",
    "Tên cơ sở",
    "Loại hình cơ sở",
    "Loại hình sở hữu",
    "Cơ quan chủ quản",
    "Xã/phường",
    "Địa chỉ",
    "Điện thoại",
    "Email",
    "Người đứng đầu",
]


def good_row(i: int) -> list:
    return [
        f"TAB-CS-{i:05d}",
        f"Trường Trung cấp Thử nghiệm số {i}",
        "Trường trung cấp" if i % 2 else "truong cao dang",
        "Công lập",
        "TAB-UBND-HN" if i % 3 == 0 else None,
        "Phường Ba Đình" if i % 2 else 70,
        f"Số {i} phố Thử",
        f"0241{i:06d}",
        f"cs{i}@vidu.edu.vn",
        "Nguyễn Văn An",
    ]


def imported_codes() -> int:
    return Organisation.objects.filter(code__startswith="TAB-CS-").count()


@pytest.mark.django_db
def test_5000_rows_with_3_bad_rows_reports_exactly_them_then_imports(hanoi_officer, tab_tree):
    rows = [good_row(i) for i in range(5000)]
    rows[10][7] = "12345"  # phone: Excel row 12
    rows[2500][5] = "Phường Thuận Hóa"  # a ward of Huế, not of Hà Nội: row 2502
    rows[4999][0] = rows[0][0]  # repeats row 2's code: row 5001
    hanoi = tab_tree["hanoi"]
    before_entries = AuditEntry.objects.count()

    report = run_import(
        InstitutionImport(), xlsx_bytes(HEADER, rows), actor=hanoi_officer, organisation=hanoi
    )

    assert [(e.row, e.column, e.as_dict()["value"], e.reason) for e in report.errors] == [
        (12, "Điện thoại", "12345", "Số điện thoại phải gồm 10 chữ số, bắt đầu bằng số 0."),
        (2502, "Xã/phường", "Phường Thuận Hóa", "Không có xã/phường này trong tỉnh/thành phố."),
        (5001, "Mã cơ sở", "TAB-CS-00000", "Trùng với dòng 2 trong tệp."),
    ]
    assert report.bad_rows == 3 and report.written == 0
    assert imported_codes() == 0
    assert AuditEntry.objects.count() == before_entries

    rows[10][7] = "0241000010"
    rows[2500][5] = "Phường Hoàn Kiếm"
    rows[4999][0] = "TAB-CS-04999"
    started = time.perf_counter()
    report = run_import(
        InstitutionImport(),
        xlsx_bytes(HEADER, rows),
        actor=hanoi_officer,
        organisation=hanoi,
        filename="co-so.xlsx",
    )
    elapsed = time.perf_counter() - started

    assert report.ok, report.errors[:5]
    assert report.written == 5000 and imported_codes() == 5000
    assert elapsed < 60
    one = Organisation.objects.select_related("ward", "governing_body").get(code="TAB-CS-00003")
    assert one.kind == OrgKind.INSTITUTION and one.parent_id == hanoi.pk
    assert one.path == f"{hanoi.path}{one.pk}/" and one.depth == hanoi.depth + 1
    assert one.province_id == hanoi.province_id and one.ward.name == "Phường Ba Đình"
    assert one.governing_body.code == "TAB-UBND-HN"
    assert one.institution_type == "intermediate" and one.ownership == "public"
    assert (
        one.phone == "0241000003"
        and one.search_name == "truong trung cap thu nghiem so 3 tab-cs-00003"
    )
    assert Organisation.objects.get(code="TAB-CS-00000").ward.name == "Phường Hoàn Kiếm"
    assert (
        Organisation.objects.filter(
            path__startswith=hanoi.path, kind="institution", code__startswith="TAB-CS-"
        ).count()
        == 5000
    )
    assert (
        OrganisationEvent.objects.filter(organisation__code__startswith="TAB-CS-").count() == 5000
    )
    created = AuditEntry.objects.filter(verb="organisation_create", object_id=str(one.pk)).get()
    assert created.actor == hanoi_officer.user and created.organisation_path == one.path
    assert created.changes["name"] == [None, one.name]
    summary = AuditEntry.objects.get(verb="institutions_import")
    assert summary.changes["written"] == [None, 5000]

    # Importing the same sheet again: every code now exists.
    report = validate(
        InstitutionImport(), xlsx_bytes(HEADER, rows[:3]), actor=hanoi_officer, organisation=hanoi
    )
    assert [(e.row, e.reason) for e in report.errors] == [
        (2, "Đã có trong hệ thống."),
        (3, "Đã có trong hệ thống."),
        (4, "Đã có trong hệ thống."),
    ]


@pytest.mark.django_db
def test_officer_without_org_change_is_refused(hanoi_viewer, hue_officer, tab_tree):
    sheet = xlsx_bytes(HEADER, [good_row(1)])
    with pytest.raises(PermissionError):
        run_import(InstitutionImport(), sheet, actor=hanoi_viewer, organisation=tab_tree["hanoi"])
    with pytest.raises(PermissionError):  # another province's officer
        run_import(InstitutionImport(), sheet, actor=hue_officer, organisation=tab_tree["hanoi"])
    assert imported_codes() == 0


@pytest.mark.django_db
def test_import_only_into_an_authority(hanoi_officer, tab_tree):
    hanoi = tab_tree["hanoi"]
    run_import(
        InstitutionImport(),
        xlsx_bytes(HEADER, [good_row(1)]),
        actor=hanoi_officer,
        organisation=hanoi,
    )
    college = Organisation.objects.get(code="TAB-CS-00001")
    with pytest.raises(ImportRefused, match=r"Chỉ nhập được cơ sở GDNN vào cơ quan quản lý GDNN\."):
        run_import(
            InstitutionImport(),
            xlsx_bytes(HEADER, [good_row(2)]),
            actor=hanoi_officer,
            organisation=college,
        )


@pytest.mark.django_db
def test_required_columns_and_choices(hanoi_officer, tab_tree):
    row = good_row(1)
    row[1] = ""
    row[2] = "Đại học"
    row[4] = "KHONG-CO"
    report = validate(
        InstitutionImport(),
        xlsx_bytes(HEADER, [row]),
        actor=hanoi_officer,
        organisation=tab_tree["hanoi"],
    )
    assert [(e.column, e.reason) for e in report.errors] == [
        ("Tên cơ sở", "Không được để trống."),
        (
            "Loại hình cơ sở",
            "Không có trong danh sách cho phép: Trường cao đẳng; "
            "Trường trung cấp; Trung tâm GDNN; Trung tâm GDNN - GDTX; "
            "Doanh nghiệp/tổ chức có đăng ký hoạt động GDNN.",
        ),
        ("Cơ quan chủ quản", "Không có cơ quan chủ quản với mã này."),
    ]


def test_template_opens_with_headers_and_guide():
    book = load_workbook(io.BytesIO(template_xlsx(InstitutionImport)))
    assert book.sheetnames == ["Cơ sở GDNN", "Hướng dẫn", "Danh mục"]
    assert [c.value for c in book["Cơ sở GDNN"][1]] == HEADER
    assert book["Cơ sở GDNN"]["A1"].font.color.rgb.endswith("C00000")  # required: red
    assert len(book["Cơ sở GDNN"].data_validations.dataValidation) == 2
