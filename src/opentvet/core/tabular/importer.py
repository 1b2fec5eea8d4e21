"""Import specs, validation and the all-or-nothing write.

An app describes one kind of import with an ``ImportSpec`` subclass and registers it::

    @register_import("students")
    class StudentImport(ImportSpec):
        title = gettext_lazy("người học")
        permission = "student.change"
        model = Student
        unique_keys = ("citizen_id",)
        columns = [Column("citizen_id", gettext_lazy("Số CCCD"), required=True,
                          parser=CitizenId()), ...]

        def prepare(self, actor, organisation): ...   # load look-ups once (super() first)
        def clean_row(self, values): ...               # cross-field rules, raise RowError
        def write(self, rows, actor, organisation, progress): ...  # bulk_create in batches

``run_import`` then (1) checks the permission and lets the spec pre-load its look-ups, (2) reads
and validates *every* row in plain Python (no query per row), (3) runs the file-level checks
(keys repeated in the file, keys already in the database, a few ``__in`` queries), and (4) only
if no error at all was found, calls ``write`` and records one ``<kind>_import`` audit entry,
inside one transaction: the sheet is written completely or not at all.

Validation runs before the transaction opens so that the progress it reports is visible to the
page polling the job (a write inside a transaction is not); a row that a concurrent user creates
in between is still caught by the database's unique constraints, which roll the whole import
back (reported as a file-level error).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice
from typing import IO, Any, ClassVar, TypeVar

from django.db import DataError, IntegrityError, models, transaction
from django.utils.translation import gettext as _

from opentvet.core.access import Actor
from opentvet.core.audit import audit_log
from opentvet.core.models import AuditEntry, Organisation
from opentvet.core.tabular.columns import CellError, Column, Lookup, StrOrPromise
from opentvet.core.tabular.reader import SheetError, match_header, read_xlsx

Progress = Callable[[int, str], None]

#: Problems kept in a report; beyond this only the count grows (a wholly wrong file would
#: otherwise produce hundreds of thousands of them).
MAX_ISSUES = 10_000


def _no_progress(percent: int, message: str = "") -> None:
    return None


class RowError(Exception):
    """A row-level rule failed in ``clean_row``; ``column`` is a column key, or empty."""

    def __init__(self, reason: str, column: str = "", value: Any = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.column = column
        self.value = value


class ImportRefused(Exception):
    """The import cannot run at all here (e.g. wrong kind of organisation); Vietnamese message."""


@dataclass(frozen=True)
class ImportIssue:
    """One problem: Excel row number, column header, the value as typed, the reason.

    (Named ``ImportIssue`` rather than ``ImportError`` so it does not shadow the builtin.)
    """

    row: int
    column: str
    value: Any
    reason: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "row": self.row,
            "column": self.column,
            "value": display_value(self.value),
            "reason": self.reason,
        }


def display_value(value: Any) -> str:
    """A cell value as the user typed it, for error lists (JSON-ready)."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        return value.strftime("%d/%m/%Y")
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


@dataclass
class ImportRow:
    """A valid row: its Excel row number and the cleaned values by column key."""

    number: int
    values: dict[str, Any]


@dataclass
class ImportReport:
    kind: str
    errors: list[ImportIssue] = field(default_factory=list)
    rows: list[ImportRow] = field(default_factory=list)
    total_rows: int = 0
    error_count: int = 0
    written: int = 0
    #: Excel row number of the header; problems on it are about columns, not data rows.
    header_row: int = 0
    _rows_with_errors: set[int] = field(default_factory=set, repr=False)

    @property
    def ok(self) -> bool:
        return self.error_count == 0

    @property
    def bad_rows(self) -> int:
        """Distinct data rows with at least one problem (header and file problems not counted)."""
        return len(self._rows_with_errors - {0, self.header_row})

    def add(self, issue: ImportIssue) -> None:
        self.error_count += 1
        self._rows_with_errors.add(issue.row)
        if len(self.errors) < MAX_ISSUES:
            self.errors.append(issue)


class ImportSpec:
    """What one kind of import reads and writes; subclass it (see the module docstring)."""

    kind: ClassVar[str] = ""
    #: What is imported, in the plural, for titles: "cơ sở GDNN".
    title: ClassVar[StrOrPromise] = ""
    #: Worksheet name of the template (Excel allows 31 characters).
    sheet_title: ClassVar[StrOrPromise] = ""
    columns: ClassVar[Sequence[Column]] = ()
    #: Permission the actor must hold at the target organisation.
    permission: ClassVar[str] = ""
    #: For the default ``existing_keys``: the model whose rows must not be duplicated.
    model: ClassVar[type[models.Model] | None] = None
    #: Column keys that must be unique within the file and not exist yet.
    unique_keys: ClassVar[Sequence[str]] = ()
    batch_size: ClassVar[int] = 2000

    def __init__(self) -> None:
        self.lookups: dict[str, Any] = {}
        self.actor: Actor | None = None
        self.organisation: Organisation | None = None

    # --- hooks -------------------------------------------------------------------------------

    def prepare(self, actor: Actor, organisation: Organisation) -> None:
        """Check the actor may import here and load look-ups once. Subclasses call ``super``."""
        if self.permission and not actor.can(self.permission, organisation.path):
            raise PermissionError(self.permission)
        self.actor = actor
        self.organisation = organisation

    def examples_for(self, organisation: Organisation) -> dict[str, Any]:
        """Example cells that depend on where the template is used (a ward of its province, one
        of its units), overriding the columns' fixed examples so the example row is valid."""
        return {}

    def clean_row(self, values: dict[str, Any]) -> dict[str, Any]:
        """Cross-field rules on one parsed row; raise ``RowError``. Returns the values to write."""
        return values

    def existing_keys(self, key: str, values: list[Any]) -> set[Any]:
        """Which of ``values`` already exist for the unique column ``key`` (one query a chunk)."""
        if self.model is None:
            return set()
        manager = self.model._base_manager
        found: set[Any] = set()
        for chunk in _chunks(values, 5000):
            found.update(manager.filter(**{f"{key}__in": chunk}).values_list(key, flat=True))
        return found

    def check_rows(self, rows: list[ImportRow]) -> Iterable[ImportIssue]:
        """File-level rules beyond ``unique_keys``; yield issues. Default: none."""
        return ()

    def write(
        self, rows: list[ImportRow], actor: Actor, organisation: Organisation, progress: Progress
    ) -> int:
        """Write all rows (``bulk_create`` in batches of ``batch_size``); return how many."""
        raise NotImplementedError

    # --- helpers -----------------------------------------------------------------------------

    def bound_columns(self) -> list[Column]:
        """The columns with each ``Lookup`` given the mapping ``prepare`` loaded."""
        bound = []
        for column in self.columns:
            parser = column.parser
            if isinstance(parser, Lookup) and parser.mapping is None:
                parser = parser.bind(self.lookups[parser.source])
                bound.append(dataclasses.replace(column, parser=parser))
            else:
                bound.append(column)
        return bound

    def header_of(self, key: str) -> str:
        for column in self.columns:
            if column.key == key:
                return str(column.header)
        return ""

    @staticmethod
    def batches(rows: Sequence[ImportRow], size: int) -> Iterator[Sequence[ImportRow]]:
        for start in range(0, len(rows), size):
            yield rows[start : start + size]


_T = TypeVar("_T")


def _chunks(values: Iterable[_T], size: int) -> Iterator[list[_T]]:
    iterator = iter(values)
    while chunk := list(islice(iterator, size)):
        yield chunk


# --- registry ---------------------------------------------------------------------------------

_REGISTRY: dict[str, type[ImportSpec]] = {}
_S = TypeVar("_S", bound=type[ImportSpec])


def register_import(kind: str, spec_class: _S | None = None) -> Any:
    """Register a spec under ``kind``; usable as ``@register_import("students")`` too."""

    def register(cls: _S) -> _S:
        cls.kind = kind
        _REGISTRY[kind] = cls
        return cls

    return register(spec_class) if spec_class is not None else register


def get_import(kind: str) -> type[ImportSpec]:
    """The spec class registered under ``kind``; ``LookupError`` if there is none."""
    try:
        return _REGISTRY[kind]
    except KeyError:
        raise LookupError(f"no import registered as {kind!r}") from None


def registered_imports() -> dict[str, type[ImportSpec]]:
    return dict(_REGISTRY)


# --- validation and import --------------------------------------------------------------------


def validate(
    spec: ImportSpec,
    fileobj: IO[bytes] | str,
    *,
    actor: Actor,
    organisation: Organisation,
    progress: Progress = _no_progress,
    progress_span: tuple[int, int] = (0, 100),
) -> ImportReport:
    """Read and check every row; the report holds all problems and the valid rows.

    Raises ``PermissionError`` when the actor lacks ``spec.permission`` at ``organisation`` and
    ``ImportRefused`` when the spec refuses the organisation; an unreadable file is reported as
    an issue on row 0.
    """
    spec.prepare(actor, organisation)
    report = ImportReport(kind=spec.kind)
    try:
        sheet = read_xlsx(fileobj)
    except SheetError as exc:
        report.add(ImportIssue(0, "", "", str(exc)))
        return report
    with sheet:
        report.header_row = sheet.header_row
        pairs, problems = match_header(spec.bound_columns(), sheet.header)
        for problem in problems:
            report.add(ImportIssue(sheet.header_row, problem.header, "", problem.reason))
        if any(p.fatal for p in problems):
            return report
        try:
            _validate_rows(
                spec,
                sheet.rows,
                pairs,
                report,
                progress=progress,
                span=progress_span,
                estimated=sheet.estimated_rows,
            )
        except SheetError as exc:  # a limit reached while reading, or a file cut short
            report.rows = []
            report.add(ImportIssue(0, "", "", str(exc)))
            return report
    if report.total_rows == 0:
        report.add(
            ImportIssue(
                sheet.header_row,
                "",
                "",
                _("Tệp chỉ có dòng tiêu đề, không có dòng dữ liệu nào để nhập."),
            )
        )
        return report
    _check_file(spec, report)
    report.errors.sort(key=lambda e: (e.row, _column_order(spec, e.column)))
    return report


def _column_order(spec: ImportSpec, header: str) -> int:
    for index, column in enumerate(spec.columns):
        if str(column.header) == header:
            return index
    return len(spec.columns)


def _validate_rows(
    spec: ImportSpec,
    rows: Iterator[tuple[int, Sequence[Any]]],
    pairs: list[tuple[Column, int]],
    report: ImportReport,
    *,
    progress: Progress,
    span: tuple[int, int],
    estimated: int | None,
) -> None:
    # The hot loop of every import: keep it to local names, dict stores and the parsers.
    plan = [(c.key, str(c.header), c.required, c.parser, c.parser.empty, i) for c, i in pairs]
    required_reason = _("Không được để trống.")
    headers = {c.key: str(c.header) for c, _i in pairs}
    clean_row = spec.clean_row
    append = report.rows.append
    add = report.add
    start, end = span
    step = 2000
    count = 0
    for number, cells in rows:
        count += 1
        width = len(cells)
        values: dict[str, Any] = {}
        bad = False
        for key, header, required, parser, empty, index in plan:
            raw = cells[index] if index < width else None
            if raw is None or (raw.__class__ is str and not raw.strip()):
                if required:
                    add(ImportIssue(number, header, raw, required_reason))
                    bad = True
                values[key] = empty
                continue
            try:
                values[key] = parser(raw)
            except CellError as exc:
                add(ImportIssue(number, header, raw, exc.reason))
                bad = True
        if not bad:
            try:
                append(ImportRow(number, clean_row(values)))
            except RowError as exc:
                add(ImportIssue(number, headers.get(exc.column, ""), exc.value, exc.reason))
        if count % step == 0:
            done = count / estimated if estimated else 0.5
            progress(
                start + int((end - start) * min(done, 1)),
                _("Đã kiểm tra %(n)d dòng") % {"n": count},
            )
    report.total_rows = count


def _check_file(spec: ImportSpec, report: ImportReport) -> None:
    for key in spec.unique_keys:
        header = spec.header_of(key)
        first_row: dict[Any, int] = {}
        for row in report.rows:
            value = row.values.get(key)
            if value in (None, ""):
                continue
            folded = value.casefold() if isinstance(value, str) else value
            if folded in first_row:
                report.add(
                    ImportIssue(
                        row.number,
                        header,
                        value,
                        _("Trùng với dòng %(row)d trong tệp.") % {"row": first_row[folded]},
                    )
                )
            else:
                first_row[folded] = row.number
        existing = spec.existing_keys(
            key, [r.values[key] for r in report.rows if r.values.get(key) not in (None, "")]
        )
        if existing:
            for row in report.rows:
                if row.values.get(key) in existing:
                    report.add(
                        ImportIssue(row.number, header, row.values[key], _("Đã có trong hệ thống."))
                    )
    for issue in spec.check_rows(report.rows):
        report.add(issue)


def database_error_message(exc: Exception) -> str:
    """What a database refusal during an import's write means, in the user's words.

    Only a unique key that appeared since the file was checked is a concurrent change; a
    missing value, a vanished referenced row and a value too long are reported as what they are.
    SQLite and PostgreSQL word these errors differently; both are recognised.
    """
    text = str(exc).lower()
    tail = _("Không có dòng nào được ghi.")
    retry = _("Vui lòng nhập lại tệp.")
    report_it = _("Vui lòng báo quản trị hệ thống nếu lỗi lặp lại.")
    if "unique" in text or "duplicate key" in text:
        reason = _(
            "Dữ liệu vừa bị người khác thay đổi trong lúc nhập (một mã trong tệp vừa được tạo)."
        )
        return f"{reason} {tail} {retry}"
    if "not null" in text or "null value" in text:
        reason = _("Thiếu giá trị cho một trường bắt buộc của cơ sở dữ liệu (lỗi của mẫu nhập).")
    elif "foreign key" in text:
        reason = _("Một bản ghi được tham chiếu (đơn vị, danh mục…) vừa bị xóa trong lúc nhập.")
    elif "too long" in text or "out of range" in text or "overflow" in text:
        reason = _("Có giá trị dài hoặc lớn hơn mức cơ sở dữ liệu cho phép.")
    elif "check constraint" in text:
        reason = _("Có giá trị không thỏa điều kiện của cơ sở dữ liệu.")
    else:
        reason = _("Cơ sở dữ liệu từ chối dữ liệu.")
    return f"{reason} {tail} {report_it}"


def run_import(
    spec: ImportSpec,
    fileobj: IO[bytes] | str,
    *,
    actor: Actor,
    organisation: Organisation,
    progress: Progress = _no_progress,
    filename: str = "",
) -> ImportReport:
    """Validate every row, then write them all in one transaction, or write nothing.

    Returns the report: ``report.ok`` and ``report.written`` say what happened. Progress goes
    0–60 % while validating and 60–100 % while writing.
    """
    report = validate(
        spec,
        fileobj,
        actor=actor,
        organisation=organisation,
        progress=progress,
        progress_span=(0, 60),
    )
    if not report.ok:
        report.rows = []
        return report
    progress(60, _("Đang ghi %(n)d dòng") % {"n": len(report.rows)})

    def write_progress(percent: int, message: str = "") -> None:
        progress(60 + int(percent * 0.4), message)

    try:
        with transaction.atomic():
            written = spec.write(report.rows, actor, organisation, write_progress)
            audit_log(
                actor=actor.user,
                verb=f"{spec.kind}_import",
                instance=organisation,
                organisation=organisation,
                action=AuditEntry.Action.ACTION,
                changes={
                    "rows": [None, report.total_rows],
                    "written": [None, written],
                    "file": [None, filename],
                },
            )
    except (IntegrityError, DataError) as exc:
        report.add(ImportIssue(0, "", "", database_error_message(exc)))
        report.rows = []
        return report
    report.written = written
    report.rows = []  # the caller needs the counts, not 50,000 dicts
    progress(100, _("Đã nhập %(n)d dòng") % {"n": written})
    return report
