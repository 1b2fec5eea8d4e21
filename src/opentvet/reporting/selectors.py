"""Reads of the reporting app: lists through the actor's reach, roll-ups as SQL aggregates."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Avg, Count, F, Min, Q, QuerySet, Sum
from django.utils import timezone

from opentvet.core.access import Actor
from opentvet.core.models import Organisation, OrgKind, User
from opentvet.reporting.access import (
    difficulties_visible_q,
    submissions_visible_q,
    tasks_visible_q,
    templates_visible_q,
    travelling_documents_q,
)
from opentvet.reporting.models import (
    Aggregation,
    Difficulty,
    Document,
    DraftingProject,
    Meeting,
    Reminder,
    ReportingPeriod,
    ReportTemplate,
    Submission,
    SubmissionValue,
    Task,
)
from opentvet.reporting.rollups import REPORTED, key_task_rollup
from opentvet.reporting.services.submissions import (
    expected_institutions,
    previous_period,
    registered_indicator,
    template_items,
)


def template_list(*, actor: Actor) -> QuerySet[ReportTemplate]:
    return (
        ReportTemplate.objects.filter(templates_visible_q(actor))
        .select_related("organisation")
        .annotate(n_items=Count("items", distinct=True))
        .order_by("organisation__path", "name")
    )


def period_list(*, actor: Actor) -> QuerySet[ReportingPeriod]:
    return (
        ReportingPeriod.objects.filter(
            template__in=ReportTemplate.objects.filter(templates_visible_q(actor))
        )
        .select_related("template", "template__organisation")
        .order_by("-end", "template__name")
    )


def submission_list(*, actor: Actor) -> QuerySet[Submission]:
    return (
        Submission.objects.filter(submissions_visible_q(actor))
        .select_related("period", "period__template", "institution")
        .order_by("-period__end", "institution__name")
    )


def reporting_root(actor: Actor, period: ReportingPeriod) -> Organisation | None:
    """The highest node under the period's authority where the actor reviews or views reports."""
    base = period.template.organisation
    candidates = [
        g
        for g in actor.grants
        if ("report.view" in g.permissions)
        and (g.path.startswith(base.path) or base.path.startswith(g.path))
    ]
    if actor.is_superuser or any(base.path.startswith(g.path) for g in candidates):
        return base
    if not candidates:
        return None
    top = min(candidates, key=lambda g: g.path.count("/"))
    return Organisation.objects.filter(pk=top.organisation_id).first()


@dataclass
class StatusRow:
    institution: Organisation
    submission: Submission | None
    state: str  # missing / draft / submitted / returned / acknowledged
    late: bool
    reminders: int = 0


def period_status(*, actor: Actor, period: ReportingPeriod, root: Organisation) -> list[StatusRow]:
    """Each expected institution under ``root`` with the state of its report (no drafts shown
    to the authority: a never-submitted report is "missing")."""
    institutions = list(
        expected_institutions(period)
        .filter(path__startswith=root.path)
        .filter(actor.reach_q("report.view"))
        .order_by("name")
    )
    submissions = {
        s.institution_id: s
        for s in Submission.objects.filter(period=period, institution__in=institutions)
    }
    reminders = dict(
        Reminder.objects.filter(period=period, institution__in=institutions)
        .values_list("institution_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    today = timezone.localdate()
    rows = []
    for inst in institutions:
        sub = submissions.get(inst.pk)
        if sub is not None and not sub.was_submitted and not actor.can("report.prepare", inst.path):
            sub = None
        if sub is None:
            state, late = "missing", today > period.due_date
        else:
            first = sub.first_submitted_at
            state = sub.status
            late = (timezone.localdate(first) if first else today) > period.due_date
        rows.append(StatusRow(inst, sub, state, late, reminders.get(inst.pk, 0)))
    return rows


@dataclass
class RollupRow:
    """One indicator of a roll-up. ``value`` and ``reporting`` cover every institution that
    reported this period; comparisons are like for like: ``value_vs_previous`` / ``previous``
    sum only the institutions that reported in *both* periods (``compared_previous`` of them),
    and likewise for the same period last year."""

    code: str
    name: str
    unit: str
    aggregation: str
    has_source: bool
    value: Decimal | None
    reporting: int
    previous: Decimal | None = None
    last_year: Decimal | None = None
    value_vs_previous: Decimal | None = None
    value_vs_last_year: Decimal | None = None

    @staticmethod
    def _change(new: Decimal | None, old: Decimal | None) -> Decimal | None:
        if new is None or old in (None, 0):
            return None
        return ((new - old) / abs(old) * 100).quantize(Decimal("0.1"))

    @property
    def change_previous(self) -> Decimal | None:
        return self._change(self.value_vs_previous, self.previous)

    @property
    def change_last_year(self) -> Decimal | None:
        return self._change(self.value_vs_last_year, self.last_year)


@dataclass
class Comparison:
    """Which institutions a like-for-like comparison of two periods counts."""

    period: ReportingPeriod | None
    both: int = 0
    only_now: int = 0
    only_then: int = 0


def _reporters(period_id: int, root_path: str, reach: Q) -> set[int]:
    """Institutions under ``root_path`` whose report of the period counts in roll-ups."""
    return set(
        Submission.all_objects.filter(
            period_id=period_id, status__in=REPORTED, institution_path__startswith=root_path
        )
        .filter(reach)
        .values_list("institution_id", flat=True)
    )


def _aggregate(
    period_id: int, root_path: str, reach: Q, leave_out: set[int] | None = None
) -> dict[str, dict[str, Any]]:
    rows = (
        SubmissionValue.objects.filter(period_id=period_id, submitted=True)
        .filter(institution_path__startswith=root_path)
        .filter(reach)
    )
    if leave_out:
        # Institutions that reported in only one of two compared periods: few, so NOT IN.
        rows = rows.exclude(institution_id__in=sorted(leave_out))
    rows = rows.values("code").annotate(total=Sum("value"), mean=Avg("value"), n=Count("value"))
    return {r["code"]: r for r in rows.order_by()}


def _pick(row: dict[str, Any] | None, aggregation: str) -> Decimal | None:
    if row is None or not row["n"]:
        return None
    value = row["mean"] if aggregation == Aggregation.MEAN else row["total"]
    return Decimal(value).quantize(Decimal("0.01")) if value is not None else None


def _like_for_like(
    period: ReportingPeriod, other: ReportingPeriod | None, root_path: str, reach: Q
) -> tuple[Comparison, dict[str, dict[str, Any]], dict[str, dict[str, Any]]]:
    """Both periods' aggregates over the institutions that reported in both."""
    if other is None:
        return Comparison(None), {}, {}
    now = _reporters(period.pk, root_path, reach)
    then = _reporters(other.pk, root_path, reach)
    comparison = Comparison(other, len(now & then), len(now - then), len(then - now))
    if not now & then:
        return comparison, {}, {}
    current = _aggregate(period.pk, root_path, reach, now - then)
    before = _aggregate(other.pk, root_path, reach, then - now)
    return comparison, current, before


def period_comparisons(
    *, actor: Actor, period: ReportingPeriod, root: Organisation
) -> tuple[Comparison, Comparison]:
    """How many institutions the comparisons with the previous period and last year count."""
    reach = actor.reach_q("report.view", "institution_path")
    now = _reporters(period.pk, root.path, reach)
    result = []
    for other in (previous_period(period), previous_period(period, same_last_year=True)):
        if other is None:
            result.append(Comparison(None))
            continue
        then = _reporters(other.pk, root.path, reach)
        result.append(Comparison(other, len(now & then), len(now - then), len(then - now)))
    return result[0], result[1]


def period_rollup(*, actor: Actor, period: ReportingPeriod, root: Organisation) -> list[RollupRow]:
    """Every indicator of the period over submitted reports under ``root``, compared like for
    like with the previous period and the same period last year: GROUP BY queries on the value
    rows (one for the period, two per comparison)."""
    reach = actor.reach_q("report.view", "institution_path")
    current = _aggregate(period.pk, root.path, reach)
    _cmp, now_prev, before = _like_for_like(period, previous_period(period), root.path, reach)
    last = previous_period(period, same_last_year=True)
    _cmp, now_last, last_year = _like_for_like(period, last, root.path, reach)
    rows = []
    for item in template_items(period):
        d = item.definition
        rows.append(
            RollupRow(
                code=d.code,
                name=d.name,
                unit=d.unit,
                aggregation=d.aggregation,
                has_source=d.kind == "manual" or registered_indicator(d.registry_code) is not None,
                value=_pick(current.get(d.code), d.aggregation),
                reporting=(current.get(d.code) or {}).get("n", 0),
                previous=_pick(before.get(d.code), d.aggregation),
                last_year=_pick(last_year.get(d.code), d.aggregation),
                value_vs_previous=_pick(now_prev.get(d.code), d.aggregation),
                value_vs_last_year=_pick(now_last.get(d.code), d.aggregation),
            )
        )
    return rows


def rollup_breakdown(
    *, actor: Actor, period: ReportingPeriod, root: Organisation, code: str
) -> list[dict[str, Any]]:
    """One indicator per child of ``root`` (provinces for the nation, institutions for a
    province): the drill-down table and chart."""
    qs = (
        SubmissionValue.objects.filter(period=period, submitted=True, code=code)
        .filter(institution_path__startswith=root.path)
        .filter(actor.reach_q("report.view", "institution_path"))
    )
    if root.kind in {OrgKind.MINISTRY, OrgKind.NATIONAL_AUTHORITY}:
        rows = (
            qs.values("province_id")
            .annotate(total=Sum("value"), mean=Avg("value"), n=Count("pk"))
            .order_by("province_id")
        )
        from opentvet.catalogue.models import Province

        names = dict(Province.objects.values_list("pk", "name"))
        # The province's People's Committee is the node a drill-down goes to.
        committees = dict(
            Organisation.objects.filter(
                kind=OrgKind.PEOPLES_COMMITTEE,
                valid_to__isnull=True,
                path__startswith=root.path,
            ).values_list("province_id", "pk")
        )
        mean = _aggregation_of(period, code) == Aggregation.MEAN
        return [
            {
                "label": names.get(r["province_id"], "—"),
                "value": r["mean"] if mean else r["total"],
                "n": r["n"],
                "province_id": r["province_id"],
                "organisation_id": committees.get(r["province_id"]),
            }
            for r in rows
        ]
    rows = qs.values("institution_id", "institution__name", "submission_id", "value").order_by(
        "institution__name"
    )
    return [
        {
            "label": r["institution__name"],
            "value": r["value"],
            "n": 1,
            "institution_id": r["institution_id"],
            "submission_id": r["submission_id"],
        }
        for r in rows
    ]


def _aggregation_of(period: ReportingPeriod, code: str) -> str:
    item = next((i for i in template_items(period) if i.definition.code == code), None)
    return item.definition.aggregation if item else Aggregation.SUM


def national_rollup_by_code(period_id: int) -> dict[str, Decimal]:
    """The bare national sum per code (the benchmarked query)."""
    return dict(
        SubmissionValue.all_objects.filter(period_id=period_id, submitted=True)
        .values_list("code")
        .annotate(total=Sum("value"))
        .order_by()
    )


# --- Steering ---------------------------------------------------------------------------------


def document_list(*, actor: Actor, direction: str = "", q: str = "") -> QuerySet[Document]:
    qs = Document.objects.filter(
        actor.reach_q("document.view", "organisation_path"), travelling_documents_q(actor)
    )
    if direction:
        qs = qs.filter(direction=direction)
    if q:
        qs = qs.filter(Q(symbol__icontains=q) | Q(subject__icontains=q))
    return qs.select_related("organisation")


def meeting_list(*, actor: Actor) -> QuerySet[Meeting]:
    """Meetings of the actor's reach, those its organisations are invited to, and those the
    actor is invited to in person."""
    reach = actor.reach_q("task.view", "organisation_path")
    guest_ids = [g.organisation_id for g in actor.grants if "task.view" in g.permissions]
    invited = Q(guest_organisations__in=guest_ids)
    if actor.user.pk is not None:
        invited |= Q(invited_people=actor.user.pk)
    return (
        Meeting.all_objects.filter(reach | invited)
        .distinct()
        .select_related("organisation", "conclusion_document")
    )


def meeting_invitable_organisations(
    *, actor: Actor, convener: Organisation
) -> QuerySet[Organisation]:
    """Organisations a meeting may invite: the convener's subtree (without its units), within
    the actor's reach."""
    return (
        Organisation.objects.filter(
            actor.reach_q("task.view"), path__startswith=convener.path, valid_to__isnull=True
        )
        .exclude(pk=convener.pk)
        .exclude(kind="unit")
        .order_by("path")
    )


def meeting_invitable_people(*, actor: Actor, convener: Organisation) -> QuerySet[User]:
    """People with an active role at the convener or in its subtree, within the actor's reach."""
    return (
        User.objects.filter(
            actor.reach_q("task.view", "memberships__organisation__path"),
            memberships__organisation__path__startswith=convener.path,
            memberships__is_active=True,
            is_active=True,
        )
        .distinct()
        .order_by("full_name", "pk")
    )


def meeting_linkable_submissions(*, actor: Actor, convener: Organisation) -> QuerySet[Submission]:
    """Submitted reports of institutions under the convener that the actor may read."""
    return submission_list(actor=actor).filter(
        institution_path__startswith=convener.path, first_submitted_at__isnull=False
    )


def meeting_linkable_documents(*, actor: Actor, convener: Organisation) -> QuerySet[Document]:
    """Documents in the registers of the convener and its subtree that the actor may read."""
    return document_list(actor=actor).filter(organisation_path__startswith=convener.path)


def tasks_assigned_to(*, actor: Actor, limit: int = 10) -> tuple[int, list[Task]]:
    """Open tasks that another organisation gave to one where the actor holds a role
    (nhiệm vụ được giao): how many, and the first ``limit`` by deadline."""
    owner_ids = [g.organisation_id for g in actor.grants if "task.view" in g.permissions]
    qs = (
        Task.all_objects.filter(
            owner_id__in=owner_ids, status__in=[Task.Status.OPEN, Task.Status.IN_PROGRESS]
        )
        .exclude(assigned_by_id=F("owner_id"))
        .select_related("assigned_by", "owner", "meeting", "source_document")
        .order_by(F("deadline").asc(nulls_last=True), "pk")
    )
    return qs.count(), list(qs[:limit])


@dataclass
class TaskBoard:
    columns: dict[str, list[Task]] = field(default_factory=dict)
    overdue: int = 0
    total: int = 0


def task_list(*, actor: Actor, within: Organisation | None = None) -> QuerySet[Task]:
    qs = Task.all_objects.filter(tasks_visible_q(actor))
    if within is not None:
        qs = qs.filter(Q(owner_path__startswith=within.path) | Q(assigned_by=within))
    return qs.select_related("owner", "assigned_by", "owner_person", "meeting", "parent")


def task_board(*, actor: Actor, within: Organisation | None = None) -> TaskBoard:
    board = TaskBoard(columns={s: [] for s in Task.Status.values})
    today = timezone.localdate()
    for task in task_list(actor=actor, within=within).order_by("deadline", "pk"):
        task.is_overdue = bool(  # type: ignore[attr-defined]
            task.deadline
            and task.deadline < today
            and task.status in {Task.Status.OPEN, Task.Status.IN_PROGRESS}
        )
        board.columns[task.status].append(task)
        board.overdue += task.is_overdue  # type: ignore[attr-defined]
        board.total += 1
    return board


def overdue_tasks(*, actor: Actor) -> QuerySet[Task]:
    return task_list(actor=actor).filter(
        deadline__lt=timezone.localdate(),
        status__in=[Task.Status.OPEN, Task.Status.IN_PROGRESS],
    )


def difficulty_list(*, actor: Actor, status: str = "", category: str = "") -> QuerySet[Difficulty]:
    qs = Difficulty.all_objects.filter(difficulties_visible_q(actor))
    if status:
        qs = qs.filter(status=status)
    if category:
        qs = qs.filter(category=category)
    return qs.select_related("organisation", "routed_to")


def difficulty_counts(*, actor: Actor) -> list[dict[str, Any]]:
    """Open difficulties per category and resolving level, with the oldest's age in days."""
    now = timezone.now()
    rows = (
        difficulty_list(actor=actor)
        .exclude(status=Difficulty.Status.CLOSED)
        .values("category", "routed_to__name", "status")
        .annotate(n=Count("pk"), oldest=Min("raised_at"))
        .order_by("category", "routed_to__name", "status")
    )
    labels = dict(Difficulty._meta.get_field("category").choices)  # type: ignore[arg-type]
    return [
        {
            **r,
            "category_label": labels.get(r["category"], r["category"]),
            "age_days": (now - r["oldest"]).days if r["oldest"] else 0,
        }
        for r in rows
    ]


def drafting_list(*, actor: Actor) -> QuerySet[DraftingProject]:
    return DraftingProject.all_objects.filter(
        actor.reach_q("document.view", "organisation_path")
    ).select_related("organisation", "owner_person")


def due_reports_for_institutions(*, actor: Actor) -> list[dict[str, Any]]:
    """Open periods the actor's institutions must report in, with their state (dashboard)."""
    institutions = list(
        Organisation.objects.filter(actor.reach_q("report.prepare"), kind=OrgKind.INSTITUTION)[:20]
    )
    if not institutions:
        return []
    result = []
    periods = list(
        period_list(actor=actor)
        .filter(status=ReportingPeriod.Status.OPEN)
        .order_by("due_date")[:20]
    )
    subs = {
        (s.period_id, s.institution_id): s
        for s in Submission.objects.filter(period__in=periods, institution__in=institutions)
    }
    today = timezone.localdate()
    for period in periods:
        for inst in institutions:
            if not inst.path.startswith(period.template.organisation.path):
                continue
            sub = subs.get((period.pk, inst.pk))
            if sub and sub.status in {Submission.Status.SUBMITTED, Submission.Status.ACKNOWLEDGED}:
                continue
            result.append(
                {
                    "period": period,
                    "institution": inst,
                    "submission": sub,
                    "late": today > period.due_date,
                }
            )
    return result


def briefing_data(
    *, actor: Actor, organisation: Organisation, year: int, month: int
) -> dict[str, Any]:
    """Everything the monthly briefing pack shows for ``organisation`` (giao ban tháng)."""
    first = dt.date(year, month, 1)
    last = (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    periods = list(
        period_list(actor=actor)
        .filter(end__lte=last)
        .filter(
            Q(template__organisation__path__startswith=organisation.path)
            | Q(template__organisation_id__in=organisation.ancestors_ids())
        )
        .order_by("-end")[:1]
    )
    period = periods[0] if periods else None
    rollup = period_rollup(actor=actor, period=period, root=organisation) if period else []
    key_task_summary = (
        key_task_rollup(actor=actor, period=period, root=organisation) if period else None
    )
    status = period_status(actor=actor, period=period, root=organisation) if period else []
    counts: dict[str, int] = defaultdict(int)
    for row in status:
        counts[row.state] += 1
    tasks = task_list(actor=actor, within=organisation)
    today = min(timezone.localdate(), last)
    task_counts = dict(tasks.values_list("status").annotate(n=Count("pk")).order_by())
    overdue = list(
        tasks.filter(
            deadline__lt=today, status__in=[Task.Status.OPEN, Task.Status.IN_PROGRESS]
        ).order_by("deadline")[:30]
    )
    key_tasks = list(tasks.filter(key_year=year, parent__isnull=True).order_by("pk")[:20])
    difficulties = list(
        difficulty_list(actor=actor)
        .filter(
            Q(organisation_path__startswith=organisation.path)
            | Q(routed_to__path__startswith=organisation.path)
        )
        .exclude(status=Difficulty.Status.CLOSED)
        .order_by("raised_at")[:30]
    )
    drafting = list(
        drafting_list(actor=actor)
        .filter(organisation_path__startswith=organisation.path)
        .exclude(status=DraftingProject.Status.ISSUED)
    )
    documents = list(
        document_list(actor=actor).filter(
            organisation_path__startswith=organisation.path,
            issued_on__gte=first,
            issued_on__lte=last,
        )[:30]
    )
    return {
        "organisation": organisation,
        "year": year,
        "month": month,
        "first": first,
        "last": last,
        "period": period,
        "rollup": rollup,
        "submission_counts": dict(counts),
        "expected": len(status),
        "task_counts": task_counts,
        "overdue": overdue,
        "key_tasks": key_tasks,
        "key_task_rollup": key_task_summary,
        "difficulties": difficulties,
        "drafting": drafting,
        "documents": documents,
    }
