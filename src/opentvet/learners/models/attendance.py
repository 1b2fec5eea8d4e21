"""Teaching sessions of a module offering and the attendance of each learner."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from opentvet.learners.models.base import TenantRow
from opentvet.learners.models.results import ModuleOffering
from opentvet.learners.models.students import Student


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("Có mặt")
    ABSENT = "absent", _("Vắng không phép")
    LATE = "late", _("Đi muộn")
    EXCUSED = "excused", _("Vắng có phép")


class TeachingSession(TenantRow):
    offering = models.ForeignKey(ModuleOffering, on_delete=models.CASCADE, related_name="sessions")
    held_on = models.DateField(_("ngày học"))
    hours = models.PositiveSmallIntegerField(_("số giờ"), default=4)
    online = models.BooleanField(_("học trực tuyến"), default=False)
    topic = models.CharField(_("nội dung"), max_length=255, blank=True)

    class Meta(TenantRow.Meta):
        ordering = ["offering_id", "held_on", "id"]

    def __str__(self) -> str:
        return f"{self.offering_id} {self.held_on:%d/%m/%Y}"


class Attendance(TenantRow):
    session = models.ForeignKey(
        TeachingSession, on_delete=models.CASCADE, related_name="attendance"
    )
    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="attendance")
    status = models.CharField(max_length=10, choices=AttendanceStatus.choices)

    class Meta(TenantRow.Meta):
        constraints = [
            models.UniqueConstraint(fields=["session", "student"], name="attendance_unique")
        ]

    def __str__(self) -> str:
        return f"{self.session_id} {self.student_id} {self.status}"
