"""Load the national catalogues into the database, idempotently.

Every loader compares the source with what is stored and writes only the difference, in bulk,
inside one transaction: a second run reads a few hundred rows, writes nothing and reports no
change. Sources:

- current provinces and wards: the ``vietnam-provinces`` package (Resolution 202/2025/QH15);
- the 63 pre-2025 provinces and where each went: ``data/legacy_provinces.csv``;
- training levels: ``data/training_levels.csv``;
- the occupation catalogue (Thông tư 26/2020/TT-BLĐTBXH): ``data/occupations.csv`` or an updated
  official list with the same columns (see :func:`load_occupations`).

``data/SOURCES.md`` cites where each figure comes from.
"""

from __future__ import annotations

import csv
import datetime
import io
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from opentvet.core.text import fold

from . import options
from .models import LegacyProvince, Occupation, Province, TrainingLevel, Ward

DATA_DIR = Path(__file__).resolve().parent / "data"
LEGACY_PROVINCES_CSV = DATA_DIR / "legacy_provinces.csv"
TRAINING_LEVELS_CSV = DATA_DIR / "training_levels.csv"
OCCUPATIONS_CSV = DATA_DIR / "occupations.csv"

LEGACY_SOURCE = "Nghị quyết 202/2025/QH15"
BULK_BATCH = 1000

# Code length per catalogue level (cấp I–IV) in Thông tư 26/2020/TT-BLĐTBXH.
CODE_LENGTH_BY_LEVEL = {1: 1, 2: 3, 3: 5, 4: 7}
OCCUPATION_COLUMNS = ("code", "name", "level", "parent_code")
RIASEC_LETTERS = frozenset("RIASEC")


@dataclass
class SyncCounts:
    """What one loader did: rows created, rows changed, rows left as they were."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged

    @property
    def has_changes(self) -> bool:
        return bool(self.created or self.updated)


@dataclass
class ChangeReport:
    """What an occupation import changed, by kind, in catalogue order.

    ``renamed`` holds (code, old name, new name); ``moved`` holds (code, old parent, new
    parent); ``deactivated`` lists codes absent from the new list (kept, never deleted, since
    programmes reference them); ``reactivated`` lists inactive codes that came back.
    """

    added: list[str] = field(default_factory=list)
    renamed: list[tuple[str, str, str]] = field(default_factory=list)
    moved: list[tuple[str, str | None, str | None]] = field(default_factory=list)
    deactivated: list[str] = field(default_factory=list)
    reactivated: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: int = 0

    @property
    def has_changes(self) -> bool:
        return bool(
            self.added
            or self.renamed
            or self.moved
            or self.deactivated
            or self.reactivated
            or self.updated
        )


@dataclass(frozen=True)
class RowError:
    """One reason a row of an occupation list was refused (line numbers count from 1)."""

    line: int
    column: str
    reason: str

    def __str__(self) -> str:
        return _("Dòng %(line)d, cột “%(column)s”: %(reason)s") % {
            "line": self.line,
            "column": self.column,
            "reason": self.reason,
        }


class OccupationListError(Exception):
    """The occupation list has bad rows; nothing was written. ``errors`` lists every one."""

    def __init__(self, errors: list[RowError]) -> None:
        self.errors = errors
        super().__init__("\n".join(str(error) for error in errors))


@dataclass(frozen=True)
class OccupationRow:
    line: int
    code: str
    name: str
    level: int
    parent_code: str | None
    riasec: str | None  # None when the list has no riasec column: keep what is stored
    source: str | None


# --------------------------------------------------------------------------------------------
# CSV reading


def _read_csv(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield (line number, row) for a UTF-8 CSV whose comment lines start with ``#``.

    The first non-comment row is the header; cells are stripped. Line numbers are physical
    lines, so a message can point at the line a person sees in an editor.
    """
    reader = csv.reader(io.StringIO(_csv_text(path), newline=""))
    header: list[str] | None = None
    for cells in reader:
        if not cells or not "".join(cells).strip():
            continue
        if cells[0].lstrip().startswith("#"):
            continue
        stripped = [cell.strip() for cell in cells]
        if header is None:
            header = [cell.lower() for cell in stripped]
            continue
        padded = stripped + [""] * (len(header) - len(stripped))
        yield reader.line_num, dict(zip(header, padded, strict=False))


def _csv_header(path: Path) -> list[str]:
    for cells in csv.reader(io.StringIO(_csv_text(path), newline="")):
        if cells and "".join(cells).strip() and not cells[0].lstrip().startswith("#"):
            return [cell.strip().lower() for cell in cells]
    return []


def _csv_text(path: Path) -> str:
    """The file as text, or :class:`OccupationListError` saying how it is encoded instead.

    Excel's "Unicode text" is UTF-16 and its plain "CSV" is Windows-1252 on many machines;
    both must be saved again as "CSV UTF-8" rather than read with a guessed encoding.
    """
    data = path.read_bytes()
    save_as = _("Hãy mở tệp và lưu lại dạng “CSV UTF-8 (Comma delimited)”.")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        reason = _("Tệp được mã hóa UTF-16, không phải UTF-8.")
        raise OccupationListError([RowError(1, "", f"{reason} {save_as}")])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        reason = _("Tệp không phải UTF-8 (có thể là Windows-1252).")
        raise OccupationListError([RowError(line, "", f"{reason} {save_as}")]) from None
    return unicodedata.normalize("NFC", text)


# --------------------------------------------------------------------------------------------
# Administrative units


def _division_type(unit: object) -> str:
    value = getattr(unit, "division_type", "")
    return str(getattr(value, "value", value))


@transaction.atomic
def load_administrative_units() -> dict[str, SyncCounts]:
    """Sync the 34 provinces and 3,321 wards from ``vietnam-provinces``; returns counts per model.

    Units that disappear from the package are kept: other records point at them, and a
    reorganisation is recorded by a new release of the package, not by deleting history.
    """
    from vietnam_provinces import Province as PackageProvince
    from vietnam_provinces import Ward as PackageWard

    province_counts = SyncCounts()
    stored_provinces = {p.code: p for p in Province.objects.all()}
    new_provinces: list[Province] = []
    changed_provinces: list[Province] = []
    for unit in PackageProvince.iter_all():
        code = int(unit.code)
        values = {
            "name": unit.name,
            "codename": unit.codename,
            "division_type": _division_type(unit),
            "search_name": fold(unit.name),
        }
        existing = stored_provinces.get(code)
        if existing is None:
            new_provinces.append(Province(code=code, **values))
        elif _assign_changed(existing, values):
            changed_provinces.append(existing)
        else:
            province_counts.unchanged += 1
    Province.objects.bulk_create(new_provinces, batch_size=BULK_BATCH)
    Province.objects.bulk_update(
        changed_provinces, ["name", "codename", "division_type", "search_name"], BULK_BATCH
    )
    province_counts.created = len(new_provinces)
    province_counts.updated = len(changed_provinces)
    # bulk writes send no signals: drop the forms' kept province list ourselves.
    transaction.on_commit(lambda: options.forget(Province))

    ward_counts = SyncCounts()
    stored_wards = {w.code: w for w in Ward.objects.all()}
    new_wards: list[Ward] = []
    changed_wards: list[Ward] = []
    for unit in PackageWard.iter_all():
        code = int(unit.code)
        values = {
            "name": unit.name,
            "codename": unit.codename,
            "division_type": _division_type(unit),
            "province_id": int(unit.province_code),
        }
        existing = stored_wards.get(code)
        if existing is None:
            new_wards.append(Ward(code=code, **values))
        elif _assign_changed(existing, values):
            changed_wards.append(existing)
        else:
            ward_counts.unchanged += 1
    Ward.objects.bulk_create(new_wards, batch_size=BULK_BATCH)
    Ward.objects.bulk_update(
        changed_wards, ["name", "codename", "division_type", "province"], BULK_BATCH
    )
    ward_counts.created = len(new_wards)
    ward_counts.updated = len(changed_wards)
    return {"provinces": province_counts, "wards": ward_counts}


def _assign_changed(instance: object, values: dict[str, object]) -> bool:
    """Set ``values`` on ``instance``; True when any of them differed."""
    changed = False
    for attribute, value in values.items():
        if getattr(instance, attribute) != value:
            setattr(instance, attribute, value)
            changed = True
    return changed


@transaction.atomic
def load_legacy_provinces(path: Path | None = None) -> SyncCounts:
    """Sync the 63 pre-July-2025 provinces and the current province each became part of.

    Needs the current provinces (:func:`load_administrative_units`) first.
    """
    path = path or LEGACY_PROVINCES_CSV
    provinces = set(Province.objects.values_list("code", flat=True))
    stored = {p.code: p for p in LegacyProvince.objects.all()}
    counts = SyncCounts()
    new: list[LegacyProvince] = []
    changed: list[LegacyProvince] = []
    for line, row in _read_csv(path):
        merged_into = int(row["merged_into_code"])
        if merged_into not in provinces:
            raise ValueError(
                _(
                    "%(path)s dòng %(line)d: chưa có tỉnh mã %(code)s; "
                    "hãy nạp đơn vị hành chính trước."
                )
                % {"path": path.name, "line": line, "code": merged_into}
            )
        valid_to = row.get("valid_to") or None
        values = {
            "name": row["name"],
            "search_name": fold(row["name"]),
            "merged_into_id": merged_into,
            "valid_to": datetime.date.fromisoformat(valid_to) if valid_to else None,
            "source": row.get("source") or LEGACY_SOURCE,
        }
        existing = stored.get(row["code"])
        if existing is None:
            new.append(LegacyProvince(code=row["code"], **values))
        elif _assign_changed(existing, values):
            changed.append(existing)
        else:
            counts.unchanged += 1
    LegacyProvince.objects.bulk_create(new, batch_size=BULK_BATCH)
    LegacyProvince.objects.bulk_update(
        changed, ["name", "search_name", "merged_into", "valid_to", "source"], BULK_BATCH
    )
    counts.created, counts.updated = len(new), len(changed)
    return counts


# --------------------------------------------------------------------------------------------
# Training levels


def _optional_int(value: str) -> int | None:
    return int(value) if value else None


@transaction.atomic
def load_training_levels(path: Path | None = None) -> SyncCounts:
    """Sync the training levels (sơ cấp, trung học nghề from 2026, trung cấp, cao đẳng) and their
    statutory minimums."""
    path = path or TRAINING_LEVELS_CSV
    stored = {level.code: level for level in TrainingLevel.objects.all()}
    fields = [
        "name",
        "name_en",
        "catalogue_digit",
        "order",
        "min_duration_months",
        "max_duration_months",
        "min_credits",
        "qualification",
        "source",
        "valid_from",
    ]
    counts = SyncCounts()
    new: list[TrainingLevel] = []
    changed: list[TrainingLevel] = []
    for _line, row in _read_csv(path):
        values: dict[str, object] = {
            "name": row["name"],
            "name_en": row["name_en"],
            "catalogue_digit": row["catalogue_digit"],
            "order": int(row["order"]),
            "min_duration_months": _optional_int(row["min_duration_months"]),
            "max_duration_months": _optional_int(row["max_duration_months"]),
            "min_credits": _optional_int(row["min_credits"]),
            "qualification": row["qualification"],
            "source": row["source"][:200],
            "valid_from": (
                datetime.date.fromisoformat(row["valid_from"]) if row.get("valid_from") else None
            ),
        }
        existing = stored.get(row["code"])
        if existing is None:
            new.append(TrainingLevel(code=row["code"], **values))
        elif _assign_changed(existing, values):
            changed.append(existing)
        else:
            counts.unchanged += 1
    TrainingLevel.objects.bulk_create(new)
    TrainingLevel.objects.bulk_update(changed, fields)
    counts.created, counts.updated = len(new), len(changed)
    transaction.on_commit(lambda: options.forget(TrainingLevel))  # bulk writes send no signals
    return counts


# --------------------------------------------------------------------------------------------
# Occupation catalogue


def read_occupation_list(path: Path) -> list[OccupationRow]:
    """Read and validate an occupation list; raise :class:`OccupationListError` on bad rows.

    Every row is checked before anything is written, and every problem is reported (not only
    the first): the code has 1/3/5/7 digits for levels I/II/III/IV; levels II–IV name a parent
    that is in the same list, one level up, whose code is a prefix of the row's code; the
    first digit is a training level's catalogue digit (5 trung cấp, 6 cao đẳng); no code
    appears twice.
    """
    text = _csv_text(path)
    if text and not text.endswith("\n"):
        # A list cut short ends inside its last row: that row's name would be written truncated
        # and every code after it withdrawn.
        raise OccupationListError(
            [
                RowError(
                    text.count("\n") + 1,
                    "",
                    _("Dòng cuối không có dấu xuống dòng: tệp có thể bị cắt ngang."),
                )
            ]
        )
    header = _csv_header(path)
    missing = [column for column in OCCUPATION_COLUMNS if column not in header]
    if missing:
        raise OccupationListError(
            [RowError(1, column, _("thiếu cột này trong dòng tiêu đề.")) for column in missing]
        )
    has_riasec = "riasec" in header
    has_source = "source" in header
    digits = set(
        TrainingLevel.objects.exclude(catalogue_digit="").values_list("catalogue_digit", flat=True)
    )

    errors: list[RowError] = []
    rows: list[OccupationRow] = []
    first_line: dict[str, int] = {}
    for line, raw in _read_csv(path):
        row_errors: list[RowError] = []
        code = raw["code"]
        name = raw["name"]
        parent_code = raw["parent_code"] or None
        level: int | None = None
        try:
            level = int(raw["level"])
        except ValueError:
            level = None
        if level not in CODE_LENGTH_BY_LEVEL:
            row_errors.append(
                RowError(
                    line,
                    "level",
                    _("cấp phải là 1, 2, 3 hoặc 4 (đang ghi “%(value)s”).")
                    % {"value": raw["level"]},
                )
            )
        if not code.isdigit():
            row_errors.append(
                RowError(
                    line, "code", _("mã chỉ gồm chữ số (đang ghi “%(value)s”).") % {"value": code}
                )
            )
        elif level in CODE_LENGTH_BY_LEVEL and len(code) != CODE_LENGTH_BY_LEVEL[level]:
            row_errors.append(
                RowError(
                    line,
                    "code",
                    _("mã cấp %(level)d phải có %(expected)d chữ số, mã “%(code)s” có %(actual)d.")
                    % {
                        "level": level,
                        "expected": CODE_LENGTH_BY_LEVEL[level],
                        "code": code,
                        "actual": len(code),
                    },
                )
            )
        if code[:1].isdigit() and code[:1] not in digits:
            row_errors.append(
                RowError(
                    line,
                    "code",
                    _("chữ số đầu “%(digit)s” không ứng với trình độ đào tạo nào đã nạp.")
                    % {"digit": code[:1]},
                )
            )
        if not name:
            row_errors.append(RowError(line, "name", _("tên ngành, nghề không được để trống.")))
        elif len(name) > 255:
            row_errors.append(RowError(line, "name", _("tên dài quá 255 ký tự.")))
        if code in first_line:
            row_errors.append(
                RowError(
                    line,
                    "code",
                    _("mã “%(code)s” bị trùng với dòng %(first)d.")
                    % {"code": code, "first": first_line[code]},
                )
            )
        else:
            first_line[code] = line
        if level == 1 and parent_code:
            row_errors.append(RowError(line, "parent_code", _("mã cấp I không có mã cha.")))
        elif level in (2, 3, 4):
            expected = CODE_LENGTH_BY_LEVEL[level - 1]
            if not parent_code:
                row_errors.append(RowError(line, "parent_code", _("cần có mã cha (mã cấp trên).")))
            elif len(parent_code) != expected or not code.startswith(parent_code):
                row_errors.append(
                    RowError(
                        line,
                        "parent_code",
                        _("mã cha “%(parent)s” phải là %(expected)d chữ số đầu của mã “%(code)s”.")
                        % {"parent": parent_code, "expected": expected, "code": code},
                    )
                )
        riasec = raw.get("riasec", "").upper() if has_riasec else None
        if riasec and (
            len(riasec) > 3 or set(riasec) - RIASEC_LETTERS or len(set(riasec)) != len(riasec)
        ):
            row_errors.append(
                RowError(
                    line,
                    "riasec",
                    _(
                        "mã Holland gồm tối đa 3 chữ khác nhau trong R, I, A, S, E, C "
                        "(đang ghi “%(value)s”)."
                    )
                    % {"value": riasec},
                )
            )
        errors.extend(row_errors)
        if not row_errors and level is not None:
            rows.append(
                OccupationRow(
                    line=line,
                    code=code,
                    name=name,
                    level=level,
                    parent_code=parent_code,
                    riasec=riasec,
                    source=(raw.get("source") or "")[:200] if has_source else None,
                )
            )

    # Parents are checked once every code is known, so a list need not be sorted.
    known = set(first_line)
    for row in rows:
        if row.parent_code and row.parent_code not in known:
            errors.append(
                RowError(
                    row.line,
                    "parent_code",
                    _("mã cha “%(parent)s” không có trong danh sách.")
                    % {"parent": row.parent_code},
                )
            )
    if errors:
        errors.sort(key=lambda error: error.line)
        raise OccupationListError(errors)
    return rows


def plan_occupation_changes(
    rows: Iterable[OccupationRow],
) -> tuple[ChangeReport, list[Occupation], list[Occupation]]:
    """Compare a validated list with the stored catalogue: the report, rows to create, to update.

    Writes nothing, so ``--dry-run`` and the real import share one comparison.
    """
    report = ChangeReport()
    levels = {
        level.catalogue_digit: level.code
        for level in TrainingLevel.objects.exclude(catalogue_digit="")
    }
    stored = {occupation.code: occupation for occupation in Occupation.objects.all()}
    seen: set[str] = set()
    to_create: list[Occupation] = []
    to_update: list[Occupation] = []
    for row in sorted(rows, key=lambda r: (r.level, r.code)):
        seen.add(row.code)
        values: dict[str, object] = {
            "name": row.name,
            "search_name": fold(row.name),
            "level": row.level,
            "parent_id": row.parent_code,
            "training_level_id": levels.get(row.code[0]),
            "is_active": True,
        }
        if row.riasec is not None:
            values["riasec"] = row.riasec
        if row.source is not None:
            values["source"] = row.source
        existing = stored.get(row.code)
        if existing is None:
            to_create.append(Occupation(code=row.code, **values))
            report.added.append(row.code)
            continue
        old_name, old_parent, was_active = existing.name, existing.parent_id, existing.is_active
        if not _assign_changed(existing, values):
            report.unchanged += 1
            continue
        to_update.append(existing)
        if old_name != row.name:
            report.renamed.append((row.code, old_name, row.name))
        if old_parent != row.parent_code:
            report.moved.append((row.code, old_parent, row.parent_code))
        if not was_active:
            report.reactivated.append(row.code)
        if old_name == row.name and old_parent == row.parent_code and was_active:
            report.updated.append(row.code)
    for code, occupation in sorted(stored.items()):
        if code not in seen and occupation.is_active:
            occupation.is_active = False
            to_update.append(occupation)
            report.deactivated.append(code)
    return report, to_create, to_update


MASS_WITHDRAWAL_SHARE = 0.10
MASS_WITHDRAWAL_MIN = 5  # withdrawing a handful of codes is an ordinary update


class MassWithdrawalError(Exception):
    """The list would withdraw a large share of the catalogue; nothing was written."""

    def __init__(self, report: ChangeReport, active: int) -> None:
        self.report = report
        self.active = active
        super().__init__(f"{len(report.deactivated)} of {active} occupations would be withdrawn")


def load_occupations(
    path: Path | str | None = None, *, dry_run: bool = False, allow_mass_withdrawal: bool = True
) -> ChangeReport:
    """Make the stored catalogue match an occupation list (the shipped seed by default).

    The list is the whole catalogue: codes absent from it are deactivated, never deleted,
    because programmes and registrations reference them. Raises :class:`OccupationListError`
    (and writes nothing) when any row is bad. With ``dry_run`` it only reports. A list that
    would withdraw more than ``MASS_WITHDRAWAL_SHARE`` of the active codes (and more than
    ``MASS_WITHDRAWAL_MIN``; a file cut in half once withdrew 85 of 174) raises
    :class:`MassWithdrawalError` when ``allow_mass_withdrawal`` is False, as
    ``import_occupations`` passes it unless told ``--confirm-withdrawals``.
    """
    rows = read_occupation_list(Path(path) if path else OCCUPATIONS_CSV)
    with transaction.atomic():
        report, to_create, to_update = plan_occupation_changes(rows)
        active = Occupation.objects.filter(is_active=True).count()
        withdrawn = len(report.deactivated)
        too_many = withdrawn > MASS_WITHDRAWAL_MIN and withdrawn > MASS_WITHDRAWAL_SHARE * active
        if too_many and not dry_run and not allow_mass_withdrawal:
            raise MassWithdrawalError(report, active)
        if not dry_run:
            Occupation.objects.bulk_create(to_create, batch_size=BULK_BATCH)
            Occupation.objects.bulk_update(
                to_update,
                [
                    "name",
                    "search_name",
                    "level",
                    "parent",
                    "training_level",
                    "riasec",
                    "is_active",
                    "source",
                ],
                BULK_BATCH,
            )
    return report


def load_all() -> dict[str, SyncCounts | ChangeReport]:
    """Load every national catalogue in dependency order; safe to run again."""
    with transaction.atomic():
        units = load_administrative_units()
        return {
            "provinces": units["provinces"],
            "wards": units["wards"],
            "legacy_provinces": load_legacy_provinces(),
            "training_levels": load_training_levels(),
            "occupations": load_occupations(),
        }
