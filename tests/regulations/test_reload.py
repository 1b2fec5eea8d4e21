"""After a flush (tests with transaction=True), rebuilding the demo loads the dated rules again."""

from __future__ import annotations

import datetime as dt

import pytest

from opentvet.regulations.authorities import authority_name
from opentvet.regulations.demo import reload_rules
from opentvet.regulations.models import LegalDocument, Rule

pytestmark = pytest.mark.django_db


def test_rules_come_back_after_a_flush() -> None:
    before = Rule.objects.count()
    assert before > 0
    Rule.objects.all().delete()
    LegalDocument.objects.all().delete()
    reload_rules()
    assert Rule.objects.count() == before
    assert "Giáo dục" in authority_name("national", on=dt.date(2025, 6, 1))
    reload_rules()  # nothing to do when the rules are there
    assert Rule.objects.count() == before
