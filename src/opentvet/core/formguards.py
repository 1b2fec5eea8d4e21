"""Guards every Django form gets, installed once from ``CoreConfig.ready``.

- Text fields clean to Unicode NFC (``core.text.install_form_nfc``).
- Integer fields without bounds get the bounds of a 64-bit database column, and a model choice
  given a number too large for the database is "not a valid choice": a huge number typed into a
  filter is a form error (400/200 with the message), never a 500 (SQLite raises OverflowError,
  PostgreSQL "out of range", when such a number reaches a query).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from opentvet.core.text import install_form_nfc

DB_INT_MAX = 2**63 - 1


def install_form_guards() -> None:
    install_form_nfc()
    _bound_integer_fields()
    _guard_model_choices()


def _bound_integer_fields() -> None:
    original = forms.IntegerField.__init__
    if getattr(original, "bounded", False):
        return

    def __init__(self: forms.IntegerField, *args: Any, **kwargs: Any) -> None:
        if not isinstance(self, forms.DecimalField | forms.FloatField):
            if kwargs.get("max_value") is None:
                kwargs["max_value"] = DB_INT_MAX
            if kwargs.get("min_value") is None:
                kwargs["min_value"] = -DB_INT_MAX
        original(self, *args, **kwargs)

    __init__.bounded = True  # type: ignore[attr-defined]
    forms.IntegerField.__init__ = __init__  # type: ignore[method-assign]


def _guard_model_choices() -> None:
    original = forms.ModelChoiceField.to_python
    if getattr(original, "guarded", False):
        return

    def to_python(self: forms.ModelChoiceField, value: Any) -> Any:  # type: ignore[type-arg]
        try:
            return original(self, value)
        except OverflowError:
            raise ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            ) from None

    to_python.guarded = True  # type: ignore[attr-defined]
    forms.ModelChoiceField.to_python = to_python  # type: ignore[method-assign]
