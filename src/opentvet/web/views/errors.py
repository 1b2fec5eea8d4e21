"""Error pages: branded, in the user's language, with a way back; JSON under ``/api/``.

Django calls these (``handler400/403/404/500`` in ``opentvet.urls``) when ``DEBUG`` is off. The
API answers its one error shape (``api.errors``) on every status, including errors raised before
an endpoint runs (a middleware's database error) and paths no endpoint matches.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils.translation import gettext as _

API_PREFIX = "/api/"


def _api_error(status: int, code: str, message: str) -> JsonResponse:
    return JsonResponse(
        {"error": {"code": code, "message": message, "details": None}},
        status=status,
        json_dumps_params={"ensure_ascii": False},
    )


def _page(request: HttpRequest, status: int, title: str, text: str) -> HttpResponse:
    return render(
        request,
        "web/errors/error.html",
        {"status": status, "title": title, "text": text},
        status=status,
    )


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if request.path.startswith(API_PREFIX):
        return _api_error(400, "bad_request", _("Yêu cầu không hợp lệ."))
    return _page(
        request,
        400,
        _("Yêu cầu không hợp lệ"),
        _("Trình duyệt đã gửi một yêu cầu hệ thống không hiểu."),
    )


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if request.path.startswith(API_PREFIX):
        return _api_error(403, "forbidden", _("Bạn không có quyền thực hiện thao tác này."))
    return _page(
        request,
        403,
        _("Không có quyền truy cập"),
        _("Tài khoản của bạn không được phép mở trang này."),
    )


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if request.path.startswith(API_PREFIX):
        return _api_error(404, "not_found", _("Không tìm thấy."))
    return _page(
        request,
        404,
        _("Không tìm thấy trang"),
        _("Trang bạn tìm không có, đã bị xóa, hoặc bạn không có quyền xem."),
    )


def server_error(request: HttpRequest) -> HttpResponse:
    """No database, session or menu here: the error may be the database itself."""
    if request.path.startswith(API_PREFIX):
        return _api_error(500, "server_error", _("Lỗi hệ thống. Vui lòng thử lại sau."))
    context: dict[str, Any] = {
        "status": 500,
        "title": _("Lỗi hệ thống"),
        "text": _("Hệ thống gặp sự cố khi xử lý yêu cầu. Vui lòng thử lại sau ít phút."),
    }
    html = loader.get_template("web/errors/500.html").render(context)
    return HttpResponse(html, status=500)
