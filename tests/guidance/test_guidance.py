"""Guidance: the inventory and its scoring, explained recommendations, consent, interest codes,
counselling sessions and events (tenancy: outsiders get 404)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from opentvet.admissions import services as admissions_services
from opentvet.catalogue.models import Occupation
from opentvet.guidance.inventory import ITEMS
from opentvet.guidance.models import (
    EventRegistration,
    GuidanceEvent,
    InventoryResult,
    OccupationInterest,
)
from opentvet.guidance.recommend import recommend
from opentvet.guidance.scoring import fit, holland_code, score

from support import OUTSIDERS_OF_COLLEGE_A

pytestmark = pytest.mark.django_db


def answers_liking(*types: str) -> dict[str, int]:
    return {item.key: 2 if item.type in types else 0 for item in ITEMS}


def test_inventory_has_between_30_and_60_items_balanced_over_riasec():
    assert 30 <= len(ITEMS) <= 60
    assert {t: sum(i.type == t for i in ITEMS) for t in "RIASEC"} == dict.fromkeys("RIASEC", 7)
    assert len({i.text for i in ITEMS}) == len(ITEMS)


def test_scoring_and_fit():
    scores = score(answers_liking("R", "I"))
    assert scores["R"] == scores["I"] == 100 and scores["S"] == 0
    assert holland_code(scores).startswith("RI")
    assert fit(scores, "RI") == 1.0
    assert fit(scores, "SE") == 0.0


def test_every_occupation_group_has_an_interest_code():
    groups = Occupation.objects.filter(level=2)
    coded = set(OccupationInterest.objects.values_list("occupation_id", flat=True))
    assert groups.exists() and set(groups.values_list("code", flat=True)) <= coded


def test_recommendations_are_ranked_and_explained():
    recs = recommend(score(answers_liking("I", "R", "C")), education_level="thpt", province_id=96)
    assert recs
    assert recs[0].score >= recs[-1].score
    for rec in recs:
        assert rec.reasons and "nhóm sở thích" in rec.reasons[0]
    it = [r for r in recs if r.occupation.code == "6480201"]
    assert it and any("vị trí cần tuyển" in reason for reason in it[0].reasons)
    # Lower-secondary graduates are shown intermediate (trung cấp) occupations only.
    for rec in recommend(score(answers_liking("R")), education_level="thcs"):
        assert rec.occupation.code.startswith("5")


def _inventory_post(**extra):
    return {**{item.key: "2" if item.type in "IRC" else "0" for item in ITEMS}, **extra}


def test_anonymous_inventory_result_is_private_to_its_session(client):
    response = client.post(reverse("guidance:inventory"), _inventory_post(education_level="thpt"))
    assert response.status_code == 302
    result = InventoryResult.objects.latest("pk")
    page = client.get(response["Location"])
    assert page.status_code == 200
    html = page.content.decode()
    assert result.code in html and 'data-testid="holland-chart"' in html
    assert 'data-testid="recommendation"' in html
    other = client.__class__()
    assert other.get(reverse("guidance:result", args=[result.pk])).status_code == 404


def test_incomplete_inventory_is_refused(client):
    data = _inventory_post()
    data.pop(ITEMS[0].key)
    assert client.post(reverse("guidance:inventory"), data).status_code == 400


def test_counsellors_see_a_result_only_with_consent(client, login, college_a):
    user = admissions_services.applicant_register(identifier="0955000001", full_name="Tư Vấn")
    client.force_login(user)
    client.post(reverse("guidance:inventory"), _inventory_post())
    result = InventoryResult.objects.get(user=user)
    url = reverse("guidance:result_counsel", args=[result.pk])
    assert login("admissions_officer").get(url).status_code == 404
    client.force_login(user)
    client.post(reverse("guidance:consent", args=[result.pk]), {"institution": college_a.pk})
    assert login("admissions_officer").get(url).status_code == 200
    for key in OUTSIDERS_OF_COLLEGE_A:
        assert login(key).get(url).status_code == 404
    other = admissions_services.applicant_register(identifier="0955000002", full_name="Khác")
    client.force_login(other)
    assert client.get(reverse("guidance:result", args=[result.pk])).status_code == 404
    assert (
        client.post(
            reverse("guidance:consent", args=[result.pk]), {"institution": college_a.pk}
        ).status_code
        == 404
    )
    client.force_login(user)
    client.post(
        reverse("guidance:consent", args=[result.pk]), {"institution": college_a.pk, "revoke": "1"}
    )
    assert login("admissions_officer").get(url).status_code == 404


def test_the_authority_edits_interest_codes(login):
    client = login("national_analyst")
    assert (
        client.post(reverse("guidance:codes"), {"occupation": "548", "code": "ICR"}).status_code
        == 302
    )
    assert OccupationInterest.objects.get(occupation_id="548").code == "ICR"
    client.post(reverse("guidance:codes"), {"occupation": "548", "code": "XYZ"})
    assert OccupationInterest.objects.get(occupation_id="548").code == "ICR"
    assert (
        login("rector")
        .post(reverse("guidance:codes"), {"occupation": "548", "code": "A"})
        .status_code
        == 404
    )


@pytest.fixture
def event(college_a):
    return GuidanceEvent.all_objects.filter(institution=college_a).first()


def test_public_registration_capacity_and_attendance(client, login, event):
    url = reverse("guidance:event", args=[event.pk])
    assert client.get(reverse("guidance:events")).status_code == 200
    ok = client.post(url, {"full_name": "Hà Vy", "phone": "0944000111", "school": "THPT A"})
    assert ok.status_code == 302
    dup = client.post(url, {"full_name": "Hà Vy", "phone": "0944000111"})
    assert dup.status_code == 400
    registration = EventRegistration.all_objects.get(event=event, phone="0944000111")
    officer = login("admissions_officer")
    assert officer.get(reverse("guidance:event_manage", args=[event.pk])).status_code == 200
    officer.post(reverse("guidance:attendance", args=[registration.pk]), {"attended": "1"})
    registration.refresh_from_db()
    assert registration.attended


def test_public_registration_is_rate_limited(client, event):
    url = reverse("guidance:event", args=[event.pk])
    codes = [
        client.post(url, {"full_name": "X", "phone": f"09440002{i:02d}"}).status_code
        for i in range(12)
    ]
    assert codes[:10] == [302] * 10 and codes[-1] == 429


@pytest.mark.parametrize("key", OUTSIDERS_OF_COLLEGE_A)
def test_outsiders_get_404_on_counselling_pages(login, college_a, event, key):
    client = login(key)
    registration = EventRegistration.all_objects.create(
        event=event, full_name="A", phone="0944111222"
    )
    for url in [
        reverse("guidance:counsel", args=[college_a.pk]),
        reverse("guidance:event_manage", args=[event.pk]),
    ]:
        assert client.get(url).status_code == 404
    for url in [
        reverse("guidance:session_add", args=[college_a.pk]),
        reverse("guidance:event_add", args=[college_a.pk]),
        reverse("guidance:attendance", args=[registration.pk]),
    ]:
        assert client.post(url, {"attended": "1"}).status_code == 404


def test_counsellor_records_a_session_and_creates_an_event(login, college_a):
    client = login("admissions_officer")
    assert client.get(reverse("guidance:counsel", args=[college_a.pk])).status_code == 200
    client.post(
        reverse("guidance:session_add", args=[college_a.pk]),
        {"person_name": "Phạm An", "held_on": "2026-03-01", "topic": "Chọn nghề"},
    )
    starts = (timezone.localtime() + dt.timedelta(days=5)).strftime("%Y-%m-%dT%H:%M")
    client.post(
        reverse("guidance:event_add", args=[college_a.pk]),
        {"title": "Ngày hội 2", "starts_at": starts, "place": "Sân trường", "capacity": 50},
    )
    page = client.get(reverse("guidance:counsel", args=[college_a.pk])).content.decode()
    assert "Phạm An" in page and "Ngày hội 2" in page


def test_guidance_api(client):
    items = client.get("/api/v1/guidance/items").json()
    assert len(items) == len(ITEMS)
    body = client.post(
        "/api/v1/guidance/score",
        {"answers": {i["key"]: 2 if i["type"] == "S" else 0 for i in items}},
        content_type="application/json",
    ).json()
    assert body["code"].startswith("S") and body["recommendations"][0]["reasons"]
    assert client.get("/api/v1/guidance/occupation-codes").status_code == 200
    assert (
        client.put(
            "/api/v1/guidance/occupation-codes/548", {"code": "I"}, content_type="application/json"
        ).status_code
        == 401
    )
