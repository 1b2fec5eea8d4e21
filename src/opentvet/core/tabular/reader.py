"""Reading an .xlsx sheet fast: openpyxl read-only mode, values only, one row at a time.

``read_xlsx`` returns the header (the first non-empty row) and a lazy iterator of
``(excel_row_number, values)``; nothing but the current row is held in memory. ``match_header``
maps a spec's columns onto the header by folded Vietnamese text, so users may reorder columns,
change case or drop accents; missing required columns and unknown columns are reported.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import IO, Any

from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook

from opentvet.core.tabular.columns import Column, header_key


class SheetError(Exception):
    """The file is not a readable .xlsx workbook; the message is Vietnamese."""


@dataclass
class Sheet:
    """An open sheet: ``header`` cells, the Excel row number of the header, and the data rows.

    Use it as a context manager (or call ``close``): a read-only workbook keeps its file open.
    """

    header: list[Any]
    header_row: int
    rows: Iterator[tuple[int, Sequence[Any]]]
    estimated_rows: int | None
    _workbook: Workbook | None = field(default=None, repr=False)

    def close(self) -> None:
        if self._workbook is not None:
            self._workbook.close()
            self._workbook = None

    def __enter__(self) -> Sheet:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def read_xlsx(fileobj: IO[bytes] | str) -> Sheet:
    """Open the first worksheet of an .xlsx file; raise ``SheetError`` if it cannot be read."""
    try:
        workbook = load_workbook(fileobj, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as exc:
        raise SheetError(
            _("Không đọc được tệp. Hãy dùng tệp Excel .xlsx (có thể tải mẫu trên trang này).")
        ) from exc
    worksheet = workbook.worksheets[0]
    estimated = worksheet.max_row if worksheet.max_row and worksheet.max_row > 1 else None
    # Some programs write a wrong sheet dimension; without it openpyxl reads every cell there is.
    worksheet.reset_dimensions()
    rows = enumerate(worksheet.iter_rows(values_only=True), start=1)
    for number, values in rows:
        if not _is_blank(values):
            header = [_strip(v) for v in values]
            while header and header[-1] in (None, ""):
                header.pop()
            data = ((n, v) for n, v in rows if not _is_blank(v))
            return Sheet(header, number, data, estimated and estimated - number, workbook)
    workbook.close()
    raise SheetError(_("Tệp không có dữ liệu."))


def _strip(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


def _is_blank(values: Sequence[Any]) -> bool:
    for value in values:
        if value is None:
            continue
        if isinstance(value, str) and not value.strip():
            continue
        return False
    return True


@dataclass(frozen=True)
class HeaderProblem:
    header: str
    reason: str
    fatal: bool


def match_header(
    columns: Sequence[Column], header: Sequence[Any]
) -> tuple[list[tuple[Column, int]], list[HeaderProblem]]:
    """Pair each column with its index in ``header``; report what does not fit.

    A missing required column is fatal (every row would fail); an unknown or repeated column is
    reported too, so the user fixes the sheet rather than losing data silently.
    """
    by_key: dict[str, Column] = {}
    for column in columns:
        for key in column.header_keys():
            by_key.setdefault(key, column)
    found: dict[str, tuple[Column, int]] = {}
    problems: list[HeaderProblem] = []
    for index, cell in enumerate(header):
        if cell is None or str(cell).strip() == "":
            continue
        column = by_key.get(header_key(cell))
        if column is None:
            problems.append(HeaderProblem(str(cell), _("Cột không có trong mẫu."), fatal=False))
        elif column.key in found:
            problems.append(HeaderProblem(str(cell), _("Cột bị lặp lại."), fatal=True))
        else:
            found[column.key] = (column, index)
    for column in columns:
        if column.key not in found and column.required:
            problems.append(HeaderProblem(str(column.header), _("Thiếu cột bắt buộc."), fatal=True))
    ordered = [found[c.key] for c in columns if c.key in found]
    return ordered, problems
