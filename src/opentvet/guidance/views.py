"""Guidance pages: the inventory and its explained recommendations (public), interest codes
(authority), counselling sessions, events and consented results (institutions)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from opentvet.admissions.access import access_institution
from opentvet.admissions.ratelimit import hit
from opentvet.admissions.services import profile_of
from opentvet.catalogue.models import Occupation
from opentvet.core.access import parse_id
from opentvet.core.auth import client_ip
from opentvet.core.models import Organisation, OrgKind
from opentvet.guidance import services
from opentvet.guidance.access import (
    SESSION_KEY,
    access_event_by_id,
    access_registration_by_id,
    access_result_for_counsellor,
    access_result_for_owner,
)
from opentvet.guidance.forms import (
    EventForm,
    InterestCodeForm,
    InventoryForm,
    RegistrationForm,
    SessionForm,
)
from opentvet.guidance.inventory import TYPE_DESCRIPTIONS, TYPE_NAMES, TYPES
from opentvet.guidance.models import (
    CounsellingSession,
    EventRegistration,
    GuidanceEvent,
    InventoryResult,
    OccupationInterest,
    ResultConsent,
)
from opentvet.guidance.recommend import recommend
from opentvet.web.views.common import actor_of, errors_to_form

REGISTRATIONS_PER_IP = 10


def home_view(request: HttpRequest) -> HttpResponse:
    return redirect("guidance:inventory")


@require_http_methods(["GET", "POST"])
def inventory_view(request: HttpRequest) -> HttpResponse:
    form = InventoryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = request.user if request.user.is_authenticated else None
        try:
            result = services.inventory_submit(user=user, answers=form.cleaned_data)
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            if user is None:
                tokens = request.session.get(SESSION_KEY, [])
                request.session[SESSION_KEY] = [*tokens[-9:], result.token]
            params = {}
            if form.cleaned_data.get("education_level"):
                params["hoc_van"] = form.cleaned_data["education_level"]
            if form.cleaned_data.get("province"):
                params["tinh"] = form.cleaned_data["province"].pk
            target = redirect("guidance:result", result_id=result.pk)
            if params:
                from urllib.parse import urlencode

                target["Location"] += "?" + urlencode(params)
            return target
    return render(
        request,
        "guidance/inventory.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )


def _chart(scores: dict[str, int]) -> list[dict[str, object]]:
    return [
        {
            "type": t,
            "name": TYPE_NAMES[t],
            "pct": scores.get(t, 0),
            "description": TYPE_DESCRIPTIONS[t],
        }
        for t in TYPES
    ]


def result_view(request: HttpRequest, result_id: str) -> HttpResponse:
    result = access_result_for_owner(request, result_id)
    education = request.GET.get("hoc_van", "")
    province_id = None
    try:
        province_id = int(request.GET.get("tinh", "")) or None
    except ValueError:
        province_id = None
    if request.user.is_authenticated and hasattr(request.user, "applicant_profile"):
        profile = profile_of(request.user)  # type: ignore[arg-type]
        education = education or profile.education_level
        province_id = province_id or profile.province_id
    institutions = Organisation.objects.filter(
        kind=OrgKind.INSTITUTION, valid_to__isnull=True
    ).order_by("name")
    shared = set(
        ResultConsent.all_objects.filter(result=result, revoked_at__isnull=True).values_list(
            "institution_id", flat=True
        )
    )
    return render(
        request,
        "guidance/result.html",
        {
            "result": result,
            "chart": _chart(result.scores),
            "recommendations": recommend(
                result.scores, education_level=education, province_id=province_id
            ),
            "institutions": institutions if result.user_id else [],
            "shared": shared,
        },
    )


@login_required
@require_POST
def consent_view(request: HttpRequest, result_id: str) -> HttpResponse:
    actor = actor_of(request)
    result = access_result_for_owner(request, result_id)
    institution = Organisation.objects.filter(
        pk=parse_id(request.POST.get("institution")), kind=OrgKind.INSTITUTION
    ).first()
    if institution is None:
        raise Http404
    try:
        if request.POST.get("revoke"):
            services.consent_revoke(actor=actor, result=result, institution=institution)
        else:
            services.consent_grant(actor=actor, result=result, institution=institution)
    except PermissionError:
        raise Http404 from None
    messages.success(request, _("Đã cập nhật chia sẻ kết quả."))
    return redirect("guidance:result", result_id=result.pk)


@login_required
@require_http_methods(["GET", "POST"])
def codes_view(request: HttpRequest) -> HttpResponse:
    """Occupation groups and their RIASEC codes; the authority edits them."""
    actor = actor_of(request)
    authority = Organisation.objects.filter(kind=OrgKind.NATIONAL_AUTHORITY).order_by("pk").first()
    can_edit = authority is not None and actor.can(services.INTEREST_EDIT_PERM, authority.path)
    if request.method == "POST":
        if not can_edit:
            raise Http404
        occupation = Occupation.objects.filter(
            code=str(request.POST.get("occupation", ""))[:7]
        ).first()
        form = InterestCodeForm(request.POST)
        if occupation is None:
            raise Http404
        if form.is_valid():
            try:
                services.interest_code_set(
                    actor=actor,
                    authority=authority,
                    occupation=occupation,
                    code=form.cleaned_data["code"],
                    note=form.cleaned_data["note"],
                )
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _("Đã lưu mã của %(code)s.") % {"code": occupation.code})
        return redirect("guidance:codes")
    codes = dict(OccupationInterest.objects.values_list("occupation_id", "code"))
    groups = [
        (o, codes.get(o.code, o.riasec))
        for o in Occupation.objects.filter(level=2).order_by("code")
    ]
    return render(request, "guidance/codes.html", {"groups": groups, "can_edit": can_edit})


def events_view(request: HttpRequest) -> HttpResponse:
    since = timezone.now() - dt.timedelta(days=1)
    events = (
        GuidanceEvent.all_objects.filter(starts_at__gte=since)
        .select_related("institution")
        .annotate(n=Count("registrations"))
        .order_by("starts_at")[:50]
    )
    return render(request, "guidance/events.html", {"events": events})


@require_http_methods(["GET", "POST"])
def event_view(request: HttpRequest, event_id: str) -> HttpResponse:
    event = access_event_by_id(None, event_id)
    form = RegistrationForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if not hit(
            "event_register", [(f"ip:{client_ip(request) or ''}", REGISTRATIONS_PER_IP)], 3600
        ):
            form.add_error(None, _("Bạn đã gửi quá nhiều đăng ký. Vui lòng thử lại sau."))
            status = 429
        elif form.is_valid():
            try:
                services.event_register(
                    event=event,
                    full_name=form.cleaned_data["full_name"],
                    phone=form.cleaned_data["phone"].strip(),
                    school=form.cleaned_data["school"],
                )
            except ValidationError as error:
                errors_to_form(form, error)
            else:
                messages.success(request, _("Đăng ký thành công. Hẹn gặp bạn tại sự kiện!"))
                return redirect("guidance:event", event_id=event.pk)
    return render(request, "guidance/event.html", {"event": event, "form": form}, status=status)


@login_required
def counsel_view(request: HttpRequest, org_id: str) -> HttpResponse:
    actor = actor_of(request)
    institution = access_institution(actor, org_id, "admissions.view")
    can_change = actor.can(services.COUNSEL_PERM, institution.path)
    shared = ResultConsent.all_objects.filter(
        institution=institution, revoked_at__isnull=True
    ).select_related("result__user")[:100]
    return render(
        request,
        "guidance/counsel.html",
        {
            "org": institution,
            "can_change": can_change,
            "shared": shared,
            "sessions": CounsellingSession.all_objects.filter(institution=institution)[:50],
            "events": GuidanceEvent.all_objects.filter(institution=institution).annotate(
                n=Count("registrations")
            )[:50],
            "session_form": SessionForm(),
            "event_form": EventForm(),
        },
    )


@login_required
@require_POST
def session_add_view(request: HttpRequest, org_id: str) -> HttpResponse:
    actor = actor_of(request)
    institution = access_institution(actor, org_id, services.COUNSEL_PERM)
    form = SessionForm(request.POST)
    if form.is_valid():
        services.session_record(actor=actor, institution=institution, data=form.cleaned_data)
        messages.success(request, _("Đã ghi buổi tư vấn."))
    else:
        messages.error(request, _("Thông tin buổi tư vấn chưa hợp lệ."))
    return redirect("guidance:counsel", org_id=institution.pk)


@login_required
@require_POST
def event_add_view(request: HttpRequest, org_id: str) -> HttpResponse:
    actor = actor_of(request)
    institution = access_institution(actor, org_id, services.COUNSEL_PERM)
    form = EventForm(request.POST)
    if form.is_valid():
        services.event_create(actor=actor, institution=institution, data=form.cleaned_data)
        messages.success(request, _("Đã tạo sự kiện."))
    else:
        messages.error(request, _("Thông tin sự kiện chưa hợp lệ."))
    return redirect("guidance:counsel", org_id=institution.pk)


@login_required
def event_manage_view(request: HttpRequest, event_id: str) -> HttpResponse:
    actor = actor_of(request)
    event = access_event_by_id(actor, event_id, perm="admissions.view")
    return render(
        request,
        "guidance/event_manage.html",
        {
            "event": event,
            "registrations": EventRegistration.all_objects.filter(event=event),
            "can_change": actor.can(services.COUNSEL_PERM, event.institution.path),
        },
    )


@login_required
@require_POST
def attendance_view(request: HttpRequest, registration_id: str) -> HttpResponse:
    actor = actor_of(request)
    registration = access_registration_by_id(actor, registration_id)
    services.attendance_set(
        actor=actor, registration=registration, attended=request.POST.get("attended") == "1"
    )
    return redirect("guidance:event_manage", event_id=registration.event_id)


@login_required
def result_counsel_view(request: HttpRequest, result_id: str) -> HttpResponse:
    result: InventoryResult = access_result_for_counsellor(actor_of(request), result_id)
    return render(
        request, "guidance/result_counsel.html", {"result": result, "chart": _chart(result.scores)}
    )
