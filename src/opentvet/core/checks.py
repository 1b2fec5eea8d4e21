"""Deployment checks of our own, beside Django's ``check --deploy``."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, Tags, register
from django.core.exceptions import ImproperlyConfigured


def uses_builtin_secret_key() -> bool:
    return bool(settings.SECRET_KEY == settings.BUILTIN_SECRET_KEY)


def refuse_builtin_secret_key() -> None:
    """Stop a server that would sign sessions with the public key (DEBUG off, not the demo)."""
    if uses_builtin_secret_key() and not settings.DEBUG and not settings.OPENTVET_DEMO:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set the SECRET_KEY environment variable to a long random "
            "value (python -c 'import secrets; print(secrets.token_urlsafe(50))'), or set "
            "OPENTVET_DEMO=1 to run the demo with the public built-in key."
        )


@register(Tags.security, deploy=True)
def check_secret_key(app_configs: Any, **kwargs: Any) -> list[Error]:
    if uses_builtin_secret_key():
        return [
            Error(
                "SECRET_KEY is OpenTVET's public built-in key.",
                hint="Set the SECRET_KEY environment variable to a long random value.",
                id="opentvet.E001",
            )
        ]
    return []
