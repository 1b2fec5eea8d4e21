from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from opentvet.core.access import Actor
from opentvet.core.dbrouter import heavy_for_authorities
from opentvet.core.models import InstitutionType
from opentvet.core.selectors import dashboard_summary
from opentvet.web.dashboard import panels_for
from opentvet.web.views.common import actor_of

#: Roles of people who come to apply, not to work: their home is the applicant's page.
APPLICANT_ROLES = frozenset({"applicant"})


def is_applicant_home(actor: Actor) -> bool:
    """True when the signed-in user only applies (no staff, student or authority role)."""
    roles = {g.role for g in actor.grants}
    return not actor.is_superuser and not actor.user.is_staff and roles <= APPLICANT_ROLES


@heavy_for_authorities
def home(request: HttpRequest) -> HttpResponse:
    """``/``: the public front page for visitors, the applicant's home for applicants, the
    dashboard for everyone who works in the system."""
    if not request.user.is_authenticated:
        return front_page(request)
    actor = actor_of(request)
    if is_applicant_home(actor):
        return redirect("admissions:home")
    summary = dashboard_summary(actor=actor)
    type_rows = [
        (label, summary["by_type"].get(value, 0)) for value, label in InstitutionType.choices
    ]
    return render(
        request,
        "web/home.html",
        {
            "summary": summary,
            "type_rows": type_rows,
            "panels": panels_for(actor),
            "role_names": sorted({g.role for g in actor.grants}),
        },
    )


def front_page(request: HttpRequest) -> HttpResponse:
    """What a visitor meets first: programme search, open rounds, guidance and both sign-ins."""
    from opentvet.admissions.forms import PortalFilterForm
    from opentvet.admissions.selectors import open_rounds_listing

    return render(
        request,
        "web/front.html",
        {"form": PortalFilterForm(), "rounds": open_rounds_listing(8)},
    )
