"""The steering panel: live for an institution, kept 5 minutes per reach above it, the same
figures either way."""

from __future__ import annotations

import pytest

from opentvet.reporting.hooks import _steering_context

pytestmark = pytest.mark.django_db


def test_authorities_get_kept_figures_institutions_live(settings, persona_user, actor_of, steering):  # type: ignore[no-untyped-def]
    officer = actor_of(persona_user("provincial_officer"))
    rector = actor_of(persona_user("rector"))
    live = _steering_context(officer)
    assert live["as_of"] is None and live["overdue_count"] >= 0
    settings.OPENTVET_AGGREGATE_SECONDS = 300
    kept = _steering_context(officer)
    assert kept["as_of"] is not None
    assert {k: v for k, v in kept.items() if k != "as_of"} == {
        k: v for k, v in live.items() if k != "as_of"
    }
    assert _steering_context(rector)["as_of"] is None  # an institution's own: never kept


def test_a_different_resolving_office_does_not_share_the_kept_figures(
    settings, persona_user, actor_of, steering
):  # type: ignore[no-untyped-def]
    settings.OPENTVET_AGGREGATE_SECONDS = 300
    officer = actor_of(persona_user("provincial_officer"))
    analyst = actor_of(persona_user("national_analyst"))
    first = _steering_context(officer)
    other = _steering_context(analyst)
    settings.OPENTVET_AGGREGATE_SECONDS = 0
    assert first["open_difficulties"] == _steering_context(officer)["open_difficulties"]
    assert other["open_difficulties"] == _steering_context(analyst)["open_difficulties"]
