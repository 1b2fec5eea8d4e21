"""Memberships (who holds which role here) and new child organisations."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from opentvet.core.access import access_organisation_by_id, parse_id
from opentvet.core.auth import find_user
from opentvet.core.models import Membership, OrgKind
from opentvet.core.selectors import organisation_members
from opentvet.core.services import (
    ALLOWED_CHILDREN,
    membership_grant,
    membership_revoke,
    organisation_create,
    user_create,
)
from opentvet.web.forms import ChildOrganisationForm, MemberGrantForm
from opentvet.web.views.common import actor_of, errors_to_form


@login_required
@require_http_methods(["GET", "POST"])
def members_view(request: HttpRequest, org_id: str) -> HttpResponse:
    actor = actor_of(request)
    organisation = access_organisation_by_id(actor, org_id, perm="org.manage_members")
    form = MemberGrantForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                user = find_user(data["identifier"])
                if user is None:
                    if not data["full_name"]:
                        raise ValidationError(
                            {
                                "full_name": _(
                                    "Chưa có tài khoản này: hãy nhập họ và tên để tạo mới."
                                )
                            }
                        )
                    is_email = "@" in data["identifier"]
                    user = user_create(
                        actor=actor,
                        full_name=data["full_name"],
                        organisation=organisation,
                        email=data["identifier"] if is_email else None,
                        phone=None if is_email else data["identifier"],
                    )
                membership_grant(
                    actor=actor,
                    user=user,
                    organisation=organisation,
                    role=data["role"],
                    title=data["title"],
                )
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("Đã cấp vai trò cho %(name)s.") % {"name": user.full_name})
            return redirect("web:members", org_id=organisation.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "web/members.html",
        {
            "org": organisation,
            "form": form,
            "members": organisation_members(actor=actor, organisation=organisation),
        },
        status=status,
    )


@login_required
@require_POST
def member_revoke_view(request: HttpRequest, org_id: str, membership_id: str) -> HttpResponse:
    actor = actor_of(request)
    organisation = access_organisation_by_id(actor, org_id, perm="org.manage_members")
    membership = Membership.objects.filter(
        pk=parse_id(membership_id), organisation=organisation, is_active=True
    ).first()
    if membership is None:
        raise Http404
    membership_revoke(actor=actor, membership=membership)
    messages.success(request, _("Đã thu hồi vai trò."))
    return redirect("web:members", org_id=organisation.pk)


@login_required
@require_http_methods(["GET", "POST"])
def child_create_view(request: HttpRequest, org_id: str) -> HttpResponse:
    actor = actor_of(request)
    parent = access_organisation_by_id(actor, org_id, for_write=True)
    kinds = [(k.value, k.label) for k in OrgKind if k in ALLOWED_CHILDREN.get(parent.kind, set())]
    if not kinds:
        raise Http404
    form = ChildOrganisationForm(request.POST or None, kinds=kinds)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        extra = {"province": parent.province}
        if data["kind"] == OrgKind.UNIT:
            extra["unit_kind"] = data["unit_kind"]
        if data["kind"] == OrgKind.INSTITUTION:
            extra.update(institution_type=data["institution_type"], ownership=data["ownership"])
        try:
            child = organisation_create(
                actor=actor,
                parent=parent,
                kind=data["kind"],
                code=data["code"],
                name=data["name"],
                short_name=data["short_name"],
                **extra,
            )
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("Đã tạo %(name)s.") % {"name": child.name})
            return redirect("web:organisation_detail", org_id=child.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "web/child_create.html", {"org": parent, "form": form}, status=status)
