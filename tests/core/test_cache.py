"""Authority aggregates are kept a few minutes per reach; an institution's figures never are."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from opentvet.core.cache import aggregate_for_reach

pytestmark = pytest.mark.django_db


@pytest.fixture
def five_minutes(settings):  # type: ignore[no-untyped-def]
    settings.OPENTVET_AGGREGATE_SECONDS = 300
    cache.clear()
    yield
    cache.clear()


def _counter():  # type: ignore[no-untyped-def]
    calls = []

    def compute() -> int:
        calls.append(1)
        return len(calls)

    return calls, compute


def test_a_province_figure_is_computed_once_and_shared(five_minutes, actor_of, persona_user):
    calls, compute = _counter()
    officer = actor_of(persona_user("provincial_officer"))
    first = aggregate_for_reach("figure", officer, "staff.view", compute)
    again = aggregate_for_reach(
        "figure", actor_of(persona_user("provincial_officer")), "staff.view", compute
    )
    assert (first.value, again.value) == (1, 1) and len(calls) == 1
    assert first.cached and again.as_of == first.as_of


def test_another_reach_gets_its_own_figure(five_minutes, actor_of, persona_user):
    _calls, compute = _counter()
    aggregate_for_reach(
        "figure", actor_of(persona_user("provincial_officer")), "staff.view", compute
    )
    other = aggregate_for_reach(
        "figure", actor_of(persona_user("other_provincial_officer")), "staff.view", compute
    )
    national = aggregate_for_reach(
        "figure", actor_of(persona_user("national_analyst")), "staff.view", compute
    )
    assert (other.value, national.value) == (2, 3)


def test_an_institution_always_sees_live_figures(five_minutes, actor_of, persona_user):
    _calls, compute = _counter()
    rector = actor_of(persona_user("rector"))
    first = aggregate_for_reach("figure", rector, "staff.view", compute)
    again = aggregate_for_reach("figure", rector, "staff.view", compute)
    assert (first.value, again.value) == (1, 2) and not again.cached


def test_the_panel_says_when_its_figures_were_computed(five_minutes, login):
    body = login("national_analyst").get("/").content.decode()
    assert 'data-testid="standardisation-as-of"' in body
    rector = login("rector").get("/").content.decode()
    assert 'data-testid="standardisation-as-of"' not in rector


def test_a_write_drops_the_kept_figure(five_minutes, actor_of, persona_user, college_a):
    """A save of a domain row moves the data's generation on: the next read recomputes."""
    calls, compute = _counter()
    officer = actor_of(persona_user("provincial_officer"))
    aggregate_for_reach("figure", officer, "staff.view", compute)
    college_a.phone = "0290 3822 999"
    college_a.save(update_fields=["phone"])
    after = aggregate_for_reach("figure", officer, "staff.view", compute)
    assert after.value == 2 and len(calls) == 2


def test_figures_of_another_database_are_not_served(
    five_minutes, actor_of, persona_user, settings, monkeypatch
):
    """The key names the database: the same cache behind two databases keeps two figures."""
    calls, compute = _counter()
    officer = actor_of(persona_user("provincial_officer"))
    aggregate_for_reach("figure", officer, "staff.view", compute)
    # Only the name the key is made from; the open connection is left as it is.
    monkeypatch.setitem(settings.DATABASES["default"], "NAME", "another-database")
    again = aggregate_for_reach("figure", officer, "staff.view", compute)
    assert again.value == 2 and len(calls) == 2


def test_audit_rows_do_not_drop_figures(five_minutes, actor_of, persona_user, college_a):
    from opentvet.core.audit import audit_log

    calls, compute = _counter()
    officer = actor_of(persona_user("provincial_officer"))
    aggregate_for_reach("figure", officer, "staff.view", compute)
    audit_log(actor=None, verb="test", instance=college_a, organisation=college_a)
    again = aggregate_for_reach("figure", officer, "staff.view", compute)
    assert again.value == 1 and len(calls) == 1
