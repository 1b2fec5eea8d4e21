"""Teachers and staff (nhà giáo, cán bộ quản lý, nhân viên): registry, qualifications, teacher
standards, professional titles and promotion rounds, professional development.

Reference data (the standards framework of Thông tư 08/2017/TT-BLĐTBXH and the professional
titles of Thông tư 03/2018/TT-BLĐTBXH) are plain models loaded by migration ``0002_reference``
and editable by the authority when the regulation changes. Everything about a person belongs to
an institution and is scoped (``tenant_path``); rounds belong to the authority that runs them.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from opentvet.core.scopes import TenantManager
from opentvet.core.text import fold


class TrainingLevelCode(models.TextChoices):
    """Levels taught (trình độ đào tạo), the codes of ``catalogue.TrainingLevel``."""

    SO_CAP = "so_cap", _("Sơ cấp")
    TRUNG_CAP = "trung_cap", _("Trung cấp")
    CAO_DANG = "cao_dang", _("Cao đẳng")


LEVEL_RANK = {"so_cap": 1, "trung_cap": 2, "cao_dang": 3}


class StaffCategory(models.TextChoices):
    TEACHER = "teacher", _("Nhà giáo")
    MANAGER = "manager", _("Cán bộ quản lý")
    SPECIALIST = "specialist", _("Chuyên viên")
    SUPPORT = "support", _("Nhân viên phục vụ")


class ContractType(models.TextChoices):
    CIVIL_SERVANT = "vien_chuc", _("Viên chức")
    INDEFINITE = "hdld_khong_thoi_han", _("Hợp đồng lao động không xác định thời hạn")
    FIXED_TERM = "hdld_co_thoi_han", _("Hợp đồng lao động xác định thời hạn")
    VISITING = "thinh_giang", _("Thỉnh giảng")


class TeachingKind(models.TextChoices):
    THEORY = "theory", _("Dạy lý thuyết")
    PRACTICE = "practice", _("Dạy thực hành")
    INTEGRATED = "integrated", _("Dạy tích hợp")


# --- reference data -----------------------------------------------------------------------------


class StandardFramework(models.Model):
    """A set of teacher standards (chuẩn nhà giáo) as issued by one regulation."""

    code = models.CharField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên"), max_length=255)
    regulation = models.CharField(_("căn cứ"), max_length=255)
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    is_active = models.BooleanField(_("đang áp dụng"), default=True)
    # Versioning: a regulation change is a new framework copied from the one in force; cycles
    # keep the framework they were opened with, so earlier assessments never change.
    based_on = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sửa đổi từ"),
    )

    class Meta:
        verbose_name = _("bộ chuẩn nhà giáo")
        verbose_name_plural = _("bộ chuẩn nhà giáo")

    def __str__(self) -> str:
        return self.name


class Standard(models.Model):
    """A criterion group (tiêu chí) of the chuẩn, e.g. "Năng lực chuyên môn".

    Thông tư 08/2017/TT-BLĐTBXH (amended by 34/2018 and 21/2020): chuẩn → tiêu chí (3) → tiêu
    chuẩn → chỉ số → minh chứng. The model's name is historical; it is the tiêu chí level.
    """

    framework = models.ForeignKey(
        StandardFramework, on_delete=models.CASCADE, related_name="standards"
    )
    number = models.PositiveSmallIntegerField(_("số thứ tự"))
    name = models.CharField(_("tên"), max_length=255)

    class Meta:
        ordering = ["framework", "number"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "number"], name="uniq_standard_number")
        ]

    def __str__(self) -> str:
        return _("Tiêu chí %(n)d: %(name)s") % {"n": self.number, "name": self.name}


class Criterion(models.Model):
    """A standard (tiêu chuẩn) within a tiêu chí; some are evidenced by certificates.

    The model's name is historical. ``not_for_levels`` lists the levels taught for which the
    tiêu chuẩn does not exist: sơ cấp has no research item, so its framework has 14 tiêu chuẩn
    where trung cấp and cao đẳng have 15 (Thông tư 08/2017/TT-BLĐTBXH as amended).
    """

    standard = models.ForeignKey(Standard, on_delete=models.CASCADE, related_name="criteria")
    number = models.PositiveSmallIntegerField(_("số thứ tự"))
    name = models.CharField(_("tên"), max_length=255)
    description = models.TextField(_("nội dung"), blank=True)
    not_for_levels = models.JSONField(_("không áp dụng cho trình độ"), default=list, blank=True)

    class Meta:
        ordering = ["standard__framework", "standard__number", "number"]
        constraints = [
            models.UniqueConstraint(fields=["standard", "number"], name="uniq_criterion_number")
        ]

    def __str__(self) -> str:
        return _("Tiêu chuẩn %(s)d.%(n)d: %(name)s") % {
            "s": self.standard.number,
            "n": self.number,
            "name": self.name,
        }


class QualificationKind(models.TextChoices):
    DEGREE = "degree", _("Văn bằng chuyên môn")
    PEDAGOGY = "pedagogy", _("Nghiệp vụ sư phạm")
    SKILL = "skill", _("Kỹ năng nghề")
    LANGUAGE = "language", _("Ngoại ngữ")
    IT = "it", _("Tin học")
    LICENCE = "licence", _("Chứng chỉ, giấy phép khác")


# The rank of each qualification level, so rules say "at least" with one integer. Degrees:
# trung cấp 1 … tiến sĩ 5. Pedagogy for VET: the level one may teach (sơ cấp 1, trung cấp 2,
# cao đẳng 3; a teacher-training degree counts as 3). Skills: national skill levels bậc 1–5
# (Nghị định 31/2015/NĐ-CP) or the equivalent "trình độ" skill certificates. Language: the
# six-level framework (Thông tư 01/2014/TT-BGDĐT, bậc 1–6 ≈ A1–C2). IT: 1 basic, 2 advanced.
QUALIFICATION_LEVELS: dict[str, list[tuple[int, str]]] = {
    "degree": [
        (1, _("Trung cấp")),
        (2, _("Cao đẳng")),
        (3, _("Đại học")),
        (4, _("Thạc sĩ")),
        (5, _("Tiến sĩ")),
    ],
    "pedagogy": [
        (1, _("Sư phạm dạy trình độ sơ cấp")),
        (2, _("Sư phạm dạy trình độ trung cấp")),
        (3, _("Sư phạm dạy trình độ cao đẳng")),
    ],
    "skill": [
        (1, _("Bậc 1")),
        (2, _("Bậc 2")),
        (3, _("Bậc 3")),
        (4, _("Bậc 4")),
        (5, _("Bậc 5")),
    ],
    "language": [
        (1, _("Bậc 1 (A1)")),
        (2, _("Bậc 2 (A2)")),
        (3, _("Bậc 3 (B1)")),
        (4, _("Bậc 4 (B2)")),
        (5, _("Bậc 5 (C1)")),
        (6, _("Bậc 6 (C2)")),
    ],
    "it": [(1, _("Cơ bản")), (2, _("Nâng cao"))],
    "licence": [(1, _("Có"))],
}


def level_label(kind: str, rank: int) -> str:
    for value, label in QUALIFICATION_LEVELS.get(kind, []):
        if value == rank:
            return str(label)
    return str(rank)


class CriterionRequirement(models.Model):
    """A certificate a criterion requires of a teacher at one level (and kind of teaching).

    E.g. Tiêu chí "Trình độ nghiệp vụ sư phạm" for cao đẳng: pedagogy ≥ 3. The gap list of a
    teacher is built from these rows for the level they teach.
    """

    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="requirements")
    training_level = models.CharField(
        _("trình độ giảng dạy"), max_length=20, choices=TrainingLevelCode.choices
    )
    teaching_kind = models.CharField(
        _("áp dụng cho"),
        max_length=20,
        choices=TeachingKind.choices,
        blank=True,
        help_text=_("Để trống: áp dụng cho mọi nhà giáo dạy trình độ này."),
    )
    kind = models.CharField(_("loại chứng chỉ"), max_length=20, choices=QualificationKind.choices)
    min_rank = models.PositiveSmallIntegerField(_("mức tối thiểu"))
    label = models.CharField(_("yêu cầu"), max_length=255)

    class Meta:
        ordering = ["criterion", "training_level"]

    def __str__(self) -> str:
        return self.label


class TitleFamily(models.TextChoices):
    LECTURER = "giang_vien", _("Giảng viên GDNN (trường cao đẳng)")
    TEACHER = "giao_vien", _("Giáo viên GDNN (trường trung cấp, trung tâm)")


class ProfessionalTitle(models.Model):
    """A professional title (chức danh nghề nghiệp) with its code and pay coefficient range.

    ``promotion_rules`` are the eligibility rules (``staff.eligibility``) for promotion *into*
    this title, as data: [{"rule": "years_in_rank", "years": 9}, ...].
    """

    code = models.CharField(_("mã số"), max_length=20, unique=True)
    name = models.CharField(_("tên chức danh"), max_length=255)
    family = models.CharField(_("nhóm"), max_length=20, choices=TitleFamily.choices)
    grade = models.PositiveSmallIntegerField(_("hạng"))
    teaching_kind = models.CharField(
        _("loại giảng dạy"), max_length=20, choices=TeachingKind.choices, blank=True
    )
    pay_group = models.CharField(_("loại viên chức"), max_length=10, blank=True)
    coefficient_min = models.DecimalField(
        _("hệ số lương từ"), max_digits=4, decimal_places=2, null=True, blank=True
    )
    coefficient_max = models.DecimalField(
        _("hệ số lương đến"), max_digits=4, decimal_places=2, null=True, blank=True
    )
    promotes_from = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="promotes_to",
        verbose_name=_("thăng hạng từ"),
    )
    promotion_rules = models.JSONField(_("điều kiện thăng hạng"), default=list, blank=True)
    requirements = models.TextField(_("tiêu chuẩn"), blank=True)
    regulation = models.CharField(_("căn cứ"), max_length=255, blank=True)
    valid_from = models.DateField(
        _("áp dụng từ ngày"),
        null=True,
        blank=True,
        help_text=_("Ngày văn bản làm thay đổi dữ liệu chức danh có hiệu lực."),
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("chức danh nghề nghiệp")
        verbose_name_plural = _("chức danh nghề nghiệp")

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    def coefficient_out_of_range(self, coefficient: Any) -> bool:
        if coefficient is None or self.coefficient_min is None:
            return False
        coefficient = Decimal(str(coefficient))
        high = self.coefficient_max if self.coefficient_max is not None else coefficient
        return not (self.coefficient_min <= coefficient <= high)


# --- the registry -------------------------------------------------------------------------------


class StaffMember(models.Model):
    """A person working at an institution: teacher, manager, specialist or support staff.

    ``citizen_id``, ``date_of_birth`` and ``salary_coefficient`` are personal data: shown and
    serialised only to holders of ``staff.view_personal`` (see ``staff.access``).
    """

    institution = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="staff_members"
    )
    unit = models.ForeignKey(
        "core.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="unit_staff",
        verbose_name=_("đơn vị"),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="staff_record",
        verbose_name=_("tài khoản đăng nhập"),
    )
    code = models.CharField(_("mã cán bộ"), max_length=30)
    full_name = models.CharField(_("họ và tên"), max_length=150)
    search_name = models.CharField(max_length=150, editable=False, db_index=True)
    gender = models.CharField(
        _("giới tính"), max_length=1, choices=[("M", _("Nam")), ("F", _("Nữ"))], blank=True
    )
    date_of_birth = models.DateField(_("ngày sinh"), null=True, blank=True)
    # A promotion priority criterion (Điều 40 Nghị định 115/2020/NĐ-CP, sửa đổi 85/2023).
    ethnic_minority = models.BooleanField(_("người dân tộc thiểu số"), default=False)
    citizen_id = models.CharField(_("số CCCD"), max_length=12, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    phone = models.CharField(_("điện thoại"), max_length=20, blank=True)
    category = models.CharField(_("loại cán bộ"), max_length=20, choices=StaffCategory.choices)
    position = models.CharField(_("chức vụ"), max_length=120, blank=True)
    contract_type = models.CharField(
        _("loại hợp đồng"), max_length=30, choices=ContractType.choices
    )
    teaching_level = models.CharField(
        _("trình độ giảng dạy"), max_length=20, choices=TrainingLevelCode.choices, blank=True
    )
    teaching_kind = models.CharField(
        _("loại giảng dạy"), max_length=20, choices=TeachingKind.choices, blank=True
    )
    occupation = models.ForeignKey(
        "catalogue.Occupation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ngành, nghề giảng dạy"),
    )
    title = models.ForeignKey(
        ProfessionalTitle,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="holders",
        verbose_name=_("chức danh nghề nghiệp"),
    )
    title_since = models.DateField(_("giữ chức danh từ"), null=True, blank=True)
    salary_coefficient = models.DecimalField(
        _("hệ số lương"), max_digits=4, decimal_places=2, null=True, blank=True
    )
    start_date = models.DateField(_("ngày vào làm"), null=True, blank=True)
    end_date = models.DateField(_("ngày thôi việc"), null=True, blank=True)
    achievements = models.JSONField(_("danh hiệu, thành tích"), default=list, blank=True)
    # The verdict of the latest rated assessment (by cycle year); None: never rated. Derived,
    # kept by services.staff_standard_refresh whenever a rating is given, so the share of
    # teachers meeting the standard is a plain count (dashboards, reports) instead of a window
    # over every assessment ever made.
    meets_standard = models.BooleanField(
        _("đạt chuẩn (lần xếp loại gần nhất)"), null=True, editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)

    tenant_path = "institution__path"
    objects = TenantManager["StaffMember"]()
    all_objects = models.Manager["StaffMember"]()

    class Meta:
        base_manager_name = "all_objects"
        ordering = ["search_name", "pk"]
        verbose_name = _("nhà giáo, cán bộ")
        verbose_name_plural = _("nhà giáo, cán bộ")
        constraints = [
            models.UniqueConstraint(fields=["institution", "code"], name="uniq_staff_code")
        ]
        indexes = [
            models.Index(fields=["institution", "category"]),
            # Teachers in post and how many meet the standard, per institution or province, read
            # from this index alone (COUNT(*), no table pages): the dashboards' panel and the
            # report figure over 80,000 teachers.
            models.Index(
                fields=["category", "institution", "meets_standard"],
                condition=models.Q(end_date__isnull=True),
                name="staff_in_post_standard",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.search_name = fold(f"{self.full_name} {self.code}")
        super().save(*args, **kwargs)

    @property
    def is_teacher(self) -> bool:
        return self.category == StaffCategory.TEACHER

    @property
    def is_active(self) -> bool:
        return self.end_date is None


class EmploymentRecord(models.Model):
    """One period of the employment history (quá trình công tác)."""

    staff = models.ForeignKey(StaffMember, on_delete=models.CASCADE, related_name="employment")
    start_date = models.DateField(_("từ ngày"))
    end_date = models.DateField(_("đến ngày"), null=True, blank=True)
    organisation_name = models.CharField(_("nơi công tác"), max_length=255)
    position = models.CharField(_("chức vụ, công việc"), max_length=255, blank=True)
    contract_type = models.CharField(
        _("loại hợp đồng"), max_length=30, choices=ContractType.choices, blank=True
    )
    decision = models.CharField(_("số quyết định"), max_length=120, blank=True)

    tenant_path = "staff__institution__path"
    objects = TenantManager["EmploymentRecord"]()
    all_objects = models.Manager["EmploymentRecord"]()

    class Meta:
        base_manager_name = "all_objects"
        ordering = ["-start_date"]

    def __str__(self) -> str:
        return f"{self.start_date:%m/%Y} {self.organisation_name}"


class TeachingAssignment(models.Model):
    """Periods taught (giờ giảng) in one school year, against the norm of Thông tư 07/2017."""

    staff = models.ForeignKey(StaffMember, on_delete=models.CASCADE, related_name="assignments")
    school_year = models.PositiveSmallIntegerField(_("năm học (năm bắt đầu)"))
    subject = models.CharField(_("mô-đun, môn học"), max_length=255)
    occupation = models.ForeignKey(
        "catalogue.Occupation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ngành, nghề"),
    )
    class_name = models.CharField(_("lớp"), max_length=100, blank=True)
    hours = models.PositiveIntegerField(_("số giờ chuẩn"))

    tenant_path = "staff__institution__path"
    objects = TenantManager["TeachingAssignment"]()
    all_objects = models.Manager["TeachingAssignment"]()

    class Meta:
        base_manager_name = "all_objects"
        ordering = ["-school_year", "subject"]

    def __str__(self) -> str:
        return f"{self.school_year} {self.subject} ({self.hours})"


class Qualification(models.Model):
    """A degree or certificate with its evidence file and, for some, an expiry date."""

    staff = models.ForeignKey(StaffMember, on_delete=models.CASCADE, related_name="qualifications")
    kind = models.CharField(_("loại"), max_length=20, choices=QualificationKind.choices)
    rank = models.PositiveSmallIntegerField(_("trình độ, mức"))
    name = models.CharField(_("tên văn bằng, chứng chỉ"), max_length=255)
    field = models.CharField(_("chuyên ngành, nghề"), max_length=255, blank=True)
    issuer = models.CharField(_("nơi cấp"), max_length=255, blank=True)
    number = models.CharField(_("số hiệu"), max_length=60, blank=True)
    issued_on = models.DateField(_("ngày cấp"), null=True, blank=True)
    expires_on = models.DateField(_("ngày hết hạn"), null=True, blank=True)
    evidence = models.FileField(_("tệp minh chứng"), upload_to="staff/evidence/", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    tenant_path = "staff__institution__path"
    objects = TenantManager["Qualification"]()
    all_objects = models.Manager["Qualification"]()

    class Meta:
        base_manager_name = "all_objects"
        ordering = ["kind", "-rank"]
        indexes = [models.Index(fields=["expires_on"])]

    def __str__(self) -> str:
        return self.name

    @property
    def level_label(self) -> str:
        return level_label(self.kind, self.rank)


# --- standards cycle ----------------------------------------------------------------------------


class AssessmentCycle(models.Model):
    """A yearly teacher-standards cycle of one institution (self → unit head → institution)."""

    class Status(models.TextChoices):
        OPEN = "open", _("Đang đánh giá")
        CLOSED = "closed", _("Đã kết thúc")

    institution = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="assessment_cycles"
    )
    framework = models.ForeignKey(StandardFramework, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("năm"))
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)

    tenant_path = "institution__path"
    objects = TenantManager["AssessmentCycle"]()
    all_objects = models.Manager["AssessmentCycle"]()

    class Meta:
        base_manager_name = "all_objects"
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["institution", "year"], name="uniq_cycle_year")
        ]

    def __str__(self) -> str:
        return _("Đánh giá chuẩn nhà giáo năm %(y)d") % {"y": self.year}


class Assessment(models.Model):
    """One teacher's assessment in a cycle."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Chưa tự đánh giá")
        SELF_DONE = "self_done", _("Đã tự đánh giá")
        UNIT_RATED = "unit_rated", _("Trưởng đơn vị đã đánh giá")
        RATED = "rated", _("Nhà trường đã xếp loại")

    cycle = models.ForeignKey(AssessmentCycle, on_delete=models.CASCADE, related_name="assessments")
    staff = models.ForeignKey(StaffMember, on_delete=models.CASCADE, related_name="assessments")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT)
    self_note = models.TextField(_("nhận xét của nhà giáo"), blank=True)
    self_at = models.DateTimeField(null=True, blank=True)
    unit_note = models.TextField(_("nhận xét của trưởng đơn vị"), blank=True)
    unit_rater = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    unit_at = models.DateTimeField(null=True, blank=True)
    meets_standard = models.BooleanField(_("đạt chuẩn"), null=True, blank=True)
    rated_at = models.DateTimeField(null=True, blank=True)

    tenant_path = "staff__institution__path"
    objects = TenantManager["Assessment"]()
    all_objects = models.Manager["Assessment"]()

    class Meta:
        base_manager_name = "all_objects"
        constraints = [
            models.UniqueConstraint(fields=["cycle", "staff"], name="uniq_assessment_staff")
        ]

    def __str__(self) -> str:
        return f"{self.staff} — {self.cycle}"


class CriterionScore(models.Model):
    """A criterion as the teacher (self) and the unit head saw it, with the evidence named."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    self_met = models.BooleanField(_("tự đánh giá đạt"), null=True)
    evidence = models.CharField(_("minh chứng"), max_length=500, blank=True)
    unit_met = models.BooleanField(_("trưởng đơn vị đánh giá đạt"), null=True)

    tenant_path = "assessment__staff__institution__path"
    objects = TenantManager["CriterionScore"]()
    all_objects = models.Manager["CriterionScore"]()

    class Meta:
        base_manager_name = "all_objects"
        constraints = [
            models.UniqueConstraint(fields=["assessment", "criterion"], name="uniq_score")
        ]

    def __str__(self) -> str:
        return f"{self.assessment_id}/{self.criterion_id}"


# --- titles and promotion -----------------------------------------------------------------------


class TitleHistory(models.Model):
    """A title a person held from ``effective_date``, by which decision (kept forever)."""

    staff = models.ForeignKey(StaffMember, on_delete=models.CASCADE, related_name="title_history")
    title = models.ForeignKey(ProfessionalTitle, on_delete=models.PROTECT, related_name="+")
    effective_date = models.DateField(_("ngày hiệu lực"))
    decision = models.CharField(_("quyết định"), max_length=120, blank=True)
    promotion_round = models.ForeignKey(
        "PromotionRound", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    tenant_path = "staff__institution__path"
    objects = TenantManager["TitleHistory"]()
    all_objects = models.Manager["TitleHistory"]()

    class Meta:
        base_manager_name = "all_objects"
        ordering = ["-effective_date", "-pk"]

    def __str__(self) -> str:
        return f"{self.effective_date:%d/%m/%Y} {self.title.code}"


class PromotionRound(models.Model):
    """A promotion round (kỳ thi / xét thăng hạng) organised by an authority for its subtree.

    Since 7 Dec 2023 promotion is by review of documents only (Decree 85/2023/NĐ-CP amending
    Decree 115/2020/NĐ-CP): the methods allowed on the round's ``reference_date`` are the rule
    ``staff.promotion.methods``; the exam method stays for rounds dated before.

    Rounds are read by the authority (``promotion.manage``) and by HR officers of the
    institutions below it; not a ``TenantManager`` model because those officers sit *under* the
    round's organisation. ``staff.access.access_round_by_id`` is the one gate.
    """

    class Method(models.TextChoices):
        EXAM = "thi", _("Thi thăng hạng")
        REVIEW = "xet", _("Xét thăng hạng")

    class Status(models.TextChoices):
        OPEN = "open", _("Đang nhận hồ sơ")
        CLOSED = "closed", _("Đã khóa hồ sơ")
        DECIDED = "decided", _("Đã có quyết định")

    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="promotion_rounds"
    )
    name = models.CharField(_("tên kỳ"), max_length=255)
    method = models.CharField(_("hình thức"), max_length=5, choices=Method.choices)
    target_title = models.ForeignKey(
        ProfessionalTitle,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("chức danh dự thi/xét"),
    )
    reference_date = models.DateField(
        _("ngày tính điều kiện"), help_text=_("Thời hạn giữ hạng được tính đến ngày này.")
    )
    extra_rules = models.JSONField(_("điều kiện bổ sung"), default=list, blank=True)
    quota = models.PositiveIntegerField(
        _("chỉ tiêu thăng hạng"),
        null=True,
        blank=True,
        help_text=_("Khi số người đủ điều kiện vượt chỉ tiêu, áp dụng thứ tự ưu tiên."),
    )
    # The title's rules as they stood when the round opened: a later edit of the title by the
    # authority applies to new rounds only. ``None`` (rounds opened before this column): the
    # title's current rules.
    title_rules = models.JSONField(null=True, blank=True, editable=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-reference_date", "-pk"]

    def __str__(self) -> str:
        return self.name


class PromotionApplication(models.Model):
    """A candidate's application in a round, with the eligibility explanation kept as data."""

    class Status(models.TextChoices):
        APPLIED = "applied", _("Đã nộp hồ sơ")
        PASSED = "passed", _("Đạt")
        FAILED = "failed", _("Không đạt")
        APPOINTED = "appointed", _("Đã bổ nhiệm")

    promotion_round = models.ForeignKey(
        PromotionRound, on_delete=models.CASCADE, related_name="applications"
    )
    staff = models.ForeignKey(StaffMember, on_delete=models.CASCADE, related_name="applications")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.APPLIED)
    evidence_note = models.TextField(_("hồ sơ, minh chứng"), blank=True)
    evidence = models.FileField(_("tệp hồ sơ"), upload_to="staff/promotion/", blank=True)
    eligible = models.BooleanField(default=False)
    explanation = models.JSONField(default=list)
    score = models.DecimalField(_("điểm"), max_digits=5, decimal_places=2, null=True, blank=True)
    decision = models.CharField(_("số quyết định"), max_length=120, blank=True)
    effective_date = models.DateField(_("ngày hiệu lực"), null=True, blank=True)
    # Set by ``round_rank`` when candidates exceed the quota: place in the priority order, whether
    # within the quota, and what placed it ahead of the next one.
    priority_rank = models.PositiveIntegerField(_("thứ tự ưu tiên"), null=True, blank=True)
    within_quota = models.BooleanField(_("trong chỉ tiêu"), null=True, blank=True)
    priority_note = models.CharField(_("căn cứ xếp thứ tự"), max_length=300, blank=True)

    tenant_path = "staff__institution__path"
    objects = TenantManager["PromotionApplication"]()
    all_objects = models.Manager["PromotionApplication"]()

    class Meta:
        base_manager_name = "all_objects"
        constraints = [
            models.UniqueConstraint(
                fields=["promotion_round", "staff"], name="uniq_application_staff"
            )
        ]

    def __str__(self) -> str:
        return f"{self.staff} — {self.promotion_round}"


# --- professional development -------------------------------------------------------------------


class DevelopmentKind(models.TextChoices):
    INTERNAL = "internal", _("Bồi dưỡng tại trường")
    EXTERNAL = "external", _("Bồi dưỡng bên ngoài")
    ABROAD = "abroad", _("Bồi dưỡng ở nước ngoài")
    INTERNATIONAL = "international", _("Đào tạo giảng dạy chương trình chuyển giao quốc tế")
    INTERNSHIP = "internship", _("Thực tập tại doanh nghiệp")


class DevelopmentActivity(models.Model):
    """A course attended or an enterprise internship (thực tập tại doanh nghiệp)."""

    staff = models.ForeignKey(StaffMember, on_delete=models.CASCADE, related_name="development")
    kind = models.CharField(_("loại"), max_length=20, choices=DevelopmentKind.choices)
    name = models.CharField(_("nội dung"), max_length=255)
    partner = models.CharField(_("đơn vị tổ chức / doanh nghiệp"), max_length=255, blank=True)
    country = models.CharField(_("quốc gia"), max_length=60, blank=True)
    start_date = models.DateField(_("từ ngày"))
    end_date = models.DateField(_("đến ngày"))
    hours = models.PositiveIntegerField(_("số giờ"))

    tenant_path = "staff__institution__path"
    objects = TenantManager["DevelopmentActivity"]()
    all_objects = models.Manager["DevelopmentActivity"]()

    class Meta:
        base_manager_name = "all_objects"
        ordering = ["-start_date"]

    def __str__(self) -> str:
        return self.name


class DevelopmentPlan(models.Model):
    """A unit's yearly development plan: hours and internships it commits to."""

    unit = models.ForeignKey(
        "core.Organisation", on_delete=models.CASCADE, related_name="development_plans"
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    target_hours_per_teacher = models.PositiveIntegerField(_("số giờ bồi dưỡng / nhà giáo"))
    target_internships = models.PositiveIntegerField(_("số lượt thực tập doanh nghiệp"))
    note = models.TextField(_("ghi chú"), blank=True)

    tenant_path = "unit__path"
    objects = TenantManager["DevelopmentPlan"]()
    all_objects = models.Manager["DevelopmentPlan"]()

    class Meta:
        base_manager_name = "all_objects"
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="uniq_plan_year")]

    def __str__(self) -> str:
        return f"{self.unit} {self.year}"


class DevelopmentPlanItem(models.Model):
    """A course or internship a unit plans for the year (khóa bồi dưỡng, đợt thực tập dự kiến)."""

    plan = models.ForeignKey(DevelopmentPlan, on_delete=models.CASCADE, related_name="items")
    kind = models.CharField(_("loại"), max_length=20, choices=DevelopmentKind.choices)
    name = models.CharField(_("nội dung"), max_length=255)
    partner = models.CharField(_("đơn vị tổ chức / doanh nghiệp"), max_length=255, blank=True)
    participants = models.PositiveIntegerField(_("số người dự kiến"))
    hours = models.PositiveIntegerField(_("số giờ / người"))

    tenant_path = "plan__unit__path"
    objects = TenantManager["DevelopmentPlanItem"]()
    all_objects = models.Manager["DevelopmentPlanItem"]()

    class Meta:
        base_manager_name = "all_objects"
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def planned_hours(self) -> int:
        return self.participants * self.hours
