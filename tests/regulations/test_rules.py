"""Dated rules: the version in force on a date, its basis, revisions, institution choices."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from opentvet.core.models import AuditEntry
from opentvet.regulations.models import LegalDocument, Rule, Verification
from opentvet.regulations.selectors import RuleMissing, rule_for
from opentvet.regulations.services import institution_rule_choose, rule_revise

from support import OUTSIDERS_OF_COLLEGE_A

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


def test_national_rules_page_revises_a_rule_with_history(login) -> None:
    """The national authority sees every rule with its basis and revises one (a new version from
    its date, the old one closed, audited); Điều 16 Thông tư 04/2022 is the loaded basis."""
    rule = Rule.objects.get(key="grading.module_score")
    client = login("national_analyst")
    listing = client.get("/quy-dinh/").content.decode()
    assert "Cách tính điểm mô-đun, môn học" in listing
    detail = client.get(f"/quy-dinh/{rule.pk}/").content.decode()
    assert "Căn cứ: Điều 16 Thông tư 04/2022/TT-BLĐTBXH" in detail
    bad = client.post(f"/quy-dinh/{rule.pk}/", {"value": "{", "valid_from": "2027-01-01"})
    assert bad.status_code == 400
    response = client.post(
        f"/quy-dinh/{rule.pk}/",
        {
            "value": '{"test_weights": {"regular": 1, "periodic": 2}, "test_share": "0.4", '
            '"exam_share": "0.6"}',
            "valid_from": "2027-01-01",
            "legal_document": rule.legal_document_id,
            "article": "Điều 16",
            "verification": "checked",
            "note": "thử",
        },
    )
    assert response.status_code == 302
    rule.refresh_from_db()
    assert rule.valid_to == dt.date(2027, 1, 1)
    assert Rule.objects.filter(key="grading.module_score").count() == 2
    assert AuditEntry.all_objects.filter(verb="rule_revise").count() == 2


@pytest.mark.parametrize("key", ["rector", "training_officer", *OUTSIDERS_OF_COLLEGE_A])
def test_rules_pages_are_404_below_the_national_authority(login, key) -> None:
    """Only the national authority revises national rules: institution and provincial users
    get 404 on the list, the detail and the revision."""
    rule = Rule.objects.get(key="grading.module_score")
    client = login(key)
    assert client.get("/quy-dinh/").status_code == 404
    assert client.get(f"/quy-dinh/{rule.pk}/").status_code == 404
    assert client.post(f"/quy-dinh/{rule.pk}/", {"value": "{}"}).status_code == 404
    assert Rule.objects.filter(key="grading.module_score").count() == 1
