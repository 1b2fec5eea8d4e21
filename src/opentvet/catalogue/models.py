"""National catalogues: administrative units, training levels, the occupation catalogue.

Administrative structure is data, not code: provinces were reorganised in 2025 (Resolution
202/2025/QH15, 63 → 34 provinces, districts removed) and may change again. Current units come
from the ``vietnam-provinces`` package; ``LegacyProvince`` maps the 63 pre-2025 provinces onto
today's 34 so an old record that says "Bạc Liêu" can be placed in Cà Mau.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from opentvet.core.text import fold


class Province(models.Model):
    """A current province-level unit (tỉnh / thành phố trực thuộc trung ương)."""

    code = models.PositiveIntegerField(_("mã"), primary_key=True)
    name = models.CharField(_("tên"), max_length=100)
    codename = models.CharField(max_length=100, unique=True)
    division_type = models.CharField(_("loại đơn vị"), max_length=50)
    search_name = models.CharField(max_length=100, editable=False, db_index=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("tỉnh/thành phố")
        verbose_name_plural = _("tỉnh/thành phố")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        self.search_name = fold(self.name)
        super().save(*args, **kwargs)


class Ward(models.Model):
    """A current commune-level unit (xã / phường / đặc khu)."""

    code = models.PositiveIntegerField(_("mã"), primary_key=True)
    name = models.CharField(_("tên"), max_length=100)
    codename = models.CharField(max_length=100)
    division_type = models.CharField(_("loại đơn vị"), max_length=50)
    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="wards")

    class Meta:
        ordering = ["name"]
        verbose_name = _("xã/phường")
        verbose_name_plural = _("xã/phường")

    def __str__(self) -> str:
        return f"{self.name}, {self.province.name}"


class LegacyProvince(models.Model):
    """One of the 63 provinces in force until 30 June 2025, and the province it is part of now."""

    code = models.CharField(_("mã cũ"), max_length=10, primary_key=True)
    name = models.CharField(_("tên"), max_length=100)
    search_name = models.CharField(max_length=100, editable=False, db_index=True)
    merged_into = models.ForeignKey(
        Province,
        on_delete=models.PROTECT,
        related_name="legacy_provinces",
        verbose_name=_("nay thuộc"),
    )
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    source = models.CharField(_("căn cứ"), max_length=200, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("tỉnh cũ (trước 7/2025)")
        verbose_name_plural = _("tỉnh cũ (trước 7/2025)")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        self.search_name = fold(self.name)
        super().save(*args, **kwargs)


class TrainingLevel(models.Model):
    """A training level (trình độ đào tạo), dated: sơ cấp, trung cấp, cao đẳng under the Law on
    VET 74/2014/QH13; trung học nghề from 1 Jan 2026 (Law 123/2025/QH15 amending the Education
    Law), which has no catalogue digit and no statutory minimums read yet (left empty, never
    guessed). ``valid_from``/``valid_to`` say when a level exists; the rule ``training.levels``
    (regulations) names the levels in force on a date with their basis."""

    code = models.CharField(_("mã"), max_length=20, primary_key=True)
    name = models.CharField(_("tên"), max_length=100)
    name_en = models.CharField(_("tên tiếng Anh"), max_length=100)
    catalogue_digit = models.CharField(
        _("chữ số cấp I trong mã ngành"),
        max_length=1,
        blank=True,
        help_text=_("5 = trung cấp, 6 = cao đẳng (Thông tư 26/2020/TT-BLĐTBXH)"),
    )
    order = models.PositiveSmallIntegerField(default=0)
    min_duration_months = models.PositiveSmallIntegerField(
        _("thời gian tối thiểu (tháng)"), null=True, blank=True
    )
    max_duration_months = models.PositiveSmallIntegerField(
        _("thời gian tối đa (tháng)"), null=True, blank=True
    )
    min_credits = models.PositiveSmallIntegerField(_("số tín chỉ tối thiểu"), null=True, blank=True)
    qualification = models.CharField(_("văn bằng/chứng chỉ"), max_length=100)
    source = models.CharField(_("căn cứ"), max_length=200, blank=True)
    valid_from = models.DateField(_("áp dụng từ"), null=True, blank=True)
    valid_to = models.DateField(_("áp dụng đến trước"), null=True, blank=True)

    class Meta:
        ordering = ["order"]
        verbose_name = _("trình độ đào tạo")
        verbose_name_plural = _("trình độ đào tạo")

    def __str__(self) -> str:
        return self.name


class Occupation(models.Model):
    """An entry of the occupation catalogue (danh mục ngành, nghề), levels I–IV.

    Codes follow Thông tư 26/2020/TT-BLĐTBXH: level I is one digit (the training level),
    level II three digits, level III five, level IV seven (the occupation itself).
    """

    code = models.CharField(_("mã"), max_length=7, primary_key=True)
    name = models.CharField(_("tên"), max_length=255)
    search_name = models.CharField(max_length=255, editable=False, db_index=True)
    level = models.PositiveSmallIntegerField(_("cấp"))
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    training_level = models.ForeignKey(
        TrainingLevel, on_delete=models.PROTECT, null=True, blank=True, related_name="occupations"
    )
    riasec = models.CharField(
        _("mã Holland (RIASEC)"),
        max_length=3,
        blank=True,
        help_text=_("Nhóm sở thích nghề nghiệp, ví dụ RIC"),
    )
    is_active = models.BooleanField(_("đang áp dụng"), default=True)
    source = models.CharField(_("căn cứ"), max_length=200, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("ngành, nghề")
        verbose_name_plural = _("ngành, nghề")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def save(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        self.search_name = fold(self.name)
        super().save(*args, **kwargs)
