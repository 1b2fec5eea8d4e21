"""Dated rules: the version in force on a date, its basis, revisions, institution choices."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from opentvet.core.models import AuditEntry
from opentvet.regulations.models import LegalDocument, Rule, Verification
from opentvet.regulations.selectors import RuleMissing, rule_for
from opentvet.regulations.services import institution_rule_choose, rule_revise

pytestmark = pytest.mark.django_db


@pytest.fixture
def scale_rule() -> Rule:
    return Rule.objects.create(
        key="test.scale",
        name="Thang điểm chữ",
        value=["A", "B", "C", "D", "F"],
        legal_document=LegalDocument.objects.get(code="tt-04-2022"),
        article="Điều 16",
        valid_from=dt.date(2022, 5, 15),
        institution_may_choose=True,
    )


def test_rule_for_picks_the_version_in_force_on_the_date(scale_rule: Rule) -> None:
    Rule.objects.filter(pk=scale_rule.pk).update(valid_to=dt.date(2024, 1, 1))
    Rule.objects.create(
        key="test.scale",
        name="Thang điểm chữ",
        value=["A", "F"],
        valid_from=dt.date(2024, 1, 1),
        verification=Verification.UNVERIFIED,
    )
    assert rule_for("test.scale", on=dt.date(2023, 12, 31)).value == ["A", "B", "C", "D", "F"]
    later = rule_for("test.scale", on=dt.date(2024, 1, 1))
    assert later.value == ["A", "F"]
    assert not later.verified
    assert later.basis.endswith("(chưa xác minh)")
    with pytest.raises(RuleMissing):
        rule_for("test.scale", on=dt.date(2022, 5, 14))


def test_basis_names_article_and_document(scale_rule: Rule) -> None:
    applied = rule_for("test.scale", on=dt.date(2025, 1, 1))
    assert applied.basis == "Căn cứ: Điều 16 Thông tư 04/2022/TT-BLĐTBXH"
    assert applied.as_dict()["legal_document"] == "04/2022/TT-BLĐTBXH"


def test_revision_closes_the_old_version_and_is_audited(
    scale_rule: Rule, persona_user, actor_of
) -> None:
    actor = actor_of(persona_user("national_analyst"))
    new = rule_revise(
        actor=actor,
        rule=scale_rule,
        value=["A", "B", "F"],
        valid_from=dt.date(2026, 1, 1),
        legal_document=None,
        article="",
        verification=Verification.UNVERIFIED,
    )
    scale_rule.refresh_from_db()
    assert scale_rule.valid_to == dt.date(2026, 1, 1)
    assert rule_for("test.scale", on=dt.date(2026, 2, 1)).rule == new
    assert AuditEntry.all_objects.filter(verb="rule_revise", object_id=str(new.pk)).exists()
    with pytest.raises(ValidationError):
        rule_revise(
            actor=actor,
            rule=new,
            value=[],
            valid_from=dt.date(2025, 1, 1),
            legal_document=None,
            article="",
            verification=Verification.CHECKED,
        )


def test_only_the_national_authority_revises(scale_rule: Rule, persona_user, actor_of) -> None:
    with pytest.raises(PermissionDenied):
        rule_revise(
            actor=actor_of(persona_user("rector")),
            rule=scale_rule,
            value=[],
            valid_from=dt.date(2026, 1, 1),
            legal_document=None,
            article="",
            verification=Verification.CHECKED,
        )


def test_institution_choice_applies_to_that_institution_only(
    scale_rule: Rule, persona_user, actor_of, college_a, college_a_sibling
) -> None:
    actor = actor_of(persona_user("rector"))
    institution_rule_choose(
        actor=actor,
        institution=college_a,
        key="test.scale",
        value=["A", "B+", "B", "F"],
        valid_from=dt.date(2024, 9, 1),
        decision="Quyết định 12/QĐ-CĐKTKT",
    )
    mine = rule_for("test.scale", on=dt.date(2025, 1, 1), institution=college_a)
    assert mine.value == ["A", "B+", "B", "F"]
    assert "Quyết định 12/QĐ-CĐKTKT" in mine.basis
    other = rule_for("test.scale", on=dt.date(2025, 1, 1), institution=college_a_sibling)
    assert other.value == ["A", "B", "C", "D", "F"]
    with pytest.raises(PermissionDenied):
        institution_rule_choose(
            actor=actor,
            institution=college_a_sibling,
            key="test.scale",
            value=[],
            valid_from=dt.date(2024, 9, 1),
            decision="x",
        )
