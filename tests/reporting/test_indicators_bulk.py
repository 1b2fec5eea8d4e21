"""Every registered indicator gives the same figures whichever way it reads the rows.

For a few institutions an indicator filters by institution in SQL; for many (the national
pre-fill) it reads every institution's rows and ``Indicator.values`` drops the rest
(``core.indicators.for_institutions``). Within a pre-fill, figures that several indicators
share are computed once (``core.indicators.batch``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from opentvet.core import indicators as registry
from opentvet.core.models import Membership, Organisation, OrgKind, Role, User

pytestmark = pytest.mark.django_db

SPAN = {"start": dt.date(2025, 1, 1), "end": dt.date(2026, 12, 31)}


def _institution_ids() -> list[int]:
    return list(
        Organisation.objects.filter(kind=OrgKind.INSTITUTION)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def _everything(monkeypatch: pytest.MonkeyPatch, many: int) -> dict[str, Any]:
    monkeypatch.setattr(registry, "MANY", many)
    ids = _institution_ids()
    return {
        ind.code: dict(ind.values(institution_ids=ids, **SPAN)) for ind in registry.all_indicators()
    }


def test_reading_every_row_gives_the_figures_of_filtering_by_institution(monkeypatch):
    filtered = _everything(monkeypatch, many=10_000)
    unfiltered = _everything(monkeypatch, many=0)
    assert unfiltered == filtered
    # The demo has data behind the figures that matter, so the comparison is not of empties.
    assert filtered["learners.enrolled"] and filtered["staff.teachers"]
    assert any(filtered["core.staff"].values())


def test_a_bulk_figure_equals_the_institution_by_institution_figure(monkeypatch, college_a):
    bulk = _everything(monkeypatch, many=0)
    for ind in registry.all_indicators():
        alone = ind.values(institution_ids=[college_a.pk], **SPAN)
        assert alone.get(college_a.pk) == bulk[ind.code].get(college_a.pk), ind.code


def test_only_the_institutions_asked_about_come_back(monkeypatch, college_a, college_b):
    monkeypatch.setattr(registry, "MANY", 0)
    for ind in registry.all_indicators():
        values = ind.values(institution_ids=[college_a.pk], **SPAN)
        assert set(values) <= {college_a.pk}, ind.code


@pytest.mark.parametrize("many", [10_000, 0])
def test_a_person_with_roles_in_two_units_is_counted_once(monkeypatch, many, college_a):
    monkeypatch.setattr(registry, "MANY", many)
    ids = _institution_ids()
    before = registry.get_indicator("core.teachers").values(institution_ids=ids, **SPAN)
    units = list(Organisation.objects.filter(parent=college_a, kind=OrgKind.UNIT)[:2])
    assert len(units) == 2
    person = User.objects.create(email="hai.don.vi@example.vn", full_name="Giảng viên hai khoa")
    teacher = Role.objects.get(pk="teacher")
    for unit in units:
        Membership.objects.create(user=person, organisation=unit, role=teacher)
    after = registry.get_indicator("core.teachers").values(institution_ids=ids, **SPAN)
    assert after[college_a.pk] == before[college_a.pk] + 1


def test_a_batch_computes_a_shared_figure_once(college_a):
    enrolled = registry.get_indicator("learners.enrolled")
    per_teacher = registry.get_indicator("staff.students_per_teacher")
    ids = _institution_ids()

    def student_reads(context: CaptureQueriesContext) -> int:
        return sum('FROM "learners_student"' in q["sql"] for q in context.captured_queries)

    with CaptureQueriesContext(connection) as apart:
        enrolled.values(institution_ids=ids, **SPAN)
        per_teacher.values(institution_ids=ids, **SPAN)
    with CaptureQueriesContext(connection) as together, registry.batch():
        by_level = enrolled.values(institution_ids=ids, **SPAN)
        ratios = per_teacher.values(institution_ids=ids, **SPAN)
    assert student_reads(apart) == 2
    assert student_reads(together) == 1
    assert sum(by_level[college_a.pk].values()) > 0 and ratios[college_a.pk] is not None
