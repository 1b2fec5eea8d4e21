"""A readable difference between two versions of a programme: fields, then modules.

Modules are matched by code: a code only in the new version is "added", only in the old one
"removed", in both with different values "changed" (with each changed field before → after).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from opentvet.programmes.models import ProgrammeModule, ProgrammeVersion

DIFF_VERSION_FIELDS = [
    "duration_months",
    "total_credits",
    "total_hours",
    "theory_hours",
    "practice_hours",
    "exam_hours",
    "delivery_mode",
    "online_share_percent",
    "partner_enterprises",
    "entry_level",
    "entry_requirements",
    "tuition_per_year",
    "objectives",
    "is_international",
    "origin_country",
    "international_partner",
    "foreign_qualification",
    "dual_certificate",
    "effective_from",
    "decision_number",
    "decision_date",
    "decision_signer",
]
DIFF_MODULE_FIELDS = [
    "name",
    "unit_type",
    "kind",
    "credits",
    "theory_hours",
    "practice_hours",
    "exam_hours",
    "order",
    "is_required",
]


@dataclass
class FieldChange:
    field: str
    label: str
    old: Any
    new: Any


@dataclass
class ModuleChange:
    code: str
    name: str
    change: str  # added / removed / changed
    fields: list[FieldChange] = field(default_factory=list)


@dataclass
class VersionDiff:
    old: ProgrammeVersion
    new: ProgrammeVersion
    fields: list[FieldChange]
    modules: list[ModuleChange]

    @property
    def is_empty(self) -> bool:
        return not self.fields and not self.modules

    def as_dict(self) -> dict[str, Any]:
        return {
            "old_version": self.old.number,
            "new_version": self.new.number,
            "fields": [_field_dict(f) for f in self.fields],
            "modules": [
                {
                    "code": m.code,
                    "name": m.name,
                    "change": m.change,
                    "fields": [_field_dict(f) for f in m.fields],
                }
                for m in self.modules
            ],
        }


def _field_dict(change: FieldChange) -> dict[str, Any]:
    return {"field": change.field, "label": change.label, "old": change.old, "new": change.new}


def _display(instance: Any, name: str) -> Any:
    value = getattr(instance, name)
    getter = getattr(instance, f"get_{name}_display", None)
    if getter is not None and value not in (None, ""):
        return str(getter())
    if isinstance(value, bool):
        return _("Có") if value else _("Không")
    if hasattr(value, "strftime"):
        return value.strftime("%d/%m/%Y")
    return value if value not in (None, "") else "—"


def _compare(old: Any, new: Any, names: list[str]) -> list[FieldChange]:
    changes = []
    for name in names:
        if getattr(old, name) != getattr(new, name):
            label = str(type(new)._meta.get_field(name).verbose_name)
            changes.append(FieldChange(name, label, _display(old, name), _display(new, name)))
    return changes


def version_diff(old: ProgrammeVersion, new: ProgrammeVersion) -> VersionDiff:
    """What changed from ``old`` to ``new`` (two versions of the same programme)."""
    old_modules = {
        m.code: m for m in ProgrammeModule.all_objects.filter(version=old).order_by("order")
    }
    new_modules = {
        m.code: m for m in ProgrammeModule.all_objects.filter(version=new).order_by("order")
    }
    modules: list[ModuleChange] = []
    for code, module in new_modules.items():
        if code not in old_modules:
            modules.append(ModuleChange(code, module.name, "added"))
        else:
            changed = _compare(old_modules[code], module, DIFF_MODULE_FIELDS)
            if changed:
                modules.append(ModuleChange(code, module.name, "changed", changed))
    for code, module in old_modules.items():
        if code not in new_modules:
            modules.append(ModuleChange(code, module.name, "removed"))
    return VersionDiff(old, new, _compare(old, new, DIFF_VERSION_FIELDS), modules)
