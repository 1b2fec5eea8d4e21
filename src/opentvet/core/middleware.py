"""Attach the request's ``Actor`` and run the whole request inside its tenant scope.

The actor comes from the session, or for ``/api/`` requests from an ``Authorization: Bearer``
token, resolved here so that API endpoints run in the token owner's scope like pages do.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from opentvet.core.access import Actor
from opentvet.core.models import ApiToken
from opentvet.core.scopes import scope


def token_for(raw: str) -> ApiToken | None:
    """The live token (not revoked, not expired, active user) with this raw value, or None."""
    now = timezone.now()
    row = (
        ApiToken.objects.select_related("user")
        .filter(digest=ApiToken.digest_of(raw), revoked_at__isnull=True, user__is_active=True)
        .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))
        .first()
    )
    if row is None:
        return None
    if row.last_used_at is None or (now - row.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=row.pk).update(last_used_at=now)
    return row


class TenantScopeMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        actor: Actor | None = None
        request.token_authenticated = False  # type: ignore[attr-defined]
        request.token_scopes = ()  # type: ignore[attr-defined]
        if request.user.is_authenticated:
            actor = Actor.for_user(request.user)  # type: ignore[arg-type]
        elif request.path.startswith("/api/"):
            header = request.headers.get("Authorization", "")
            if header.lower().startswith("bearer ") and len(header) < 200:
                token = token_for(header[7:].strip())
                if token is not None:
                    actor = Actor.for_user(token.user)
                    request.token_authenticated = True  # type: ignore[attr-defined]
                    request.token_scopes = tuple(token.scope_list)  # type: ignore[attr-defined]
        request.actor = actor  # type: ignore[attr-defined]
        with scope(actor):
            return self.get_response(request)
