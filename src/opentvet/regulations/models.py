"""Legal texts and the rules they set, as dated data.

A rule that a regulation sets (a grade band, a drop rule, a report deadline, the body that
receives a report) is never a constant in code: it is a ``Rule`` row naming its ``LegalDocument``
and article, valid from one date to another. Code asks ``regulations.selectors.rule_for(key,
on=date)`` and shows the ``basis`` it gets back next to what it decided. Where a regulation lets
the head of an institution choose (a letter scale with more levels, language requirements per job
position), the choice is an ``InstitutionRuleSetting`` within the national rule.

``Verification`` says how far a fact was checked (see shared/domain/FACTS.md): a rule loaded as
``unverified`` is shown as "chưa xác minh" wherever it decides something.
"""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from opentvet.core.models import Organisation, User
from opentvet.core.scopes import TenantManager


class Verification(models.TextChoices):
    CHECKED = "checked", _("Đã đối chiếu văn bản")
    PROBABLE = "probable", _("Theo nguồn thứ cấp")
    UNVERIFIED = "unverified", _("Chưa xác minh")


class LegalKind(models.TextChoices):
    LAW = "luat", _("Luật")
    RESOLUTION_NA = "nghi_quyet", _("Nghị quyết")
    DECREE = "nghi_dinh", _("Nghị định")
    CIRCULAR = "thong_tu", _("Thông tư")
    DECISION = "quyet_dinh", _("Quyết định")
    DISPATCH = "cong_van", _("Công văn")
    STANDARD = "quy_chuan", _("Quy chuẩn kỹ thuật")


class LegalDocument(models.Model):
    """A legal text (luật, nghị định, thông tư …) that rules cite as their basis."""

    code = models.SlugField(max_length=60, unique=True, help_text="stable key, e.g. tt-04-2022")
    kind = models.CharField(_("loại văn bản"), max_length=20, choices=LegalKind.choices)
    number = models.CharField(_("số, ký hiệu"), max_length=60)  # 04/2022/TT-BLĐTBXH
    title = models.CharField(_("trích yếu"), max_length=500)
    issuer = models.CharField(_("cơ quan ban hành"), max_length=200, blank=True)
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    effective_from = models.DateField(_("ngày có hiệu lực"), null=True, blank=True)
    effective_to = models.DateField(_("hết hiệu lực từ"), null=True, blank=True)
    replaced_by = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="replaces"
    )
    verification = models.CharField(
        _("mức xác minh"), max_length=12, choices=Verification.choices, default=Verification.CHECKED
    )
    source_note = models.TextField(_("nguồn đã đọc"), blank=True)

    class Meta:
        ordering = ["-issued_on", "number"]
        verbose_name = _("văn bản pháp luật")
        verbose_name_plural = _("văn bản pháp luật")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"


class Rule(models.Model):
    """One national rule (by ``key``) in force from ``valid_from`` until ``valid_to`` (exclusive).

    ``value`` is the rule's content as JSON; its shape belongs to the app that reads the key
    (e.g. ``grading.credit.letter_scale`` → list of bands). Several rows of one key are its
    versions over time; at most one is in force on a date.
    """

    key = models.CharField(_("mã quy định"), max_length=100, db_index=True)
    name = models.CharField(_("tên quy định"), max_length=300)
    value = models.JSONField(_("nội dung"))
    legal_document = models.ForeignKey(
        LegalDocument,
        verbose_name=_("căn cứ"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="rules",
    )
    article = models.CharField(_("điều, khoản"), max_length=120, blank=True)
    valid_from = models.DateField(_("áp dụng từ"))
    valid_to = models.DateField(_("áp dụng đến trước"), null=True, blank=True)
    verification = models.CharField(
        _("mức xác minh"), max_length=12, choices=Verification.choices, default=Verification.CHECKED
    )
    institution_may_choose = models.BooleanField(
        _("cơ sở được quyết định trong khung"), default=False
    )
    note = models.TextField(_("ghi chú"), blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["key", "-valid_from"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["key", "valid_from"], name="rule_key_from_unique")
        ]
        verbose_name = _("quy định áp dụng")
        verbose_name_plural = _("quy định áp dụng")

    def __str__(self) -> str:
        return f"{self.name} ({self.valid_from:%d/%m/%Y})"


class InstitutionRuleSetting(models.Model):
    """An institution's own choice where the national rule lets it choose (a 10-level scale)."""

    institution = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="rule_settings"
    )
    organisation_path = models.CharField(max_length=255, db_index=True)
    key = models.CharField(max_length=100)
    value = models.JSONField(_("nội dung"))
    valid_from = models.DateField(_("áp dụng từ"))
    valid_to = models.DateField(_("áp dụng đến trước"), null=True, blank=True)
    decision = models.CharField(_("quyết định của thủ trưởng"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    tenant_path = "organisation_path"
    objects = TenantManager["InstitutionRuleSetting"]()
    all_objects = models.Manager["InstitutionRuleSetting"]()

    class Meta:
        base_manager_name = "all_objects"
        ordering = ["key", "-valid_from"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["institution", "key", "valid_from"], name="inst_rule_from_unique"
            )
        ]
        verbose_name = _("quy định riêng của cơ sở")
        verbose_name_plural = _("quy định riêng của cơ sở")

    def __str__(self) -> str:
        return f"{self.key} @ {self.institution_id}"
