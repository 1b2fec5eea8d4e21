"""The ``/api/v1/`` surface: thin endpoints over the same access layer and services as the web.

Interactive docs at ``/api/v1/docs`` use the Swagger UI that django-ninja ships (no CDN).
"""

from typing import Any

from ninja import NinjaAPI

from opentvet.admissions.api import router as admissions_router
from opentvet.api import errors
from opentvet.api.auth import auth
from opentvet.api.base import document_errors
from opentvet.api.catalogue_endpoints import router as catalogue_router
from opentvet.api.core_endpoints import router as core_router
from opentvet.correspondence.api import router as correspondence_router
from opentvet.guidance.api import router as guidance_router
from opentvet.learners.api import router as learners_router
from opentvet.notifications.api import router as notifications_router
from opentvet.programmes.api import router as programmes_router
from opentvet.reporting.api import router as reporting_router
from opentvet.staff.api import router as staff_router


class OpenTvetAPI(NinjaAPI):
    """The published schema lists the error answers (one ``Error`` body) of every operation."""

    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> Any:
        return document_errors(super().get_openapi_schema(*args, **kwargs))


api = OpenTvetAPI(
    title="OpenTVET API",
    version="1",
    description="API của OpenTVET. Xác thực: `Authorization: Bearer <khóa API>` "
    "(tạo ở trang Tài khoản) hoặc phiên đăng nhập của trình duyệt.",
    auth=auth,
    urls_namespace="api",
)
errors.install(api)
api.add_router("/", core_router)
api.add_router("/catalogue", catalogue_router)
api.add_router("/programmes", programmes_router)
api.add_router("/learners", learners_router)
api.add_router("/staff", staff_router)
api.add_router("/admissions", admissions_router)
api.add_router("/guidance", guidance_router)
api.add_router("/reporting", reporting_router)
api.add_router("/notifications", notifications_router)
api.add_router("/documents", correspondence_router)
