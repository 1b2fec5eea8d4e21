"""Writes to dated rules: the national authority revises a rule; an institution chooses within one.

A revision never edits a past version in place: it closes the version in force (``valid_to``)
and adds a new one from the revision's date, so every decision taken earlier can still name the
rule it applied. Every write is audited.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from opentvet.core.access import Actor
from opentvet.core.audit import audited_create, audited_update
from opentvet.core.models import Organisation
from opentvet.regulations.models import InstitutionRuleSetting, LegalDocument, Rule

MANAGE_PERMISSION = "catalogue.change"  # national authority's reference-data permission


def _require_national(actor: Actor) -> None:
    if not actor.is_superuser and not actor.paths_with(MANAGE_PERMISSION):
        raise PermissionDenied


@transaction.atomic
def rule_revise(
    *,
    actor: Actor,
    rule: Rule,
    value: Any,
    valid_from: dt.date,
    legal_document: LegalDocument | None,
    article: str,
    verification: str,
    note: str = "",
) -> Rule:
    """Close ``rule`` on ``valid_from`` and add the new version from that date."""
    _require_national(actor)
    rule = Rule.objects.select_for_update().get(pk=rule.pk)
    if valid_from <= rule.valid_from:
        raise ValidationError(
            {"valid_from": _("Ngày áp dụng mới phải sau ngày áp dụng của phiên bản hiện tại.")}
        )
    if rule.valid_to is not None and valid_from > rule.valid_to:
        raise ValidationError(
            {"valid_from": _("Phiên bản này đã hết áp dụng; hãy sửa phiên bản mới nhất.")}
        )
    new = Rule(
        key=rule.key,
        name=rule.name,
        value=value,
        legal_document=legal_document,
        article=article,
        valid_from=valid_from,
        valid_to=rule.valid_to,
        verification=verification,
        institution_may_choose=rule.institution_may_choose,
        note=note,
    )
    audited_update(
        actor=actor.user,
        verb="rule_revise",
        instance=rule,
        organisation=None,
        data={"valid_to": valid_from},
    )
    audited_create(actor=actor.user, verb="rule_revise", instance=new, organisation=None)
    return new


@transaction.atomic
def institution_rule_choose(
    *,
    actor: Actor,
    institution: Organisation,
    key: str,
    value: Any,
    valid_from: dt.date,
    decision: str,
) -> InstitutionRuleSetting:
    """Record the head of an institution's choice where the national rule allows one."""
    if not actor.can("org.change", institution.path):
        raise PermissionDenied
    national = (
        Rule.objects.filter(key=key, valid_from__lte=valid_from).order_by("-valid_from").first()
    )
    if national is None or not national.institution_may_choose:
        raise ValidationError(_("Quy định này không cho phép cơ sở tự quyết định."))
    if not decision.strip():
        raise ValidationError({"decision": _("Cần ghi số quyết định của thủ trưởng cơ sở.")})
    setting = InstitutionRuleSetting(
        institution=institution,
        organisation_path=institution.path,
        key=key,
        value=value,
        valid_from=valid_from,
        decision=decision.strip(),
        created_by=actor.user,
    )
    audited_create(
        actor=actor.user, verb="institution_rule_choose", instance=setting, organisation=institution
    )
    return setting
