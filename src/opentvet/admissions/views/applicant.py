"""Applicant pages: one-time-code sign-in, profile and documents, applying, results."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from opentvet.admissions import integration, otp, selectors, services
from opentvet.admissions.access import (
    access_document_by_id,
    access_own_application_by_id,
    access_own_wish_by_id,
    access_round_by_id,
)
from opentvet.admissions.forms import (
    ApplyForm,
    DocumentForm,
    OtpStartForm,
    OtpVerifyForm,
    ProfileForm,
)
from opentvet.admissions.models import Application, WishStatus
from opentvet.admissions.ratelimit import hit
from opentvet.admissions.views.common import applicant_required
from opentvet.core.auth import client_ip, find_user
from opentvet.web.views.common import actor_of, errors_to_form

SESSION_IDENTIFIER = "otp_identifier"
SESSION_NAME = "otp_full_name"
SESSION_NEXT = "otp_next"
VERIFY_PER_IP = 30


def _safe_next(request: HttpRequest, target: str) -> str:
    if target and url_has_allowed_host_and_scheme(
        target, {request.get_host()}, request.is_secure()
    ):
        return target
    return ""


@require_http_methods(["GET", "POST"])
def otp_start_view(request: HttpRequest) -> HttpResponse:
    """Step 1: the applicant gives a phone number or e-mail; a one-time code is sent."""
    if request.user.is_authenticated:
        return redirect("admissions:mine")
    form = OtpStartForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            identifier = otp.normalise_identifier(form.cleaned_data["identifier"])
            user = find_user(identifier) if identifier else None
            if identifier is None:
                form.add_error(
                    "identifier", _("Số điện thoại (10 chữ số) hoặc thư điện tử không hợp lệ.")
                )
            elif user is None and not form.cleaned_data["full_name"].strip():
                form.add_error("full_name", _("Lần đầu đăng ký, vui lòng nhập họ và tên."))
            else:
                try:
                    # Staff accounts sign in with a password: no code is sent, and the page
                    # looks the same, so the form cannot be used to find staff numbers.
                    if user is None or services.is_applicant_only(user):
                        otp.otp_request(identifier=identifier, ip=client_ip(request))
                except otp.OtpError as error:
                    form.add_error(None, str(error))
                    status = 429
                else:
                    request.session[SESSION_IDENTIFIER] = identifier
                    request.session[SESSION_NAME] = form.cleaned_data["full_name"].strip()
                    request.session[SESSION_NEXT] = _safe_next(
                        request, request.POST.get("next") or request.GET.get("next") or ""
                    )
                    return redirect("admissions:otp_verify")
    return render(
        request,
        "admissions/otp_start.html",
        {"form": form, "next": request.GET.get("next", "")},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def otp_verify_view(request: HttpRequest) -> HttpResponse:
    """Step 2: the code; a new applicant's account is created on the first success."""
    identifier = request.session.get(SESSION_IDENTIFIER)
    if not identifier:
        return redirect("admissions:otp_start")
    form = OtpVerifyForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if not hit("otp_verify", [(f"ip:{client_ip(request) or ''}", VERIFY_PER_IP)], 900):
            form.add_error(None, _("Bạn đã thử quá nhiều lần. Vui lòng thử lại sau 15 phút."))
            status = 429
        elif form.is_valid():
            try:
                ok = otp.otp_verify(
                    identifier=identifier, code=form.cleaned_data["code"], ip=client_ip(request)
                )
            except otp.OtpError as error:
                form.add_error(None, str(error))
            else:
                user = find_user(identifier)
                if not ok or (user is not None and not services.is_applicant_only(user)):
                    form.add_error("code", _("Mã không đúng."))
                else:
                    if user is None:
                        user = services.applicant_register(
                            identifier=identifier, full_name=request.session.get(SESSION_NAME, "")
                        )
                    return _sign_in(request, user)
    return render(
        request,
        "admissions/otp_verify.html",
        {"form": form, "identifier": identifier},
        status=status,
    )


def _sign_in(request: HttpRequest, user) -> HttpResponse:  # type: ignore[no-untyped-def]
    from opentvet.guidance.access import session_tokens
    from opentvet.guidance.services import results_claim

    tokens = session_tokens(request)
    target = request.session.get(SESSION_NEXT) or ""
    login(request, user, backend="opentvet.core.auth.EmailOrPhoneBackend")
    if tokens:
        results_claim(user=user, tokens=tokens)
    messages.success(request, _("Đăng nhập thành công."))
    return redirect(target or "admissions:home")


@applicant_required
@require_GET
def home_view(request: HttpRequest) -> HttpResponse:
    """The applicant's home (trang của thí sinh): applications, messages and next steps."""
    actor = actor_of(request)
    applications = selectors.my_applications(actor)
    return render(
        request,
        "admissions/home.html",
        {
            "applications": applications,
            "inbox": list(selectors.my_messages(actor)[:5]),
            "unread": selectors.my_unread_count(actor),
            "steps": selectors.applicant_next_steps(actor, applications),
            "rounds": selectors.open_rounds_listing(5),
        },
    )


@applicant_required
@require_http_methods(["GET", "POST"])
def profile_view(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    profile = services.profile_of(actor.user)
    form = ProfileForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        try:
            services.profile_update(actor=actor, data=form.cleaned_data)
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("Đã lưu hồ sơ."))
            return redirect("admissions:profile")
    return render(
        request,
        "admissions/profile.html",
        {
            "form": form,
            "document_form": DocumentForm(),
            "documents": selectors.my_documents(actor),
            "rounds": selectors.open_rounds_listing(5),
        },
        status=400 if request.method == "POST" else 200,
    )


@applicant_required
@require_POST
def document_upload_view(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.document_upload(
                actor=actor, kind=form.cleaned_data["kind"], upload=form.cleaned_data["file"]
            )
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("Đã tải lên giấy tờ."))
            return redirect("admissions:profile")
    profile = services.profile_of(actor.user)
    return render(
        request,
        "admissions/profile.html",
        {
            "form": ProfileForm(instance=profile),
            "document_form": form,
            "documents": selectors.my_documents(actor),
            "rounds": selectors.open_rounds_listing(5),
        },
        status=400,
    )


def document_view(request: HttpRequest, doc_id: str) -> FileResponse:
    """The file, for its owner or an officer of an institution applied to; never cached."""
    if not request.user.is_authenticated:
        raise Http404
    document = access_document_by_id(actor_of(request), doc_id)
    response = FileResponse(
        document.file.open("rb"),
        content_type=document.content_type,
        filename=f"giay-to-{document.pk}{document.extension}",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@applicant_required
@require_POST
def document_delete_view(request: HttpRequest, doc_id: str) -> HttpResponse:
    actor = actor_of(request)
    document = access_document_by_id(actor, doc_id)
    if document.user_id != actor.user.pk:
        raise Http404
    services.document_delete(actor=actor, document=document)
    messages.success(request, _("Đã xóa giấy tờ."))
    return redirect("admissions:profile")


@applicant_required
@require_http_methods(["GET", "POST"])
def apply_view(request: HttpRequest, round_id: str) -> HttpResponse:
    actor = actor_of(request)
    admission_round = access_round_by_id(actor, round_id)
    existing = Application.objects.filter(round=admission_round, user=actor.user).first()
    if existing is not None and request.method == "GET":
        messages.info(
            request,
            _(
                "Bạn đã nộp hồ sơ %(code)s cho đợt tuyển sinh này; mỗi đợt chỉ nộp một hồ sơ. "
                "Kết quả và nguyện vọng của bạn ở dưới đây."
            )
            % {"code": existing.code},
        )
        return redirect("admissions:mine")
    quotas = list(selectors.round_quotas(admission_round))
    form = ApplyForm(request.POST or None, admission_round=admission_round, quotas=quotas)
    if request.method == "POST" and form.is_valid():
        try:
            application = services.application_submit(
                actor=actor,
                admission_round=admission_round,
                quota_ids=form.quota_ids(),
                idempotency_key=form.cleaned_data["idempotency_key"],
            )
        except ValidationError as error:
            errors_to_form(form, error)
        except PermissionError:
            form.add_error(None, _("Tài khoản của bạn không phải tài khoản thí sinh."))
        else:
            messages.success(request, _("Đã nộp hồ sơ %(code)s.") % {"code": application.code})
            return redirect("admissions:mine")
    return render(
        request,
        "admissions/apply.html",
        {"form": form, "round": admission_round, "profile": services.profile_of(actor.user)},
        status=400 if request.method == "POST" else 200,
    )


@applicant_required
def mine_view(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    applications = selectors.my_applications(actor)
    inbox = list(selectors.my_messages(actor))
    response = render(
        request,
        "admissions/mine.html",
        {
            "applications": applications,
            "inbox": inbox,
            "admitted": WishStatus.ADMITTED,
            "student": integration.student_of(actor.user.pk),
        },
    )
    services.messages_mark_read(actor=actor)
    return response


@applicant_required
@require_POST
def wish_confirm_view(request: HttpRequest, wish_id: str) -> HttpResponse:
    actor = actor_of(request)
    wish = access_own_wish_by_id(actor, wish_id)
    try:
        services.wish_confirm(actor=actor, wish=wish)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Đã xác nhận nhập học."))
    return redirect("admissions:mine")


@applicant_required
@require_POST
def wish_decline_view(request: HttpRequest, wish_id: str) -> HttpResponse:
    actor = actor_of(request)
    wish = access_own_wish_by_id(actor, wish_id)
    try:
        services.wish_decline(actor=actor, wish=wish)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("admissions:mine")


@applicant_required
@require_POST
def application_withdraw_view(request: HttpRequest, application_id: str) -> HttpResponse:
    actor = actor_of(request)
    application = access_own_application_by_id(actor, application_id)
    try:
        services.application_withdraw(actor=actor, application=application)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("admissions:mine")
