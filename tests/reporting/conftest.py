"""Fixtures of the reporting tests: the demo's template, periods, submissions and steering rows."""

from __future__ import annotations

import pytest

from opentvet.reporting.demo import TEMPLATE_NAME
from opentvet.reporting.models import (
    Difficulty,
    Document,
    DraftingProject,
    Meeting,
    ReportingPeriod,
    ReportTemplate,
    Submission,
    Task,
)


@pytest.fixture
def demo_template(db):  # type: ignore[no-untyped-def]
    return ReportTemplate.objects.get(name=TEMPLATE_NAME)


@pytest.fixture
def last_period(demo_template):  # type: ignore[no-untyped-def]
    """The demo's last closed month: CD96001 submitted (not yet acknowledged), CD96002 too."""
    submitted = Submission.all_objects.filter(period__template=demo_template, status="submitted")
    return ReportingPeriod.objects.get(pk=submitted.values_list("period_id", flat=True)[0])


@pytest.fixture
def current_period(demo_template):  # type: ignore[no-untyped-def]
    return demo_template.periods.filter(periodicity="monthly").order_by("-end").first()


@pytest.fixture
def submission_a(last_period, college_a):  # type: ignore[no-untyped-def]
    return Submission.all_objects.get(period=last_period, institution=college_a)


@pytest.fixture
def draft_a(current_period, college_a, actor_of, persona_user):  # type: ignore[no-untyped-def]
    """A fresh draft of college A in the current month (never submitted)."""
    from opentvet.reporting.services import submission_start

    return submission_start(
        actor=actor_of(persona_user("rector")), period=current_period, institution=college_a
    )


@pytest.fixture
def steering(college_a, org):  # type: ignore[no-untyped-def]
    """One object of each steering kind that belongs to college A's side of the tree."""
    return {
        "document": Document.all_objects.filter(organisation=college_a).first(),
        "meeting": Meeting.all_objects.filter(organisation=org("UBND-96")).first(),
        "task": Task.all_objects.filter(owner=college_a).first(),
        "difficulty": Difficulty.all_objects.filter(organisation=college_a).first(),
        "drafting": DraftingProject.all_objects.first(),
    }
