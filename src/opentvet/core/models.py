"""Core models: organisations (the tenancy tree), people, roles, audit, jobs.

Read ``docs/architecture.md`` first. The short version: every piece of institution data belongs
to an ``Organisation``; what a user may see or change follows from their ``Membership`` roles at
nodes of the organisation tree; every write goes through a service that calls
``opentvet.core.audit.audit_log``.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from typing import Any, ClassVar

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_tasks_db.models import DBTaskResult

from opentvet.core.scopes import TenantManager
from opentvet.core.text import fold, normalise_phone


class OrgKind(models.TextChoices):
    MINISTRY = "ministry", _("Bộ")
    NATIONAL_AUTHORITY = "national_authority", _("Cơ quan quản lý GDNN trung ương")
    PEOPLES_COMMITTEE = "peoples_committee", _("UBND tỉnh/thành phố")
    PROVINCIAL_AUTHORITY = "provincial_authority", _("Sở quản lý GDNN cấp tỉnh")
    INSTITUTION = "institution", _("Cơ sở GDNN")
    UNIT = "unit", _("Đơn vị trực thuộc")


class InstitutionType(models.TextChoices):
    COLLEGE = "college", _("Trường cao đẳng")
    INTERMEDIATE = "intermediate", _("Trường trung cấp")
    CENTRE = "centre", _("Trung tâm GDNN")
    CENTRE_CONTINUING = "centre_gdnn_gdtx", _("Trung tâm GDNN - GDTX")
    ENTERPRISE = "enterprise", _("Doanh nghiệp/tổ chức có đăng ký hoạt động GDNN")


class Ownership(models.TextChoices):
    PUBLIC = "public", _("Công lập")
    PRIVATE = "private", _("Tư thục")
    FOREIGN = "foreign", _("Có vốn đầu tư nước ngoài")


class UnitKind(models.TextChoices):
    OFFICE = "office", _("Phòng chức năng")
    FACULTY = "faculty", _("Khoa")
    CENTRE = "centre", _("Trung tâm")
    DEPARTMENT = "department", _("Vụ/Phòng")


class AutonomyGroup(models.IntegerChoices):
    """Financial autonomy groups of Decree 60/2021/NĐ-CP (Article 9–12) for public service units."""

    SELF_FINANCING_ALL = 1, _("Nhóm 1: tự bảo đảm chi thường xuyên và chi đầu tư")
    SELF_FINANCING_RECURRENT = 2, _("Nhóm 2: tự bảo đảm chi thường xuyên")
    PARTLY_SELF_FINANCING = 3, _("Nhóm 3: tự bảo đảm một phần chi thường xuyên")
    STATE_FINANCED = 4, _("Nhóm 4: do Nhà nước bảo đảm chi thường xuyên")


class Organisation(models.Model):
    """A node of the tree: ministry → national authority → province → institution → unit.

    ``path`` is a materialised path of primary keys (``/1/7/42/``) so "this node and everything
    under it" is one indexed prefix match on every database. Names, parents and validity dates
    are data: the national department was renamed in 2022 and moved ministries in 2025.
    """

    kind = models.CharField(_("loại"), max_length=30, choices=OrgKind.choices)
    code = models.CharField(_("mã"), max_length=30, unique=True)
    name = models.CharField(_("tên"), max_length=255)
    short_name = models.CharField(_("tên viết tắt"), max_length=50, blank=True)
    search_name = models.CharField(max_length=255, editable=False, db_index=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("trực thuộc"),
    )
    path = models.CharField(max_length=255, editable=False, db_index=True)
    depth = models.PositiveSmallIntegerField(editable=False, default=0)
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    successor = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="predecessors",
        verbose_name=_("đơn vị kế thừa"),
    )

    # Institutions
    institution_type = models.CharField(
        _("loại hình cơ sở"), max_length=30, choices=InstitutionType.choices, blank=True
    )
    ownership = models.CharField(
        _("loại hình sở hữu"), max_length=20, choices=Ownership.choices, blank=True
    )
    governing_body = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="governed",
        verbose_name=_("cơ quan chủ quản"),
    )
    autonomy_group = models.PositiveSmallIntegerField(
        _("nhóm tự chủ tài chính"), choices=AutonomyGroup.choices, null=True, blank=True
    )
    legal_status = models.CharField(_("quyết định thành lập"), max_length=255, blank=True)
    leader_name = models.CharField(_("người đứng đầu"), max_length=150, blank=True)
    leader_title = models.CharField(_("chức vụ người đứng đầu"), max_length=100, blank=True)

    # Units
    unit_kind = models.CharField(
        _("loại đơn vị"), max_length=20, choices=UnitKind.choices, blank=True
    )

    # Address and contacts; the province is today's (34 since 1 July 2025).
    province = models.ForeignKey(
        "catalogue.Province",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
        verbose_name=_("tỉnh/thành phố"),
    )
    ward = models.ForeignKey(
        "catalogue.Ward",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
        verbose_name=_("xã/phường"),
    )
    street_address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=30, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    website = models.URLField(_("trang thông tin"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["path"]
        verbose_name = _("tổ chức")
        verbose_name_plural = _("tổ chức")
        indexes = [models.Index(fields=["kind", "province"])]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Derived columns only; the tree itself is changed by services.organisation_*.
        self.search_name = fold(f"{self.name} {self.short_name} {self.code}")
        super().save(*args, **kwargs)
        expected = f"{self.parent.path if self.parent else '/'}{self.pk}/"
        if self.path != expected:
            self.path = expected
            self.depth = expected.count("/") - 2
            super().save(update_fields=["path", "depth"])

    @property
    def is_institution(self) -> bool:
        return self.kind == OrgKind.INSTITUTION

    def ancestors_ids(self) -> list[int]:
        return [int(part) for part in self.path.strip("/").split("/") if part]

    def institution(self) -> Organisation | None:
        """The institution this node is, or belongs to (for units)."""
        node: Organisation | None = self
        while node is not None and node.kind == OrgKind.UNIT:
            node = node.parent
        return node if node is not None and node.kind == OrgKind.INSTITUTION else None


class OrganisationEvent(models.Model):
    """A dated change of an organisation's identity: renamed, moved, merged, dissolved."""

    class Kind(models.TextChoices):
        ESTABLISHED = "established", _("Thành lập")
        RENAMED = "renamed", _("Đổi tên")
        MOVED = "moved", _("Chuyển cơ quan quản lý")
        MERGED = "merged", _("Sáp nhập")
        DISSOLVED = "dissolved", _("Giải thể")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    effective_date = models.DateField(_("ngày hiệu lực"))
    decision = models.CharField(_("văn bản"), max_length=120, blank=True)
    old_name = models.CharField(max_length=255, blank=True)
    new_name = models.CharField(max_length=255, blank=True)
    old_parent = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    new_parent = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    successor = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["-effective_date", "-id"]
        verbose_name = _("sự kiện của tổ chức")
        verbose_name_plural = _("sự kiện của tổ chức")

    def __str__(self) -> str:
        return f"{self.effective_date:%d/%m/%Y} {self.get_kind_display()} {self.organisation_id}"


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(
        self, email: str | None = None, password: str | None = None, **extra: Any
    ) -> User:
        user = self.model(email=self.normalize_email(email) if email else None, **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        extra.setdefault("full_name", email)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who logs in, with an email address, a phone number, or both."""

    email = models.EmailField(_("thư điện tử"), unique=True, null=True, blank=True)
    phone = models.CharField(_("số điện thoại"), max_length=20, unique=True, null=True, blank=True)
    full_name = models.CharField(_("họ và tên"), max_length=150)
    search_name = models.CharField(max_length=150, editable=False, db_index=True)
    is_active = models.BooleanField(_("đang hoạt động"), default=True)
    is_staff = models.BooleanField(_("quản trị hệ thống"), default=False)
    date_joined = models.DateTimeField(default=timezone.now)
    preferred_language = models.CharField(max_length=8, default="vi")

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(email__isnull=False) | models.Q(phone__isnull=False),
                name="user_has_email_or_phone",
            )
        ]

    def __str__(self) -> str:
        return self.full_name or self.email or self.phone or str(self.pk)

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.search_name = fold(self.full_name)
        self.phone = normalise_phone(self.phone) or None
        self.email = self.email or None
        super().save(*args, **kwargs)


class Permission(models.Model):
    """One thing a role may do, e.g. ``org.view`` or ``audit.view``."""

    codename = models.CharField(max_length=60, primary_key=True)
    description = models.CharField(max_length=255)

    class Meta:
        verbose_name = _("quyền")
        verbose_name_plural = _("quyền")

    def __str__(self) -> str:
        return self.codename


class Role(models.Model):
    """A role held at an organisation node; it reaches that node's whole subtree."""

    codename = models.CharField(max_length=40, primary_key=True)
    name = models.CharField(_("tên"), max_length=100)
    name_en = models.CharField(max_length=100)
    holder_kinds = models.JSONField(
        default=list, help_text="Organisation kinds at which the role can be held."
    )
    permissions = models.ManyToManyField(Permission, related_name="roles", blank=True)
    institution_permissions = models.JSONField(
        default=list,
        blank=True,
        help_text="Held at a unit, these permissions reach the unit's whole institution.",
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order"]
        verbose_name = _("vai trò")
        verbose_name_plural = _("vai trò")

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.ForeignKey(Role, on_delete=models.PROTECT, related_name="memberships")
    title = models.CharField(_("chức danh"), max_length=100, blank=True)
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation", "role"], name="uniq_membership")
        ]
        verbose_name = _("vai trò của người dùng")
        verbose_name_plural = _("vai trò của người dùng")

    def __str__(self) -> str:
        return f"{self.user} — {self.role} @ {self.organisation}"


class AuditEntry(models.Model):
    """Who changed what, when: one row per write, with field-level before/after values."""

    class Action(models.TextChoices):
        CREATE = "create", _("Tạo mới")
        UPDATE = "update", _("Cập nhật")
        DELETE = "delete", _("Xóa")
        ACTION = "action", _("Thao tác")

    at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor_label = models.CharField(max_length=150, blank=True)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="audit_entries"
    )
    organisation_path = models.CharField(max_length=255, blank=True, db_index=True)
    action = models.CharField(max_length=10, choices=Action.choices)
    verb = models.CharField(max_length=80, help_text="service name, e.g. organisation_update")
    object_type = models.CharField(max_length=100, db_index=True)
    object_id = models.CharField(max_length=64, db_index=True)
    object_repr = models.CharField(max_length=255)
    changes = models.JSONField(default=dict)

    tenant_path = "organisation_path"
    objects = TenantManager["AuditEntry"]()
    all_objects = models.Manager["AuditEntry"]()

    class Meta:
        base_manager_name = "all_objects"
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id", "-at"])]
        verbose_name = _("nhật ký thay đổi")
        verbose_name_plural = _("nhật ký thay đổi")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.verb} {self.object_repr}"


class LoginFailure(models.Model):
    """A failed login, kept for throttling (see core.auth)."""

    identifier = models.CharField(max_length=150, db_index=True)
    ip = models.GenericIPAddressField(null=True, blank=True, db_index=True)
    at = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self) -> str:
        return f"{self.identifier} {self.at:%Y-%m-%d %H:%M}"


def _hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiToken(models.Model):
    """A bearer token for machine clients. Only the SHA-256 of the token is stored.

    ``scopes`` (space-separated ``read``/``write``) limit what the token may do: a token without
    ``write`` gets 403 on every POST, PUT, PATCH and DELETE. A token stops working at
    ``expires_at``.
    """

    class Scope(models.TextChoices):
        READ = "read", _("Đọc dữ liệu")
        WRITE = "write", _("Ghi dữ liệu")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("tên"), max_length=100)
    prefix = models.CharField(max_length=8, editable=False)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    scopes = models.CharField(_("phạm vi"), max_length=40, default="read")
    expires_at = models.DateTimeField(_("hết hạn"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("khóa API")
        verbose_name_plural = _("khóa API")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def scope_list(self) -> list[str]:
        return self.scopes.split()

    def scope_labels(self) -> list[str]:
        labels = dict(self.Scope.choices)
        return [str(labels.get(s, s)) for s in self.scope_list]

    @staticmethod
    def generate() -> tuple[str, str, str]:
        raw = "otv_" + secrets.token_urlsafe(32)
        return raw, raw[:8], _hash_token(raw)

    @staticmethod
    def digest_of(raw: str) -> str:
        return _hash_token(raw)


class Job(models.Model):
    """A piece of background work the user waits for: progress, then a result file or an error.

    The task itself runs in the ``db_worker`` process (django-tasks); the UI polls this row.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Đang chờ")
        RUNNING = "running", _("Đang chạy")
        SUCCEEDED = "succeeded", _("Hoàn thành")
        FAILED = "failed", _("Lỗi")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(max_length=60)
    title = models.CharField(max_length=255)
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="jobs")
    organisation_path = models.CharField(max_length=255, editable=False, db_index=True)
    created_by = models.ForeignKey(User, on_delete=models.CASCADE, related_name="jobs")
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    # Written by the worker at start and with every progress report: a running job whose
    # heartbeat is old lost its worker (core.jobs.job_reap_if_stale).
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    message = models.CharField(max_length=255, blank=True)
    params = models.JSONField(default=dict)
    result = models.JSONField(default=dict, blank=True)
    result_file = models.FileField(upload_to="jobs/", blank=True)
    error = models.TextField(blank=True)

    tenant_path = "organisation_path"
    objects = TenantManager["Job"]()
    all_objects = models.Manager["Job"]()

    class Meta:
        base_manager_name = "all_objects"
        ordering = ["-created_at"]
        verbose_name = _("công việc nền")
        verbose_name_plural = _("công việc nền")

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.organisation_path = self.organisation.path
        super().save(*args, **kwargs)

    @property
    def is_finished(self) -> bool:
        return self.status in {self.Status.SUCCEEDED, self.Status.FAILED}


class TaskResultEntry(DBTaskResult):
    """django-tasks' result rows under a Vietnamese name in the admin (a proxy, no table)."""

    class Meta:
        proxy = True
        verbose_name = _("kết quả tác vụ nền")
        verbose_name_plural = _("kết quả tác vụ nền")


class TwoFactorDevice(TOTPDevice):
    """django-otp's TOTP devices under a Vietnamese name in the admin (a proxy, no table)."""

    class Meta:
        proxy = True
        verbose_name = _("thiết bị xác thực hai bước")
        verbose_name_plural = _("thiết bị xác thực hai bước")
