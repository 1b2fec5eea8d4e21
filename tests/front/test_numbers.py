"""Issue 15, item 6: numbers shown and typed the Vietnamese way, one filter and one field."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

import pytest
from django.template import Context, Template
from django.urls import reverse

from opentvet.core.numbers import format_vn, parse_vn
from opentvet.web.forms import VnDecimalField

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("value", "places", "shown"),
    [
        (13200000, None, "13.200.000"),
        (1800, None, "1.800"),
        (Decimal("23.9"), 2, "23,90"),
        (Decimal("23.90"), None, "23,9"),
        (Decimal("7.50"), None, "7,5"),
        (1.25, None, "1,25"),
        (-1234.5, None, "-1.234,5"),
        (0, None, "0"),
    ],
)
def test_format_vn(value, places, shown):
    assert format_vn(value, places) == shown


@pytest.mark.parametrize(
    ("typed", "number"),
    [
        ("1250,5", Decimal("1250.5")),
        ("1.250,5", Decimal("1250.5")),
        ("13.200.000", Decimal("13200000")),
        ("7,5", Decimal("7.5")),
        ("7.5", Decimal("7.5")),
        (" 8 ", Decimal("8")),
    ],
)
def test_parse_vn(typed, number):
    assert parse_vn(typed) == number


@pytest.mark.parametrize("typed", ["1,2,3", "abc", "", "nan", "1.2.3,4,5"])
def test_parse_vn_refuses(typed):
    with pytest.raises(InvalidOperation):
        parse_vn(typed)


def test_one_filter_for_every_template():
    html = Template("{{ a|num }} {{ b|num:2 }} {{ c|num }} [{{ d|num_input }}] {{ e|num_input }}")
    rendered = html.render(
        Context({"a": 13200000, "b": Decimal("23.9"), "c": None, "d": None, "e": Decimal("7.50")})
    )
    assert rendered == "13.200.000 23,90 — [] 7,5"


def test_the_decimal_field_accepts_a_comma_and_shows_one():
    field = VnDecimalField(max_digits=18, decimal_places=4, required=False)
    assert field.clean("1250,5") == Decimal("1250.5")
    assert field.clean("") is None
    assert field.widget.format_value(Decimal("1250.5000")) == "1250,5"
    assert 'inputmode="decimal"' in field.widget.render("x", Decimal("7.5"))
    assert 'value="7,5"' in field.widget.render("x", Decimal("7.5"))


def test_tuition_on_the_portal_has_thousands_dots(client):
    from opentvet.admissions.selectors import open_rounds_listing

    assert open_rounds_listing(1)
    html = client.get(reverse("admissions:portal")).content.decode()
    import re

    tuitions = re.findall(r"Học phí: ([\d.,]+) đ", html)
    assert tuitions
    assert all("." in t for t in tuitions if len(t.replace(".", "")) > 3)
    assert not any(re.fullmatch(r"\d{5,}", t) for t in tuitions)


def test_report_form_accepts_a_decimal_comma():
    from opentvet.reporting.forms import SubmissionForm, field_name
    from opentvet.reporting.models import Submission
    from opentvet.reporting.services.submissions import template_items

    submission = Submission.all_objects.select_related("period__template").first()
    assert submission is not None, "the demo has report submissions"
    items = template_items(submission.period)
    assert items
    name = field_name(items[0].definition.code)
    data = {f"v_{name}": "1250,5"}
    form = SubmissionForm(data, items=items, submission=submission)
    form.is_valid()
    assert f"v_{name}" not in form.errors  # on main: "Giá trị phải là một số."
    assert form.cleaned_data[f"v_{name}"] == Decimal("1250.5")


def test_grade_sheet_shows_a_saved_grade_with_a_comma(login, persona_user, college_a):
    from opentvet.learners.models import ClassGroup, ModuleOffering, Student

    current = ClassGroup.all_objects.get(institution=college_a, code="CD25CNTT1")
    teacher = persona_user("teacher")
    own = ModuleOffering.all_objects.filter(class_group=current, teacher=teacher).first()
    student = Student.all_objects.get(user=persona_user("student"))
    response = login("teacher").post(
        reverse("learners:offering_grade", args=[own.pk, student.pk]),
        {"cc": "7,5", "thi": "8,5"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="cc"' in html
    assert 'value="7,5"' in html  # on main: "7.5"
    assert 'value="8,5"' in html
