"""API authentication: a bearer token for machine clients, or the browser session.

The token itself is resolved by ``core.middleware`` (so the endpoint runs in the token owner's
tenant scope); these classes only tell Ninja which requests are authenticated and describe the
schemes in the OpenAPI document.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import APIKeyCookie, HttpBearer

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


class TokenAuth(HttpBearer):
    """A live token; one without the ``write`` scope may only read (403 otherwise)."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        if not getattr(request, "token_authenticated", False):
            return None
        scopes = request.token_scopes  # type: ignore[attr-defined]
        if request.method not in SAFE_METHODS and "write" not in scopes:
            raise PermissionError("token scope")
        return request.actor  # type: ignore[attr-defined]


class SessionAuth(APIKeyCookie):
    """The web session; unsafe methods need the CSRF token like any form post."""

    param_name = "sessionid"

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        if getattr(request, "token_authenticated", False):
            return None
        return getattr(request, "actor", None)


auth = [TokenAuth(), SessionAuth(csrf=True)]
