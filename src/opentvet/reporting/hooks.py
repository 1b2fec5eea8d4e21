"""What the reporting app plugs into the shared surfaces (menu, dashboard, indicators, demo,
background jobs)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from opentvet.core.access import Actor
from opentvet.reporting import demo, demo_network, indicators, jobs  # noqa: F401  (registrations)
from opentvet.web.dashboard import Panel, register_panel
from opentvet.web.nav import NavItem, register_nav

register_nav(NavItem(_("Báo cáo"), "reporting:index", "report.view", order=60))
register_nav(NavItem(_("Nhiệm vụ"), "reporting:task_board", "task.view", order=61))
register_nav(NavItem(_("Số liệu trực tuyến"), "reporting:live", "report.live", order=62))


def _due_context(actor: Actor) -> dict[str, Any]:
    from opentvet.reporting.models import Reminder
    from opentvet.reporting.selectors import due_reports_for_institutions

    due = due_reports_for_institutions(actor=actor)
    reminders = (
        Reminder.objects.filter(
            actor.reach_q("report.prepare", "institution_path"), period__status="open"
        ).count()
        if due
        else 0
    )
    return {"due": due, "reminders": reminders}


def _steering_figures(actor: Actor, resolving: list[int]) -> dict[str, Any]:
    from opentvet.reporting.models import Difficulty
    from opentvet.reporting.selectors import difficulty_list, overdue_tasks

    difficulties = difficulty_list(actor=actor).filter(status=Difficulty.Status.OPEN)
    if not actor.is_superuser:
        difficulties = difficulties.filter(routed_to__in=resolving or [0])
    overdue = overdue_tasks(actor=actor)
    return {
        "open_difficulties": difficulties.count(),
        "overdue_count": overdue.count(),
        # Plain values: the figures may be kept in the cache (below).
        "overdue": [
            {
                "pk": t.pk,
                "title": t.title,
                "owner": t.owner.short_name or t.owner.name,
                "deadline": t.deadline,
            }
            for t in overdue.order_by("deadline", "pk")[:5]
        ],
    }


def _steering_context(actor: Actor) -> dict[str, Any]:
    """A province's or the nation's tasks reach tens of thousands (107,579 generated; reading
    the overdue ones through the two reach paths took 20-30 ms, docs/benchmarks.md): above an
    institution the figures are kept 5 minutes per reach, as the other authority panels are."""
    from opentvet.core.cache import aggregate_for_reach

    resolving = sorted(
        g.organisation_id for g in actor.grants if "difficulty.resolve" in g.permissions
    )
    figures = aggregate_for_reach(
        f"reporting.steering:{','.join(map(str, resolving))}",
        actor,
        "task.view",
        lambda: _steering_figures(actor, resolving),
    )
    return {**figures.value, "as_of": figures.as_of if figures.cached else None}


register_panel(
    Panel(
        "reporting.due",
        "reporting/partials/panel_due.html",
        "report.prepare",
        _due_context,
        order=60,
    )
)
register_panel(
    Panel(
        "reporting.steering",
        "reporting/partials/panel_steering.html",
        "difficulty.resolve",
        _steering_context,
        order=61,
    )
)


def _assigned_context(actor: Actor) -> dict[str, Any]:
    from django.utils import timezone

    from opentvet.reporting.selectors import tasks_assigned_to

    count, tasks = tasks_assigned_to(actor=actor)
    return {"count": count, "tasks": tasks, "today": timezone.localdate()}


# --- "What is waiting for me" (issue 13): answers to our difficulties (tasks given to us are
# ``_assigned_context``). It reads the actor's own organisations only (the grants' nodes), never
# a subtree, so it stays small at any scale.


def _own_orgs(actor: Actor, perm: str) -> list[int]:
    return sorted({g.organisation_id for g in actor.grants if perm in g.permissions})


def _answers_context(actor: Actor) -> dict[str, Any]:
    from opentvet.reporting.models import Difficulty

    orgs = _own_orgs(actor, "difficulty.raise")
    answered = Difficulty.all_objects.filter(
        organisation_id__in=orgs, status=Difficulty.Status.ANSWERED
    )
    rows = list(answered.select_related("routed_to").order_by("-answered_at", "-pk")[:5])
    return {"answers": rows, "count": len(rows) if len(rows) < 5 else answered.count()}


register_panel(
    Panel(
        "reporting.assigned",
        "reporting/partials/panel_assigned.html",
        "task.view",
        _assigned_context,
        order=59,
    )
)
register_panel(
    Panel(
        "reporting.answers",
        "reporting/partials/panel_answers.html",
        "difficulty.raise",
        _answers_context,
        order=59,
    )
)
