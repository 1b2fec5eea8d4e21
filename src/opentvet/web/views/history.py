from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from opentvet.core.history import object_history
from opentvet.web.views.common import actor_of, paginate


@login_required
def object_history_view(request: HttpRequest, object_type: str, object_id: str) -> HttpResponse:
    instance, organisation, entries = object_history(
        actor=actor_of(request), object_type=object_type[:100], object_id=object_id[:64]
    )
    return render(
        request,
        "web/object_history.html",
        {
            "object": instance,
            "org": organisation,
            "page": paginate(request, entries),
        },
    )
