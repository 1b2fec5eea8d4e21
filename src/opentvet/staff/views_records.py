"""Staff record pages: employment history, teaching assignments and the linked account."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from opentvet.staff import services, services_records
from opentvet.staff.access import (
    access_assignment_by_id,
    access_employment_by_id,
    access_staff_member_by_id,
)
from opentvet.staff.forms import AccountForm, AssignmentForm, EmploymentForm
from opentvet.staff.models import StaffMember
from opentvet.web.views.common import actor_of, errors_to_form


def _record_form(
    request: HttpRequest,
    member: StaffMember,
    form: BaseForm,
    save: Callable[[dict[str, Any]], Any],
    *,
    heading: str,
    success: str,
) -> HttpResponse:
    """The add/edit pages of a record's history: validate, call the service, show its errors
    beside the fields (typed values kept), or go back to the record."""
    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, success)
            return redirect("staff:detail", staff_id=member.pk)
    return render(
        request,
        "staff/simple_form.html",
        {"member": member, "form": form, "heading": heading},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def employment_add_view(request: HttpRequest, staff_id: str) -> HttpResponse:
    actor = actor_of(request)
    member = access_staff_member_by_id(actor, staff_id, for_write=True)
    return _record_form(
        request,
        member,
        EmploymentForm(request.POST or None),
        lambda data: services.employment_record_add(actor=actor, member=member, data=data),
        heading=_("Thêm quá trình công tác"),
        success=_("Đã thêm quá trình công tác."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def employment_edit_view(request: HttpRequest, staff_id: str, record_id: str) -> HttpResponse:
    actor = actor_of(request)
    member = access_staff_member_by_id(actor, staff_id, for_write=True)
    record = access_employment_by_id(actor, member, record_id, for_write=True)
    return _record_form(
        request,
        member,
        EmploymentForm(request.POST or None, instance=record),
        lambda data: services_records.employment_record_update(
            actor=actor, record=record, data=data
        ),
        heading=_("Sửa quá trình công tác"),
        success=_("Đã lưu quá trình công tác."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def assignment_add_view(request: HttpRequest, staff_id: str) -> HttpResponse:
    actor = actor_of(request)
    member = access_staff_member_by_id(actor, staff_id, for_write=True)
    return _record_form(
        request,
        member,
        AssignmentForm(request.POST or None, initial={"occupation": member.occupation_id}),
        lambda data: services.teaching_assignment_add(actor=actor, member=member, data=data),
        heading=_("Thêm giờ giảng"),
        success=_("Đã thêm phân công giảng dạy."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def assignment_edit_view(request: HttpRequest, staff_id: str, assignment_id: str) -> HttpResponse:
    actor = actor_of(request)
    member = access_staff_member_by_id(actor, staff_id, for_write=True)
    assignment = access_assignment_by_id(actor, member, assignment_id, for_write=True)
    return _record_form(
        request,
        member,
        AssignmentForm(request.POST or None, instance=assignment),
        lambda data: services_records.teaching_assignment_update(
            actor=actor, assignment=assignment, data=data
        ),
        heading=_("Sửa giờ giảng"),
        success=_("Đã lưu phân công giảng dạy."),
    )


@login_required
@require_POST
def assignment_delete_view(request: HttpRequest, staff_id: str, assignment_id: str) -> HttpResponse:
    actor = actor_of(request)
    member = access_staff_member_by_id(actor, staff_id, for_write=True)
    assignment = access_assignment_by_id(actor, member, assignment_id, for_write=True)
    services_records.teaching_assignment_delete(actor=actor, assignment=assignment)
    messages.success(request, _("Đã xóa phân công giảng dạy."))
    return redirect("staff:detail", staff_id=member.pk)


@login_required
@require_http_methods(["GET", "POST"])
def account_view(request: HttpRequest, staff_id: str) -> HttpResponse:
    """Link the record to a login account (find by e-mail/phone) or create one."""
    actor = actor_of(request)
    member = access_staff_member_by_id(actor, staff_id, for_write=True)
    form = AccountForm(request.POST or None, initial={"email": member.email, "phone": member.phone})
    if request.method == "POST" and request.POST.get("action") == "unlink":
        services_records.staff_member_account_unlink(actor=actor, member=member)
        messages.success(request, _("Đã bỏ gắn tài khoản."))
        return redirect("staff:detail", staff_id=member.pk)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["action"] == "create":
                services_records.staff_member_account_create(
                    actor=actor, member=member, email=data["email"], phone=data["phone"]
                )
            else:
                services_records.staff_member_account_link(
                    actor=actor, member=member, identifier=data["identifier"]
                )
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("Đã gắn tài khoản với hồ sơ."))
            return redirect("staff:detail", staff_id=member.pk)
    return render(
        request,
        "staff/account.html",
        {"member": member, "form": form},
        status=400 if request.method == "POST" else 200,
    )
