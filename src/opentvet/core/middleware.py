"""Attach the request's ``Actor`` and run the whole request inside its tenant scope."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from opentvet.core.access import Actor
from opentvet.core.scopes import scope


class TenantScopeMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated:
            actor: Actor | None = Actor.for_user(user)  # type: ignore[arg-type]
        else:
            actor = None
        request.actor = actor  # type: ignore[attr-defined]
        with scope(actor):
            return self.get_response(request)


