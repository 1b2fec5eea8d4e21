"""Reads of dated rules: which rule was in force on a date, and on what basis.

Rules are national reference data (not tenant data): anyone may read them. An institution's own
choice within a rule is read only for that institution.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _

from opentvet.core.models import Organisation
from opentvet.core.scopes import scopes_disabled
from opentvet.regulations.models import InstitutionRuleSetting, Rule, Verification


class RuleMissing(LookupError):
    """No version of the rule is in force on the date asked about (a data gap, not a user error)."""


@dataclass(frozen=True)
class AppliedRule:
    """The value a decision used, with the rule it came from and the text to show beside it."""

    key: str
    value: Any
    rule: Rule
    institution_setting: InstitutionRuleSetting | None = None

    @property
    def verified(self) -> bool:
        return self.rule.verification != Verification.UNVERIFIED

    @property
    def basis(self) -> str:
        """'Căn cứ: Điều 21 Thông tư 04/2022/TT-BLĐTBXH', the institution's decision, unverified."""
        return basis_text(self.rule, self.institution_setting)

    def as_dict(self) -> dict[str, Any]:
        doc = self.rule.legal_document
        return {
            "key": self.key,
            "name": self.rule.name,
            "value": self.value,
            "legal_document": str(doc.number) if doc else None,
            "article": self.rule.article,
            "valid_from": self.rule.valid_from.isoformat(),
            "valid_to": self.rule.valid_to.isoformat() if self.rule.valid_to else None,
            "verification": self.rule.verification,
            "basis": self.basis,
            "institution_decision": (
                self.institution_setting.decision if self.institution_setting else None
            ),
        }


def _in_force(on: dt.date) -> Q:
    return Q(valid_from__lte=on) & (Q(valid_to__isnull=True) | Q(valid_to__gt=on))


def basis_text(rule: Rule, setting: InstitutionRuleSetting | None = None) -> str:
    doc = rule.legal_document
    if doc is None:
        text = _("Căn cứ: %(name)s") % {"name": rule.name}
    else:
        cite = f"{rule.article} {doc}".strip()
        text = _("Căn cứ: %(cite)s") % {"cite": cite}
    if setting is not None and setting.decision:
        text += "; " + _("quyết định của cơ sở: %(d)s") % {"d": setting.decision}
    if rule.verification == Verification.UNVERIFIED:
        text += " " + _("(chưa xác minh)")
    return text


def rule_versions(key: str) -> list[Rule]:
    return list(Rule.objects.filter(key=key).select_related("legal_document"))


def rule_for(key: str, *, on: dt.date, institution: Organisation | None = None) -> AppliedRule:
    """The rule ``key`` in force on ``on``; the institution's own choice when the rule allows one.

    Raises ``RuleMissing`` when no version covers the date.
    """
    rule = (
        Rule.objects.filter(_in_force(on), key=key)
        .select_related("legal_document")
        .order_by("-valid_from")
        .first()
    )
    if rule is None:
        raise RuleMissing(key, on)
    if institution is not None and rule.institution_may_choose:
        with scopes_disabled():  # the caller already holds the institution through its access
            setting = (
                InstitutionRuleSetting.all_objects.filter(
                    _in_force(on), institution=institution, key=key
                )
                .order_by("-valid_from")
                .first()
            )
        if setting is not None:
            return AppliedRule(key=key, value=setting.value, rule=rule, institution_setting=setting)
    return AppliedRule(key=key, value=rule.value, rule=rule)
