"""The ``/api/v1/`` surface: thin endpoints over the same access layer and services as the web.

Interactive docs at ``/api/v1/docs`` use the Swagger UI that django-ninja ships (no CDN).
"""

from ninja import NinjaAPI

from opentvet.api import errors
from opentvet.api.auth import auth
from opentvet.api.core_endpoints import router as core_router

api = NinjaAPI(
    title="OpenTVET API",
    version="1",
    description="API của OpenTVET. Xác thực: `Authorization: Bearer <khóa API>` "
    "(tạo ở trang Tài khoản) hoặc phiên đăng nhập của trình duyệt.",
    auth=auth,
    urls_namespace="api",
)
errors.install(api)
api.add_router("/", core_router)
