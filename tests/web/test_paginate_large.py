"""``paginate_large``: one read of the ids gives the count and the page, in the list's order."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from opentvet.core.models import Organisation
from opentvet.web.views.common import paginate, paginate_large

pytestmark = pytest.mark.django_db


def _orgs():  # type: ignore[no-untyped-def]
    return Organisation.objects.order_by("-name", "pk")


@pytest.mark.parametrize("number", ["1", "2", "3"])
def test_same_pages_as_the_counting_paginator(number):
    request = RequestFactory().get("/", {"page": number})
    counted = paginate(request, _orgs(), per_page=7)
    large = paginate_large(request, _orgs(), per_page=7)
    assert [o.pk for o in large] == [o.pk for o in counted]
    assert large.paginator.count == counted.paginator.count
    assert large.capped is False
    assert large.number == counted.number


def test_beyond_the_cap_the_page_says_more(django_assert_max_num_queries):
    total = _orgs().count()
    assert total > 10
    request = RequestFactory().get("/", {"page": "2"})
    with django_assert_max_num_queries(2):
        page = paginate_large(request, _orgs(), per_page=4, cap=10)
        rows = list(page)
    assert page.capped is True
    assert page.paginator.count == 10 and page.paginator.num_pages == 3
    assert [o.pk for o in rows] == [o.pk for o in _orgs()[4:8]]


def test_student_list_says_more_than_the_cap(login, monkeypatch):
    from opentvet.web.views import common

    monkeypatch.setattr(common.paginate_large, "__defaults__", (common.PAGE_SIZE, 5))
    body = login("national_analyst").get("/nguoi-hoc/").content.decode()
    assert "Hơn 5 người học" in body


def test_rows_are_read_from_the_lighter_queryset_in_the_list_order():
    request = RequestFactory().get("/", {"page": "1"})
    page = paginate_large(
        request, _orgs(), per_page=5, rows=Organisation.objects.only("id", "name")
    )
    assert [o.pk for o in page] == [o.pk for o in _orgs()[:5]]
    assert all(o.get_deferred_fields() >= {"path", "code"} for o in page)


def test_rows_outside_the_rows_queryset_are_left_out():
    request = RequestFactory().get("/", {"page": "1"})
    first = _orgs()[0]
    page = paginate_large(
        request, _orgs(), per_page=5, rows=Organisation.objects.exclude(pk=first.pk)
    )
    assert first.pk not in [o.pk for o in page]
    assert [o.pk for o in page] == [o.pk for o in _orgs()[1:5]]
