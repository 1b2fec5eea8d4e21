"""Training programmes (chương trình đào tạo) per institution, their versions and modules.

A ``Programme`` is an occupation code + training level + institution. What is taught lives in
``ProgrammeVersion`` rows: a version is drafted, reviewed by the training unit, consulted on with
employers and experts, approved by a decision of the head of the institution and published.
Changing a published programme means a new version; cohorts enrolled on an older version stay on
it (the learners app references ``programmes.ProgrammeVersion``).

``TrainingRegistration`` is the institution's certificate of registration for VET activities
(giấy chứng nhận đăng ký hoạt động GDNN) with one ``RegistrationLine`` per occupation and level
and its annual enrollment scale.

Every write goes through ``programmes.services``; rows are tenant data (``TenantManager``).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from opentvet.core.choices import ChoiceLabels
from opentvet.core.scopes import TenantManager
from opentvet.core.text import fold


class DeliveryMode(models.TextChoices):
    """How a programme is mainly delivered (hình thức tổ chức đào tạo)."""

    IN_PERSON = "in_person", _("Trực tiếp")
    ONLINE = "online", _("Trực tuyến")
    BLENDED = "blended", _("Kết hợp trực tiếp và trực tuyến")
    DUAL = "dual", _("Đào tạo kép / tại doanh nghiệp")


class EntryLevel(models.TextChoices):
    """Schooling required to enter (đối tượng tuyển sinh)."""

    LOWER_SECONDARY = "lower_secondary", _("Tốt nghiệp THCS")
    UPPER_SECONDARY = "upper_secondary", _("Tốt nghiệp THPT")
    NONE = "none", _("Không yêu cầu")


class PilotStatus(models.TextChoices):
    """Status of an international-level pilot programme (chương trình chuyển giao thí điểm)."""

    NONE = "", _("Không thí điểm")
    PLANNED = "planned", _("Chuẩn bị")
    PILOTING = "piloting", _("Đang thí điểm")
    EXTENDED = "extended", _("Gia hạn thí điểm")
    COMPLETED = "completed", _("Kết thúc thí điểm")


class Programme(models.Model):
    """A training programme of one institution: occupation + training level (+ its versions)."""

    institution = models.ForeignKey(
        "core.Organisation",
        on_delete=models.PROTECT,
        related_name="programmes",
        verbose_name=_("cơ sở đào tạo"),
    )
    occupation = models.ForeignKey(
        "catalogue.Occupation",
        on_delete=models.PROTECT,
        related_name="programmes",
        verbose_name=_("ngành, nghề"),
    )
    training_level = models.ForeignKey(
        "catalogue.TrainingLevel",
        on_delete=models.PROTECT,
        related_name="programmes",
        verbose_name=_("trình độ"),
    )
    code = models.CharField(_("mã chương trình"), max_length=30)
    name = models.CharField(_("tên chương trình"), max_length=255)
    search_name = models.CharField(max_length=255, editable=False, db_index=True)
    unit = models.ForeignKey(
        "core.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="managed_programmes",
        verbose_name=_("khoa quản lý"),
    )
    # International-level pilots (seed S004: 22 occupations from Germany, 12 from Australia).
    pilot_status = models.CharField(
        _("tình trạng thí điểm"), max_length=12, choices=PilotStatus.choices, blank=True
    )
    pilot_start_year = models.PositiveSmallIntegerField(
        _("năm bắt đầu thí điểm"), null=True, blank=True
    )
    pilot_end_year = models.PositiveSmallIntegerField(
        _("năm kết thúc thí điểm"), null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    tenant_path = "institution__path"
    objects = TenantManager()
    all_objects = models.Manager["Programme"]()

    class Meta:
        base_manager_name = "all_objects"
        ordering = ["institution_id", "code"]
        verbose_name = _("chương trình đào tạo")
        verbose_name_plural = _("chương trình đào tạo")
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "code"], name="programme_code_unique_per_institution"
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.search_name = fold(f"{self.name} {self.code} {self.occupation_id}")
        super().save(*args, **kwargs)


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    UNDER_REVIEW = "under_review", _("Đang thẩm định")
    CONSULTING = "consulting", _("Đang lấy ý kiến")
    APPROVED = "approved", _("Đã phê duyệt")
    PUBLISHED = "published", _("Đã ban hành")
    RETIRED = "retired", _("Hết hiệu lực")


class ProgrammeVersion(ChoiceLabels, models.Model):
    """One version of a programme's content, with its development workflow state.

    Only drafts are edited. A published version is never changed: ``version_copy`` starts the
    next draft from it. ``effective_from``/``effective_to`` say which version applies on a date;
    cohorts keep the version they enrolled on.
    """

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="versions", verbose_name=_("chương trình")
    )
    # Denormalised from the programme: tenant filter and indicators without a join.
    institution = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="+", editable=False
    )
    number = models.PositiveSmallIntegerField(_("phiên bản"))
    based_on = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="successors",
        verbose_name=_("xây dựng từ phiên bản"),
    )
    status = models.CharField(
        _("trạng thái"), max_length=15, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    effective_from = models.DateField(_("áp dụng từ ngày"), null=True, blank=True)
    effective_to = models.DateField(_("áp dụng đến ngày"), null=True, blank=True)
    # Approval decision (quyết định ban hành chương trình đào tạo).
    decision_number = models.CharField(_("số quyết định"), max_length=60, blank=True)
    decision_date = models.DateField(_("ngày quyết định"), null=True, blank=True)
    decision_signer = models.CharField(_("người ký"), max_length=150, blank=True)

    duration_months = models.PositiveSmallIntegerField(_("thời gian đào tạo (tháng)"), default=0)
    total_credits = models.PositiveSmallIntegerField(_("tổng số tín chỉ"), default=0)
    total_hours = models.PositiveIntegerField(_("tổng số giờ"), default=0)
    theory_hours = models.PositiveIntegerField(_("giờ lý thuyết"), default=0)
    practice_hours = models.PositiveIntegerField(
        _("giờ thực hành, thực tập, thí nghiệm, bài tập"), default=0
    )
    exam_hours = models.PositiveIntegerField(_("giờ kiểm tra"), default=0)

    delivery_mode = models.CharField(
        _("hình thức đào tạo"),
        max_length=12,
        choices=DeliveryMode.choices,
        default=DeliveryMode.IN_PERSON,
    )
    online_share_percent = models.PositiveSmallIntegerField(
        _("tỷ lệ học trực tuyến (%)"), default=0
    )
    partner_enterprises = models.TextField(_("doanh nghiệp phối hợp đào tạo"), blank=True)
    entry_level = models.CharField(
        _("đối tượng tuyển sinh"),
        max_length=20,
        choices=EntryLevel.choices,
        default=EntryLevel.UPPER_SECONDARY,
    )
    entry_requirements = models.TextField(_("điều kiện tuyển sinh"), blank=True)
    tuition_per_year = models.PositiveBigIntegerField(_("học phí/năm (đồng)"), default=0)
    objectives = models.TextField(_("mục tiêu đào tạo"), blank=True)

    # International-level programme transferred from abroad.
    is_international = models.BooleanField(_("chương trình chuyển giao quốc tế"), default=False)
    origin_country = models.CharField(_("nước chuyển giao"), max_length=2, blank=True)
    international_partner = models.CharField(_("đối tác chuyển giao"), max_length=255, blank=True)
    foreign_qualification = models.CharField(
        _("văn bằng nước ngoài tương ứng"), max_length=255, blank=True
    )
    dual_certificate = models.BooleanField(_("cấp hai bằng/chứng chỉ"), default=False)

    review_note = models.TextField(_("ý kiến thẩm định"), blank=True)
    change_summary = models.TextField(_("tóm tắt thay đổi"), blank=True)
    published_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)

    tenant_path = "institution__path"
    objects = TenantManager()
    all_objects = models.Manager["ProgrammeVersion"]()

    class Meta:
        base_manager_name = "all_objects"
        ordering = ["programme_id", "-number"]
        verbose_name = _("phiên bản chương trình")
        verbose_name_plural = _("phiên bản chương trình")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "number"], name="programme_version_number_unique"
            )
        ]
        indexes = [models.Index(fields=["status", "effective_from"])]

    def __str__(self) -> str:
        return f"{self.programme} — v{self.number}"

    @property
    def is_editable(self) -> bool:
        return self.status == VersionStatus.DRAFT


class ModuleKind(models.TextChoices):
    GENERAL = "general", _("Môn học chung")
    CORE = "core", _("Cơ sở")
    SPECIALISED = "specialised", _("Chuyên môn")
    ELECTIVE = "elective", _("Tự chọn")


class ModuleType(models.TextChoices):
    MODULE = "module", _("Mô-đun")
    SUBJECT = "subject", _("Môn học")


class ProgrammeModule(models.Model):
    """A module or subject (mô-đun / môn học) of a programme version, with credits and hours."""

    version = models.ForeignKey(
        ProgrammeVersion,
        on_delete=models.CASCADE,
        related_name="modules",
        verbose_name=_("phiên bản"),
    )
    code = models.CharField(_("mã"), max_length=20)
    name = models.CharField(_("tên mô-đun/môn học"), max_length=255)
    unit_type = models.CharField(
        _("loại"), max_length=10, choices=ModuleType.choices, default=ModuleType.MODULE
    )
    kind = models.CharField(
        _("khối kiến thức"), max_length=12, choices=ModuleKind.choices, default=ModuleKind.CORE
    )
    credits = models.PositiveSmallIntegerField(_("số tín chỉ"), default=0)
    theory_hours = models.PositiveSmallIntegerField(_("giờ lý thuyết"), default=0)
    practice_hours = models.PositiveSmallIntegerField(_("giờ thực hành"), default=0)
    exam_hours = models.PositiveSmallIntegerField(_("giờ kiểm tra"), default=0)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    is_required = models.BooleanField(_("bắt buộc"), default=True)
    # Physical and defence education (môn học điều kiện): outside every GPA and the graduation
    # class (khoản 4 Điều 16 Thông tư 04/2022/TT-BLĐTBXH; the rule grading.conditional_subjects).
    is_conditional = models.BooleanField(_("môn học điều kiện"), default=False)

    tenant_path = "version__institution__path"
    objects = TenantManager()
    all_objects = models.Manager["ProgrammeModule"]()

    class Meta:
        base_manager_name = "all_objects"
        ordering = ["version_id", "order", "code"]
        verbose_name = _("mô-đun/môn học")
        verbose_name_plural = _("mô-đun/môn học")
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="programme_module_code_unique")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def total_hours(self) -> int:
        return self.theory_hours + self.practice_hours + self.exam_hours


class ConsultationRecord(models.Model):
    """A consultation on a version: who was asked (employers, experts), when, what they asked for.

    This is the link from programme content to labour-market needs (lấy ý kiến doanh nghiệp,
    chuyên gia khi xây dựng chương trình).
    """

    class Kind(models.TextChoices):
        EMPLOYER = "employer", _("Doanh nghiệp, người sử dụng lao động")
        EXPERT = "expert", _("Chuyên gia")
        ALUMNI = "alumni", _("Người học đã tốt nghiệp")
        TEACHER = "teacher", _("Nhà giáo")
        OTHER = "other", _("Khác")

    version = models.ForeignKey(
        ProgrammeVersion, on_delete=models.CASCADE, related_name="consultations"
    )
    kind = models.CharField(_("đối tượng"), max_length=10, choices=Kind.choices)
    held_on = models.DateField(_("ngày lấy ý kiến"))
    organisation_name = models.CharField(_("đơn vị"), max_length=255)
    participants = models.CharField(_("người tham gia"), max_length=255, blank=True)
    requests = models.TextField(_("nội dung đề nghị"))
    response = models.TextField(_("tiếp thu, giải trình"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    tenant_path = "version__institution__path"
    objects = TenantManager()
    all_objects = models.Manager["ConsultationRecord"]()

    class Meta:
        base_manager_name = "all_objects"
        ordering = ["version_id", "held_on", "id"]
        verbose_name = _("ý kiến góp ý chương trình")
        verbose_name_plural = _("ý kiến góp ý chương trình")

    def __str__(self) -> str:
        return f"{self.held_on:%d/%m/%Y} {self.organisation_name}"


class TrainingRegistration(models.Model):
    """A certificate of registration for VET activities (giấy chứng nhận đăng ký hoạt động GDNN).

    Issued to the institution by the competent authority; lists occupations, levels and the
    annual enrollment scale of each (``RegistrationLine``). A later certificate (bổ sung, điều
    chỉnh) supersedes earlier lines for the same occupation and level.
    """

    institution = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="training_registrations"
    )
    certificate_number = models.CharField(_("số giấy chứng nhận"), max_length=60)
    issued_on = models.DateField(_("ngày cấp"))
    issued_by = models.CharField(_("cơ quan cấp"), max_length=255)
    note = models.TextField(_("ghi chú"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    tenant_path = "institution__path"
    objects = TenantManager()
    all_objects = models.Manager["TrainingRegistration"]()

    class Meta:
        base_manager_name = "all_objects"
        ordering = ["institution_id", "-issued_on", "-id"]
        verbose_name = _("giấy chứng nhận đăng ký hoạt động GDNN")
        verbose_name_plural = _("giấy chứng nhận đăng ký hoạt động GDNN")

    def __str__(self) -> str:
        return f"{self.certificate_number} ({self.issued_on:%d/%m/%Y})"


class RegistrationLine(models.Model):
    """One occupation and level on a registration, with its annual scale (quy mô tuyển sinh/năm)."""

    registration = models.ForeignKey(
        TrainingRegistration, on_delete=models.CASCADE, related_name="lines"
    )
    occupation = models.ForeignKey(
        "catalogue.Occupation", on_delete=models.PROTECT, related_name="+"
    )
    training_level = models.ForeignKey(
        "catalogue.TrainingLevel", on_delete=models.PROTECT, related_name="+"
    )
    annual_scale = models.PositiveIntegerField(_("quy mô tuyển sinh/năm"))

    tenant_path = "registration__institution__path"
    objects = TenantManager()
    all_objects = models.Manager["RegistrationLine"]()

    class Meta:
        base_manager_name = "all_objects"
        ordering = ["registration_id", "occupation_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "occupation", "training_level"],
                name="registration_line_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.occupation_id} {self.training_level_id}: {self.annual_scale}"
