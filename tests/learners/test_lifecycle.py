"""Status transitions the rules allow and forbid (pure)."""

from __future__ import annotations

import pytest

from opentvet.learners.lifecycle import Status, TransitionError, check_transition


@pytest.mark.parametrize(
    ("current", "target"),
    [
        (Status.STUDYING, Status.PAUSED),
        (Status.PAUSED, Status.STUDYING),
        (Status.STUDYING, Status.DROPPED_OUT),
        (Status.PAUSED, Status.TRANSFERRED),
        (Status.STUDYING, Status.EXPELLED),
        (Status.STUDYING, Status.GRADUATED),
    ],
)
def test_allowed(current, target):
    check_transition(current, target, decision_number="12/QĐ-CĐBL")


@pytest.mark.parametrize(
    ("current", "target"),
    [
        (Status.GRADUATED, Status.STUDYING),
        (Status.DROPPED_OUT, Status.STUDYING),
        (Status.EXPELLED, Status.PAUSED),
        (Status.PAUSED, Status.GRADUATED),
        (Status.TRANSFERRED, Status.STUDYING),
        (Status.STUDYING, Status.STUDYING),
        (Status.STUDYING, "nonsense"),
    ],
)
def test_forbidden(current, target):
    with pytest.raises(TransitionError):
        check_transition(current, target, decision_number="12/QĐ-CĐBL")


def test_a_decision_number_is_required():
    with pytest.raises(TransitionError, match="số quyết định"):
        check_transition(Status.STUDYING, Status.PAUSED)
    check_transition(Status.PAUSED, Status.STUDYING)  # resuming needs none
