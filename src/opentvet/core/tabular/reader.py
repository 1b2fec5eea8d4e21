"""Reading an .xlsx sheet fast: one row at a time, values only, nothing else kept in memory.

``read_xlsx`` returns the header (the first non-empty row) and a lazy iterator of
``(excel_row_number, values)``; nothing but the current row is held in memory.

Limits, checked before anything is parsed (a 300 KiB file whose shared strings expand to
300 MiB once took a worker to 3.5 GB): the archive's declared uncompressed size
(``MAX_UNCOMPRESSED_BYTES``), the shared-strings part (``MAX_SHARED_STRINGS_BYTES``, read whole
into memory by openpyxl) and the sheet's declared size; while reading, ``MAX_ROWS`` data rows and
``MAX_CELLS`` cells. Text cells come out in Unicode NFC. ``match_header``
maps a spec's columns onto the header by folded Vietnamese text, so users may reorder columns,
change case or drop accents; missing required columns and unknown columns are reported.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import IO, Any
from xml.etree import ElementTree

from django.utils.translation import gettext as _
from openpyxl.reader.excel import ExcelReader
from openpyxl.styles.stylesheet import apply_stylesheet
from openpyxl.utils.datetime import from_excel, from_ISO8601
from openpyxl.utils.exceptions import InvalidFileException

from opentvet.core.tabular.columns import Column, header_key
from opentvet.core.text import nfc

MAX_ROWS = 100_000
MAX_CELLS = 5_000_000
MAX_UNCOMPRESSED_BYTES = 400 * 1024 * 1024
MAX_SHARED_STRINGS_BYTES = 64 * 1024 * 1024
MAX_COMPRESSION_RATIO = 200


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
    _handles: Any = field(default=None, repr=False)

    def close(self) -> None:
        if self._handles is not None:
            self._handles.close()
            self._handles = None

    def __enter__(self) -> Sheet:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def read_xlsx(fileobj: IO[bytes] | str) -> Sheet:
    """Open the first worksheet of an .xlsx file; raise ``SheetError`` if it cannot be read."""
    try:
        reader, sheet_path = _open(fileobj)
    except SheetError:
        raise
    except (
        zipfile.BadZipFile,
        KeyError,
        OSError,
        ValueError,
        TypeError,
        ElementTree.ParseError,
        InvalidFileException,
    ) as exc:
        raise SheetError(
            _("Không đọc được tệp. Hãy dùng tệp Excel .xlsx (có thể tải mẫu trên trang này).")
        ) from exc
    archive = reader.archive
    with archive.open(sheet_path) as head:
        dimension = _DIMENSION.search(head.read(4096))
    source = archive.open(sheet_path)
    rows = _iter_rows(source, reader.shared_strings, reader.wb)
    try:
        for number, values in rows:
            if not _is_blank(values):
                header = [_strip(v) for v in values]
                while header and header[-1] in (None, ""):
                    header.pop()
                estimated = int(dimension[1]) - number if dimension else None
                if estimated is not None and estimated > MAX_ROWS:
                    raise SheetError(too_many_rows())
                data = _limited((n, v) for n, v in rows if not _is_blank(v))
                return Sheet(header, number, data, estimated, _Closer(source, archive))
    except ElementTree.ParseError as exc:
        source.close()
        archive.close()
        raise SheetError(_("Tệp bị hỏng, không đọc được.")) from exc
    except SheetError:
        source.close()
        archive.close()
        raise
    source.close()
    archive.close()
    raise SheetError(_("Tệp không có dữ liệu."))


# --- the fast cell reader -----------------------------------------------------------------------
# openpyxl's read-only mode builds objects and runs descriptors for every cell, and it parses a
# sheet without a <dimension> twice; reading the cell XML directly is several times faster. We
# still let openpyxl read the workbook parts (shared strings, styles, sheet order, date epoch),
# and convert values exactly as its read-only, ``data_only`` mode does.

_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_ROW, _CELL, _VALUE = f"{_NS}row", f"{_NS}c", f"{_NS}v"
_INLINE, _TEXT, _RUN = f"{_NS}is", f"{_NS}t", f"{_NS}r"
_SHEET_DATA = f"{_NS}sheetData"
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension ref="[A-Z]+\d+:[A-Z]+(\d+)"')


class _Closer:
    def __init__(self, *handles: Any) -> None:
        self.handles = handles

    def close(self) -> None:
        for handle in self.handles:
            handle.close()


def too_many_rows() -> str:
    return _("Tệp có quá %(n)s dòng dữ liệu; hãy chia thành nhiều tệp nhỏ hơn.") % {
        "n": f"{MAX_ROWS:,}".replace(",", ".")
    }


def _limited(rows: Iterator[tuple[int, list]]) -> Iterator[tuple[int, list]]:
    """Stop with ``SheetError`` past ``MAX_ROWS`` rows or ``MAX_CELLS`` cells."""
    cells = 0
    for count, (number, values) in enumerate(rows, start=1):
        cells += len(values)
        if count > MAX_ROWS:
            raise SheetError(too_many_rows())
        if cells > MAX_CELLS:
            raise SheetError(_("Tệp có quá nhiều ô dữ liệu; hãy chia thành nhiều tệp nhỏ hơn."))
        yield number, values


def _check_archive(archive: zipfile.ZipFile) -> None:
    """Refuse a zip whose parts would expand beyond what an import needs (a "zip bomb")."""
    too_big = _("Tệp giải nén ra quá lớn so với một bảng dữ liệu; không đọc tệp này.")
    total = 0
    for info in archive.infolist():
        total += info.file_size
        ratio = info.file_size / info.compress_size if info.compress_size else 0
        # A highly compressed part is normal when small (styles); a big one is a bomb.
        if ratio > MAX_COMPRESSION_RATIO and info.file_size > 8 * 1024 * 1024:
            raise SheetError(too_big)
        shared = info.filename.lower().endswith("sharedstrings.xml")
        if shared and info.file_size > MAX_SHARED_STRINGS_BYTES:
            raise SheetError(too_big)
    if total > MAX_UNCOMPRESSED_BYTES:
        raise SheetError(too_big)


def _open(fileobj: IO[bytes] | str) -> tuple[ExcelReader, str]:
    reader = ExcelReader(fileobj, read_only=True, data_only=True)
    try:
        _check_archive(reader.archive)
    except SheetError:
        reader.archive.close()
        raise
    reader.read_manifest()
    reader.read_strings()
    reader.shared_strings = [
        nfc(text) if isinstance(text, str) else text for text in reader.shared_strings
    ]
    reader.read_workbook()
    apply_stylesheet(reader.archive, reader.wb)
    for _sheet, rel in reader.parser.find_sheets():
        if rel.target in reader.valid_files and "chartsheet" not in rel.Type:
            return reader, rel.target
    reader.archive.close()
    raise KeyError("no worksheet")


def _column_index(reference: str) -> int:
    index = 0
    for char in reference:
        code = ord(char)
        if 65 <= code <= 90:
            index = index * 26 + code - 64
        elif 97 <= code <= 122:
            index = index * 26 + code - 96
        else:
            break
    return index - 1


def _number(text: str) -> int | float:
    if "." in text or "E" in text or "e" in text:
        return float(text)
    return int(text)


def _inline_text(cell: Any) -> str | None:
    inline = cell.find(_INLINE)
    if inline is None:
        return None
    parts = [inline.findtext(_TEXT) or ""]
    parts.extend(run.findtext(_TEXT) or "" for run in inline.iterfind(_RUN))
    return nfc("".join(parts))


def _iter_rows(source: IO[bytes], shared: list[str], workbook: Any) -> Iterator[tuple[int, list]]:
    date_styles: set[int] = workbook._date_formats
    timedelta_styles: set[int] = workbook._timedelta_formats
    epoch = workbook.epoch
    number = 0
    sheet_data = None
    for event, element in ElementTree.iterparse(source, events=("start", "end")):
        if event == "start":
            if element.tag == _SHEET_DATA:
                sheet_data = element
            continue
        if element.tag != _ROW:
            continue
        reference = element.get("r")
        number = int(float(reference)) if reference else number + 1
        values: list[Any] = []
        column = -1
        for cell in element:
            if cell.tag != _CELL:
                continue
            reference = cell.get("r")
            column = _column_index(reference) if reference else column + 1
            kind = cell.get("t", "n")
            if kind == "inlineStr":
                value: Any = _inline_text(cell)
            else:
                value = cell.findtext(_VALUE) or None  # a formula never calculated: <v/>
                if value is not None:
                    if kind == "n":
                        value = _number(value)
                        style = cell.get("s")
                        if style and int(style) in date_styles:
                            try:
                                value = from_excel(
                                    value, epoch, timedelta=int(style) in timedelta_styles
                                )
                            except (OverflowError, ValueError):
                                value = "#VALUE!"
                    elif kind == "s":
                        value = shared[int(value)]
                    elif kind == "b":
                        value = value == "1"
                    elif kind == "d":
                        value = from_ISO8601(value)
                    elif kind == "str":  # a formula's text result
                        value = nfc(value)
            if column >= len(values):
                values.extend([None] * (column - len(values) + 1))
            values[column] = value
        yield number, values
        # Drop the rows already read so memory stays flat on a 50,000-row sheet.
        if sheet_data is not None:
            sheet_data.clear()
        else:
            element.clear()


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
        matched = by_key.get(header_key(cell))
        if matched is None:
            problems.append(HeaderProblem(str(cell), _("Cột không có trong mẫu."), fatal=False))
        elif matched.key in found:
            problems.append(HeaderProblem(str(cell), _("Cột bị lặp lại."), fatal=True))
        else:
            found[matched.key] = (matched, index)
    for column in columns:
        if column.key not in found and column.required:
            problems.append(HeaderProblem(str(column.header), _("Thiếu cột bắt buộc."), fatal=True))
    ordered = [found[c.key] for c in columns if c.key in found]
    return ordered, problems
