"""API authentication: a bearer token for machine clients, or the browser session.

The token itself is resolved by ``core.middleware`` (so the endpoint runs in the token owner's
tenant scope); these classes only tell Ninja which requests are authenticated and describe the
schemes in the OpenAPI document.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import APIKeyCookie, HttpBearer


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        if getattr(request, "token_authenticated", False):
            return request.actor  # type: ignore[attr-defined]
        return None


class SessionAuth(APIKeyCookie):
    """The web session; unsafe methods need the CSRF token like any form post."""

    param_name = "sessionid"

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        if getattr(request, "token_authenticated", False):
            return None
        return getattr(request, "actor", None)


auth = [TokenAuth(), SessionAuth(csrf=True)]
