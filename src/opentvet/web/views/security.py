"""Password change and reset, and the second sign-in step (core/passwords.py, core/twofactor.py)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login

from opentvet.core import passwords, twofactor
from opentvet.core.auth import client_ip, find_user
from opentvet.web.forms import (
    PasswordChangeForm,
    PasswordResetForm,
    PasswordSetForm,
    SecondStepForm,
)
from opentvet.web.middleware import SECOND_STEP_SESSION_KEY
from opentvet.web.views.common import actor_of, errors_to_form

RESETS_PER_IDENTIFIER = 3
RESETS_PER_IP = 20
RESET_WINDOW_SECONDS = 3600


@login_required
@require_http_methods(["GET", "POST"])
def password_change_view(request: HttpRequest) -> HttpResponse:
    form = PasswordChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            passwords.user_password_change(
                actor=actor_of(request),
                old_password=form.cleaned_data["old_password"],
                new_password=form.cleaned_data["new_password1"],
                repeat=form.cleaned_data["new_password2"],
            )
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            update_session_auth_hash(request, request.user)  # type: ignore[arg-type]
            messages.success(request, _("Đã đổi mật khẩu."))
            return redirect("web:account")
    return render(
        request,
        "web/password_change.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
def password_reset_view(request: HttpRequest) -> HttpResponse:
    """Ask for a reset link; the answer is the same whether or not the account exists."""
    from opentvet.admissions.ratelimit import hit

    form = PasswordResetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        identifier = form.cleaned_data["identifier"].strip().lower()
        allowed = hit(
            "password_reset",
            [
                (f"id:{identifier}", RESETS_PER_IDENTIFIER),
                (f"ip:{client_ip(request) or ''}", RESETS_PER_IP),
            ],
            RESET_WINDOW_SECONDS,
        )
        if not allowed:
            form.add_error(None, _("Bạn đã yêu cầu quá nhiều lần. Vui lòng thử lại sau một giờ."))
            return render(request, "web/password_reset.html", {"form": form}, status=429)
        passwords.password_reset_request(
            user=find_user(identifier), base_url=request.build_absolute_uri("/")
        )
        return render(request, "web/password_reset.html", {"sent": True})
    return render(
        request,
        "web/password_reset.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
def password_reset_confirm_view(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    user = passwords.reset_user(uidb64, token)
    if user is None:
        response = render(request, "web/password_reset_confirm.html", {"invalid": True}, status=400)
    else:
        form = PasswordSetForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                passwords.password_reset_confirm(
                    user=user,
                    token=token,
                    new_password=form.cleaned_data["new_password1"],
                    repeat=form.cleaned_data["new_password2"],
                )
            except ValidationError as error:
                errors_to_form(form, error)
            else:
                messages.success(request, _("Đã đặt mật khẩu mới. Hãy đăng nhập."))
                return redirect("web:login")
        response = render(
            request,
            "web/password_reset_confirm.html",
            {"form": form},
            status=400 if request.method == "POST" else 200,
        )
    # The token is in the address: never send it on to another site.
    response["Referrer-Policy"] = "no-referrer"
    return response


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, {request.get_host()}, request.is_secure()
    ):
        return target
    return "/"


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_view(request: HttpRequest) -> HttpResponse:
    """The second step: enter the app's code, or — the first time — set the app up."""
    actor = actor_of(request)
    device = twofactor.confirmed_device(actor.user)
    verified = request.user.is_verified()  # type: ignore[union-attr]
    setting_up = device is None or verified
    form = SecondStepForm(request.POST or None)
    if setting_up:
        pending = twofactor.pending_device(actor.user)
        if pending is None or (request.method == "GET" and "moi" in request.GET):
            pending = twofactor.device_start(actor=actor)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            code = form.cleaned_data["code"]
            if setting_up:
                try:
                    twofactor.device_confirm(actor=actor, device=pending, token=code)
                except ValidationError as error:
                    errors_to_form(form, error)
                else:
                    otp_login(request, pending)
                    request.session[SECOND_STEP_SESSION_KEY] = "done"
                    messages.success(request, _("Đã bật xác thực hai bước."))
                    return redirect(_next(request))
            elif device is not None and twofactor.code_matches(device, code):
                otp_login(request, device)
                request.session[SECOND_STEP_SESSION_KEY] = "done"
                return redirect(_next(request))
            else:
                form.add_error("code", _("Mã không đúng hoặc đã hết hạn."))
    context = {"form": form, "setting_up": setting_up, "next": _next(request)}
    if setting_up:
        context |= {"qr": twofactor.qr_svg(pending), "secret": twofactor.secret_text(pending)}
    return render(request, "web/two_factor.html", context, status=status)


@login_required
@require_POST
def two_factor_remove_view(request: HttpRequest) -> HttpResponse:
    try:
        twofactor.device_remove(actor=actor_of(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Đã tắt xác thực hai bước."))
    return redirect("web:account")
