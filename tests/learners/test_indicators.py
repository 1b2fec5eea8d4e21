"""Indicators: one aggregate query for many institutions; employment with its response rate."""

from __future__ import annotations

import datetime as dt

import pytest

from opentvet.core.indicators import get_indicator
from opentvet.core.models import Organisation, OrgKind
from opentvet.learners.selectors import employment_outcomes

pytestmark = pytest.mark.django_db


def test_indicators_compute_for_all_institutions_in_one_query(
    college_a, college_b, django_assert_num_queries
):
    ids = list(Organisation.objects.filter(kind=OrgKind.INSTITUTION).values_list("pk", flat=True))
    span = {"start": dt.date(2025, 1, 1), "end": dt.date(2025, 12, 31)}
    with django_assert_num_queries(2):  # the counts per programme version, then their levels
        enrolled = get_indicator("learners.enrolled").values(institution_ids=ids, **span)
    assert enrolled[college_a.pk]["cao_dang"] >= 20
    assert enrolled[college_b.pk]
    with django_assert_num_queries(1):
        graduates = get_indicator("learners.graduates").values(institution_ids=ids, **span)
    assert graduates[college_a.pk] == 13
    with django_assert_num_queries(1):
        employment = get_indicator("learners.employment_rate").values(institution_ids=ids, **span)
    row = employment[college_a.pk]
    assert row["surveyed"] == 13 and row["response_rate"] is not None
    assert college_b.pk not in employment


def test_employment_outcomes_for_the_programme_search(college_a):
    from opentvet.programmes.models import Programme

    programme = Programme.all_objects.get(institution=college_a, code="CD-CNTT")
    outcome = employment_outcomes([programme.pk])[programme.pk]
    assert set(outcome) >= {"employment_rate", "response_rate", "responded", "surveyed"}
