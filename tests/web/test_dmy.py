"""``|dmy`` writes what ``|date:"d/m/Y"`` writes, for every kind of value templates pass it."""

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
