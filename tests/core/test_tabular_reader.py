"""The fast .xlsx reader gives the same values as openpyxl's own read-only mode."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont

from opentvet.core.tabular.reader import SheetError, read_xlsx

from .conftest import excel_datetime, xlsx_bytes


def trimmed(cells) -> list:
    values = list(cells)
    while values and values[-1] is None:
        values.pop()
    return values


def openpyxl_rows(content: bytes) -> list[tuple[int, list]]:
    book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    rows = []
    for number, cells in enumerate(book.worksheets[0].iter_rows(values_only=True), start=1):
        values = trimmed(cells)
        if any(v not in (None, "") for v in values):
            rows.append((number, values))
    book.close()
    return rows


def our_rows(content: bytes) -> list[tuple[int, list]]:
    with read_xlsx(io.BytesIO(content)) as sheet:
        rows = [(sheet.header_row, list(sheet.header))]
        rows.extend((number, trimmed(cells)) for number, cells in sheet.rows)
    return rows


def normal_workbook() -> bytes:
    """Shared strings, styles, a formula, rich text and gaps, as a desktop program writes."""
    book = Workbook()
    sheet = book.active
    sheet.append(["Mã", "Tên", "Ngày", "Số", "Đúng/sai"])
    sheet.append(["A1", "Nguyễn Văn An", dt.date(2006, 2, 1), 7.5, True])
    sheet["C2"].number_format = "DD/MM/YYYY"
    sheet.append([])
    sheet.append([None, "  chỉ cột B  ", None, 12])
    sheet["A6"] = "=1+1"
    sheet["E6"] = excel_datetime(2025, 9, 5, 8, 30)
    sheet["B7"] = CellRichText(["Trường ", TextBlock(InlineFont(b=True), "Ví Dụ")])
    sheet["AA7"] = "xa"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_same_values_as_openpyxl_with_shared_strings():
    content = normal_workbook()
    ours = our_rows(content)
    assert ours == openpyxl_rows(content)
    assert ours[1] == (2, ["A1", "Nguyễn Văn An", excel_datetime(2006, 2, 1), 7.5, True])
    assert ours[3][0] == 6  # Excel row numbers survive empty rows


def test_same_values_as_openpyxl_with_inline_strings():
    rows = [["B1", dt.date(2007, 1, 2)], [None, None], [3, 4.0]]
    content = xlsx_bytes(["Mã", "Ngày"], rows).getvalue()
    assert our_rows(content) == openpyxl_rows(content)


@pytest.mark.parametrize("content", [b"", b"PK\x03\x04 broken", b"not a workbook at all"])
def test_unreadable_files(content):
    with pytest.raises(SheetError):
        read_xlsx(io.BytesIO(content))


def test_empty_sheet():
    buffer = io.BytesIO()
    Workbook().save(buffer)
    with pytest.raises(SheetError, match="Tệp không có dữ liệu"):
        read_xlsx(io.BytesIO(buffer.getvalue()))
