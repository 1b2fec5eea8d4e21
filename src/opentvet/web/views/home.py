from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from opentvet.core.dbrouter import heavy_for_authorities
from opentvet.core.models import InstitutionType
from opentvet.core.selectors import dashboard_summary
from opentvet.web.dashboard import panels_for
from opentvet.web.views.common import actor_of


@login_required
@heavy_for_authorities
def home(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
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
