"""Documents that travel between organisations (liên thông văn bản).

* ``Dispatch`` — an outgoing document (văn bản đi) drafted at one organisation; when issued it
  takes its number and symbol from that organisation's registry (``reporting.Document``, one
  numbering per organisation, type and year) and is delivered to its recipients.
* ``Delivery`` — the document as one recipient holds it: its entry in the recipient's incoming
  register (sổ văn bản đến) with its own incoming number (gap-free per organisation and year,
  ``IncomingCounter``), the handler and deadline the recipient assigns, what was done, and when
  it was first opened. The sender reads these rows to see who received, read and handled it.
* ``Attachment`` — a file of a dispatch (or of a package imported from another system), stored
  under ``VAR_DIR`` and served only through the access layer to the sender and the recipients.

Visibility is narrower than the organisation tree: a document is seen by the organisation that
sent it and the organisations it was sent to (and the person assigned to handle it), not by
everyone above them (``correspondence.access``).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.utils.translation import gettext_lazy as _

from opentvet.core.models import Organisation, User
from opentvet.core.scopes import TenantManager
from opentvet.reporting.models import Document, DocumentType


class PrivateStorage(FileSystemStorage):
    """Files under ``VAR_DIR/correspondence``, outside any web root (no URL): only
    ``views.attachment_view`` serves them, through the access layer. The folder is read from the
    settings at each use, so tests can point ``VAR_DIR`` elsewhere."""

    @property  # type: ignore[override]
    def base_location(self) -> str:
        return str(settings.VAR_DIR / "correspondence")

    @property  # type: ignore[override]
    def location(self) -> str:
        import os

        return os.path.abspath(self.base_location)


def private_storage() -> FileSystemStorage:
    return PrivateStorage()


class Dispatch(models.Model):
    """An outgoing document (văn bản đi) and, for a giấy mời, the meeting it invites to."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Dự thảo")
        SENT = "sent", _("Đã ban hành, gửi")

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="dispatches",
        verbose_name=_("cơ quan ban hành"),
    )
    organisation_path = models.CharField(max_length=255, editable=False, db_index=True)
    doc_type = models.CharField(_("loại văn bản"), max_length=4, choices=DocumentType.choices)
    subject = models.CharField(_("trích yếu"), max_length=500)
    body = models.TextField(_("nội dung"), blank=True)
    signer_title = models.CharField(
        _("chức vụ người ký"),
        max_length=150,
        blank=True,
        help_text=_("Để trống nếu người đứng đầu ký; ví dụ: Phó Chủ tịch, Trưởng phòng Đào tạo."),
    )
    signer_name = models.CharField(_("người ký"), max_length=150, blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=8, choices=Status.choices, default=Status.DRAFT
    )
    registry_document = models.OneToOneField(
        Document, on_delete=models.PROTECT, null=True, blank=True, related_name="dispatch"
    )
    in_reply_to = models.ForeignKey(
        "Delivery",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="replies",
        verbose_name=_("trả lời văn bản"),
    )
    # A giấy mời (invitation): when, where, who chairs, who is invited.
    meeting_at = models.DateTimeField(_("thời gian họp"), null=True, blank=True)
    meeting_place = models.CharField(_("địa điểm"), max_length=255, blank=True)
    meeting_chair = models.CharField(_("chủ trì"), max_length=255, blank=True)
    invitees = models.TextField(
        _("thành phần mời"), blank=True, help_text=_("Mỗi dòng một thành phần.")
    )
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(_("thời điểm gửi"), null=True, blank=True)

    tenant_path = "organisation_path"
    objects = TenantManager["Dispatch"]()
    all_objects = models.Manager["Dispatch"]()

    class Meta:
        base_manager_name = "all_objects"
        # Related managers (dispatch.deliveries, delivery.replies) must not narrow to the
        # viewer's subtree: a document crosses the tree (a college writes to its People's
        # Committee). The access layer decides who sees it; ``objects`` stays scoped.
        default_manager_name = "all_objects"
        ordering = ["-created_at", "-pk"]
        verbose_name = _("văn bản đi")
        verbose_name_plural = _("văn bản đi")

    def __str__(self) -> str:
        return f"{self.symbol or _('Dự thảo')} — {self.subject[:80]}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.organisation_path = self.organisation.path
        super().save(*args, **kwargs)

    @property
    def symbol(self) -> str:
        return self.registry_document.symbol if self.registry_document_id else ""  # type: ignore[union-attr]

    @property
    def issued_on(self) -> Any:
        return self.registry_document.issued_on if self.registry_document_id else None  # type: ignore[union-attr]

    @property
    def is_invitation(self) -> bool:
        return self.doc_type == DocumentType.GIAY_MOI

    def invitee_lines(self) -> list[str]:
        return [line.strip(" -;") for line in self.invitees.splitlines() if line.strip(" -;")]


class Delivery(models.Model):
    """One recipient's entry in its incoming register (sổ văn bản đến) and how it was handled."""

    class Purpose(models.TextChoices):
        ACTION = "action", _("Để thực hiện")
        INFORMATION = "info", _("Để biết")

    class Status(models.TextChoices):
        RECEIVED = "received", _("Chưa giao xử lý")
        ASSIGNED = "assigned", _("Đang xử lý")
        HANDLED = "handled", _("Đã xử lý")

    dispatch = models.ForeignKey(
        Dispatch, on_delete=models.PROTECT, null=True, blank=True, related_name="deliveries"
    )
    recipient = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="deliveries",
        verbose_name=_("nơi nhận"),
    )
    recipient_path = models.CharField(max_length=255, editable=False, db_index=True)
    purpose = models.CharField(_("mục đích"), max_length=8, choices=Purpose.choices)
    registry_document = models.OneToOneField(
        Document, on_delete=models.PROTECT, related_name="delivery"
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    incoming_number = models.PositiveIntegerField(_("số đến"))
    received_on = models.DateField(_("ngày đến"))
    received_at = models.DateTimeField(_("thời điểm nhận"))
    first_read_at = models.DateTimeField(_("mở lần đầu"), null=True, blank=True)
    first_read_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status = models.CharField(
        _("tình trạng"), max_length=10, choices=Status.choices, default=Status.RECEIVED
    )
    handler = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_deliveries",
        verbose_name=_("người xử lý"),
    )
    deadline = models.DateField(_("hạn xử lý"), null=True, blank=True)
    assignment_note = models.TextField(_("ý kiến giao xử lý"), blank=True)
    assigned_at = models.DateTimeField(null=True, blank=True)
    result = models.TextField(_("kết quả xử lý"), blank=True)
    handled_at = models.DateTimeField(_("thời điểm xử lý xong"), null=True, blank=True)
    handled_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # A package imported from another system (edXML) has no dispatch here: its header is kept.
    external_sender = models.CharField(_("cơ quan gửi"), max_length=255, blank=True)

    tenant_path = "recipient_path"
    objects = TenantManager["Delivery"]()
    all_objects = models.Manager["Delivery"]()

    class Meta:
        base_manager_name = "all_objects"
        default_manager_name = "all_objects"  # see Dispatch.Meta
        ordering = ["-received_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "year", "incoming_number"], name="uniq_incoming_number"
            ),
            models.UniqueConstraint(
                fields=["dispatch", "recipient"],
                condition=models.Q(dispatch__isnull=False),
                name="uniq_delivery_per_recipient",
            ),
        ]
        verbose_name = _("văn bản đến")
        verbose_name_plural = _("văn bản đến")

    def __str__(self) -> str:
        return f"{self.incoming_number}/{self.year} {self.recipient_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.recipient_path = self.recipient.path
        super().save(*args, **kwargs)

    @property
    def sender_name(self) -> str:
        if self.dispatch_id:
            return str(self.dispatch.organisation.name)  # type: ignore[union-attr]
        return self.external_sender


class IncomingCounter(models.Model):
    """The last incoming number per organisation and year; locked while a number is taken."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "year"], name="uniq_incoming_counter")
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id} {self.year}: {self.last_number}"


class Attachment(models.Model):
    """A file sent with a document; private, served through ``access_attachment_by_id``."""

    dispatch = models.ForeignKey(
        Dispatch, on_delete=models.CASCADE, null=True, blank=True, related_name="attachments"
    )
    delivery = models.ForeignKey(
        Delivery, on_delete=models.CASCADE, null=True, blank=True, related_name="attachments"
    )
    file = models.FileField(storage=private_storage, upload_to="%Y/%m/")
    name = models.CharField(_("tên tệp"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("tệp đính kèm")
        verbose_name_plural = _("tệp đính kèm")

    def __str__(self) -> str:
        return self.name
