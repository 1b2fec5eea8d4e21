"""The inbox (hộp thông báo): list, open, mark read, mark all read, e-mail preference."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from opentvet.notifications import selectors, services
from opentvet.notifications.access import access_notification_by_id
from opentvet.notifications.forms import PreferenceForm
from opentvet.notifications.models import Kind
from opentvet.web.views.common import actor_of, errors_to_form, paginate


@login_required
def inbox_view(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    unread_only = request.GET.get("chua-doc") == "1"
    page = paginate(
        request, selectors.notification_list(actor=actor, unread_only=unread_only), per_page=30
    )
    return render(
        request,
        "notifications/inbox.html",
        {"page": page, "unread_only": unread_only, "kinds": dict(Kind.choices)},
    )


@login_required
def open_view(request: HttpRequest, notification_id: str) -> HttpResponse:
    """Follow a notification's link; opening it marks it read."""
    actor = actor_of(request)
    notification = access_notification_by_id(actor, notification_id)
    services.notification_mark_read(actor=actor, notification=notification)
    return redirect(notification.link or "notifications:inbox")


@login_required
@require_POST
def mark_read_view(request: HttpRequest, notification_id: str) -> HttpResponse:
    actor = actor_of(request)
    notification = access_notification_by_id(actor, notification_id)
    services.notification_mark_read(actor=actor, notification=notification)
    if request.htmx:  # type: ignore[attr-defined]
        return render(
            request,
            "notifications/partials/row.html",
            {"n": notification, "kinds": dict(Kind.choices), "oob_count": True},
        )
    return redirect("notifications:inbox")


@login_required
@require_POST
def mark_all_read_view(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    changed = services.notification_mark_all_read(actor=actor)
    if request.htmx:  # type: ignore[attr-defined]
        page = paginate(request, selectors.notification_list(actor=actor), per_page=30)
        return render(
            request,
            "notifications/partials/list.html",
            {"page": page, "kinds": dict(Kind.choices), "oob_count": True},
        )
    messages.success(request, _("Đã đánh dấu %(n)d thông báo là đã đọc.") % {"n": changed})
    return redirect("notifications:inbox")


@login_required
@require_http_methods(["GET", "POST"])
def preference_view(request: HttpRequest) -> HttpResponse:
    """The e-mail choice (immediate, daily digest, none); shown inside the account page."""
    actor = actor_of(request)
    preference = services.preference_of(actor.user)
    form = PreferenceForm(request.POST or None, initial={"email_mode": preference.email_mode})
    saved = False
    if request.method == "POST" and form.is_valid():
        try:
            preference = services.notification_preference_set(
                actor=actor, email_mode=form.cleaned_data["email_mode"]
            )
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            saved = True
            if not request.htmx:  # type: ignore[attr-defined]
                messages.success(request, _("Đã lưu cách nhận thông báo."))
                return redirect("web:account")
    template = (
        "notifications/partials/preference.html"
        if request.htmx  # type: ignore[attr-defined]
        else "notifications/preference.html"
    )
    return render(
        request,
        template,
        {"form": form, "saved": saved, "preference": preference},
        status=400 if request.method == "POST" and not form.is_valid() else 200,
    )
