from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from opentvet.api.urls import api
from opentvet.web.views.health import healthz, readyz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("chuong-trinh/", include("opentvet.programmes.urls")),
    path("nguoi-hoc/", include("opentvet.learners.urls")),
    path("nhan-su/", include("opentvet.staff.urls")),
    path("tuyen-sinh/", include("opentvet.admissions.urls")),
    path("huong-nghiep/", include("opentvet.guidance.urls")),
    path("bao-cao/", include("opentvet.reporting.urls")),
    path("thong-bao/", include("opentvet.notifications.urls")),
    path("van-ban/", include("opentvet.correspondence.urls")),
    path("quy-dinh/", include("opentvet.regulations.urls")),
    path("", include("opentvet.web.urls")),
]

if settings.DEBUG:  # pragma: no cover
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()

# Branded Vietnamese error pages with a way back; JSON in the API's shape under /api/.
handler400 = "opentvet.web.views.errors.bad_request"
handler403 = "opentvet.web.views.errors.permission_denied"
handler404 = "opentvet.web.views.errors.page_not_found"
handler500 = "opentvet.web.views.errors.server_error"
