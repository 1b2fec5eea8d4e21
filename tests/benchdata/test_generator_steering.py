"""The steering step of the generator (``steps_steering``) at tiny scale, beside the demo world:
rows as the reporting services would leave them, and visible to the right people only."""

from __future__ import annotations

import datetime as dt
import itertools
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.db.models import Max
from django.utils import timezone

from opentvet.benchdata.generator import Summary, generate
from opentvet.benchdata.steps_steering import SIX_MONTH_TEMPLATE
from opentvet.core.access import Actor
from opentvet.core.models import Organisation, OrgKind, User
from opentvet.core.scopes import scope, scopes_disabled
from opentvet.reporting.models import (
    Difficulty,
    Document,
    DocumentCounter,
    DocumentLink,
    DraftingProject,
    Meeting,
    Reminder,
    ReportingPeriod,
    Submission,
    Task,
    TaskUpdate,
)

MODELS = [Difficulty, Document, DocumentLink, DraftingProject, Meeting, Reminder, Task]
MODELS += [Submission, TaskUpdate]


@dataclass
class Generated:
    summary: Summary
    before: dict[type, int]  # the largest id of each model before the generator ran

    def new(self, model: Any) -> Any:
        return model._base_manager.filter(pk__gt=self.before[model])

    def institution(self, code: str) -> Organisation:
        return Organisation.objects.get(code=code)


@pytest.fixture
def tiny(db) -> Iterator[Generated]:  # type: ignore[no-untyped-def]
    before = {m: m._base_manager.aggregate(top=Max("pk"))["top"] or 0 for m in MODELS}
    summary = generate("tiny", seed=7, log=lambda _message: None)
    with scopes_disabled():  # the checks read across institutions; selectors get a scope
        yield Generated(summary, before)


class Actors:
    """``Actor`` per user id, built once (two queries each)."""

    def __init__(self) -> None:
        self.cache: dict[int, Actor] = {}

    def __call__(self, user_id: int) -> Actor:
        if user_id not in self.cache:
            self.cache[user_id] = Actor.for_user(User.objects.get(pk=user_id))
        return self.cache[user_id]


def _local(moment: dt.datetime) -> dt.date:
    return timezone.localdate(moment)


def test_rows_follow_the_scale(tiny: Generated) -> None:
    counts = tiny.summary.counts
    for model in MODELS:
        if model is not Submission:
            assert tiny.new(model).count() == counts[model._meta.label] > 0, model
    world = tiny.summary.world
    today = timezone.localdate(world.loader.now)
    ids = [i.id for i in world.institutions]
    # Key tasks: five for a school, three for a centre, each year begun.
    key = Task.all_objects.filter(owner_id__in=ids, key_year__isnull=False, parent=None)
    years = [y for y in (today.year - 1, today.year) if dt.date(y, 1, 20) < today]
    per_year = {y: key.filter(key_year=y).count() for y in years}
    assert per_year[today.year - 1] == 5 + 5 + 3
    # Every institution has the Sở's directives, with the document that gave them.
    so = Organisation.objects.get(code="SGDDT-96")
    for inst_id in ids:
        given = Task.all_objects.filter(owner_id=inst_id, assigned_by=so)
        assert given.count() >= 3
        assert not given.filter(source_document=None).exists()
    # The Cục's monthly briefing, every month since January last year.
    briefings = tiny.new(Meeting).filter(organisation__code="CUC-GDNN", kind="briefing")
    assert 12 + today.month - 2 <= briefings.count() <= 12 + today.month
    # Six-month reports: everyone in the earlier period, some missing in the later one.
    earlier, later = ReportingPeriod.objects.filter(template__name=SIX_MONTH_TEMPLATE).order_by(
        "year"
    )
    assert earlier.status == "closed" and later.status == "open"
    assert Submission.all_objects.filter(period=earlier).count() == len(ids)
    assert 0 < Submission.all_objects.filter(period=later).count() <= len(ids)


def test_outgoing_documents_are_numbered_without_gaps(tiny: Generated) -> None:
    from opentvet.reporting.services.steering import document_symbol, issuer_abbreviation

    new = tiny.new(Document).select_related("organisation")
    touched = {(d.organisation_id, d.doc_type, d.year) for d in new if d.direction == "out"}
    assert touched
    by_key: dict[tuple[int, str, int], list[Document]] = defaultdict(list)
    for d in Document.all_objects.filter(direction="out").select_related("organisation"):
        by_key[(d.organisation_id, d.doc_type, d.year)].append(d)
    counters = {
        (c.organisation_id, c.doc_type, c.year): c.last_number
        for c in DocumentCounter.objects.all()
    }
    for key in touched:
        docs = sorted(by_key[key], key=lambda d: d.number)
        assert [d.number for d in docs] == list(range(1, len(docs) + 1)), key
        assert counters[key] == len(docs)
        for d in docs:
            assert d.year == d.issued_on.year
            assert d.organisation_path == d.organisation.path
            issuer = issuer_abbreviation(d.organisation)
            assert d.symbol == document_symbol(d.number, d.doc_type, issuer)
        mine = [d for d in docs if d.pk > tiny.before[Document]]
        assert [d.issued_on for d in mine] == sorted(d.issued_on for d in mine)
    outgoing = {(d.symbol, d.issued_on): d for d in new if d.direction == "out"}
    for d in new:
        if d.direction == "in":
            assert d.number is None
            assert d.issued_on <= d.received_on
            sent = outgoing.get((d.symbol, d.issued_on))
            if sent is not None:  # a copy of a document of the bench world
                assert (sent.subject, sent.issuing_body) == (d.subject, d.issuing_body)
                assert sent.organisation_id != d.organisation_id
    links = DocumentLink.objects.filter(source__in=new).select_related("source", "target")
    assert {link.kind for link in links} == {"answers", "cites"}
    for link in links:
        # A document answers or cites what its own register holds, received before it.
        assert link.source.organisation_id == link.target.organisation_id
        assert link.source.direction == "out"
        assert link.target.direction == "in"
        assert link.target.received_on <= link.source.issued_on


def test_tasks_progress_as_the_service_records_it(tiny: Generated) -> None:
    actors = Actors()
    tasks = {
        t.pk: t
        for t in tiny.new(Task).select_related("owner", "assigned_by", "meeting", "source_document")
    }
    updates: dict[int, list[TaskUpdate]] = defaultdict(list)
    for u in (
        TaskUpdate.objects.filter(task_id__in=tasks)
        .select_related("evidence_document")
        .order_by("at", "pk")
    ):
        updates[u.task_id].append(u)
    actions: dict[int, list[Task]] = defaultdict(list)
    for t in tasks.values():
        if t.parent_id:
            actions[t.parent_id].append(t)
    today = timezone.localdate(tiny.summary.world.loader.now)
    for t in tasks.values():
        assert t.owner_path == t.owner.path
        assert t.owner.path.startswith(t.assigned_by.path)  # task_assign
        if t.parent_id:
            assert tasks[t.parent_id].owner_id == t.owner_id
        if t.meeting is not None:
            assert t.meeting.organisation_id == t.assigned_by_id
            assert _local(t.created_at) >= t.meeting.held_on
        if t.source_document is not None:
            assert t.source_document.organisation_id == t.assigned_by_id
            assert t.source_document.direction == "out"
        history = updates.get(t.pk, [])
        if t.pk in actions:  # a key task: the rounded mean of its actions (roll-up)
            assert not history
            done = [a for a in actions[t.pk] if updates.get(a.pk)]
            if done:
                average = round(sum(a.progress for a in actions[t.pk]) / len(actions[t.pk]))
                assert t.progress == average
                assert t.status == ("in_progress" if average < 100 else "done")
            else:
                assert (t.status, t.progress) == ("open", 0)
            continue
        if not history:
            assert (t.status, t.progress, t.completed_at) == ("open", 0, None)
            continue
        assert t.created_at <= history[0].at
        assert all(u.progress < 100 for u in history[:-1])  # nothing after completion
        last = history[-1]
        if last.progress == 100:
            assert (t.status, t.completed_at) == ("done", last.at)
        else:
            assert (t.status, t.progress, t.completed_at) == ("in_progress", last.progress, None)
        for u in history:
            assert u.at < timezone.now()
            assert actors(u.by_id).can("task.change", t.owner_path), (t.title, u.by_id)
            if u.evidence_document is not None:
                assert u.evidence_document.organisation_id == t.owner_id
    statuses = {t.status for t in tasks.values()}
    assert {"open", "in_progress", "done"} <= statuses
    late = [t for t in tasks.values() if t.completed_at and _local(t.completed_at) > t.deadline]
    overdue = [t for t in tasks.values() if t.status != "done" and t.deadline < today]
    assert late and overdue


def test_difficulties_are_routed_answered_and_closed_in_order(tiny: Generated) -> None:
    from opentvet.reporting.services.steering import default_route

    actors = Actors()
    difficulties = list(
        tiny.new(Difficulty).select_related(
            "organisation", "routed_to", "resolving_document", "resolving_task", "submission"
        )
    )
    assert {d.status for d in difficulties} & {"answered", "closed"}
    for d in difficulties:
        assert d.organisation_path == d.organisation.path
        assert d.organisation.kind == OrgKind.INSTITUTION
        if d.routed_to != default_route(d.organisation, d.category):  # difficulty_route
            assert d.category == "finance"
            assert d.routed_to.kind == OrgKind.PEOPLES_COMMITTEE
        assert d.routed_to_id in d.organisation.ancestors_ids()
        if d.status == "open":
            assert (d.answer, d.answered_at, d.answered_by_id, d.closed_at) == (
                "",
                None,
                None,
                None,
            )
            continue
        assert d.answer and d.raised_at < d.answered_at
        assert actors(d.answered_by_id).can("difficulty.resolve", d.routed_to.path)
        if d.status == "closed":
            assert d.answered_at < d.closed_at
        else:
            assert d.closed_at is None
        if d.resolving_document is not None:
            assert d.resolving_document.organisation_id == d.routed_to_id
            assert d.resolving_document.issued_on == _local(d.answered_at)
        if d.resolving_task is not None:
            assert d.resolving_task.owner_id == d.routed_to_id
            assert d.resolving_task.created_at <= d.answered_at
        if d.submission is not None:
            assert d.submission.institution_id == d.organisation_id
            if d.submission.signed_at:
                assert d.raised_at < d.submission.signed_at


def test_six_month_reports_validate_and_freeze_what_was_sent(tiny: Generated) -> None:
    from opentvet.reporting.selectors import period_status
    from opentvet.reporting.services.submissions import _snapshot, submission_validate

    actors = Actors()
    submissions = list(
        Submission.all_objects.filter(period__template__name=SIX_MONTH_TEMPLATE).select_related(
            "period", "period__template", "institution", "signed_by"
        )
    )
    assert "acknowledged" in {s.status for s in submissions}
    for s in submissions:
        assert s.institution_path == s.institution.path
        values = list(s.values.all())
        assert len(values) == s.period.template.items.count()
        assert {v.submitted for v in values} == {s.status in {"submitted", "acknowledged"}}
        assert s.created_at < (s.signed_at or timezone.now())
        if s.status == "draft":
            assert (s.version, s.first_submitted_at, s.versions.count()) == (0, None, 0)
            continue
        assert s.created_at < s.signed_at < s.first_submitted_at == s.submitted_at
        assert actors(s.signed_by_id).can("report.sign", s.institution_path)
        assert actors(s.prepared_by_id).can("report.prepare", s.institution_path)
        assert not submission_validate(s)  # it could be signed: no blocking issue
        version = s.versions.get()
        assert version.number == s.version == 1
        assert version.snapshot == _snapshot(s)
        assert version.outcome == ("" if s.status == "submitted" else s.status)
        if s.reviewed_at:
            assert s.submitted_at < s.reviewed_at
            assert actors(s.reviewed_by_id).can("report.review", s.institution_path)
    latest = max((s.period for s in submissions), key=lambda p: p.year)
    officer = Actor.for_user(
        User.objects.get(email="chuyenvien1.so96@bench.opentvet.vn")  # a Sở officer
    )
    so = Organisation.objects.get(code="SGDDT-96")
    generated = {i.id for i in tiny.summary.world.institutions}
    with scope(officer):
        rows = period_status(actor=officer, period=latest, root=so)
    rows = [r for r in rows if r.institution.pk in generated]
    assert len(rows) == len(generated)
    assert {r.state for r in rows} <= {"missing", "submitted", "acknowledged", "returned"}


def test_reminders_go_to_institutions_that_had_not_submitted(tiny: Generated) -> None:
    actors = Actors()
    reminders = list(tiny.new(Reminder).select_related("period", "institution"))
    assert reminders
    sent = {
        (s.period_id, s.institution_id): s.first_submitted_at
        for s in Submission.all_objects.filter(period__in={r.period_id for r in reminders})
    }
    for r in reminders:
        assert r.institution_path == r.institution.path
        first = sent.get((r.period_id, r.institution_id))
        assert first is None or first > r.sent_at  # period_remind skips those who sent
        assert r.late == (_local(r.sent_at) > r.period.due_date)
        assert actors(r.sent_by_id).can("report.review", r.institution_path)
    assert not all(r.late for r in reminders)  # the Sở reminds before the due date


def test_meetings_link_their_guests_reports_and_documents(tiny: Generated) -> None:
    meetings = list(tiny.new(Meeting).select_related("organisation"))
    assert {m.kind for m in meetings} == {"briefing", "working", "other"}
    for m in meetings:
        assert m.organisation_path == m.organisation.path
        for guest in m.guest_organisations.all():
            assert guest.path.startswith(m.organisation_path)
        for s in m.submissions.all():
            assert _local(s.first_submitted_at) < m.held_on
            assert s.institution_path.startswith(m.organisation_path)
        for d in m.documents.all():
            assert d.organisation_id == m.organisation_id
            assert d.issued_on <= m.held_on
    sessions = [m for m in meetings if m.kind == "working"]
    assert sessions and all(m.guest_organisations.count() == 1 for m in sessions)


def test_drafting_projects_move_along_the_allowed_transitions(tiny: Generated) -> None:
    from opentvet.reporting.services.steering import DRAFTING_TRANSITIONS

    projects = list(tiny.new(DraftingProject).select_related("organisation", "issued_document"))
    assert len(projects) == 10 + 2  # the Cục's and the one Sở's
    for p in projects:
        assert p.organisation_path == p.organisation.path
        statuses = [step["status"] for step in p.history]
        days = [dt.date.fromisoformat(step["at"]) for step in p.history]
        assert statuses[0] == "drafting" and statuses[-1] == p.status
        for a, b in itertools.pairwise(statuses):
            assert b in DRAFTING_TRANSITIONS[a]
        assert days == sorted(days) and days[0] == _local(p.created_at)
        if p.status == "issued":
            assert p.issued_document.organisation_id == p.organisation_id
            assert p.issued_document.issued_on == days[-1]
        else:
            assert p.issued_document is None


def test_selectors_show_an_institution_its_own_rows_only(tiny: Generated) -> None:
    from opentvet.reporting.selectors import (
        difficulty_list,
        document_list,
        meeting_list,
        task_list,
    )

    college = tiny.institution("CD96-0001")
    other = tiny.institution("TC96-0001")
    rector = Actor.for_user(User.objects.get(email="hieutruong@cd96-0001.bench.opentvet.vn"))
    officer = Actor.for_user(User.objects.get(email="chuyenvien1.so96@bench.opentvet.vn"))

    def owners(actor: Actor, selector: Any, field: str) -> set[int]:
        with scope(actor):
            return set(selector(actor=actor).values_list(field, flat=True))

    mine = owners(rector, task_list, "owner_id")
    assert college.pk in mine and other.pk not in mine
    assert {college.pk, other.pk} <= owners(officer, task_list, "owner_id")
    assert owners(rector, document_list, "organisation_id") == {college.pk}
    raised = set(tiny.new(Difficulty).values_list("organisation_id", flat=True))
    assert owners(rector, difficulty_list, "organisation_id") == raised & {college.pk}
    assert raised <= owners(officer, difficulty_list, "organisation_id")
    with scope(rector):
        seen = meeting_list(actor=rector)
        assert seen.filter(organisation=college).exists()
        assert seen.filter(organisation__code="SGDDT-96", kind="other").exists()  # as a guest
        assert not seen.filter(organisation=other).exists()


def test_a_given_today_fixes_every_steering_date(db) -> None:  # type: ignore[no-untyped-def]
    """``--today``: the history runs from 1 January of the year before to the day before it,
    whatever day the generator runs (the same seed and today give the same rows)."""
    before = Document._base_manager.aggregate(top=Max("pk"))["top"] or 0
    today = dt.date(2024, 3, 1)
    generate("tiny", seed=7, log=lambda _message: None, today=today)
    with scopes_disabled():
        dates = list(Document.all_objects.filter(pk__gt=before).values_list("issued_on", flat=True))
    assert dates
    assert min(dates) >= dt.date(2023, 1, 1)
    assert max(dates) < today
