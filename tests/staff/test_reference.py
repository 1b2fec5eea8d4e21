"""Reference data edited by the national authority: the standards framework (versioned, frozen
once a cycle uses it) and the professional titles (rules snapshot per round); all audited."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from opentvet.core.models import AuditEntry
from opentvet.staff import selectors, services, services_reference
from opentvet.staff.models import (
    AssessmentCycle,
    Criterion,
    CriterionRequirement,
    ProfessionalTitle,
    Standard,
    StandardFramework,
)

from support import OUTSIDERS_OF_COLLEGE_A

pytestmark = pytest.mark.django_db

NOT_EDITORS = [*OUTSIDERS_OF_COLLEGE_A, "hr_officer", "teacher", "provincial_officer", "rector"]


def _framework() -> StandardFramework:
    """The chuẩn in force (as amended by Thông tư 21/2020), the one the demo's cycles use."""
    return StandardFramework.objects.get(code="TT08-2017-TT21")


def _pages():
    framework = _framework()
    standard = Standard.objects.filter(framework=framework).first()
    criterion = Criterion.objects.filter(standard=standard).first()
    title = ProfessionalTitle.objects.get(code="V.09.02.02")
    return [
        reverse("staff:reference"),
        reverse("staff:framework", args=[framework.pk]),
        reverse("staff:standard_edit", args=[standard.pk]),
        reverse("staff:criterion_edit", args=[criterion.pk]),
        reverse("staff:title_edit", args=[title.pk]),
    ]


@pytest.mark.parametrize("key", NOT_EDITORS)
def test_only_the_national_authority_reaches_reference_pages(login, key):
    client = login(key)
    title = ProfessionalTitle.objects.get(code="V.09.02.02")
    for url in _pages():
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"name": "x", "action": "update"}).status_code == 404, url
    title.refresh_from_db()
    assert title.name != "x"


@pytest.mark.parametrize("key", NOT_EDITORS)
def test_title_endpoint_refuses_non_editors(client, token_for, key):
    title = ProfessionalTitle.objects.get(code="V.09.02.02")
    response = client.patch(
        f"/api/v1/staff/titles/{title.pk}",
        data=json.dumps({"name": "x"}),
        content_type="application/json",
        **token_for(key),
    )
    assert response.status_code == 404


def test_national_analyst_sees_the_reference_pages(login):
    client = login("national_analyst")
    for url in _pages():
        assert client.get(url).status_code == 200, url
    home = client.get(reverse("staff:home")).content.decode()
    assert 'data-testid="reference-link"' in home


def test_framework_used_by_a_cycle_is_frozen(login, actor_of, persona_user):
    framework = _framework()
    assert AssessmentCycle.all_objects.filter(framework=framework).exists()
    client = login("national_analyst")
    page = client.get(reverse("staff:framework", args=[framework.pk])).content.decode()
    assert 'data-testid="framework-frozen"' in page
    response = client.post(
        reverse("staff:framework", args=[framework.pk]),
        {"action": "standard_add", "number": 9, "name": "Tiêu chuẩn mới"},
    )
    assert response.status_code == 400
    assert "không sửa được" in response.content.decode()
    assert not Standard.objects.filter(framework=framework, number=9).exists()


def test_new_version_edited_published_and_used_by_new_cycles_only(
    login, actor_of, persona_user, college_a
):
    old = _framework()
    client = login("national_analyst")
    today = timezone.localdate()
    effective = today + dt.timedelta(days=30)
    bad = client.post(
        reverse("staff:framework", args=[old.pk]),
        {"action": "new_version", "code": "TT08-2017", "name": "Bản mới", "regulation": "TT"},
    )
    assert bad.status_code == 400
    body = bad.content.decode()
    assert "Mã bộ chuẩn này đã có." in body or "Trường này là bắt buộc." in body
    assert 'value="Bản mới"' in body
    response = client.post(
        reverse("staff:framework", args=[old.pk]),
        {
            "action": "new_version",
            "code": "TT08-2017-SD",
            "name": "Chuẩn nhà giáo GDNN (sửa đổi)",
            "regulation": "Thông tư sửa đổi (giả định)",
            "valid_from": effective.isoformat(),
        },
    )
    assert response.status_code == 302
    new = StandardFramework.objects.get(code="TT08-2017-SD")
    assert new.based_on_id == old.pk and not new.is_active
    assert Criterion.objects.filter(standard__framework=new).count() == (
        Criterion.objects.filter(standard__framework=old).count()
    )
    url = reverse("staff:framework", args=[new.pk])
    standard = Standard.objects.get(framework=new, number=1)
    client.post(
        url,
        {"action": "criterion_add", "standard": standard.pk, "number": 5, "name": "Chuyển đổi số"},
    )
    criterion = Criterion.objects.get(standard=standard, number=5)
    wrong = client.post(
        url,
        {
            "action": "requirement_add",
            "criterion": criterion.pk,
            "training_level": "cao_dang",
            "kind": "it",
            "min_rank": 5,
            "label": "Tin học nâng cao",
        },
    )
    assert wrong.status_code == 400
    assert "Mức này không có" in wrong.content.decode()
    client.post(
        url,
        {
            "action": "requirement_add",
            "criterion": criterion.pk,
            "training_level": "cao_dang",
            "kind": "it",
            "min_rank": 2,
            "label": "Tin học nâng cao",
        },
    )
    assert CriterionRequirement.objects.filter(criterion=criterion, min_rank=2).exists()
    client.post(url, {"action": "publish"})
    new.refresh_from_db()
    assert new.is_active
    # Not yet effective: today's cycles still open with the old version.
    assert selectors.active_framework() == old
    assert selectors.active_framework(effective) == new
    for verb in ["standard_framework_version", "criterion_add", "standard_framework_publish"]:
        assert AuditEntry.objects.filter(verb=verb).exists(), verb
    # Old assessments keep their framework.
    assert not AssessmentCycle.all_objects.filter(framework=new).exists()


def test_title_edit_keeps_rules_as_data_and_open_rounds_unchanged(login, actor_of, persona_user):
    title = ProfessionalTitle.objects.get(code="V.09.02.02")
    authority = persona_user("national_analyst")
    from opentvet.staff.access import national_authority

    open_round = services.round_create(
        actor=actor_of(authority),
        organisation=national_authority(),
        name="Kỳ xét thăng hạng thử",
        method="xet",
        target_title=title,
        reference_date=timezone.localdate(),
    )
    client = login("national_analyst")
    url = reverse("staff:title_edit", args=[title.pk])
    page = client.get(url).content.decode()
    assert 'value="9"' in page  # years in rank, from the rules
    data = {
        "code": title.code,
        "name": title.name,
        "pay_group": title.pay_group,
        "coefficient_min": "4.40",
        "coefficient_max": "4.00",
        "regulation": title.regulation,
        "valid_from": "2026-07-01",
        "years_in_rank": "8",
        "qualification_rules": "degree;4;Bằng thạc sĩ trở lên\npedagogy;3;Sư phạm cao đẳng",
        "standard_met": "on",
        "no_discipline": "on",
    }
    bad = client.post(url, data)
    assert bad.status_code == 400
    assert "Hệ số lương đến nhỏ hơn hệ số lương từ." in bad.content.decode()
    bad_line = client.post(url, data | {"coefficient_max": "6.78", "qualification_rules": "x"})
    assert "Dòng 1 chưa đúng dạng" in bad_line.content.decode()
    ok = client.post(url, data | {"coefficient_max": "6.78"})
    assert ok.status_code == 302
    title.refresh_from_db()
    assert {"rule": "years_in_rank", "years": 8} in title.promotion_rules
    assert not any(r["rule"] == "achievement" for r in title.promotion_rules)
    entry = AuditEntry.objects.get(verb="professional_title_update", object_id=str(title.pk))
    assert "promotion_rules" in entry.changes
    # The round opened before the edit keeps the 9-year rule; a new round takes 8.
    # (years in rank for GDNN titles are loaded as unverified: FACTS.md "Teachers")
    nine = {"rule": "years_in_rank", "years": 9, "verification": "unverified"}
    assert nine in selectors.rules_of(open_round)
    new_round = services.round_create(
        actor=actor_of(authority),
        organisation=national_authority(),
        name="Kỳ mới",
        method="xet",
        target_title=title,
        reference_date=timezone.localdate(),
    )
    assert {"rule": "years_in_rank", "years": 8} in selectors.rules_of(new_round)


def test_rule_validation():
    with pytest.raises(Exception, match="chưa được hỗ trợ"):
        services_reference.validate_rules([{"rule": "bribe"}])
    with pytest.raises(Exception, match="Mức này"):
        services_reference.validate_rules([{"rule": "qualification", "kind": "it", "min_rank": 4}])


def test_title_api(client, token_for):
    title = ProfessionalTitle.objects.get(code="V.09.02.06")
    headers = token_for("national_analyst")
    listing = client.get("/api/v1/staff/titles", **headers).json()
    assert any(t["code"] == "V.09.02.06" for t in listing)
    bad = client.patch(
        f"/api/v1/staff/titles/{title.pk}",
        data=json.dumps({"promotion_rules": [{"rule": "unknown"}]}),
        content_type="application/json",
        **headers,
    )
    assert bad.status_code == 422
    ok = client.patch(
        f"/api/v1/staff/titles/{title.pk}",
        data=json.dumps({"coefficient_max": "6.90"}),
        content_type="application/json",
        **headers,
    )
    assert ok.status_code == 200
    assert ok.json()["coefficient_max"] == "6.90"
    framework = client.get(f"/api/v1/staff/frameworks/{_framework().pk}", **headers).json()
    assert framework["standards"][0]["criteria"]
