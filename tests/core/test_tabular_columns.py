"""Cell parsers: good values, bad values and their exact Vietnamese reasons."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from opentvet.core.models import InstitutionType, Ownership
from opentvet.core.tabular.columns import (
    CellError,
    Choice,
    CitizenId,
    Date,
    DecimalNumber,
    Email,
    Integer,
    Lookup,
    Phone,
    Text,
    lookup_mapping,
)

from .conftest import excel_datetime


def reason(parser, value) -> str:
    with pytest.raises(CellError) as info:
        parser(value)
    return info.value.reason


def test_text():
    parser = Text(5)
    assert Text(6)("  Hà Nội ") == "Hà Nội"
    assert parser(" abc ") == "abc"
    assert parser(12345.0) == "12345"  # a code typed as a number keeps no ".0"
    assert reason(parser, "abcdef") == "Dài quá 5 ký tự (hiện có 6 ký tự)."
    assert Text()("x" * 1000) == "x" * 1000


def test_integer():
    parser = Integer(min_value=0, max_value=100)
    assert parser(7) == 7
    assert parser(7.0) == 7
    assert parser(" 42 ") == 42
    assert reason(parser, "7,5") == "Không phải số nguyên."
    assert reason(parser, 7.5) == "Không phải số nguyên."
    assert reason(parser, "abc") == "Không phải số nguyên."
    assert reason(parser, True) == "Không phải số nguyên."
    assert reason(parser, -1) == "Phải từ 0 trở lên."
    assert reason(parser, 101) == "Không được lớn hơn 100."


def test_decimal_accepts_comma_and_point():
    parser = DecimalNumber(decimal_places=1, min_value=0, max_value=10)
    assert parser("7,5") == Decimal("7.5")
    assert parser("7.5") == Decimal("7.5")
    assert parser(7.5) == Decimal("7.5")
    assert parser(8) == Decimal(8)
    assert parser("8,0") == Decimal("8.0")
    assert reason(parser, "bảy") == "Không phải số."
    assert reason(parser, "1.234,5") == (
        "Không phải số (chỉ dùng một dấu phẩy hoặc dấu chấm thập phân)."
    )
    assert reason(parser, "7,25") == "Có quá 1 chữ số thập phân."
    assert reason(parser, "10,5") == "Không được lớn hơn 10."
    assert reason(parser, "-1") == "Phải từ 0 trở lên."
    assert reason(parser, "NaN") == "Không phải số."


def test_date_text_and_excel_dates():
    parser = Date(max_value=dt.date(2030, 1, 1))
    assert parser("05/09/2025") == dt.date(2025, 9, 5)
    assert parser("5/9/2025") == dt.date(2025, 9, 5)
    assert parser("05-09-2025") == dt.date(2025, 9, 5)
    assert parser("2025-09-05") == dt.date(2025, 9, 5)
    assert parser(excel_datetime(2025, 9, 5)) == dt.date(2025, 9, 5)  # a real Excel date cell
    assert parser(dt.date(2025, 9, 5)) == dt.date(2025, 9, 5)
    assert reason(parser, "09/2025") == "Không đúng định dạng ngày dd/mm/yyyy."
    assert reason(parser, 45000) == "Không đúng định dạng ngày dd/mm/yyyy."
    assert reason(parser, "31/02/2025") == "Ngày không tồn tại."
    assert reason(parser, "02/01/2030") == "Không được sau ngày 01/01/2030."


def test_choice_by_label_or_code_ignoring_accents_and_case():
    parser = Choice(InstitutionType.choices)
    assert parser("Trường cao đẳng") == InstitutionType.COLLEGE
    assert parser("truong CAO dang") == InstitutionType.COLLEGE
    assert parser("  Trường   trung cấp ") == InstitutionType.INTERMEDIATE
    assert parser("college") == InstitutionType.COLLEGE
    assert reason(Choice(Ownership.choices), "Nhà nước") == (
        "Không có trong danh sách cho phép: Công lập; Tư thục; Có vốn đầu tư nước ngoài."
    )


def test_choice_with_integer_codes():
    parser = Choice([(1, "Nhóm 1"), (2, "Nhóm 2")])
    assert parser(2) == 2
    assert parser(2.0) == 2
    assert parser("nhom 1") == 1


def test_email():
    parser = Email()
    assert parser(" Lien.He@VIDU.edu.vn ") == "Lien.He@vidu.edu.vn"
    assert reason(parser, "lienhe@") == "Địa chỉ thư điện tử không hợp lệ."
    assert reason(parser, "lien he@vidu.vn") == "Địa chỉ thư điện tử không hợp lệ."


def test_phone():
    parser = Phone()
    assert parser("0912 345 678") == "0912345678"
    assert parser("+84 912 345 678") == "0912345678"
    assert parser("0912.345.678") == "0912345678"
    assert parser(912345678) == "0912345678"  # Excel dropped the leading 0 of a number cell
    message = "Số điện thoại phải gồm 10 chữ số, bắt đầu bằng số 0."
    assert reason(parser, "091234567") == message
    assert reason(parser, "1912345678") == message
    assert reason(parser, "09123456789") == message


def test_citizen_id():
    parser = CitizenId()
    assert parser("001090012345") == "001090012345"
    assert parser(" 001 090 012 345 ") == "001090012345"
    # A number cell lost the leading zero: refused, never padded (an 11-digit typo would pass).
    typed_as_number = reason(parser, 96090012345)
    assert typed_as_number.startswith("Số CCCD được nhập dạng số")
    assert reason(parser, 96090012345.0) == typed_as_number
    assert reason(parser, "00109001234") == "Số CCCD phải gồm đúng 12 chữ số."
    assert reason(parser, "00109001234X") == "Số CCCD phải gồm đúng 12 chữ số."
    province_rule = "Ba số đầu của số CCCD (mã tỉnh nơi đăng ký khai sinh) phải từ 001 đến 096."
    assert reason(parser, "000090012345") == province_rule
    assert reason(parser, "097090012345") == province_rule


def test_lookup_by_code_or_name_and_ambiguity():
    wards = [
        {"code": 4, "name": "Phường Ba Đình"},
        {"code": 70, "name": "Phường Hoàn Kiếm"},
        {"code": 71, "name": "Phường Hoàn Kiếm"},
    ]
    mapping = lookup_mapping(wards, lambda w: w["code"], lambda w: w["name"])
    parser = Lookup(mapping=mapping, reason="Không có xã/phường này.")
    assert parser("phuong ba dinh") is wards[0]
    assert parser(4) is wards[0]
    assert parser(70.0) is wards[1]
    assert parser("4") is wards[0]
    assert reason(parser, "Phường Hoàn Kiếm") == "Có nhiều mục trùng tên này; hãy nhập mã."
    assert reason(parser, "Phường Không Có") == "Không có xã/phường này."
    assert reason(Lookup(mapping={}), "x") == "Không tìm thấy trong danh mục."
