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


#: Matches a large list counts exactly; beyond it the page says "more than" and asks to narrow.
LARGE_CAP = 1000


def paginate_large(
    request: HttpRequest,
    queryset: Any,
    per_page: int = PAGE_SIZE,
    cap: int = LARGE_CAP,
    *,
    rows: Any = None,
) -> Page:
    """Pages of a list over millions of rows (every student in the country), searched once.

    ``paginate`` runs the search twice: a ``COUNT(*)`` and the page, each paying the trigram
    index scan (40-60 ms apiece over 2.5 million students, bench/profile_page.py). Here one
    query reads at most ``cap`` + 1 ids in the list's order, which gives both the count and the
    page; then the page's rows are read by id. ``page.capped`` says there are more than ``cap``.
    """
    ids = list(queryset.values_list("pk", flat=True)[: cap + 1])
    page = Paginator(ids[:cap], per_page).get_page(request.GET.get("page"))
    wanted = list(page.object_list)
    # ``rows``: a lighter queryset for the page's rows (the columns the page shows), read by
    # the ids the list's own query chose; by default the list's queryset, filters and all.
    found = (queryset if rows is None else rows).order_by().in_bulk(wanted)
    page.object_list = [found[pk] for pk in wanted if pk in found]
    page.capped = len(ids) > cap  # type: ignore[attr-defined]
    return page


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
