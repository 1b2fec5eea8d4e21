"""Export any list to .xlsx: the one function behind every "Xuất Excel" button.

``export_xlsx`` streams rows into an openpyxl *write-only* workbook, so memory stays flat
however long the list is; pass a queryset's ``.iterator(chunk_size=...)`` (with
``select_related`` for the accessors you use) rather than a list. Dates are written as real
Excel dates shown dd/mm/yyyy, aware datetimes in the project's time zone.

    content = export_xlsx(
        title=_("Cơ sở GDNN"),
        columns=[(_("Mã"), "code"), (_("Tên"), "name"), (_("Xã/phường"), "ward.name"),
                 (_("Loại hình"), lambda o: o.get_institution_type_display())],
        rows=queryset.select_related("ward").iterator(chunk_size=2000),
    )
    return xlsx_response(content, "co-so-gdnn.xlsx")
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from typing import Any
from urllib.parse import quote

from django.db import models
from django.http import HttpResponse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from opentvet.core.tabular.columns import StrOrPromise

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_FORMAT = "DD/MM/YYYY"
DATETIME_FORMAT = "DD/MM/YYYY HH:MM"

Accessor = str | Callable[[Any], Any]

_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
# Characters XML 1.0 forbids; a stray one in a name would make the whole file unreadable.
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def sheet_title(title: StrOrPromise) -> str:
    """A valid worksheet name: at most 31 characters, none of ``[]:*?/\\``."""
    return _SHEET_FORBIDDEN.sub("-", str(title)).strip()[:31] or "Sheet1"


def _resolve(row: Any, accessor: Accessor) -> Any:
    if callable(accessor):
        return accessor(row)
    value = row
    for part in accessor.replace("__", ".").split("."):
        if value is None:
            return None
        value = value.get(part) if isinstance(value, dict) else getattr(value, part)
    return value() if callable(value) else value


def excel_value(value: Any) -> tuple[Any, str | None]:
    """A Python value as an Excel cell value and its number format (``None``: default)."""
    if value is None:
        return None, None
    if isinstance(value, bool):
        return (_("Có") if value else _("Không")), None
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value).replace(tzinfo=None)
        return value, DATETIME_FORMAT
    if isinstance(value, dt.date):
        return value, DATE_FORMAT
    if isinstance(value, (int, float, Decimal)):
        return value, None
    if isinstance(value, (Promise, models.Model)):
        value = str(value)
    if isinstance(value, (list, tuple, set)):
        value = ", ".join(str(v) for v in value)
    text = str(value)
    return _ILLEGAL_XML.sub("", text), None


def export_xlsx(
    *,
    title: StrOrPromise,
    columns: Sequence[tuple[StrOrPromise, Accessor]],
    rows: Iterable[Any],
    progress: Callable[[int], None] | None = None,
    widths: Sequence[int] | None = None,
) -> bytes:
    """The rows as an .xlsx file: one sheet named ``title``, a bold frozen header row.

    ``columns`` pairs a header with an accessor: an attribute path (``"ward.name"``, also
    ``"ward__name"``, a dict key, or a method name) or a function of the row. ``progress``, if
    given, is called with the number of rows written every 1,000 rows.
    """
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_title(title))
    sheet.freeze_panes = "A2"
    for index, (header, _accessor) in enumerate(columns, start=1):
        width = widths[index - 1] if widths else min(max(len(str(header)) + 4, 12), 50)
        sheet.column_dimensions[get_column_letter(index)].width = width
    bold = Font(bold=True)
    header_cells = []
    for header, _accessor in columns:
        cell = WriteOnlyCell(sheet, value=str(header))
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    accessors = [accessor for _header, accessor in columns]
    for count, row in enumerate(rows, start=1):
        line: list[Any] = []
        for accessor in accessors:
            value, number_format = excel_value(_resolve(row, accessor))
            if value.__class__ is str and value.startswith("="):
                # Text from users must stay text: openpyxl would write "=..." as a formula.
                cell = WriteOnlyCell(sheet, value=value)
                cell.data_type = "s"
                line.append(cell)
            elif number_format is None:
                line.append(value)
            else:
                cell = WriteOnlyCell(sheet, value=value)
                cell.number_format = number_format
                line.append(cell)
        sheet.append(line)
        if progress is not None and count % 1000 == 0:
            progress(count)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    """A download response; the file name may contain Vietnamese letters (RFC 6266)."""
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    ascii_name = filename.encode("ascii", "ignore").decode() or "export.xlsx"
    response["Content-Disposition"] = (
        f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
