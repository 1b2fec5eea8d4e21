"""The signed-in user's own page: roles, language, API tokens."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from opentvet.core import twofactor
from opentvet.core.access import parse_id
from opentvet.core.models import ApiToken, Membership
from opentvet.core.services import api_token_create, api_token_revoke
from opentvet.web.forms import ApiTokenForm
from opentvet.web.views.common import actor_of


@login_required
@require_http_methods(["GET", "POST"])
def account_view(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    form = ApiTokenForm(request.POST or None)
    new_token = None
    if request.method == "POST" and form.is_valid():
        try:
            _token, new_token = api_token_create(
                actor=actor,
                name=form.cleaned_data["name"],
                scopes=form.cleaned_data["scopes"],
                valid_days=form.cleaned_data["valid_days"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            form = ApiTokenForm()
    return render(
        request,
        "web/account.html",
        {
            "memberships": Membership.objects.filter(
                user=actor.user, is_active=True
            ).select_related("organisation", "role"),
            "tokens": ApiToken.objects.filter(user=actor.user, revoked_at__isnull=True).filter(
                Q(expires_at__isnull=True) | Q(expires_at__gt=timezone.now())
            ),
            "form": form,
            "new_token": new_token,
            "has_second_step": twofactor.confirmed_device(actor.user) is not None,
            "second_step_required": twofactor.is_required_for(actor),
        },
    )


@login_required
@require_POST
def api_token_revoke_view(request: HttpRequest, token_id: str) -> HttpResponse:
    actor = actor_of(request)
    token = ApiToken.objects.filter(
        pk=parse_id(token_id), user=actor.user, revoked_at__isnull=True
    ).first()
    if token is None:
        raise Http404
    api_token_revoke(actor=actor, token=token)
    messages.success(request, _("Đã thu hồi khóa API."))
    return redirect("web:account")
