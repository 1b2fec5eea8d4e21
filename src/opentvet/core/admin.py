"""Django admin, for superusers only (is_staff is granted to the demo superuser alone).

Institution officers work in the product's own pages, which go through services and the audit
log; the admin is for operators fixing reference data. Audit entries are read-only here.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from opentvet.core.models import (
    ApiToken,
    AuditEntry,
    Job,
    Membership,
    Organisation,
    OrganisationEvent,
    Permission,
    Role,
    User,
)


class SuperuserOnly(admin.ModelAdmin):
    def has_module_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_active and request.user.is_superuser)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_module_permission(request)


@admin.register(Organisation)
class OrganisationAdmin(SuperuserOnly):
    list_display = ["code", "name", "kind", "institution_type", "province", "valid_to"]
    list_filter = ["kind", "institution_type", "ownership"]
    search_fields = ["code", "name", "search_name"]
    raw_id_fields = ["parent", "successor", "governing_body", "ward"]


@admin.register(User)
class UserAdmin(SuperuserOnly):
    list_display = ["full_name", "email", "phone", "is_active", "is_superuser"]
    search_fields = ["full_name", "search_name", "email", "phone"]
    exclude = ["password", "user_permissions", "groups"]


@admin.register(Membership)
class MembershipAdmin(SuperuserOnly):
    list_display = ["user", "role", "organisation", "is_active"]
    list_filter = ["role", "is_active"]
    raw_id_fields = ["user", "organisation"]


@admin.register(Role)
class RoleAdmin(SuperuserOnly):
    list_display = ["codename", "name", "order"]
    filter_horizontal = ["permissions"]


admin.site.register(Permission, SuperuserOnly)
admin.site.register(OrganisationEvent, SuperuserOnly)


@admin.register(AuditEntry)
class AuditEntryAdmin(SuperuserOnly):
    list_display = ["at", "actor_label", "verb", "object_type", "object_repr"]
    list_filter = ["action", "object_type"]
    search_fields = ["object_repr", "actor_label", "verb"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Job)
class JobAdmin(SuperuserOnly):
    list_display = ["title", "kind", "status", "progress", "created_by", "created_at"]
    list_filter = ["status", "kind"]


@admin.register(ApiToken)
class ApiTokenAdmin(SuperuserOnly):
    list_display = ["name", "prefix", "user", "created_at", "revoked_at"]
    exclude = ["digest"]


# Third-party models shown in the admin under Vietnamese names (issue 15, item 5: "Task Results",
# "TOTP devices"): proxies carry the names, the packages' own entries are replaced by them.
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin  # noqa: E402
from django_otp.plugins.otp_totp.models import TOTPDevice  # noqa: E402
from django_tasks_db.admin import DBTaskResultAdmin  # noqa: E402
from django_tasks_db.models import DBTaskResult  # noqa: E402

from opentvet.core.models import TaskResultEntry, TwoFactorDevice  # noqa: E402

for _model, _proxy, _admin in [
    (DBTaskResult, TaskResultEntry, DBTaskResultAdmin),
    (TOTPDevice, TwoFactorDevice, TOTPDeviceAdmin),
]:
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)
    admin.site.register(_proxy, _admin)
