"""Career guidance (hướng nghiệp): interest inventory results, occupation interest codes,
labour-market demand, counselling sessions and admission-counselling events.

The inventory follows Holland's RIASEC model (R thực tế, I nghiên cứu, A nghệ thuật, S xã hội,
E quản lý, C nghiệp vụ). Its items are OpenTVET's own Vietnamese text (``guidance.inventory``).
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from opentvet.core.scopes import TenantManager


def _token() -> str:
    return secrets.token_urlsafe(24)


class InventoryResult(models.Model):
    """One completed inventory: answers, scores per RIASEC letter and the 3-letter code.

    Anonymous takers own their result through ``token`` (kept in their session); it is attached
    to their account when they register. Only the owner sees it, and counsellors of institutions
    the owner consented to (``ResultConsent``).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="inventory_results",
    )
    token = models.CharField(max_length=40, unique=True, default=_token, editable=False)
    answers = models.JSONField(default=dict)
    scores = models.JSONField(default=dict)
    code = models.CharField(_("mã Holland"), max_length=3)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("kết quả trắc nghiệm sở thích nghề nghiệp")
        verbose_name_plural = _("kết quả trắc nghiệm sở thích nghề nghiệp")

    def __str__(self) -> str:
        return f"{self.code} {self.created_at:%d/%m/%Y}"


class ResultConsent(models.Model):
    """The result's owner lets one institution's counsellors see it (đồng ý chia sẻ)."""

    result = models.ForeignKey(InventoryResult, on_delete=models.CASCADE, related_name="consents")
    institution = models.ForeignKey("core.Organisation", on_delete=models.CASCADE, related_name="+")
    granted_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)

    tenant_path = "institution__path"
    objects = TenantManager["ResultConsent"]()
    all_objects = models.Manager["ResultConsent"]()

    class Meta:
        base_manager_name = "all_objects"
        constraints = [
            models.UniqueConstraint(fields=["result", "institution"], name="consent_unique")
        ]

    def __str__(self) -> str:
        return f"{self.result_id} → {self.institution_id}"


class OccupationInterest(models.Model):
    """The RIASEC code of a catalogue entry (usually a level-II group), editable by the authority.

    Seeded from ``catalogue.Occupation.riasec`` for every group; a level-IV occupation takes the
    code of its most specific ancestor that has one.
    """

    occupation = models.OneToOneField(
        "catalogue.Occupation", on_delete=models.CASCADE, related_name="interest"
    )
    code = models.CharField(_("mã Holland (RIASEC)"), max_length=3)
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["occupation_id"]
        verbose_name = _("mã sở thích của ngành, nghề")
        verbose_name_plural = _("mã sở thích của ngành, nghề")

    def __str__(self) -> str:
        return f"{self.occupation_id} {self.code}"


class DemandSignal(models.Model):
    """Job demand recorded by an institution or a partner enterprise (nhu cầu tuyển dụng)."""

    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.CASCADE, related_name="demand_signals"
    )
    occupation = models.ForeignKey(
        "catalogue.Occupation", on_delete=models.PROTECT, related_name="+"
    )
    province = models.ForeignKey(
        "catalogue.Province", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    openings = models.PositiveIntegerField(_("số vị trí cần tuyển"))
    year = models.PositiveSmallIntegerField(_("năm"))
    employer = models.CharField(_("đơn vị tuyển dụng"), max_length=255, blank=True)

    tenant_path = "organisation__path"
    objects = TenantManager["DemandSignal"]()
    all_objects = models.Manager["DemandSignal"]()

    class Meta:
        base_manager_name = "all_objects"
        ordering = ["-year", "occupation_id"]

    def __str__(self) -> str:
        return f"{self.occupation_id} {self.openings} ({self.year})"


class CounsellingSession(models.Model):
    """A counselling session (buổi tư vấn) held by an institution's counsellor."""

    institution = models.ForeignKey(
        "core.Organisation", on_delete=models.CASCADE, related_name="counselling_sessions"
    )
    person_name = models.CharField(_("người được tư vấn"), max_length=150)
    person_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    held_on = models.DateField(_("ngày tư vấn"))
    topic = models.CharField(_("nội dung"), max_length=255)
    notes = models.TextField(_("ghi chép"), blank=True)
    counsellor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    tenant_path = "institution__path"
    objects = TenantManager["CounsellingSession"]()
    all_objects = models.Manager["CounsellingSession"]()

    class Meta:
        base_manager_name = "all_objects"
        ordering = ["-held_on", "-id"]
        verbose_name = _("buổi tư vấn")
        verbose_name_plural = _("buổi tư vấn")

    def __str__(self) -> str:
        return f"{self.held_on:%d/%m/%Y} {self.person_name}"


class GuidanceEvent(models.Model):
    """An admission-counselling event (ngày hội tư vấn tuyển sinh) with public registration."""

    institution = models.ForeignKey(
        "core.Organisation", on_delete=models.CASCADE, related_name="guidance_events"
    )
    title = models.CharField(_("tên sự kiện"), max_length=200)
    starts_at = models.DateTimeField(_("thời gian"))
    place = models.CharField(_("địa điểm"), max_length=255)
    capacity = models.PositiveIntegerField(_("số chỗ"), default=100)
    description = models.TextField(_("giới thiệu"), blank=True)

    tenant_path = "institution__path"
    objects = TenantManager["GuidanceEvent"]()
    all_objects = models.Manager["GuidanceEvent"]()

    class Meta:
        base_manager_name = "all_objects"
        ordering = ["-starts_at", "-id"]
        verbose_name = _("ngày hội tư vấn")
        verbose_name_plural = _("ngày hội tư vấn")

    def __str__(self) -> str:
        return self.title


class EventRegistration(models.Model):
    """Someone registered for an event; ``attended`` is ticked by the institution on the day."""

    event = models.ForeignKey(GuidanceEvent, on_delete=models.CASCADE, related_name="registrations")
    full_name = models.CharField(_("họ và tên"), max_length=150)
    phone = models.CharField(_("số điện thoại"), max_length=20)
    school = models.CharField(_("trường đang học"), max_length=150, blank=True)
    registered_at = models.DateTimeField(default=timezone.now)
    attended = models.BooleanField(_("có tham dự"), default=False)

    tenant_path = "event__institution__path"
    objects = TenantManager["EventRegistration"]()
    all_objects = models.Manager["EventRegistration"]()

    class Meta:
        base_manager_name = "all_objects"
        ordering = ["registered_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["event", "phone"], name="event_registration_unique")
        ]

    def __str__(self) -> str:
        return self.full_name
