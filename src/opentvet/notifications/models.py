"""Notifications (thông báo): one row per person told about an event that asks them to act.

A notification belongs to its recipient only: it is read through ``access.py`` by its owner and
never through the organisation tree (an officer above does not read a rector's inbox). The
organisation is kept to say where the event happened and to show it on the page.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from opentvet.core.models import Organisation


class Kind(models.TextChoices):
    REPORT_DUE = "report_due", _("Báo cáo sắp đến hạn")
    REPORT_OVERDUE = "report_overdue", _("Báo cáo quá hạn")
    REPORT_RETURNED = "report_returned", _("Báo cáo bị trả lại")
    REPORT_ACKNOWLEDGED = "report_ack", _("Báo cáo đã được tiếp nhận")
    TASK_ASSIGNED = "task_assigned", _("Nhiệm vụ được giao")
    TASK_UPDATED = "task_updated", _("Nhiệm vụ được cập nhật")
    TASK_DUE = "task_due", _("Nhiệm vụ sắp đến hạn")
    TASK_OVERDUE = "task_overdue", _("Nhiệm vụ quá hạn")
    DIFFICULTY_RECEIVED = "difficulty_in", _("Khó khăn, vướng mắc cần xử lý")
    DIFFICULTY_ANSWERED = "difficulty_answer", _("Khó khăn, vướng mắc đã được trả lời")
    APPLICATION_STATUS = "application", _("Hồ sơ tuyển sinh thay đổi trạng thái")
    PROMOTION_RESULT = "promotion", _("Kết quả xét thăng hạng")
    GRADE_SHEET_OPEN = "grade_open", _("Bảng điểm được mở để nhập")
    GRADE_SHEET_DUE = "grade_due", _("Bảng điểm sắp hết hạn nhập")
    DOCUMENT_RECEIVED = "document_received", _("Văn bản đến")
    DOCUMENT_ASSIGNED = "document_assigned", _("Văn bản được giao xử lý")


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("người nhận"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("đơn vị"),
    )
    kind = models.CharField(_("loại thông báo"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("tiêu đề"), max_length=300)
    body = models.TextField(_("nội dung"), blank=True)
    link = models.CharField(_("đường dẫn"), max_length=500, blank=True)
    object_type = models.CharField(max_length=100, blank=True)
    object_id = models.CharField(max_length=40, blank=True)
    # Set by scheduled reminders: one notification per recipient and key, however often the
    # job runs (see services.notify and the unique constraint below).
    event_key = models.CharField(max_length=120, blank=True)
    created_at = models.DateTimeField(_("thời gian"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("đã đọc lúc"), null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        indexes = [
            # The header's unread count and the inbox page: both start from the recipient.
            models.Index(fields=["recipient", "read_at"], name="notif_recipient_unread"),
            models.Index(fields=["recipient", "-created_at"], name="notif_recipient_recent"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "event_key"],
                condition=~models.Q(event_key=""),
                name="notif_once_per_event_key",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def unread(self) -> bool:
        return self.read_at is None


class EmailMode(models.TextChoices):
    IMMEDIATE = "immediate", _("Gửi thư điện tử ngay khi có thông báo")
    DAILY = "daily", _("Gửi một thư tổng hợp mỗi ngày")
    NONE = "none", _("Không gửi thư điện tử")


class NotificationPreference(models.Model):
    """A user's choice of e-mail delivery (the inbox always receives every notification)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    email_mode = models.CharField(
        _("nhận thông báo qua thư điện tử"),
        max_length=10,
        choices=EmailMode.choices,
        default=EmailMode.IMMEDIATE,
    )
    digest_sent_on = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = _("tùy chọn thông báo")
        verbose_name_plural = _("tùy chọn thông báo")

    def __str__(self) -> str:
        return f"{self.user_id} {self.email_mode}"
