"""Columns of an import sheet and the parsers that turn one cell into one value.

A ``Column`` names a field (``key``), the Vietnamese header users see in the template
(``header``), whether the cell must be filled, and a parser. A parser is a callable that takes a
non-empty cell value as openpyxl reads it (``str``, ``int``, ``float``, ``datetime``, ``bool``)
and returns the Python value, or raises ``CellError`` with a Vietnamese reason. Empty cells never
reach a parser: the importer reports "Không được để trống." for required columns and uses the
parser's ``empty`` value otherwise.

Parsers are plain objects built once per spec, so validating a row is a few dictionary look-ups
and string operations with no database query: ``Lookup`` columns get their mapping (code → pk,
folded name → object) from ``ImportSpec.prepare`` once per import.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.functional import Promise
from django.utils.translation import get_language, gettext_lazy, override
from django.utils.translation import gettext as _

from opentvet.core.text import fold, normalise_phone

StrOrPromise = str | Promise


class CellError(Exception):
    """A cell value that cannot be used; ``reason`` is shown to the user as is (Vietnamese)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _as_text(value: Any) -> str:
    """A cell as text; whole numbers typed into a text column lose Excel's ``.0``."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y") if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return str(value).strip()


def _digits_of(value: Any, width: int) -> str:
    """Digits of an identifier; a numeric cell lost its leading zeros, so put them back."""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, (int, float)):
        if isinstance(value, float) and not value.is_integer():
            return str(value)
        return str(int(value)).zfill(width)
    return re.sub(r"[\s.\-]", "", str(value))


class Parser:
    """Base of the parsers: ``__call__`` converts, ``describe`` explains the format."""

    #: The value a column gets when its cell is empty and the column is optional.
    empty: Any = None
    #: The template formats the column as text (identifiers with a leading 0).
    text_only: bool = False

    def __call__(self, value: Any) -> Any:  # pragma: no cover - abstract
        raise NotImplementedError

    def describe(self) -> str:
        return ""

    def labels(self) -> list[str] | None:
        """The allowed entries, for a drop-down list in the template (``None``: free input)."""
        return None


class Text(Parser):
    empty = ""

    def __init__(self, max_length: int | None = None) -> None:
        self.max_length = max_length

    def __call__(self, value: Any) -> str:
        text = _as_text(value)
        if self.max_length is not None and len(text) > self.max_length:
            raise CellError(
                _("Dài quá %(max)d ký tự (hiện có %(n)d ký tự).")
                % {"max": self.max_length, "n": len(text)}
            )
        return text

    def describe(self) -> str:
        if self.max_length:
            return _("Văn bản, tối đa %(max)d ký tự") % {"max": self.max_length}
        return _("Văn bản")


class Integer(Parser):
    def __init__(self, min_value: int | None = None, max_value: int | None = None) -> None:
        self.min_value = min_value
        self.max_value = max_value

    def __call__(self, value: Any) -> int:
        if isinstance(value, bool):
            raise CellError(_("Không phải số nguyên."))
        if isinstance(value, int):
            number = value
        elif isinstance(value, float) and value.is_integer():
            number = int(value)
        else:
            text = str(value).strip().replace(" ", "")
            if not re.fullmatch(r"[+-]?\d+", text):
                raise CellError(_("Không phải số nguyên."))
            number = int(text)
        _check_range(number, self.min_value, self.max_value)
        return number

    def describe(self) -> str:
        return _("Số nguyên") + _range_hint(self.min_value, self.max_value)


class DecimalNumber(Parser):
    """A decimal number; a comma or a point separates the decimals ("7,5" and "7.5")."""

    def __init__(
        self,
        decimal_places: int | None = None,
        min_value: Decimal | int | None = None,
        max_value: Decimal | int | None = None,
    ) -> None:
        self.decimal_places = decimal_places
        self.min_value = min_value
        self.max_value = max_value

    def __call__(self, value: Any) -> Decimal:
        if isinstance(value, bool):
            raise CellError(_("Không phải số."))
        if isinstance(value, (int, float)):
            # repr of a float is the shortest text that round-trips: 7.1, not 7.0999999...
            text = repr(value)
        else:
            text = str(value).strip().replace(" ", "")
            if "," in text and "." in text:
                raise CellError(_("Không phải số (chỉ dùng một dấu phẩy hoặc dấu chấm thập phân)."))
            text = text.replace(",", ".")
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise CellError(_("Không phải số.")) from None
        if not number.is_finite():
            raise CellError(_("Không phải số."))
        if self.decimal_places is not None:
            exponent = number.normalize().as_tuple().exponent
            if isinstance(exponent, int) and -exponent > self.decimal_places:
                raise CellError(_("Có quá %(n)d chữ số thập phân.") % {"n": self.decimal_places})
        _check_range(number, self.min_value, self.max_value)
        return number

    def describe(self) -> str:
        hint = _("Số, dùng dấu phẩy hoặc dấu chấm thập phân (7,5 hoặc 7.5)")
        return hint + _range_hint(self.min_value, self.max_value)


def _check_range(number: Any, low: Any, high: Any) -> None:
    if low is not None and number < low:
        raise CellError(_("Phải từ %(min)s trở lên.") % {"min": low})
    if high is not None and number > high:
        raise CellError(_("Không được lớn hơn %(max)s.") % {"max": high})


def _range_hint(low: Any, high: Any) -> str:
    if low is not None and high is not None:
        return _(", từ %(min)s đến %(max)s") % {"min": low, "max": high}
    if low is not None:
        return _(", từ %(min)s trở lên") % {"min": low}
    if high is not None:
        return _(", không quá %(max)s") % {"max": high}
    return ""


_DATE_TEXT = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})")
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


class Date(Parser):
    """A date typed as dd/mm/yyyy (also d/m/yyyy, dd-mm-yyyy, dd.mm.yyyy) or a real Excel date."""

    def __init__(self, min_value: dt.date | None = None, max_value: dt.date | None = None) -> None:
        self.min_value = min_value
        self.max_value = max_value

    def __call__(self, value: Any) -> dt.date:
        if isinstance(value, dt.datetime):
            day = value.date()
        elif isinstance(value, dt.date):
            day = value
        else:
            text = str(value).strip()
            match = _DATE_TEXT.fullmatch(text)
            parts: tuple[int, int, int] | None = None
            if match:
                parts = (int(match[3]), int(match[2]), int(match[1]))
            elif match := _ISO_DATE.fullmatch(text):
                parts = (int(match[1]), int(match[2]), int(match[3]))
            if parts is None:
                raise CellError(_("Không đúng định dạng ngày dd/mm/yyyy."))
            try:
                day = dt.date(*parts)
            except ValueError:
                raise CellError(_("Ngày không tồn tại.")) from None
        if self.min_value is not None and day < self.min_value:
            raise CellError(
                _("Không được trước ngày %(d)s.") % {"d": self.min_value.strftime("%d/%m/%Y")}
            )
        if self.max_value is not None and day > self.max_value:
            raise CellError(
                _("Không được sau ngày %(d)s.") % {"d": self.max_value.strftime("%d/%m/%Y")}
            )
        return day

    def describe(self) -> str:
        return _("Ngày, dạng dd/mm/yyyy (ví dụ 05/09/2025)")


def _choice_key(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return fold(str(value))


class Choice(Parser):
    """One of a fixed list, typed as its Vietnamese label or its code, ignoring case and accents.

    ``choices`` is a Django ``choices`` list (``InstitutionType.choices``). The label mapping is
    built once per language: the Vietnamese labels are always accepted, and the labels of the
    user's language too.
    """

    def __init__(self, choices: Iterable[tuple[Any, StrOrPromise]]) -> None:
        self.choices = list(choices)
        self._maps: dict[str, dict[str, Any]] = {}
        # An optional text choice left empty is "" (a NOT NULL text column), a number choice None.
        self.empty = "" if all(isinstance(code, str) for code, _label in self.choices) else None

    def _mapping(self) -> dict[str, Any]:
        language = get_language() or "vi"
        mapping = self._maps.get(language)
        if mapping is None:
            mapping = {}
            for code, _label in self.choices:
                mapping[_choice_key(code)] = code
            for lang in dict.fromkeys(["vi", language]):
                with override(lang):
                    for code, label in self.choices:
                        mapping.setdefault(fold(str(label)), code)
            self._maps[language] = mapping
        return mapping

    def __call__(self, value: Any) -> Any:
        try:
            return self._mapping()[_choice_key(value)]
        except KeyError:
            raise CellError(
                _("Không có trong danh sách cho phép: %(choices)s.")
                % {"choices": "; ".join(self.labels())}
            ) from None

    def labels(self) -> list[str]:
        return [str(label) for _code, label in self.choices]

    def describe(self) -> str:
        return _("Chọn một trong: %(choices)s") % {"choices": "; ".join(self.labels())}


class Email(Parser):
    empty = ""

    def __call__(self, value: Any) -> str:
        text = str(value).strip()
        if len(text) > 254:
            raise CellError(_("Địa chỉ thư điện tử không hợp lệ."))
        try:
            validate_email(text)
        except ValidationError:
            raise CellError(_("Địa chỉ thư điện tử không hợp lệ.")) from None
        local, _at, domain = text.rpartition("@")
        return f"{local}@{domain.lower()}"

    def describe(self) -> str:
        return _("Địa chỉ thư điện tử, ví dụ ten@example.vn")


class Phone(Parser):
    """A Vietnamese phone number: 10 digits starting with 0 (``+84 912 345 678`` is accepted)."""

    empty = ""
    text_only = True

    def __call__(self, value: Any) -> str:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            # A number cell has lost the leading 0 of 0912345678.
            digits = _digits_of(value, 10)
        else:
            digits = normalise_phone(str(value))
        if len(digits) != 10 or not digits.startswith("0") or not digits.isdigit():
            raise CellError(_("Số điện thoại phải gồm 10 chữ số, bắt đầu bằng số 0."))
        return digits

    def describe(self) -> str:
        return _("10 chữ số, bắt đầu bằng số 0 (ví dụ 0912345678)")


class CitizenId(Parser):
    """A citizen identity number (số định danh cá nhân, printed on the CCCD card).

    Luật Căn cước 2023, Điều 12: 12 digits. The first three digits are the code of the province
    where the birth was registered (001 Hà Nội … 096 Cà Mau, the 63 provinces' codes), so a
    number outside 001–096 is a typing error.
    """

    empty = ""
    text_only = True

    def __call__(self, value: Any) -> str:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            # Every valid number starts with 0 (province 001-096), which a number cell drops;
            # padding it back would also turn an 11-digit typing error into a "valid" number.
            raise CellError(
                _(
                    "Số CCCD được nhập dạng số nên mất số 0 ở đầu: hãy định dạng ô là Văn bản "
                    "(Text) và nhập đủ 12 chữ số."
                )
            )
        digits = _digits_of(value, 12)
        if len(digits) != 12 or not digits.isdigit():
            raise CellError(_("Số CCCD phải gồm đúng 12 chữ số."))
        if not 1 <= int(digits[:3]) <= 96:
            raise CellError(
                _("Ba số đầu của số CCCD (mã tỉnh nơi đăng ký khai sinh) phải từ 001 đến 096.")
            )
        return digits

    def describe(self) -> str:
        return _("Số định danh cá nhân (CCCD): 12 chữ số")


_AMBIGUOUS = object()
_NOT_FOUND = gettext_lazy("Không tìm thấy trong danh mục.")
_LOOKUP_HINT = gettext_lazy("Mã hoặc tên trong danh mục")
_PLAIN_TEXT = Text()


def lookup_mapping(
    items: Iterable[Any], *keys: Callable[[Any], Hashable | None]
) -> dict[Hashable, Any]:
    """A look-up table for ``Lookup``: each item under each of its folded keys.

    A key shared by two different items (two wards with the same name) maps to a marker, and
    the parser then asks for the unambiguous key (the code) instead of guessing.
    """
    mapping: dict[Hashable, Any] = {}
    for item in items:
        for key_of in keys:
            key = key_of(item)
            if key is None or key == "":
                continue
            key = _choice_key(key)
            if key in mapping and mapping[key] is not item:
                mapping[key] = _AMBIGUOUS
            else:
                mapping[key] = item
    return mapping


class Lookup(Parser):
    """A value found in a table loaded once per import (code or name → object or pk).

    Either give the ``mapping`` directly, or name a ``source`` that the spec fills in
    ``prepare`` (``self.lookups[source] = lookup_mapping(...)``). Keys are compared folded.
    """

    def __init__(
        self,
        source: str = "",
        *,
        mapping: Mapping[Hashable, Any] | None = None,
        reason: StrOrPromise = _NOT_FOUND,
        description: StrOrPromise = _LOOKUP_HINT,
    ) -> None:
        self.source = source
        self.mapping = mapping
        self.reason = reason
        self.description = description

    def bind(self, mapping: Mapping[Hashable, Any]) -> Lookup:
        return Lookup(
            self.source, mapping=mapping, reason=self.reason, description=self.description
        )

    def __call__(self, value: Any) -> Any:
        if self.mapping is None:
            raise RuntimeError(f"lookup {self.source!r} used before the spec prepared it")
        found = self.mapping.get(_choice_key(value))
        if found is None:
            raise CellError(str(self.reason))
        if found is _AMBIGUOUS:
            raise CellError(_("Có nhiều mục trùng tên này; hãy nhập mã."))
        return found

    def describe(self) -> str:
        return str(self.description)


@dataclass(frozen=True)
class Column:
    """One column of an import sheet.

    ``header`` is the Vietnamese header of the template (translatable); ``aliases`` are other
    headers accepted for the same column. ``example`` fills the template's example row.
    """

    key: str
    header: StrOrPromise
    required: bool = False
    parser: Parser = _PLAIN_TEXT
    help: StrOrPromise = ""
    example: Any = ""
    aliases: Sequence[StrOrPromise] = ()

    def header_keys(self) -> set[str]:
        """Folded headers that name this column, in Vietnamese and in the user's language."""
        names = [self.header, *self.aliases]
        keys = {header_key(str(n)) for n in names}
        with override("vi"):
            keys |= {header_key(str(n)) for n in names}
        return keys


def header_key(text: Any) -> str:
    """A header cell, folded; the required-column mark "(*)" or "*" is ignored."""
    return fold(str(text or "").replace("(*)", "").replace("*", ""))
