"""Admissions (tuyển sinh): applicants, rounds, quotas, applications and their ranked wishes.

Two kinds of data live here:

- **Applicant-owned** rows (``ApplicantProfile``, ``ApplicantDocument``, ``Application``,
  ``ApplicantMessage``): reachable by their owner (``user_id == actor.user.pk``) and, for
  applications and documents, by admissions officers of the institutions applied to — always
  through ``admissions.access``. They carry no tenant path: an applicant belongs to no institution.
- **Institution/authority** rows (``AdmissionRound``, ``Quota``, ``Wish``): tenant models with
  ``TenantManager``. A ``Wish`` (one ranked choice, programme at institution) is the unit an
  institution reviews, so its status lives there, not on the application.

Regulation: admission by review of records (xét tuyển) or exam, several times a year, quotas set by
the institution (Thông tư 05/2021/TT-BLĐTBXH **(confirm articles)**).
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from opentvet.core.scopes import TenantManager


class EducationLevel(models.TextChoices):
    LOWER_SECONDARY = "thcs", _("Tốt nghiệp THCS")
    UPPER_SECONDARY = "thpt", _("Tốt nghiệp THPT")


class PriorityArea(models.TextChoices):
    """Khu vực ưu tiên. Points per area are data on each round (``priority_points``)."""

    KV1 = "KV1", _("Khu vực 1")
    KV2NT = "KV2-NT", _("Khu vực 2 - nông thôn")
    KV2 = "KV2", _("Khu vực 2")
    KV3 = "KV3", _("Khu vực 3")


class PriorityCategory(models.TextChoices):
    """Đối tượng ưu tiên, grouped as UT1 (đối tượng 01–04) and UT2 (05–07)."""

    NONE = "", _("Không thuộc diện ưu tiên")
    UT1 = "UT1", _("Nhóm ưu tiên 1 (đối tượng 01–04)")
    UT2 = "UT2", _("Nhóm ưu tiên 2 (đối tượng 05–07)")


# Default priority points. They follow the common practice of the MOET admission regulation
# (Thông tư 08/2022/TT-BGDĐT, Article 7: KV1 0.75, KV2-NT 0.5, KV2 0.25; UT1 2.0, UT2 1.0 on a
# 30-point scale) — **(confirm)** for VET rounds under Thông tư 05/2021/TT-BLĐTBXH. Each round keeps
# its own copy, so an institution may set different values.
DEFAULT_PRIORITY_POINTS: dict[str, float] = {
    "KV1": 0.75,
    "KV2-NT": 0.5,
    "KV2": 0.25,
    "KV3": 0.0,
    "UT1": 2.0,
    "UT2": 1.0,
}


class ApplicantProfile(models.Model):
    """An applicant's own record: identity, schooling and scores, priority (hồ sơ thí sinh)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="applicant_profile"
    )
    date_of_birth = models.DateField(_("ngày sinh"), null=True, blank=True)
    national_id = models.CharField(_("số CCCD"), max_length=12, blank=True)
    province = models.ForeignKey(
        "catalogue.Province",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("tỉnh/thành phố thường trú"),
    )
    education_level = models.CharField(
        _("trình độ văn hóa"),
        max_length=4,
        choices=EducationLevel.choices,
        default=EducationLevel.UPPER_SECONDARY,
    )
    school_name = models.CharField(_("trường đã học"), max_length=255, blank=True)
    graduation_year = models.PositiveSmallIntegerField(_("năm tốt nghiệp"), null=True, blank=True)
    gpa = models.DecimalField(
        _("điểm trung bình năm cuối (thang 10)"),
        max_digits=4,
        decimal_places=2,
        null=True,
        blank=True,
    )
    exam_score = models.DecimalField(
        _("tổng điểm 3 môn thi tốt nghiệp THPT (thang 30)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
    )
    priority_area = models.CharField(
        _("khu vực ưu tiên"), max_length=6, choices=PriorityArea.choices, default=PriorityArea.KV3
    )
    priority_category = models.CharField(
        _("đối tượng ưu tiên"), max_length=3, choices=PriorityCategory.choices, blank=True
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("hồ sơ thí sinh")
        verbose_name_plural = _("hồ sơ thí sinh")

    def __str__(self) -> str:
        return str(self.user)


class DocumentKind(models.TextChoices):
    TRANSCRIPT = "transcript", _("Học bạ")
    DIPLOMA = "diploma", _("Bằng/giấy chứng nhận tốt nghiệp")
    ID_CARD = "id_card", _("Căn cước công dân")
    PHOTO = "photo", _("Ảnh chân dung")
    PRIORITY = "priority", _("Giấy tờ ưu tiên")
    OTHER = "other", _("Khác")


def _document_path(instance: ApplicantDocument, filename: str) -> str:
    # The stored name never contains what the user typed: no path tricks, no personal data.
    return f"applicants/{instance.user_id}/{uuid.uuid4().hex}{instance.extension}"


class ApplicantDocument(models.Model):
    """An uploaded file, stored under MEDIA_ROOT (outside the web root), served by a view."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="applicant_documents"
    )
    kind = models.CharField(_("loại giấy tờ"), max_length=12, choices=DocumentKind.choices)
    file = models.FileField(upload_to=_document_path, max_length=200)
    original_name = models.CharField(_("tên tệp"), max_length=150)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        verbose_name = _("giấy tờ của thí sinh")
        verbose_name_plural = _("giấy tờ của thí sinh")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.original_name}"

    @property
    def extension(self) -> str:
        return {"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png"}.get(
            self.content_type, ".bin"
        )


class OneTimeCode(models.Model):
    """A one-time login code (mã OTP). Only the SHA-256 of the code is stored."""

    identifier = models.CharField(max_length=150, db_index=True)
    code_hash = models.CharField(max_length=64)
    ip = models.GenericIPAddressField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.identifier} {self.created_at:%Y-%m-%d %H:%M}"


class RateLimitHit(models.Model):
    """One counted request in a rate-limited bucket (OTP sends, public forms). DB-based so it
    holds across processes, like core.auth's login throttling."""

    bucket = models.CharField(max_length=40)
    key = models.CharField(max_length=150)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["bucket", "key", "at"])]

    def __str__(self) -> str:
        return f"{self.bucket}:{self.key}"


class RoundKind(models.TextChoices):
    ROLLING = "rolling", _("Xét tuyển quanh năm của cơ sở")
    COORDINATED = "coordinated", _("Xét tuyển chung nhiều cơ sở")


class RoundStatus(models.TextChoices):
    DRAFT = "draft", _("Chuẩn bị")
    OPEN = "open", _("Đang nhận hồ sơ")
    CLOSED = "closed", _("Đã đóng nhận hồ sơ")
    ALLOCATED = "allocated", _("Đã xét tuyển")
    FINISHED = "finished", _("Kết thúc")


class ScoreFormula(models.TextChoices):
    GPA = "gpa", _("Điểm trung bình năm cuối × 3 (thang 30)")
    EXAM = "exam", _("Tổng điểm 3 môn thi tốt nghiệp THPT (thang 30)")
    BEST = "best", _("Điểm cao hơn trong hai cách trên")


class AdmissionRound(models.Model):
    """An admission round (đợt tuyển sinh).

    ``rolling``: one institution's own rolling admission (xét tuyển quanh năm), ``organisation``
    is the institution; officers admit applicants one by one, within quota.
    ``coordinated``: run by an authority (``organisation`` is the Cục or a Sở) across the
    institutions under it; the allocation engine assigns each applicant at most one wish.
    """

    kind = models.CharField(_("loại đợt"), max_length=12, choices=RoundKind.choices)
    organisation = models.ForeignKey(
        "core.Organisation",
        on_delete=models.PROTECT,
        related_name="admission_rounds",
        verbose_name=_("đơn vị tổ chức"),
    )
    name = models.CharField(_("tên đợt"), max_length=200)
    year = models.PositiveSmallIntegerField(_("năm tuyển sinh"))
    opens_on = models.DateField(_("nhận hồ sơ từ ngày"))
    closes_on = models.DateField(_("hạn nộp hồ sơ"))
    confirm_by = models.DateField(_("hạn xác nhận nhập học"), null=True, blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=RoundStatus.choices, default=RoundStatus.DRAFT
    )
    max_wishes = models.PositiveSmallIntegerField(_("số nguyện vọng tối đa"), default=5)
    score_formula = models.CharField(
        _("cách tính điểm xét tuyển"),
        max_length=5,
        choices=ScoreFormula.choices,
        default=ScoreFormula.BEST,
    )
    priority_points = models.JSONField(_("điểm ưu tiên"), default=dict, blank=True)
    tie_break = models.CharField(
        _("tiêu chí phụ khi bằng điểm"),
        max_length=120,
        default="Nộp hồ sơ sớm hơn, sau đó mã hồ sơ nhỏ hơn",
        editable=False,
    )
    how_to_apply = models.TextField(_("hướng dẫn đăng ký"), blank=True)
    allocated_at = models.DateTimeField(null=True, blank=True, editable=False)
    allocation_job = models.ForeignKey(
        "core.Job", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    allocation_summary = models.JSONField(default=dict, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    tenant_path = "organisation__path"
    objects = TenantManager["AdmissionRound"]()
    all_objects = models.Manager["AdmissionRound"]()

    class Meta:
        base_manager_name = "all_objects"
        ordering = ["-opens_on", "-id"]
        verbose_name = _("đợt tuyển sinh")
        verbose_name_plural = _("đợt tuyển sinh")

    def __str__(self) -> str:
        return self.name

    @property
    def is_coordinated(self) -> bool:
        return self.kind == RoundKind.COORDINATED

    def is_open_on(self, day: Any) -> bool:
        return self.status == RoundStatus.OPEN and self.opens_on <= day <= self.closes_on

    def points(self) -> dict[str, float]:
        return {**DEFAULT_PRIORITY_POINTS, **(self.priority_points or {})}


class Quota(models.Model):
    """Seats for one programme version in one round (chỉ tiêu tuyển sinh).

    ``admitted_count`` and ``confirmed_count`` change only by conditional UPDATE
    (``... WHERE admitted_count < seats``), so concurrent officers can never oversubscribe.
    """

    round = models.ForeignKey(AdmissionRound, on_delete=models.CASCADE, related_name="quotas")
    programme_version = models.ForeignKey(
        "programmes.ProgrammeVersion",
        on_delete=models.PROTECT,
        related_name="admission_quotas",
        verbose_name=_("chương trình"),
    )
    institution = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="+", editable=False
    )
    seats = models.PositiveIntegerField(_("chỉ tiêu"))
    admitted_count = models.PositiveIntegerField(default=0, editable=False)
    confirmed_count = models.PositiveIntegerField(default=0, editable=False)
    cutoff_score = models.DecimalField(
        _("điểm chuẩn"), max_digits=5, decimal_places=2, null=True, blank=True, editable=False
    )
    min_score = models.DecimalField(
        _("điểm sàn"), max_digits=5, decimal_places=2, null=True, blank=True
    )

    tenant_path = "institution__path"
    objects = TenantManager["Quota"]()
    all_objects = models.Manager["Quota"]()

    class Meta:
        base_manager_name = "all_objects"
        ordering = ["round_id", "institution_id", "id"]
        verbose_name = _("chỉ tiêu")
        verbose_name_plural = _("chỉ tiêu")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "programme_version"], name="quota_unique_per_round"
            ),
            models.CheckConstraint(
                condition=models.Q(admitted_count__lte=models.F("seats")),
                name="quota_admitted_within_seats",
            ),
            models.CheckConstraint(
                condition=models.Q(confirmed_count__lte=models.F("seats")),
                name="quota_confirmed_within_seats",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.programme_version.programme.name} ({self.seats})"

    @property
    def seats_left(self) -> int:
        return max(self.seats - self.admitted_count, 0)


class Application(models.Model):
    """An applicant's submission to one round: ranked wishes (nguyện vọng), one score.

    ``idempotency_key`` (a hidden field of the form, or the API's ``Idempotency-Key`` header) is
    unique, so a double click or a retried request returns the first application.
    """

    round = models.ForeignKey(AdmissionRound, on_delete=models.PROTECT, related_name="applications")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="applications"
    )
    idempotency_key = models.CharField(max_length=64, unique=True)
    submitted_at = models.DateTimeField(default=timezone.now)
    score = models.DecimalField(_("điểm xét tuyển"), max_digits=5, decimal_places=2)
    base_score = models.DecimalField(max_digits=5, decimal_places=2)
    priority_score = models.DecimalField(max_digits=4, decimal_places=2)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-submitted_at"]
        # Reports count applications submitted in a period (a range over submitted_at).
        indexes = [models.Index(fields=["submitted_at"], name="application_submitted_at")]
        verbose_name = _("hồ sơ đăng ký xét tuyển")
        verbose_name_plural = _("hồ sơ đăng ký xét tuyển")
        constraints = [
            models.UniqueConstraint(fields=["round", "user"], name="one_application_per_round")
        ]

    def __str__(self) -> str:
        return f"HS{self.pk:06d}" if self.pk else "HS"

    @property
    def code(self) -> str:
        return str(self)


class WishStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Đã nộp")
    MISSING_DOCUMENTS = "missing_docs", _("Thiếu hồ sơ")
    ELIGIBLE = "eligible", _("Đủ điều kiện")
    REJECTED = "rejected", _("Không đủ điều kiện")
    NOT_ADMITTED = "not_admitted", _("Không trúng tuyển")
    ADMITTED = "admitted", _("Trúng tuyển")
    CONFIRMED = "confirmed", _("Đã xác nhận nhập học")
    ENROLLED = "enrolled", _("Đã nhập học")
    DECLINED = "declined", _("Từ chối nhập học")
    WITHDRAWN = "withdrawn", _("Đã rút hồ sơ")


# Statuses from which each status may be reached; services check them with a conditional UPDATE.
WISH_TRANSITIONS: dict[str, set[str]] = {
    WishStatus.MISSING_DOCUMENTS: {WishStatus.SUBMITTED, WishStatus.ELIGIBLE},
    WishStatus.ELIGIBLE: {WishStatus.SUBMITTED, WishStatus.MISSING_DOCUMENTS},
    WishStatus.REJECTED: {WishStatus.SUBMITTED, WishStatus.MISSING_DOCUMENTS, WishStatus.ELIGIBLE},
    WishStatus.ADMITTED: {WishStatus.ELIGIBLE},
    WishStatus.CONFIRMED: {WishStatus.ADMITTED},
    WishStatus.DECLINED: {WishStatus.ADMITTED},
    WishStatus.ENROLLED: {WishStatus.CONFIRMED},
    WishStatus.WITHDRAWN: {
        WishStatus.SUBMITTED,
        WishStatus.MISSING_DOCUMENTS,
        WishStatus.ELIGIBLE,
    },
}


class Wish(models.Model):
    """One ranked wish: a programme (quota) at an institution. The unit of institutional review."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="wishes")
    rank = models.PositiveSmallIntegerField(_("thứ tự nguyện vọng"))
    quota = models.ForeignKey(Quota, on_delete=models.PROTECT, related_name="wishes")
    institution = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="+", editable=False
    )
    status = models.CharField(
        _("trạng thái"), max_length=12, choices=WishStatus.choices, default=WishStatus.SUBMITTED
    )
    note = models.TextField(_("ghi chú xét duyệt"), blank=True)
    # Allocation outcome of a coordinated round: the cut-off that was not reached.
    cutoff_score = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    reason = models.CharField(max_length=20, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    student_ref = models.CharField(_("mã người học"), max_length=40, blank=True)

    tenant_path = "institution__path"
    objects = TenantManager["Wish"]()
    all_objects = models.Manager["Wish"]()

    class Meta:
        base_manager_name = "all_objects"
        ordering = ["application_id", "rank"]
        verbose_name = _("nguyện vọng")
        verbose_name_plural = _("nguyện vọng")
        constraints = [
            models.UniqueConstraint(fields=["application", "rank"], name="wish_rank_unique"),
            models.UniqueConstraint(fields=["application", "quota"], name="wish_quota_unique"),
        ]
        indexes = [models.Index(fields=["institution", "status"])]

    def __str__(self) -> str:
        return f"{self.application} NV{self.rank}"


class ApplicantMessage(models.Model):
    """A message to the applicant, written at every status change (thông báo cho thí sinh)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="applicant_messages"
    )
    wish = models.ForeignKey(Wish, on_delete=models.CASCADE, null=True, blank=True)
    subject = models.CharField(max_length=200)
    body = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.subject
