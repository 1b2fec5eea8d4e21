"""Reporting and steering (báo cáo và chỉ đạo điều hành): reports go up, directions come down.

* ``IndicatorDefinition`` — a versioned definition of a figure (computed from a registered
  ``core.indicators`` code, or entered by hand). A submitted report stores the value *and* the
  definition version it was computed with, so last year's report stays reproducible.
* ``ReportTemplate`` / ``TemplateItem`` / ``ReportingPeriod`` — what an authority asks for, when.
* ``Submission`` / ``SubmissionValue`` / ``SubmissionVersion`` — an institution's report; values
  are one row per indicator with the institution's path and province denormalised, so a roll-up
  is one indexed GROUP BY over submitted rows; every submission is kept as a frozen version.
* ``Document`` / ``DocumentCounter`` / ``DocumentLink`` — the registry of official documents
  (Decree 30/2020/NĐ-CP on administrative document work).
* ``Meeting`` (with its invitees and conclusion notice), ``NoticeRecipient``, ``Task``,
  ``TaskUpdate``, ``Difficulty``, ``DraftingProject``, ``Reminder``.

Templates and periods belong to an authority and are readable by everyone below it, so they are
plain models checked in ``reporting.access``; institution data are tenant models.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from opentvet.core.models import Organisation
from opentvet.core.scopes import TenantManager


class IndicatorKind(models.TextChoices):
    COMPUTED = "computed", _("Tính từ dữ liệu")
    MANUAL = "manual", _("Nhập tay")


class Aggregation(models.TextChoices):
    SUM = "sum", _("Cộng")
    MEAN = "mean", _("Trung bình")


class IndicatorDefinition(models.Model):
    """One version of an indicator's definition. A change of meaning is a new version."""

    code = models.CharField(_("mã chỉ tiêu"), max_length=80)
    version = models.PositiveSmallIntegerField(_("phiên bản"), default=1)
    name = models.CharField(_("tên chỉ tiêu"), max_length=255)
    unit = models.CharField(_("đơn vị tính"), max_length=40, blank=True)
    kind = models.CharField(_("nguồn"), max_length=10, choices=IndicatorKind.choices)
    registry_code = models.CharField(
        _("mã chỉ số dữ liệu"),
        max_length=80,
        blank=True,
        help_text=_("Mã chỉ số trong hệ thống (ví dụ learners.enrolled) khi tính từ dữ liệu."),
    )
    definition = models.TextField(_("định nghĩa"), blank=True)
    aggregation = models.CharField(
        _("cách tổng hợp"), max_length=10, choices=Aggregation.choices, default=Aggregation.SUM
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["code", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="uniq_indicator_version")
        ]
        verbose_name = _("định nghĩa chỉ tiêu")
        verbose_name_plural = _("định nghĩa chỉ tiêu")

    def __str__(self) -> str:
        return f"{self.code} v{self.version} — {self.name}"


class Periodicity(models.TextChoices):
    MONTHLY = "monthly", _("Tháng")
    QUARTERLY = "quarterly", _("Quý")
    FIVE_MONTH = "5m", _("5 tháng")
    SIX_MONTH = "6m", _("6 tháng")
    ANNUAL = "annual", _("Năm")


class ReportKind(models.TextChoices):
    """Which regulation sets the report's deadline (rule ``reporting.deadline.<kind>``).

    ``other`` is a report an authority asks for on its own: no regulation sets its deadline,
    the authority does (``due_days`` after the period).
    """

    ANNUAL_TRAINING = "annual_training", _("Báo cáo đào tạo hằng năm (trung cấp, cao đẳng)")
    ADMISSIONS_MONTHLY = "admissions_monthly", _("Báo cáo tuyển sinh hằng tháng")
    SO_CAP = "so_cap", _("Báo cáo đào tạo trình độ sơ cấp")
    CONTINUING = "continuing", _("Báo cáo đào tạo thường xuyên")
    OTHER = "other", _("Báo cáo theo yêu cầu của cơ quan quản lý")


class ReportTemplate(models.Model):
    """A report an authority asks institutions under it for (mẫu báo cáo)."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="report_templates",
        verbose_name=_("cơ quan yêu cầu"),
    )
    name = models.CharField(_("tên mẫu báo cáo"), max_length=255)
    description = models.TextField(_("mô tả"), blank=True)
    periodicities = models.JSONField(_("kỳ báo cáo"), default=list)
    report_kind = models.CharField(
        _("loại báo cáo"), max_length=20, choices=ReportKind.choices, default=ReportKind.OTHER
    )
    # Only for ``ReportKind.OTHER``: a regulated report takes its deadline from its date rule.
    due_days = models.PositiveSmallIntegerField(_("hạn nộp (số ngày sau cuối kỳ)"), default=5)
    recipients = models.TextField(_("nơi nhận"), blank=True)
    swing_threshold = models.PositiveSmallIntegerField(
        _("ngưỡng biến động cần giải trình (%)"), default=30
    )
    sections = models.JSONField(_("phần thuyết minh"), default=list, blank=True)
    is_active = models.BooleanField(_("đang dùng"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("mẫu báo cáo")
        verbose_name_plural = _("mẫu báo cáo")

    def __str__(self) -> str:
        return self.name


class TemplateItem(models.Model):
    """An indicator asked for in a template, pinned to one definition version."""

    template = models.ForeignKey(ReportTemplate, on_delete=models.CASCADE, related_name="items")
    order = models.PositiveSmallIntegerField(default=0)
    definition = models.ForeignKey(
        IndicatorDefinition,
        on_delete=models.PROTECT,
        related_name="items",
        verbose_name=pgettext_lazy("report indicator", "chỉ tiêu"),
    )
    required = models.BooleanField(_("bắt buộc"), default=True)
    # Codes (of items in the same template) whose values must add up to this one.
    components = models.JSONField(
        _("thành phần cộng lại bằng chỉ tiêu này"), default=list, blank=True
    )

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["template", "definition"], name="uniq_template_item")
        ]

    def __str__(self) -> str:
        return f"{self.template_id}:{self.definition.code}"

    @property
    def code(self) -> str:
        return self.definition.code


class ReportingPeriod(models.Model):
    """One period a template is open for (kỳ báo cáo), with its due date."""

    class Status(models.TextChoices):
        OPEN = "open", _("Đang nhận báo cáo")
        CLOSED = "closed", _("Đã đóng")

    template = models.ForeignKey(ReportTemplate, on_delete=models.PROTECT, related_name="periods")
    periodicity = models.CharField(_("loại kỳ"), max_length=10, choices=Periodicity.choices)
    year = models.PositiveSmallIntegerField(_("năm"))
    number = models.PositiveSmallIntegerField(_("số thứ tự kỳ trong năm"), default=1)
    start = models.DateField(_("từ ngày"))
    end = models.DateField(_("đến ngày"))
    due_date = models.DateField(_("hạn nộp"))
    # What set the due date, as shown beside it ("Căn cứ: Điều 38 Thông tư 04/2022/TT-BLĐTBXH").
    due_basis = models.CharField(_("căn cứ hạn nộp"), max_length=300, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    opened_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-end", "template_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["template", "periodicity", "year", "number"], name="uniq_period"
            )
        ]
        verbose_name = _("kỳ báo cáo")
        verbose_name_plural = _("kỳ báo cáo")

    def __str__(self) -> str:
        return f"{self.template.name} — {self.label}"

    @property
    def label(self) -> str:
        if self.periodicity == Periodicity.MONTHLY:
            return str(_("Tháng %(n)d/%(y)d") % {"n": self.number, "y": self.year})
        if self.periodicity == Periodicity.QUARTERLY:
            return str(_("Quý %(n)d/%(y)d") % {"n": self.number, "y": self.year})
        if self.periodicity == Periodicity.FIVE_MONTH:
            return str(_("5 tháng đầu năm %(y)d") % {"y": self.year})
        if self.periodicity == Periodicity.SIX_MONTH:
            if self.number == 1:
                return str(_("6 tháng đầu năm %(y)d") % {"y": self.year})
            return str(_("6 tháng cuối năm %(y)d") % {"y": self.year})
        return str(_("Năm %(y)d") % {"y": self.year})


class Submission(models.Model):
    """An institution's report for one period. Its history is in ``versions``."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Đang soạn")
        SIGNED = "signed", _("Đã ký duyệt")
        SUBMITTED = "submitted", _("Đã gửi")
        RETURNED = "returned", _("Bị trả lại")
        ACKNOWLEDGED = "acknowledged", _("Đã tiếp nhận")

    period = models.ForeignKey(
        ReportingPeriod, on_delete=models.PROTECT, related_name="submissions"
    )
    institution = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="report_submissions"
    )
    institution_path = models.CharField(max_length=255, editable=False, db_index=True)
    status = models.CharField(max_length=15, choices=Status.choices, default=Status.DRAFT)
    narrative = models.JSONField(default=dict, blank=True)
    version = models.PositiveSmallIntegerField(default=0)  # number of submissions so far
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    signed_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    first_submitted_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_comment = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    tenant_path = "institution_path"
    objects = TenantManager["Submission"]()
    all_objects = models.Manager["Submission"]()

    class Meta:
        base_manager_name = "all_objects"
        ordering = ["-period__end", "institution__name"]
        constraints = [
            models.UniqueConstraint(fields=["period", "institution"], name="uniq_submission")
        ]

    def __str__(self) -> str:
        return f"{self.institution} — {self.period_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.institution_path = self.institution.path
        super().save(*args, **kwargs)

    @property
    def was_submitted(self) -> bool:
        return self.first_submitted_at is not None

    @property
    def is_editable(self) -> bool:
        return self.status in {self.Status.DRAFT, self.Status.RETURNED}


class ValueSource(models.TextChoices):
    COMPUTED = "computed", _("Tính từ dữ liệu")
    MANUAL = "manual", _("Nhập tay")
    NO_SOURCE = "none", _("Chưa có nguồn dữ liệu")


class SubmissionValue(models.Model):
    """One figure of one submission. ``submitted`` marks the rows the roll-ups read."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="values")
    period = models.ForeignKey(ReportingPeriod, on_delete=models.CASCADE, related_name="+")
    institution = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    institution_path = models.CharField(max_length=255)
    province_id = models.IntegerField(null=True, blank=True)
    code = models.CharField(max_length=80)
    definition_version = models.PositiveSmallIntegerField(default=1)
    value = models.DecimalField(max_digits=18, decimal_places=4, null=True, blank=True)
    computed_value = models.DecimalField(max_digits=18, decimal_places=4, null=True, blank=True)
    source = models.CharField(max_length=10, choices=ValueSource.choices)
    comment = models.TextField(blank=True)
    submitted = models.BooleanField(default=False)

    tenant_path = "institution_path"
    objects = TenantManager["SubmissionValue"]()
    all_objects = models.Manager["SubmissionValue"]()

    class Meta:
        base_manager_name = "all_objects"
        constraints = [
            models.UniqueConstraint(fields=["submission", "code"], name="uniq_submission_value")
        ]
        indexes = [
            models.Index(fields=["period", "submitted", "code"], name="rep_value_rollup"),
            models.Index(fields=["period", "province_id", "code"], name="rep_value_province"),
        ]

    def __str__(self) -> str:
        return f"{self.code}={self.value}"


class SubmissionVersion(models.Model):
    """A frozen copy of a submission as it was sent: values, definitions, narrative."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField()
    snapshot = models.JSONField()
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    submitted_at = models.DateTimeField()
    outcome = models.CharField(max_length=15, blank=True)  # returned / acknowledged
    review_comment = models.TextField(blank=True)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["submission", "number"], name="uniq_version")
        ]

    def __str__(self) -> str:
        return f"{self.submission_id} v{self.number}"


class Reminder(models.Model):
    """A reminder sent to an institution whose report is due or late (nhắc nộp báo cáo)."""

    period = models.ForeignKey(ReportingPeriod, on_delete=models.CASCADE, related_name="reminders")
    institution = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    institution_path = models.CharField(max_length=255, db_index=True)
    sent_at = models.DateTimeField()
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    late = models.BooleanField(default=False)

    tenant_path = "institution_path"
    objects = TenantManager["Reminder"]()
    all_objects = models.Manager["Reminder"]()

    class Meta:
        base_manager_name = "all_objects"
        ordering = ["-sent_at"]

    def __str__(self) -> str:
        return f"{self.institution_id} {self.period_id}"


# --- Official documents (Nghị định 30/2020/NĐ-CP) ---------------------------------------------


class DocumentType(models.TextChoices):
    """Types and abbreviations of Decree 30/2020/NĐ-CP, Appendix III (công văn has none)."""

    CONG_VAN = "CV", _("Công văn")
    GIAY_MOI = "GM", _("Giấy mời")
    BAO_CAO = "BC", _("Báo cáo")
    QUYET_DINH = "QĐ", _("Quyết định")
    CHI_THI = "CT", _("Chỉ thị")
    THONG_BAO = "TB", _("Thông báo")
    KE_HOACH = "KH", _("Kế hoạch")
    TO_TRINH = "TTr", _("Tờ trình")
    BIEN_BAN = "BB", _("Biên bản")
    HUONG_DAN = "HD", _("Hướng dẫn")
    DE_AN = "ĐA", _("Đề án")
    NGHI_QUYET = "NQ", _("Nghị quyết")
    KET_LUAN = "KL", _("Thông báo kết luận")
    # Not a Decree 30 type: a legal document (thông tư, nghị định, luật) received and registered
    # as it is, with its own number form (24/2025/TT-BGDĐT). Never issued from the register.
    LEGAL = "QPPL", _("Văn bản quy phạm pháp luật (đến)")


#: Types an organisation may issue from its register (Decree 30/2020/NĐ-CP, Appendix III).
OUTGOING_DOCUMENT_TYPES = [(v, label) for v, label in DocumentType.choices if v != "QPPL"]


class Document(models.Model):
    """An incoming or outgoing document in an organisation's register (sổ văn bản)."""

    class Direction(models.TextChoices):
        INCOMING = "in", _("Văn bản đến")
        OUTGOING = "out", _("Văn bản đi")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="documents"
    )
    organisation_path = models.CharField(max_length=255, editable=False, db_index=True)
    direction = models.CharField(_("loại sổ"), max_length=3, choices=Direction.choices)
    doc_type = models.CharField(_("loại văn bản"), max_length=4, choices=DocumentType.choices)
    year = models.PositiveSmallIntegerField(_("năm"))
    number = models.PositiveIntegerField(_("số"), null=True, blank=True)
    symbol = models.CharField(_("số, ký hiệu"), max_length=80)
    issuing_body = models.CharField(_("cơ quan ban hành"), max_length=255)
    issued_on = models.DateField(_("ngày ban hành"))
    received_on = models.DateField(_("ngày đến"), null=True, blank=True)
    subject = models.CharField(_("trích yếu"), max_length=500)
    signer = models.CharField(_("người ký"), max_length=150, blank=True)
    file = models.FileField(_("tệp"), upload_to="reporting/documents/", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    tenant_path = "organisation_path"
    objects = TenantManager["Document"]()
    all_objects = models.Manager["Document"]()

    class Meta:
        base_manager_name = "all_objects"
        ordering = ["-issued_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "year", "doc_type", "number"],
                condition=models.Q(direction="out"),
                name="uniq_outgoing_number",
            )
        ]
        verbose_name = _("văn bản")
        verbose_name_plural = _("văn bản")

    def __str__(self) -> str:
        return f"{self.symbol} — {self.subject[:80]}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.organisation_path = self.organisation.path
        super().save(*args, **kwargs)


class DocumentCounter(models.Model):
    """The last number given per (organisation, type, year); locked while a number is taken."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    doc_type = models.CharField(max_length=4)
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "doc_type", "year"], name="uniq_doc_counter"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id} {self.doc_type} {self.year}: {self.last_number}"


class DocumentLink(models.Model):
    """A document answering, citing or implementing another."""

    class Kind(models.TextChoices):
        ANSWERS = "answers", _("Trả lời / thực hiện")
        CITES = "cites", _("Căn cứ")
        REPLACES = "replaces", _("Thay thế")

    source = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="links_out")
    target = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="links_in")
    kind = models.CharField(max_length=10, choices=Kind.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["source", "target", "kind"], name="uniq_doc_link")
        ]

    def __str__(self) -> str:
        return f"{self.source_id} {self.kind} {self.target_id}"


# --- Meetings, tasks, difficulties, drafting ---------------------------------------------------


class Meeting(models.Model):
    """A briefing (giao ban) or working session (buổi làm việc) and its conclusions.

    Invitees are organisations (``guest_organisations``) and people (``invited_people``) of the
    convener's subtree. A meeting is edited until it is closed by its conclusion notice (thông
    báo kết luận, ``conclusion_document``), whose directions become tasks (``tasks``).
    """

    class Kind(models.TextChoices):
        BRIEFING = "briefing", _("Họp giao ban")
        WORKING_SESSION = "working", _("Buổi làm việc")
        OTHER = "other", _("Cuộc họp khác")

    class Status(models.TextChoices):
        OPEN = "open", _("Chưa kết luận")
        CLOSED = "closed", _("Đã kết luận")

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="meetings",
        verbose_name=_("đơn vị chủ trì"),
    )
    organisation_path = models.CharField(max_length=255, editable=False, db_index=True)
    kind = models.CharField(_("loại cuộc họp"), max_length=10, choices=Kind.choices)
    title = models.CharField(_("tiêu đề"), max_length=255)
    held_on = models.DateField(_("ngày họp"))
    place = models.CharField(_("địa điểm"), max_length=255, blank=True)
    chair = models.CharField(_("chủ trì"), max_length=150, blank=True)
    participants = models.TextField(_("thành phần"), blank=True)
    guest_organisations = models.ManyToManyField(
        Organisation, blank=True, related_name="+", verbose_name=_("đơn vị được mời")
    )
    submissions = models.ManyToManyField(
        Submission, blank=True, related_name="meetings", verbose_name=_("báo cáo được xem xét")
    )
    documents = models.ManyToManyField(
        Document, blank=True, related_name="meetings", verbose_name=_("văn bản liên quan")
    )
    conclusions = models.TextField(_("kết luận, chỉ đạo"), blank=True)
    invited_people = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="meetings_invited",
        verbose_name=_("người được mời"),
    )
    invitation = models.ForeignKey(
        Document,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("giấy mời"),
    )
    minutes = models.TextField(_("diễn biến cuộc họp (biên bản)"), blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    conclusion_document = models.ForeignKey(
        Document,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("thông báo kết luận"),
    )
    closed_at = models.DateTimeField(_("ngày kết luận"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    tenant_path = "organisation_path"
    objects = TenantManager["Meeting"]()
    all_objects = models.Manager["Meeting"]()

    class Meta:
        base_manager_name = "all_objects"
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.organisation_path = self.organisation.path
        super().save(*args, **kwargs)


class NoticeRecipient(models.Model):
    """An intended recipient (nơi nhận) of a document issued from a meeting: the participants
    of a conclusion notice, "để thực hiện" when a direction is theirs, otherwise "để biết".

    Sending (liên thông văn bản) reads these rows; this app only records them.
    """

    class Purpose(models.TextChoices):
        ACT = "act", _("Để thực hiện")
        INFO = "info", _("Để biết")

    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="intended_recipients"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị nhận")
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người nhận"),
    )
    purpose = models.CharField(_("mục đích"), max_length=5, choices=Purpose.choices)

    class Meta:
        ordering = ["purpose", "pk"]

    def __str__(self) -> str:
        return f"{self.document_id} → {self.organisation_id}"


class Priority(models.TextChoices):
    HIGH = "high", _("Cao")
    NORMAL = "normal", _("Bình thường")
    LOW = "low", _("Thấp")


class Task(models.Model):
    """A task assigned by an organisation to an owner organisation (nhiệm vụ, chỉ đạo).

    A key task of a year (nhiệm vụ trọng tâm) has ``key_year``; its actions are child tasks.
    Visible to the owner's subtree and to everyone above it (the assigner is above the owner).
    """

    class Status(models.TextChoices):
        OPEN = "open", _("Chưa thực hiện")
        IN_PROGRESS = "in_progress", _("Đang thực hiện")
        DONE = "done", _("Hoàn thành")
        CANCELLED = "cancelled", _("Hủy")

    assigned_by = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="tasks_assigned",
        verbose_name=_("đơn vị giao"),
    )
    owner = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="tasks_owned",
        verbose_name=_("đơn vị chủ trì"),
    )
    owner_path = models.CharField(max_length=255, editable=False, db_index=True)
    owner_person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người phụ trách"),
    )
    title = models.CharField(_("nhiệm vụ"), max_length=500)
    description = models.TextField(_("nội dung"), blank=True)
    deadline = models.DateField(_("thời hạn"), null=True, blank=True)
    priority = models.CharField(
        _("mức ưu tiên"), max_length=10, choices=Priority.choices, default=Priority.NORMAL
    )
    status = models.CharField(
        _("trạng thái"), max_length=12, choices=Status.choices, default=Status.OPEN
    )
    progress = models.PositiveSmallIntegerField(_("tiến độ (%)"), default=0)
    key_year = models.PositiveSmallIntegerField(_("nhiệm vụ trọng tâm năm"), null=True, blank=True)
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="actions"
    )
    meeting = models.ForeignKey(
        Meeting, on_delete=models.SET_NULL, null=True, blank=True, related_name="tasks"
    )
    source_document = models.ForeignKey(
        Document, on_delete=models.SET_NULL, null=True, blank=True, related_name="tasks"
    )
    completed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    tenant_path = "owner_path"
    objects = TenantManager["Task"]()
    all_objects = models.Manager["Task"]()

    class Meta:
        base_manager_name = "all_objects"
        ordering = ["deadline", "pk"]
        indexes = [models.Index(fields=["status", "deadline"])]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.owner_path = self.owner.path
        super().save(*args, **kwargs)


class TaskUpdate(models.Model):
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="updates")
    at = models.DateTimeField()
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    progress = models.PositiveSmallIntegerField()
    note = models.TextField(blank=True)
    evidence = models.FileField(upload_to="reporting/evidence/", blank=True)
    evidence_document = models.ForeignKey(
        Document, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.task_id} {self.progress}%"


class DifficultyCategory(models.TextChoices):
    TRAINING = "training", _("Đào tạo")
    PERSONNEL = "personnel", _("Tổ chức - cán bộ")
    FINANCE = "finance", _("Tài chính - cơ sở vật chất")
    POLICY = "policy", _("Cơ chế, chính sách")


class Difficulty(models.Model):
    """A difficulty or recommendation (khó khăn, vướng mắc, kiến nghị) and its answer."""

    class Status(models.TextChoices):
        OPEN = "open", _("Đang chờ xử lý")
        ANSWERED = "answered", _("Đã trả lời")
        CLOSED = "closed", _("Đã đóng")

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="difficulties",
        verbose_name=_("đơn vị nêu"),
    )
    organisation_path = models.CharField(max_length=255, editable=False, db_index=True)
    submission = models.ForeignKey(
        Submission, on_delete=models.SET_NULL, null=True, blank=True, related_name="difficulties"
    )
    category = models.CharField(_("lĩnh vực"), max_length=12, choices=DifficultyCategory.choices)
    title = models.CharField(_("nội dung vướng mắc"), max_length=500)
    description = models.TextField(_("mô tả, kiến nghị"), blank=True)
    routed_to = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("cấp xử lý")
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    raised_at = models.DateTimeField()
    answer = models.TextField(_("trả lời"), blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    resolving_document = models.ForeignKey(
        Document,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("văn bản giải quyết"),
    )
    resolving_task = models.ForeignKey(
        Task,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("chỉ đạo giải quyết"),
    )
    closed_at = models.DateTimeField(null=True, blank=True)

    tenant_path = "organisation_path"
    objects = TenantManager["Difficulty"]()
    all_objects = models.Manager["Difficulty"]()

    class Meta:
        base_manager_name = "all_objects"
        ordering = ["-raised_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.organisation_path = self.organisation.path
        super().save(*args, **kwargs)


class DifficultyResponse(models.Model):
    """One step of a difficulty's handling by an authority: forwarded to another level above the
    institution, or answered — each with its author, date and, for an answer, an optional
    document that resolves it (văn bản giải quyết). The raiser reads them in order."""

    class Kind(models.TextChoices):
        FORWARDED = "forwarded", _("Chuyển cấp xử lý")
        ANSWERED = "answered", _("Trả lời")

    difficulty = models.ForeignKey(Difficulty, on_delete=models.CASCADE, related_name="responses")
    kind = models.CharField(_("loại"), max_length=10, choices=Kind.choices)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("cấp xử lý")
    )
    forwarded_to = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("chuyển đến"),
    )
    text = models.TextField(_("nội dung"), blank=True)
    document = models.ForeignKey(
        Document,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("văn bản kèm theo"),
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người thực hiện"),
    )
    by_name = models.CharField(_("người thực hiện"), max_length=150, blank=True)
    at = models.DateTimeField(_("thời gian"))

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.difficulty_id} {self.kind} {self.at:%d/%m/%Y}"


class DraftingProject(models.Model):
    """A scheme, strategy or legal document being drafted at an authority (đề án, văn bản)."""

    class Kind(models.TextChoices):
        SCHEME = "scheme", _("Đề án")
        STRATEGY = "strategy", _("Chiến lược")
        LEGAL = "legal", _("Văn bản quy phạm pháp luật")
        DECISION = "decision", _("Quyết định, chỉ thị")

    class Status(models.TextChoices):
        DRAFTING = "drafting", _("Đang soạn thảo")
        CONSULTING = "consulting", _("Lấy ý kiến")
        SUBMITTED = "submitted", _("Đã trình")
        REVISING = "revising", _("Hoàn thiện theo ý kiến")
        ISSUED = "issued", _("Đã ban hành")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="drafting_projects"
    )
    organisation_path = models.CharField(max_length=255, editable=False, db_index=True)
    kind = models.CharField(_("loại"), max_length=10, choices=Kind.choices)
    title = models.CharField(_("tên"), max_length=500)
    status = models.CharField(
        _("trạng thái"), max_length=12, choices=Status.choices, default=Status.DRAFTING
    )
    owner_unit = models.CharField(_("đơn vị chủ trì soạn thảo"), max_length=255, blank=True)
    owner_person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người phụ trách"),
    )
    due_date = models.DateField(_("thời hạn trình"), null=True, blank=True)
    history = models.JSONField(default=list, blank=True)
    issued_document = models.ForeignKey(
        Document, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    tenant_path = "organisation_path"
    objects = TenantManager["DraftingProject"]()
    all_objects = models.Manager["DraftingProject"]()

    class Meta:
        base_manager_name = "all_objects"
        ordering = ["status", "due_date", "pk"]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.organisation_path = self.organisation.path
        super().save(*args, **kwargs)


class KeyTaskItem(models.Model):
    """A key task of the year (nhiệm vụ trọng tâm) as a structured item of an institution's
    report: what the institution set out to do, its targets and how far it has come.

    Pre-filled from the institution's key tasks on the task board (``Task.key_year``) when the
    report is started; rolls up with the report once it is submitted.
    """

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="key_tasks")
    period = models.ForeignKey(ReportingPeriod, on_delete=models.CASCADE, related_name="+")
    institution = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    institution_path = models.CharField(max_length=255, db_index=True)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    title = models.CharField(_("nhiệm vụ trọng tâm"), max_length=500)
    target = models.TextField(_("chỉ tiêu, kết quả cần đạt"), blank=True)
    progress = models.PositiveSmallIntegerField(_("tiến độ (%)"), default=0)
    result = models.TextField(_("kết quả thực hiện"), blank=True)
    task = models.ForeignKey(
        Task, on_delete=models.SET_NULL, null=True, blank=True, related_name="report_items"
    )

    tenant_path = "institution_path"
    objects = TenantManager["KeyTaskItem"]()
    all_objects = models.Manager["KeyTaskItem"]()

    class Meta:
        base_manager_name = "all_objects"
        ordering = ["order", "pk"]
        indexes = [models.Index(fields=["period", "institution_path"], name="rep_keytask_period")]
        verbose_name = _("nhiệm vụ trọng tâm trong báo cáo")
        verbose_name_plural = _("nhiệm vụ trọng tâm trong báo cáo")

    def __str__(self) -> str:
        return self.title
