"""``ChoiceLabels``: the same labels as Django's ``get_<field>_display``, in either language."""

from __future__ import annotations

import pytest
from django.db import models
from django.utils import translation

from opentvet.learners.models import Student
from opentvet.programmes.models import ProgrammeVersion


def _django_label(instance: models.Model, name: str) -> str:
    field = instance._meta.get_field(name)
    return models.Model._get_FIELD_display(instance, field)  # type: ignore[attr-defined]


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize(
    ("model", "name"),
    [(Student, "status"), (Student, "gender"), (ProgrammeVersion, "delivery_mode")],
)
def test_labels_match_django(model, name, language):  # type: ignore[no-untyped-def]
    field = model._meta.get_field(name)
    values = [value for value, _label in field.flatchoices] + ["not-a-choice", None]
    with translation.override(language):
        for value in values:
            instance = model(**{field.attname: value})
            ours = getattr(instance, f"get_{name}_display")()
            assert ours == _django_label(instance, name)


def test_labels_are_translated_when_shown():  # type: ignore[no-untyped-def]
    student = Student(status=Student._meta.get_field("status").flatchoices[0][0])
    with translation.override("vi"):
        vi = student.get_status_display()
    with translation.override("en"):
        en = student.get_status_display()
    assert vi != en
