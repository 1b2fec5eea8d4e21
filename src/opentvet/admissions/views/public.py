"""The public portal: programme search and programme pages, no account needed."""

from __future__ import annotations

from functools import partial

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from opentvet.admissions import integration, selectors
from opentvet.admissions.access import access_round_by_id
from opentvet.admissions.forms import PortalFilterForm
from opentvet.admissions.selectors import PortalFilters
from opentvet.admissions.views.common import actor_or_none
from opentvet.core.access import parse_id
from opentvet.web.views.common import paginate_large, querystring_without

PER_PAGE = 15


def _filters(form: PortalFilterForm) -> PortalFilters:
    if not form.is_valid():
        return PortalFilters()
    d = form.cleaned_data
    return PortalFilters(
        q=d.get("q") or "",
        level=d["level"].pk if d.get("level") else "",
        province=d["province"].pk if d.get("province") else None,
        institution_name=d.get("institution") or "",
        delivery_mode=d.get("delivery_mode") or "",
        max_tuition=d.get("max_tuition"),
        international=bool(d.get("international")),
        open_only=bool(d.get("open_only")),
    )


@require_GET
def portal_view(request: HttpRequest) -> HttpResponse:
    form = PortalFilterForm(request.GET or None)
    # One read of the matching ids gives the count and the page (no COUNT(*) beside it).
    page = paginate_large(
        request,
        selectors.portal_programmes(_filters(form)),
        PER_PAGE,
        rows=selectors.portal_cards(),
    )
    context = {
        "form": form,
        "page": page,
        "query": querystring_without(request, "page"),
        # Called by the template only when the cached box has to be rendered again.
        "open_rounds": partial(selectors.open_rounds_listing, 10),
    }
    template = (
        "admissions/partials/programme_rows.html" if request.htmx else "admissions/portal.html"
    )
    return render(request, template, context)


@require_GET
def programme_view(request: HttpRequest, version_id: str) -> HttpResponse:
    version = selectors.portal_version(parse_id(version_id))
    if version is None:
        raise Http404
    outcome = integration.employment_outcomes([version.programme_id]).get(version.programme_id)
    return render(
        request,
        "admissions/programme.html",
        {
            "v": version,
            "p": version.programme,
            "outcome": outcome,
            "quotas": selectors.open_quotas_of(version),
        },
    )


@require_GET
def round_view(request: HttpRequest, round_id: str) -> HttpResponse:
    admission_round = access_round_by_id(actor_or_none(request), round_id)
    quotas = list(selectors.round_quotas(admission_round))
    return render(request, "admissions/round.html", {"round": admission_round, "quotas": quotas})
