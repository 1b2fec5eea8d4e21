"""Graduation decisions and the diploma register (sổ gốc cấp văn bằng, chứng chỉ)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from opentvet.learners.models.base import TenantRow
from opentvet.learners.models.students import Student


class DiplomaKind(models.TextChoices):
    COLLEGE = "college", _("Bằng tốt nghiệp cao đẳng")
    INTERMEDIATE = "intermediate", _("Bằng tốt nghiệp trung cấp")
    ELEMENTARY = "elementary", _("Chứng chỉ sơ cấp")


class GraduationDecision(TenantRow):
    """A decision recognising graduation (quyết định công nhận tốt nghiệp)."""

    number = models.CharField(_("số quyết định"), max_length=60)
    decided_on = models.DateField(_("ngày quyết định"))
    signer = models.CharField(_("người ký"), max_length=150, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta(TenantRow.Meta):
        ordering = ["-decided_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["institution", "number"], name="graduation_number")
        ]

    def __str__(self) -> str:
        return f"{self.number} ({self.decided_on:%d/%m/%Y})"


class SerialCounter(TenantRow):
    """The last serial handed out per institution, year and kind; locked while allocating."""

    year = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=12, choices=DiplomaKind.choices)
    last = models.PositiveIntegerField(default=0)

    class Meta(TenantRow.Meta):
        constraints = [
            models.UniqueConstraint(fields=["institution", "year", "kind"], name="serial_counter")
        ]

    def __str__(self) -> str:
        return f"{self.institution_id} {self.year} {self.kind}: {self.last}"


class DiplomaEntry(TenantRow):
    """One line of the diploma register: the graduate, the class, the serial, the register number.

    ``serial`` (số hiệu) and ``register_number`` (số vào sổ) never repeat: unique constraints,
    and allocation under ``select_for_update`` of the ``SerialCounter`` row.
    """

    decision = models.ForeignKey(
        GraduationDecision, on_delete=models.PROTECT, related_name="entries"
    )
    student = models.OneToOneField(Student, on_delete=models.PROTECT, related_name="diploma")
    kind = models.CharField(_("loại văn bằng"), max_length=12, choices=DiplomaKind.choices)
    serial = models.CharField(_("số hiệu"), max_length=40, unique=True)
    register_number = models.CharField(_("số vào sổ"), max_length=40)
    # 4-point GPA (tín chỉ) or 10-point mean (niên chế, up to 10.00).
    gpa = models.DecimalField(_("điểm trung bình chung tích lũy"), max_digits=4, decimal_places=2)
    classification = models.CharField(_("xếp loại tốt nghiệp"), max_length=12)
    # The rules the classification applied, as shown beside it ("Căn cứ: …"), kept with the line.
    classification_basis = models.CharField(_("căn cứ xếp loại"), max_length=500, blank=True)
    credits = models.PositiveSmallIntegerField(_("số tín chỉ tích lũy"), default=0)
    issued_on = models.DateField(_("ngày cấp"))
    # Copied at graduation so the register reads the same after later renamings.
    full_name = models.CharField(max_length=150)
    date_of_birth = models.DateField()
    programme_name = models.CharField(max_length=255)
    class_code = models.CharField(max_length=30)

    class Meta(TenantRow.Meta):
        ordering = ["institution_id", "register_number"]
        # Graduates per institution in a period: the decisions of the period, then their entries
        # read from this index alone (0.30 s → 0.17 s over a million entries, bench_reporting).
        indexes = [
            models.Index(fields=["decision", "institution"], name="diploma_decision_inst"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "register_number"], name="diploma_register_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.serial} {self.full_name}"

    def classification_label(self) -> str:
        from opentvet.learners.grading import GRADUATION_LABELS

        return str(GRADUATION_LABELS.get(self.classification, self.classification))
