"""Audit entries in words: field names, choice values and the system actor in Vietnamese.

An entry stores raw values (``draft``, ``UNDER_REVIEW``, ``cao_dang``, ``True``); pages show
the field's label and the choice's label instead (issue 15, item 5), read from the model the
entry is about. Values of a field the model no longer has are shown as stored.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.apps import apps
from django.db import models
from django.utils.translation import gettext as _

from opentvet.core.numbers import format_vn

SYSTEM_LABELS = {"system", ""}


def actor_name(label: str) -> str:
    return _("Hệ thống") if (label or "").strip().lower() in SYSTEM_LABELS else label


def _model(object_type: str) -> type[models.Model] | None:
    try:
        return apps.get_model(object_type)
    except (LookupError, ValueError):
        return None


def _field(model: type[models.Model] | None, name: str) -> models.Field | None:  # type: ignore[type-arg]
    if model is None:
        return None
    try:
        field = model._meta.get_field(name)
    except Exception:  # FieldDoesNotExist, or a reverse relation
        return None
    return field if isinstance(field, models.Field) else None


def value_label(field: models.Field | None, value: Any) -> str:  # type: ignore[type-arg]
    """One stored value as a reader should see it."""
    if value is None or value == "":
        return "∅"
    if isinstance(value, dict) and "label" in value:  # a foreign key as core.audit stores it
        return str(value["label"])
    if field is not None and field.choices:
        labels = {str(k): str(v) for k, v in field.flatchoices}
        text = str(value)
        if text in labels:
            return labels[text]
        # Values written as enum names ("UNDER_REVIEW", "VersionStatus.UNDER_REVIEW").
        name = text.rsplit(".", 1)[-1].lower()
        if name in labels:
            return labels[name]
    if field is not None and field.many_to_one and field.related_model is not None:
        # A foreign key stores the id (or a code such as "cao_dang"): show what it names.
        try:
            related = field.related_model._base_manager.filter(pk=value).first()
        except (TypeError, ValueError):
            related = None
        return str(related) if related is not None else str(value)
    if isinstance(value, bool) or (field is not None and isinstance(field, models.BooleanField)):
        return _("Có") if value in (True, "True", "true", 1) else _("Không")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return format_vn(value)
    if isinstance(value, str) and field is not None:
        if isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField):
            try:
                day = dt.date.fromisoformat(value)
            except ValueError:
                return value
            return f"{day.day:02d}/{day.month:02d}/{day.year:04d}"
        if isinstance(field, models.DecimalField):
            return format_vn(value)
    if isinstance(value, (list, dict)):
        return ", ".join(str(v) for v in value) if isinstance(value, list) else str(value)
    return str(value)


def change_rows(object_type: str, changes: dict[str, Any]) -> list[dict[str, str]]:
    """``[{"field", "before", "after"}]`` with the field's label and the values' labels."""
    model = _model(object_type)
    rows = []
    for name, pair in (changes or {}).items():
        field = _field(model, name)
        before, after = [*pair, None, None][:2] if isinstance(pair, list) else (None, pair)
        rows.append(
            {
                "field": str(field.verbose_name) if field is not None else name,
                "before": value_label(field, before),
                "after": value_label(field, after),
            }
        )
    return rows


def status_change(object_type: str, changes: dict[str, Any]) -> tuple[str, str] | None:
    """The status move of an entry, in words, or None."""
    pair = (changes or {}).get("status")
    if not isinstance(pair, list) or len(pair) != 2:
        return None
    field = _field(_model(object_type), "status")
    return value_label(field, pair[0]), value_label(field, pair[1])
