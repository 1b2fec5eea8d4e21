"""The abstract base of every learners row: the owning institution and the tenant managers."""

from __future__ import annotations

from django.db import models

from opentvet.core.choices import ChoiceLabels
from opentvet.core.scopes import TenantManager


class TenantRow(ChoiceLabels, models.Model):
    institution = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="+", editable=False
    )

    tenant_path = "institution__path"
    objects = TenantManager()
    all_objects = models.Manager()  # noqa: DJ012

    class Meta:
        abstract = True
        base_manager_name = "all_objects"
