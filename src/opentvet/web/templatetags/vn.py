"""Template filters and tags every page may use without ``{% load %}`` (``TEMPLATES`` ``builtins``).

Both exist because list pages call them once per row (docs/benchmarks.md, "Page latency"):

- ``dmy`` writes a date as Vietnamese documents do, dd/mm/yyyy (Nghị định 30/2020/NĐ-CP,
  Phụ lục I), the same as ``|date:"d/m/Y"``, aware datetimes in the current time zone; Django's
  ``date`` filter parses its format string on every call, about 80 µs, a tenth of a list of 25
  students.
- ``num`` and ``num_input`` write a number the Vietnamese way (``13.200.000``, ``23,90``;
  ``core.numbers``): ``{{ x|num }}``, ``{{ x|num:2 }}`` for fixed decimals, "—" for none;
  ``num_input`` for a form box (no thousands dots, empty for none), e.g. a grade ``7,5``.
- ``{% url_id "app:name" obj.pk %}`` is ``{% url "app:name" obj.pk %}`` for a URL whose one
  argument is a numeric id: the URL is reversed once per name (and script prefix and
  language) with a placeholder, then the id is put in its place: about 3 µs where ``{% url %}``
  takes about 33.
"""

from __future__ import annotations

import datetime
from typing import Any

from django import template
from django.core.signals import setting_changed
from django.template.defaultfilters import date as date_filter
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language

from opentvet.core.numbers import format_vn

register = template.Library()


@register.filter(expects_localtime=True)
def dmy(value: Any) -> str:
    if isinstance(value, datetime.date):  # datetimes too; expects_localtime made them local
        return f"{value.day:02d}/{value.month:02d}/{value.year:04d}"
    return date_filter(value, "d/m/Y")


@register.filter
def num(value: Any, places: Any = None) -> str:
    if value is None or value == "":
        return "—"
    return format_vn(value, int(places) if places not in (None, "") else None)


@register.filter
def num_input(value: Any) -> str:
    if value is None or value == "":
        return ""
    return format_vn(value, grouping=False)


@register.filter
def audit_changes(entry: Any) -> list[dict[str, str]]:
    """An audit entry's changes with Vietnamese field and value labels (core.audit_display)."""
    from opentvet.core.audit_display import change_rows

    return change_rows(entry.object_type, entry.changes)


@register.filter
def audit_status(entry: Any) -> tuple[str, str] | None:
    from opentvet.core.audit_display import status_change

    return status_change(entry.object_type, entry.changes)


@register.filter
def country_name(code: str) -> str:
    """ "Đức" for "DE" (core.countries)."""
    from opentvet.core.countries import country_name as name

    return name(code)


@register.filter
def actor_name(label: str) -> str:
    from opentvet.core.audit_display import actor_name as name

    return name(label)


_PLACEHOLDER = "7301946285"  # digits, so that int, str and slug converters all accept it
_SHAPES: dict[tuple[str, str, str, str], tuple[str, str] | None] = {}


def _urls_changed(*, setting: str, **_kwargs: Any) -> None:
    if setting == "ROOT_URLCONF":  # as Django's own reverse caches are cleared (tests)
        _SHAPES.clear()


setting_changed.connect(_urls_changed, dispatch_uid="opentvet-url-id")


def _shape(name: str) -> tuple[str, str] | None:
    """The reversed URL split around the id, or None when the placeholder can't stand in."""
    key = (name, get_script_prefix(), get_language() or "", str(get_urlconf() or ""))
    if key not in _SHAPES:
        try:
            url = reverse(name, args=[_PLACEHOLDER])
        except NoReverseMatch:
            _SHAPES[key] = None
        else:
            head, sep, tail = url.partition(_PLACEHOLDER)
            _SHAPES[key] = (head, tail) if sep and _PLACEHOLDER not in tail else None
    return _SHAPES[key]


@register.simple_tag
def url_id(name: str, pk: Any) -> str:
    text = str(pk)
    shape = _shape(name) if text.isascii() and text.isdigit() else None
    if shape is None:
        return reverse(name, args=[pk])
    return f"{shape[0]}{text}{shape[1]}"
