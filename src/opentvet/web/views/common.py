"""Helpers shared by the web views."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.forms import Form
from django.http import HttpRequest

from opentvet.core.access import Actor

PAGE_SIZE = 25


def actor_of(request: HttpRequest) -> Actor:
    actor: Actor | None = getattr(request, "actor", None)
    if actor is None:  # login_required runs first; this guards misuse
        raise PermissionError("anonymous")
    return actor


def paginate(request: HttpRequest, queryset: Any, per_page: int = PAGE_SIZE) -> Page:
    paginator = Paginator(queryset, per_page)
    return paginator.get_page(request.GET.get("page"))


def errors_to_form(form: Form, error: ValidationError) -> None:
    """Put a service's ValidationError back on the form, so the page shows it beside the field."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


def querystring_without(request: HttpRequest, *keys: str) -> str:
    params = request.GET.copy()
    for key in keys:
        params.pop(key, None)
    return params.urlencode()
