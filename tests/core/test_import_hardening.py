"""Issue 15 items 9, 13, 14, 15, 21: what a bad (or merely unusual) file does to an import."""

from __future__ import annotations

import io
import unicodedata
import zipfile

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from opentvet.core.access import Actor
from opentvet.core.tabular import reader
from opentvet.core.tabular.importer import database_error_message, get_import, run_import, validate
from opentvet.staff.models import StaffMember

pytestmark = pytest.mark.django_db


def _xlsx(rows) -> io.BytesIO:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return buffer


def _template(client, org_id: int, kind: str) -> io.BytesIO:
    response = client.get(reverse("web:import_template", args=[org_id, kind]))
    assert response.status_code == 200
    return io.BytesIO(response.content)


def _with_example_row(template: io.BytesIO, change) -> io.BytesIO:  # type: ignore[no-untyped-def]
    workbook = load_workbook(template)
    sheet = workbook.worksheets[0]
    header = [cell.value for cell in sheet[1]]
    row = {name: sheet.cell(row=2, column=i + 1) for i, name in enumerate(header)}
    change(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return buffer


# --- 9: a zip bomb is refused before parsing ----------------------------------------------------


def _bomb(shared_strings_bytes: int) -> io.BytesIO:
    source = _xlsx([["Mã cán bộ"], ["GV1"]])
    out = io.BytesIO()
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            if item.filename != "xl/sharedStrings.xml":
                zout.writestr(item, zin.read(item.filename))
        text = "A" * shared_strings_bytes
        zout.writestr(
            "xl/sharedStrings.xml",
            '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxml'
            'formats.org/spreadsheetml/2006/main" count="1" uniqueCount="1">'
            f"<si><t>{text}</t></si></sst>",
        )
    out.seek(0)
    return out


def test_a_shared_strings_bomb_is_refused_before_it_is_read(monkeypatch):
    monkeypatch.setattr(reader, "MAX_SHARED_STRINGS_BYTES", 1024 * 1024)
    bomb = _bomb(2 * 1024 * 1024)
    assert bomb.getbuffer().nbytes < 40_000  # small on disk, large once expanded
    with pytest.raises(reader.SheetError, match="giải nén ra quá lớn"):
        reader.read_xlsx(bomb)


def test_a_highly_compressed_large_part_is_refused(monkeypatch):
    monkeypatch.setattr(reader, "MAX_SHARED_STRINGS_BYTES", 10**12)
    with pytest.raises(reader.SheetError, match="giải nén ra quá lớn"):
        reader.read_xlsx(_bomb(9 * 1024 * 1024))


def test_rows_beyond_the_limit_stop_the_import(persona_user, college_a, monkeypatch):
    monkeypatch.setattr(reader, "MAX_ROWS", 3)
    header = ["Mã cán bộ", "Họ và tên", "Loại cán bộ", "Loại hợp đồng"]
    rows = [[f"GV-L{i}", "Ngô Văn Một", "Nhân viên phục vụ", "Viên chức"] for i in range(5)]
    report = validate(
        get_import("staff")(),
        _xlsx([header, *rows]),
        actor=Actor.for_user(persona_user("hr_officer")),
        organisation=college_a,
    )
    assert not report.ok
    assert "quá 3 dòng" in report.errors[0].reason


def test_the_import_page_states_the_row_limit(login, college_a):
    response = login("hr_officer").get(reverse("web:import_start", args=[college_a.pk, "staff"]))
    assert "100.000 dòng" in response.content.decode()


# --- 13: an optional choice left empty; database errors by cause -------------------------------


def test_the_full_staff_template_with_an_optional_choice_left_empty_imports(
    login, persona_user, college_a
):
    template = _template(login("hr_officer"), college_a.pk, "staff")

    def change(row):  # type: ignore[no-untyped-def]
        row["Mã cán bộ"].value = "GV-HARDEN-1"
        row["Loại giảng dạy"].value = None

    report = run_import(
        get_import("staff")(),
        _with_example_row(template, change),
        actor=Actor.for_user(persona_user("hr_officer")),
        organisation=college_a,
    )
    assert report.ok, [e.reason for e in report.errors]
    assert (
        StaffMember.all_objects.get(institution=college_a, code="GV-HARDEN-1").teaching_kind == ""
    )


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        ("NOT NULL constraint failed: staff_staffmember.teaching_kind", "Thiếu giá trị"),
        ('null value in column "teaching_kind" violates not-null constraint', "Thiếu giá trị"),
        ("UNIQUE constraint failed: staff_staffmember.code", "người khác thay đổi"),
        ("duplicate key value violates unique constraint", "người khác thay đổi"),
        ("FOREIGN KEY constraint failed", "vừa bị xóa"),
        ("value too long for type character varying(30)", "dài hoặc lớn"),
    ],
)
def test_database_errors_are_reported_by_their_cause(error, expected):
    assert expected in database_error_message(Exception(error))


# --- 14: NFC ------------------------------------------------------------------------------------

HEADER = ["Mã cán bộ", "Họ và tên", "Loại cán bộ", "Loại hợp đồng"]


def test_imported_text_is_stored_in_nfc(persona_user, college_a):
    name = unicodedata.normalize("NFD", "Nguyễn Thị Ánh Tuyết")
    assert name != unicodedata.normalize("NFC", name)
    report = run_import(
        get_import("staff")(),
        _xlsx([HEADER, ["GV-NFC-1", name, "Nhân viên phục vụ", "Viên chức"]]),
        actor=Actor.for_user(persona_user("hr_officer")),
        organisation=college_a,
    )
    assert report.ok
    member = StaffMember.all_objects.get(institution=college_a, code="GV-NFC-1")
    assert member.full_name == unicodedata.normalize("NFC", name)


def test_codes_equal_in_nfc_and_nfd_are_one_code(persona_user, college_a):
    code = "GV-ĐỨC"
    report = validate(
        get_import("staff")(),
        _xlsx(
            [
                HEADER,
                [unicodedata.normalize("NFC", code), "Một", "Nhân viên phục vụ", "Viên chức"],
                [unicodedata.normalize("NFD", code), "Hai", "Nhân viên phục vụ", "Viên chức"],
            ]
        ),
        actor=Actor.for_user(persona_user("hr_officer")),
        organisation=college_a,
    )
    assert not report.ok
    assert any("Trùng với dòng 2" in e.reason for e in report.errors)


def test_forms_store_text_in_nfc(login, college_a):
    client = login("rector")
    decomposed = unicodedata.normalize("NFD", "Số 5 đường Lý Thường Kiệt")
    edit = reverse("web:organisation_edit", args=[college_a.pk])
    page = client.get(edit)
    assert page.status_code == 200
    data = {k: v for k, v in page.context["form"].initial.items() if v is not None}
    data = {k: (v.pk if hasattr(v, "pk") else v) for k, v in data.items()}
    data["street_address"] = decomposed
    response = client.post(edit, data)
    assert response.status_code in (200, 302)
    college_a.refresh_from_db()
    assert college_a.street_address == unicodedata.normalize("NFC", decomposed)


# --- 15: a header-only sheet --------------------------------------------------------------------


def test_a_header_only_sheet_says_it_has_no_rows(persona_user, college_a):
    report = run_import(
        get_import("staff")(),
        _xlsx([HEADER]),
        actor=Actor.for_user(persona_user("hr_officer")),
        organisation=college_a,
    )
    assert not report.ok
    assert "không có dòng dữ liệu" in report.errors[0].reason


# --- 21: the templates' example rows are valid where they are downloaded --------------------------


def test_the_staff_template_example_row_is_valid(login, persona_user, college_a):
    template = _template(login("hr_officer"), college_a.pk, "staff")

    def change(row):  # type: ignore[no-untyped-def]
        row["Mã cán bộ"].value = "GV-HARDEN-2"

    report = validate(
        get_import("staff")(),
        _with_example_row(template, change),
        actor=Actor.for_user(persona_user("hr_officer")),
        organisation=college_a,
    )
    assert report.ok, [e.reason for e in report.errors]


def test_the_institution_template_example_uses_a_ward_of_its_province(login, persona_user, org):
    department = org("SGDDT-96")
    template = _template(login("provincial_officer"), department.pk, "institutions")
    report = validate(
        get_import("institutions")(),
        template,
        actor=Actor.for_user(persona_user("provincial_officer")),
        organisation=department,
    )
    assert not [e for e in report.errors if e.column == "Xã/phường"], report.errors
