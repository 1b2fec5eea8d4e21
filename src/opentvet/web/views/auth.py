from __future__ import annotations

from django.contrib.auth import authenticate, login, logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from opentvet.core.auth import client_ip, login_is_throttled
from opentvet.web.forms import LoginForm


@require_http_methods(["GET", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("web:home")
    form = LoginForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        identifier = form.cleaned_data["identifier"]
        ip = client_ip(request)
        if login_is_throttled(identifier, ip):
            form.add_error(
                None, _("Bạn đã đăng nhập sai quá nhiều lần. Vui lòng thử lại sau 15 phút.")
            )
            status = 429
        else:
            # The backend counts the failure (or clears them on success): core.auth.
            user = authenticate(
                request, username=identifier, password=form.cleaned_data["password"]
            )
            if user is None:
                form.add_error(None, _("Thông tin đăng nhập không đúng."))
                status = 400
            else:
                login(request, user)
                response = redirect(_safe_next(request))
                response.set_cookie("django_language", user.preferred_language or "vi")
                return response
    elif request.method == "POST":
        status = 400
    return render(request, "web/login.html", {"form": form}, status=status)


def _safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, {request.get_host()}, request.is_secure()
    ):
        return target
    return "/"


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("web:login")
