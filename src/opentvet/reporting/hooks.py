"""What the reporting app plugs into the shared surfaces (menu, dashboard, indicators, demo,
background jobs)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from opentvet.core.access import Actor
from opentvet.reporting import demo, indicators, jobs  # noqa: F401  (registrations)
from opentvet.web.dashboard import Panel, register_panel
from opentvet.web.nav import NavItem, register_nav

register_nav(NavItem(_("Báo cáo"), "reporting:index", "report.view", order=60))
register_nav(NavItem(_("Nhiệm vụ"), "reporting:task_board", "task.view", order=61))


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


def _steering_context(actor: Actor) -> dict[str, Any]:
    from opentvet.reporting.models import Difficulty
    from opentvet.reporting.selectors import difficulty_list, overdue_tasks

    overdue = overdue_tasks(actor=actor)
    return {
        "open_difficulties": difficulty_list(actor=actor)
        .filter(
            routed_to__in=[
                g.organisation_id for g in actor.grants if "difficulty.resolve" in g.permissions
            ]
            or [0]
        )
        .filter(status=Difficulty.Status.OPEN)
        .count()
        if not actor.is_superuser
        else difficulty_list(actor=actor).filter(status=Difficulty.Status.OPEN).count(),
        "overdue_count": overdue.count(),
        "overdue": list(overdue.order_by("deadline")[:5]),
    }


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
