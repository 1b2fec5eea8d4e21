"""The generic import machinery: header matching, row and file checks, template, export."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from opentvet.core.models import AuditEntry
from opentvet.core.scopes import scopes_disabled
from opentvet.core.tabular.columns import Choice, Column, Date, DecimalNumber, Phone, Text
from opentvet.core.tabular.export import export_xlsx, xlsx_response
from opentvet.core.tabular.importer import (
    ImportSpec,
    RowError,
    get_import,
    register_import,
    run_import,
    validate,
)
from opentvet.core.tabular.templates import template_xlsx

from .conftest import excel_datetime, xlsx_bytes


@register_import("demo_marks")
class DemoSpec(ImportSpec):
    """A spec with no model: it keeps what it would write."""

    title = "điểm thử"
    permission = "org.change"
    unique_keys = ("code",)
    columns = [
        Column("code", "Mã người học", required=True, parser=Text(10), example="HS001"),
        Column("name", "Họ và tên", required=True, parser=Text(50), example="Nguyễn Văn An"),
        Column("born", "Ngày sinh", parser=Date(), example=dt.date(2007, 3, 15)),
        Column("mark", "Điểm", parser=DecimalNumber(1, 0, 10), example="7,5"),
        Column(
            "kind",
            "Hình thức",
            parser=Choice([("ft", "Chính quy"), ("pt", "Vừa làm vừa học")]),
            example="Chính quy",
        ),
        Column("phone", "Điện thoại", parser=Phone()),
    ]
    written: list = []

    def clean_row(self, values):
        if values["born"] and values["born"] > dt.date(2015, 1, 1):
            raise RowError("Người học chưa đủ tuổi.", column="born", value=values["born"])
        return values

    def write(self, rows, actor, organisation, progress):
        DemoSpec.written = [r.values for r in rows]
        progress(100, "")
        return len(rows)


HEADER = ["Mã người học", "Họ và tên", "Ngày sinh", "Điểm", "Hình thức", "Điện thoại"]


def test_registry():
    assert get_import("demo_marks") is DemoSpec
    with pytest.raises(LookupError):
        get_import("no_such_import")


@pytest.mark.django_db
def test_shuffled_and_unaccented_headers_are_matched(hanoi_officer, tab_tree):
    header = ["dien thoai", "DIỂM", "Họ và tên", "Mã người học (*)", "Hình thức", "Ngày sinh"]
    rows = [["0912345678", "8,5", "Trần Thị Bình", "HS01", "vua lam vua hoc", "01/02/2006"]]
    report = validate(
        DemoSpec(), xlsx_bytes(header, rows), actor=hanoi_officer, organisation=tab_tree["hanoi"]
    )
    assert report.errors == []
    assert report.rows[0].number == 2
    assert report.rows[0].values == {
        "code": "HS01",
        "name": "Trần Thị Bình",
        "born": dt.date(2006, 2, 1),
        "mark": Decimal("8.5"),
        "kind": "pt",
        "phone": "0912345678",
    }


@pytest.mark.django_db
def test_missing_required_and_unknown_columns(hanoi_officer, tab_tree):
    header = ["Họ và tên", "Ghi chú"]
    report = validate(
        DemoSpec(),
        xlsx_bytes(header, [["An", "x"]]),
        actor=hanoi_officer,
        organisation=tab_tree["hanoi"],
    )
    assert [(e.row, e.column, e.reason) for e in report.errors] == [
        (1, "Ghi chú", "Cột không có trong mẫu."),
        (1, "Mã người học", "Thiếu cột bắt buộc."),
    ]
    assert report.rows == []


@pytest.mark.django_db
def test_row_errors_use_excel_row_numbers(hanoi_officer, tab_tree):
    rows = [
        ["HS01", "An", "01/02/2006", "7,5", "Chính quy", ""],
        [None, None, None, None, None, None],  # an empty row is skipped, not an error
        ["HS02", "", "31/02/2006", "11", "Tại chức", "123"],
        ["HS01", "Bình", excel_datetime(2016, 1, 1), 9, "ft", None],
        ["hs01", "Chi", None, None, None, None],
    ]
    report = validate(
        DemoSpec(), xlsx_bytes(HEADER, rows), actor=hanoi_officer, organisation=tab_tree["hanoi"]
    )
    got = [(e.row, e.column, e.as_dict()["value"], e.reason) for e in report.errors]
    assert got == [
        (4, "Họ và tên", "", "Không được để trống."),
        (4, "Ngày sinh", "31/02/2006", "Ngày không tồn tại."),
        (4, "Điểm", "11", "Không được lớn hơn 10."),
        (
            4,
            "Hình thức",
            "Tại chức",
            "Không có trong danh sách cho phép: Chính quy; Vừa làm vừa học.",
        ),
        (4, "Điện thoại", "123", "Số điện thoại phải gồm 10 chữ số, bắt đầu bằng số 0."),
        (5, "Ngày sinh", "01/01/2016", "Người học chưa đủ tuổi."),
        (6, "Mã người học", "hs01", "Trùng với dòng 2 trong tệp."),
    ]
    assert report.bad_rows == 3
    assert report.total_rows == 4


@pytest.mark.django_db
def test_unreadable_file(hanoi_officer, tab_tree):
    report = validate(
        DemoSpec(),
        io.BytesIO(b"not a workbook"),
        actor=hanoi_officer,
        organisation=tab_tree["hanoi"],
    )
    assert [e.reason for e in report.errors] == [
        "Không đọc được tệp. Hãy dùng tệp Excel .xlsx (có thể tải mẫu trên trang này)."
    ]


@pytest.mark.django_db
def test_run_import_writes_and_audits_once(hanoi_officer, tab_tree):
    rows = [[f"HS{i:03d}", f"Người học {i}", "01/02/2006", "7", "ft", ""] for i in range(50)]
    report = run_import(
        DemoSpec(),
        xlsx_bytes(HEADER, rows),
        actor=hanoi_officer,
        organisation=tab_tree["hanoi"],
        filename="diem.xlsx",
    )
    assert report.ok and report.written == 50
    assert len(DemoSpec.written) == 50
    with scopes_disabled():
        entry = AuditEntry.objects.get(verb="demo_marks_import")
    assert entry.changes == {"rows": [None, 50], "written": [None, 50], "file": [None, "diem.xlsx"]}
    assert entry.organisation == tab_tree["hanoi"]


@pytest.mark.django_db
def test_run_import_refused_without_permission(hanoi_viewer, tab_tree):
    with pytest.raises(PermissionError):
        run_import(
            DemoSpec(), xlsx_bytes(HEADER, []), actor=hanoi_viewer, organisation=tab_tree["hanoi"]
        )


def test_template_has_headers_example_lists_and_guide():
    book = load_workbook(io.BytesIO(template_xlsx(DemoSpec)))
    assert book.sheetnames[:2] == ["điểm thử", "Hướng dẫn"]
    data = book.worksheets[0]
    assert [c.value for c in data[1]] == HEADER
    assert data["A1"].font.b
    assert data.freeze_panes == "A2"
    assert data["A2"].value == "HS001"
    assert data["C2"].value == excel_datetime(2007, 3, 15)
    assert data["C2"].number_format == "DD/MM/YYYY"
    validations = data.data_validations.dataValidation
    assert len(validations) == 1
    assert str(validations[0].sqref).startswith("E2:E")
    lists = book["Danh mục"]
    assert lists.sheet_state == "hidden"
    assert [lists["A2"].value, lists["A3"].value] == ["Chính quy", "Vừa làm vừa học"]
    guide = book["Hướng dẫn"]
    texts = [c.value for row in guide.iter_rows() for c in row if c.value]
    assert "Mã người học" in texts
    assert "Ngày, dạng dd/mm/yyyy (ví dụ 05/09/2025)" in texts


@pytest.mark.django_db
def test_template_reimports_as_is(hanoi_officer, tab_tree):
    """The template with its example row is itself a valid file."""
    report = validate(
        DemoSpec(),
        io.BytesIO(template_xlsx(DemoSpec)),
        actor=hanoi_officer,
        organisation=tab_tree["hanoi"],
    )
    assert report.errors == []
    assert report.rows[0].values["mark"] == Decimal("7.5")


def test_export_round_trip():
    moment = timezone.make_aware(excel_datetime(2025, 9, 5, 8, 30))
    rows = [
        SimpleNamespace(
            code="A1",
            name="Trường Ví Dụ",
            opened=dt.date(2010, 1, 2),
            seen=moment,
            mark=Decimal("7.5"),
            ward=SimpleNamespace(name="Phường Ba Đình"),
            active=True,
        ),
        {
            "code": "=1+1",
            "name": "Công thức",
            "opened": None,
            "seen": None,
            "mark": 8,
            "ward": None,
            "active": False,
        },
    ]
    content = export_xlsx(
        title="Cơ sở: danh sách/2025",
        columns=[
            ("Mã", "code"),
            ("Tên", "name"),
            ("Ngày thành lập", "opened"),
            ("Cập nhật", "seen"),
            ("Điểm", "mark"),
            ("Xã/phường", "ward.name"),
            ("Hoạt động", "active"),
            ("Tên in hoa", lambda r: _get(r, "name").upper()),
        ],
        rows=iter(rows),
    )
    book = load_workbook(io.BytesIO(content))
    sheet = book.worksheets[0]
    assert sheet.title == "Cơ sở- danh sách-2025"
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0] == [
        "Mã",
        "Tên",
        "Ngày thành lập",
        "Cập nhật",
        "Điểm",
        "Xã/phường",
        "Hoạt động",
        "Tên in hoa",
    ]
    assert values[1] == [
        "A1",
        "Trường Ví Dụ",
        excel_datetime(2010, 1, 2),
        excel_datetime(2025, 9, 5, 8, 30),
        7.5,
        "Phường Ba Đình",
        "Có",
        "TRƯỜNG VÍ DỤ",
    ]
    assert values[2] == ["=1+1", "Công thức", None, None, 8, None, "Không", "CÔNG THỨC"]
    assert sheet["A2"].font.b is False and sheet["A1"].font.b
    assert sheet["C2"].number_format == "DD/MM/YYYY"
    assert sheet["A3"].data_type == "s"  # user text is never turned into a formula
    assert sheet.freeze_panes == "A2"


def _get(row, key):
    return row[key] if isinstance(row, dict) else getattr(row, key)


def test_xlsx_response_names_the_file():
    response = xlsx_response(b"x", "cơ-sở.xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "filename*=UTF-8''c%C6%A1-s%E1%BB%9F.xlsx" in response["Content-Disposition"]
