"""The live figures page (số liệu trực tuyến): nation → province → institution, computed now."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from opentvet.core.models import Organisation, OrgKind
from opentvet.reporting import live
from opentvet.reporting.access import access_live_root
from opentvet.reporting.charts import bar_chart
from opentvet.web.views.common import actor_of

DEFAULT_CODE = "learners.enrolled"


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


@login_required
def live_view(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    org_id = request.GET.get("org")
    root = access_live_root(actor, org_id) if org_id else live.default_live_root(actor)
    if root is None:
        raise Http404
    code = request.GET.get("code") or DEFAULT_CODE
    if live.live_indicator(code) is None:
        raise Http404
    national = root.kind in {OrgKind.MINISTRY, OrgKind.NATIONAL_AUTHORITY}
    by = request.GET.get("by") or (live.BY_PROVINCE if national else live.BY_INSTITUTION)
    if by not in live.BREAKDOWNS:
        raise Http404
    figure = live.live_figure(
        actor=actor,
        code=code,
        root=root,
        by=by,
        start=_date(request.GET.get("start")),
        end=_date(request.GET.get("end")),
    )
    choices = []
    for indicator in live.live_indicators():
        choices.append((indicator.code, str(indicator.name)))
        for key in indicator.breakdown:
            if key in live.LEVEL_LABELS and key != "unknown":
                label = _("%(name)s — trình độ %(level)s") % {
                    "name": indicator.name,
                    "level": str(live.LEVEL_LABELS[key]).lower(),
                }
                choices.append((f"{indicator.code}:{key}", label))
    # Breadcrumbs up to the highest level the actor sees live (nation › province › ...).
    crumbs = [
        a
        for a in Organisation.objects.filter(pk__in=root.ancestors_ids()[:-1]).order_by("depth")
        if actor.can("report.live", a.path)
    ]
    return render(
        request,
        "reporting/live.html",
        {
            "figure": figure,
            "root": root,
            "code": code,
            "by": by,
            "choices": choices,
            "crumbs": crumbs,
            "chart": bar_chart(
                [(r.label, r.value) for r in figure.rows if r.value is not None],
                title=str(figure.indicator.name),
            ),
        },
    )
