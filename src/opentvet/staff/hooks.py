"""What the staff app plugs into the shared surfaces (menu, dashboard, indicators, demo)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from opentvet.core.access import Actor
from opentvet.staff import demo, imports, indicators  # noqa: F401  (registration)
from opentvet.web.dashboard import Panel, register_panel
from opentvet.web.nav import NavItem, register_nav

register_nav(NavItem(_("Nhà giáo, cán bộ"), "staff:home", "staff.view", order=30))
register_nav(NavItem(_("Hồ sơ của tôi"), "staff:me", "staff.self", order=31, own=True))
register_nav(NavItem(_("Thăng hạng"), "staff:rounds", "promotion.manage", order=32))


def _expiry_context(actor: Actor) -> dict[str, Any]:
    from opentvet.staff.selectors import expiring_qualifications

    return {"items": list(expiring_qualifications(actor=actor)[:15])}


def _own_context(actor: Actor) -> dict[str, Any]:
    from opentvet.staff.access import own_staff_record
    from opentvet.staff.selectors import gap_list

    own = own_staff_record(actor)
    return {"own": own, "gaps": gap_list(own) if own else []}


def _standardisation_context(actor: Actor) -> dict[str, Any]:
    from opentvet.core.cache import aggregate_for_reach
    from opentvet.staff.selectors import standardisation_panel

    figures = aggregate_for_reach(
        "staff.standardisation_panel", actor, "staff.view", lambda: standardisation_panel(actor)
    )
    return {**figures.value, "as_of": figures.as_of if figures.cached else None}


register_panel(Panel("staff_expiry", "staff/panels/expiry.html", None, _expiry_context, order=30))
register_panel(Panel("staff_own", "staff/panels/own.html", "staff.self", _own_context, order=31))
register_panel(
    Panel(
        "staff_standardisation",
        "staff/panels/standardisation.html",
        "staff.view",
        _standardisation_context,
        order=32,
    )
)
