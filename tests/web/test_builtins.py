"""The template builtins of ``web.templatetags.vn``: ``|dmy`` writes what ``|date:"d/m/Y"``
writes; ``{% url_id %}`` gives what ``{% url %}`` reverses."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.template import engines
from django.utils import timezone

VALUES = [
    datetime.date(2025, 7, 1),
    datetime.date(999, 1, 9),
    # 23:30 UTC on 30 June is 06:30 on 1 July in Hà Nội: the local date must be written.
    datetime.datetime(2025, 6, 30, 23, 30, tzinfo=datetime.UTC),
    datetime.datetime(2025, 6, 30, 12, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")),
    None,
    "",
    "không phải ngày",
]


@pytest.mark.parametrize("value", VALUES, ids=repr)
def test_dmy_matches_django_date_filter(value: object) -> None:
    engine = engines["django"]
    ours = engine.from_string("{{ v|dmy }}").render({"v": value})
    django_s = engine.from_string('{{ v|date:"d/m/Y" }}').render({"v": value})
    assert ours == django_s


def test_dmy_writes_the_local_date_of_an_aware_datetime() -> None:
    late = datetime.datetime(2025, 6, 30, 23, 30, tzinfo=datetime.UTC)
    with timezone.override("Asia/Ho_Chi_Minh"):
        assert engines["django"].from_string("{{ v|dmy }}").render({"v": late}) == "01/07/2025"


@pytest.mark.parametrize(
    ("name", "pk"),
    [
        ("learners:student_detail", 12),
        ("learners:class_detail", 7),
        ("admissions:programme", 123456789),
        ("admissions:round", "42"),
        ("web:organisation_detail", 3),
    ],
)
def test_url_id_is_what_url_reverses(name: str, pk: object) -> None:
    from django.urls import reverse

    rendered = (
        engines["django"].from_string("{% url_id name pk %}").render({"name": name, "pk": pk})
    )
    assert rendered == reverse(name, args=[pk])
    again = engines["django"].from_string("{% url_id name pk %}").render({"name": name, "pk": 5})
    assert again == reverse(name, args=[5])


def test_url_id_falls_back_to_reverse_for_an_id_that_is_not_a_number() -> None:
    from django.urls import NoReverseMatch, reverse

    tpl = engines["django"].from_string("{% url_id 'learners:student_detail' pk %}")
    assert tpl.render({"pk": "abc"}) == reverse("learners:student_detail", args=["abc"])
    with pytest.raises(NoReverseMatch):
        engines["django"].from_string("{% url_id 'learners:no_such_page' 1 %}").render({})


def test_url_id_follows_the_script_prefix() -> None:
    from django.urls import reverse, set_script_prefix

    tpl = engines["django"].from_string("{% url_id 'learners:student_detail' 9 %}")
    try:
        set_script_prefix("/gdnn/")
        assert tpl.render({}) == reverse("learners:student_detail", args=[9])
        assert tpl.render({}).startswith("/gdnn/")
    finally:
        set_script_prefix("/")
    assert tpl.render({}) == reverse("learners:student_detail", args=[9])
