"""One error format for every API answer: ``{"error": {"code", "message", "details"}}``."""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

logger = logging.getLogger(__name__)


def error_response(
    api: NinjaAPI, request: HttpRequest, status: int, code: str, message: str, details: Any = None
) -> HttpResponse:
    return api.create_response(
        request, {"error": {"code": code, "message": message, "details": details}}, status=status
    )


def install(api: NinjaAPI) -> None:
    @api.exception_handler(ValidationError)
    def invalid_input(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        return error_response(
            api, request, 422, "invalid", _("Dữ liệu gửi lên không hợp lệ."), exc.errors
        )

    @api.exception_handler(DjangoValidationError)
    def invalid_model(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
        details = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
        return error_response(
            api, request, 422, "invalid", _("Dữ liệu gửi lên không hợp lệ."), details
        )

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return error_response(api, request, 404, "not_found", _("Không tìm thấy."))

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return error_response(
            api, request, 401, "unauthenticated", _("Cần đăng nhập hoặc khóa API hợp lệ.")
        )

    @api.exception_handler(PermissionError)
    def forbidden(request: HttpRequest, exc: PermissionError) -> HttpResponse:
        return error_response(
            api, request, 403, "forbidden", _("Bạn không có quyền thực hiện thao tác này.")
        )

    @api.exception_handler(OverflowError)
    def out_of_range(request: HttpRequest, exc: OverflowError) -> HttpResponse:
        # A number too large for a database column that slipped past the schemas' bounds.
        return error_response(
            api, request, 422, "invalid", _("Dữ liệu gửi lên không hợp lệ."), str(exc)[:200]
        )

    @api.exception_handler(Exception)
    def server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
        logger.exception("API error on %s", request.path)
        return error_response(
            api, request, 500, "server_error", _("Lỗi hệ thống. Vui lòng thử lại sau.")
        )

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        code = {
            400: "bad_request",
            403: "forbidden",
            405: "method_not_allowed",
            409: "conflict",
            429: "rate_limited",
        }.get(exc.status_code, "error")
        return error_response(api, request, exc.status_code, code, str(exc))
