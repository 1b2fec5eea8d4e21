"""The downloadable template of an import: the sheet users fill in, and its instructions.

``template_xlsx(spec)`` builds, from the spec's columns alone, a workbook with
- the data sheet: Vietnamese headers (bold, required ones in red, header row frozen, widths set),
  one example row, and a drop-down list on every ``Choice`` column;
- "Hướng dẫn": for each column whether it is required, its format and notes;
- a hidden "Danh mục" sheet holding the drop-down lists (a list typed into the validation
  formula itself is limited to 255 characters and cannot contain commas).
The template is small, so it uses a normal (not write-only) workbook.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from opentvet.core.tabular.export import DATE_FORMAT, sheet_title
from opentvet.core.tabular.importer import ImportSpec

#: Rows of the data sheet that carry the drop-down lists.
VALIDATED_ROWS = 10_000

_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")


def template_xlsx(
    spec: ImportSpec | type[ImportSpec], examples: dict[str, Any] | None = None
) -> bytes:
    """The .xlsx template of ``spec`` (class or instance); needs no database access.

    ``examples`` (from ``spec.examples_for(organisation)``) replaces the columns' fixed example
    cells by key, so the example row is valid where the template is downloaded.
    """
    examples = examples or {}
    columns = [
        dataclasses.replace(c, example=examples[c.key]) if c.key in examples else c
        for c in spec.columns
    ]
    workbook = Workbook()
    data = workbook.active
    data.title = sheet_title(spec.sheet_title or spec.title or _("Dữ liệu"))
    lists = workbook.create_sheet(sheet_title(_("Danh mục")))
    guide = workbook.create_sheet(sheet_title(_("Hướng dẫn")), index=1)

    list_count = 0
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        header = data.cell(row=1, column=index, value=str(column.header))
        header.font = Font(bold=True, color="C00000" if column.required else None)
        header.fill = _HEADER_FILL
        header.alignment = Alignment(wrap_text=True, vertical="center")
        example = data.cell(row=2, column=index, value=_example_value(column.example))
        if isinstance(column.example, dt.date):
            example.number_format = DATE_FORMAT
        if column.parser.text_only:
            # Identifiers keep their leading 0 only in text cells.
            data.column_dimensions[letter].number_format = "@"
            example.number_format = "@"
        width = max(len(str(column.header)), len(str(column.example or ""))) + 4
        data.column_dimensions[letter].width = min(max(width, 12), 60)
        labels = column.parser.labels()
        if labels:
            list_count += 1
            list_column = get_column_letter(list_count)
            lists[f"{list_column}1"] = str(column.header)
            for row, label in enumerate(labels, start=2):
                lists[f"{list_column}{row}"] = label
            last = len(labels) + 1
            source = f"{quote_sheetname(lists.title)}!${list_column}$2:${list_column}${last}"
            validation = DataValidation(
                type="list",
                formula1=source,
                allow_blank=not column.required,
                showErrorMessage=True,
                errorTitle=_("Giá trị không hợp lệ"),
                error=_("Hãy chọn một giá trị trong danh sách."),
            )
            validation.add(f"{letter}2:{letter}{VALIDATED_ROWS + 1}")
            data.add_data_validation(validation)
    data.freeze_panes = "A2"
    data.row_dimensions[1].height = 30
    lists.sheet_state = "hidden"

    _write_guide(guide, spec, columns)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _example_value(example: Any) -> Any:
    if isinstance(example, (dt.date, int, float)) or example is None:
        return example
    return str(example)


def _write_guide(guide: Any, spec: ImportSpec | type[ImportSpec], columns: list[Any]) -> None:
    guide["A1"] = _("Hướng dẫn nhập %(what)s") % {"what": spec.title}
    guide["A1"].font = Font(bold=True, size=13)
    notes = [
        _(
            "Điền dữ liệu vào trang đầu tiên, mỗi dòng một bản ghi; dòng 2 là ví dụ, hãy xóa hoặc "
            "ghi đè trước khi nhập."
        ),
        _("Giữ nguyên tên cột ở dòng 1; có thể đổi thứ tự cột. Cột chữ đỏ là cột bắt buộc."),
        _(
            "Hệ thống kiểm tra mọi dòng trước khi ghi: nếu có dòng lỗi, không dòng nào được ghi "
            "và bạn nhận danh sách lỗi (dòng, cột, giá trị, lý do) để sửa rồi nhập lại cả tệp."
        ),
    ]
    for row, note in enumerate(notes, start=2):
        guide.cell(row=row, column=1, value=note)
    top = len(notes) + 3
    headers = [_("Cột"), _("Bắt buộc"), _("Định dạng"), _("Ghi chú"), _("Ví dụ")]
    for index, text in enumerate(headers, start=1):
        cell = guide.cell(row=top, column=index, value=text)
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
    for offset, column in enumerate(columns, start=1):
        example = column.example
        if isinstance(example, dt.date):
            example = example.strftime("%d/%m/%Y")
        values = [
            str(column.header),
            _("Có") if column.required else _("Không"),
            column.parser.describe(),
            str(column.help or ""),
            str(example or ""),
        ]
        for index, value in enumerate(values, start=1):
            cell = guide.cell(row=top + offset, column=index, value=value)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for letter, width in zip("ABCDE", (28, 10, 45, 45, 24), strict=True):
        guide.column_dimensions[letter].width = width
    guide.freeze_panes = guide.cell(row=top + 1, column=1)
