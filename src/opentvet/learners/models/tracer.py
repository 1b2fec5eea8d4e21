"""Graduate tracer surveys (khảo sát việc làm của người học sau tốt nghiệp) at 6 and 12 months.

The graduate answers through a link with a random token; only its SHA-256 is stored, the link
expires, and one response is accepted per survey (a conditional UPDATE on ``responded_at``).
Staff may enter an answer gathered by phone instead (``entered_by``).
"""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from opentvet.learners.models.base import TenantRow
from opentvet.learners.models.students import Student


class SalaryBand(models.TextChoices):
    UNDER_5 = "lt5", _("Dưới 5 triệu đồng/tháng")
    FROM_5_TO_8 = "5_8", _("Từ 5 đến dưới 8 triệu đồng/tháng")
    FROM_8_TO_12 = "8_12", _("Từ 8 đến dưới 12 triệu đồng/tháng")
    OVER_12 = "ge12", _("Từ 12 triệu đồng/tháng trở lên")


def token_digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def new_token() -> tuple[str, str]:
    raw = secrets.token_urlsafe(24)
    return raw, token_digest(raw)


class TracerSurvey(TenantRow):
    WAVES = [(6, _("6 tháng sau tốt nghiệp")), (12, _("12 tháng sau tốt nghiệp"))]

    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="tracer_surveys")
    # Denormalised for the outcome figures per programme and cohort without joins.
    programme = models.ForeignKey(
        "programmes.Programme", on_delete=models.PROTECT, related_name="+", null=True
    )
    intake_year = models.PositiveSmallIntegerField(null=True)
    wave = models.PositiveSmallIntegerField(_("đợt khảo sát"), choices=WAVES)
    token_digest = models.CharField(max_length=64, unique=True, editable=False)
    expires_at = models.DateTimeField(_("hết hạn"))
    sent_at = models.DateTimeField(null=True, blank=True)
    reminders_sent = models.PositiveSmallIntegerField(default=0)
    last_reminded_at = models.DateTimeField(null=True, blank=True)
    responded_at = models.DateTimeField(null=True, blank=True, db_index=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # The answer.
    employed = models.BooleanField(_("có việc làm"), null=True)
    in_field = models.BooleanField(_("đúng ngành, nghề được đào tạo"), null=True)
    employer = models.CharField(_("nơi làm việc"), max_length=255, blank=True)
    salary_band = models.CharField(
        _("thu nhập"), max_length=5, choices=SalaryBand.choices, blank=True
    )
    self_employed = models.BooleanField(_("tự tạo việc làm"), default=False)
    started_business = models.BooleanField(_("khởi nghiệp"), default=False)
    further_study = models.BooleanField(_("học tiếp"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta(TenantRow.Meta):
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["student", "wave"], name="tracer_wave_unique")
        ]

    def __str__(self) -> str:
        return f"{self.student_id} ({self.wave})"

    @property
    def has_response(self) -> bool:
        return self.responded_at is not None
