"""Live figures (số liệu trực tuyến): the API and page equal counts taken straight from the rows,
for the nation, a province and an institution; breakdowns; outsiders get 404; the menu."""

from __future__ import annotations

import pytest
from tests.support import OUTSIDERS_OF_COLLEGE_A

from opentvet.core.models import Organisation, OrgKind
from opentvet.learners.lifecycle import ACTIVE
from opentvet.learners.models import Student

API = "/api/v1/reporting/live/"


def _active_below(org: Organisation) -> int:
    return Student.all_objects.filter(
        status__in=ACTIVE,
        institution__path__startswith=org.path,
        institution__kind=OrgKind.INSTITUTION,
        institution__valid_to__isnull=True,
    ).count()


def _active_at_level(org: Organisation, level: str) -> int:
    return Student.all_objects.filter(
        status__in=ACTIVE,
        institution__path__startswith=org.path,
        programme_version__programme__training_level_id=level,
    ).count()


def _institutions_below(org: Organisation) -> int:
    return Organisation.objects.filter(
        kind=OrgKind.INSTITUTION, valid_to__isnull=True, path__startswith=org.path
    ).count()


@pytest.mark.parametrize("code", ["CUC-GDNN", "UBND-96", "SGDDT-01", "UBND-79", "CD96001"])
def test_enrolled_equals_active_learners_below_org(login, org, code):
    node = org(code)
    client = login("national_analyst")
    body = client.get(f"{API}learners.enrolled?org={node.pk}").json()
    expected = _active_below(node)
    assert expected > 0  # the demo has learners in every province
    assert body["org_id"] == node.pk
    assert body["value"] == str(expected) or float(body["value"]) == expected
    assert body["institutions"] == _institutions_below(node)
    assert sum(float(r["value"]) for r in body["rows"]) == expected


def test_breakdown_by_province_matches_each_province(login, org):
    client = login("national_analyst")
    nation = org("CUC-GDNN")
    body = client.get(f"{API}learners.enrolled?org={nation.pk}&by=province").json()
    by_org = {r["organisation_id"]: r for r in body["rows"]}
    assert {r["level"] for r in body["rows"]} == {"province"}
    for code in ["UBND-96", "UBND-01", "UBND-79"]:
        province = org(code)
        row = by_org[province.pk]
        assert float(row["value"]) == _active_below(province)
        assert row["institutions"] == _institutions_below(province)
        assert row["name"] == province.province.name  # "Cà Mau", from the catalogue


def test_breakdown_by_institution_and_level(login, org):
    client = login("provincial_officer")
    province = org("SGDDT-96")
    body = client.get(f"{API}learners.enrolled?org={province.pk}&by=institution").json()
    rows = {r["organisation_id"]: r for r in body["rows"]}
    for inst in Organisation.objects.filter(
        kind=OrgKind.INSTITUTION, path__startswith=province.path
    ):
        assert float(rows[inst.pk]["value"]) == _active_below(inst)
    assert len([v for v in rows.values() if float(v["value"]) > 0]) >= 3
    # The level breakdown adds up to the total and equals the rows' levels.
    assert sum(float(v) for v in body["breakdown"].values()) == float(body["value"])
    college = org("CD96001")
    assert float(body["breakdown"].get("cao_dang", 0)) == _active_at_level(province, "cao_dang")
    one = client.get(f"{API}learners.enrolled:cao_dang?org={college.pk}").json()
    assert float(one["value"]) == _active_at_level(college, "cao_dang")


def test_default_root_is_the_callers_highest_organisation(login, org):
    body = login("committee_leader").get(f"{API}learners.enrolled").json()
    assert body["org_id"] == org("UBND-96").pk
    assert float(body["value"]) == _active_below(org("UBND-96"))


@pytest.mark.parametrize("key", OUTSIDERS_OF_COLLEGE_A)
def test_outsiders_get_404_in_the_error_shape(login, college_a, org, key):
    client = login(key)
    for node in [college_a, org("UBND-96"), org("CUC-GDNN")]:
        response = client.get(f"{API}learners.enrolled?org={node.pk}")
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "not_found"


def test_province_officer_cannot_reach_another_province_or_the_nation(login, org):
    client = login("provincial_officer")
    for code in ["UBND-01", "CD01001", "CUC-GDNN", "UBND-96"]:
        assert client.get(f"{API}learners.enrolled?org={org(code).pk}").status_code == 404
    assert client.get(f"{API}learners.enrolled?org={org('SGDDT-96').pk}").status_code == 200


def test_unknown_indicator_breakdown_or_malformed_org_is_404(login, org):
    client = login("national_analyst")
    assert client.get(f"{API}nothing.here").status_code == 404
    assert client.get(f"{API}learners.enrolled:nope").status_code == 404
    assert client.get(f"{API}learners.enrolled?by=ward").status_code == 404
    assert client.get(f"{API}learners.enrolled?org=abc").status_code == 404


def test_anonymous_is_401(client):
    assert client.get(f"{API}learners.enrolled").status_code == 401


def test_live_page_drills_down_nation_province_institution(login, org):
    client = login("national_analyst")
    page = client.get("/bao-cao/truc-tuyen/")
    assert page.status_code == 200
    text = page.content.decode()
    province = org("UBND-79")
    assert f"?org={province.pk}&amp;code=learners.enrolled&amp;by=institution" in text
    page = client.get(
        f"/bao-cao/truc-tuyen/?org={province.pk}&code=learners.enrolled&by=institution"
    )
    assert page.status_code == 200
    institution = org("CD79001")
    assert institution.name in page.content.decode()
    page = client.get(f"/bao-cao/truc-tuyen/?org={institution.pk}&code=learners.enrolled")
    assert page.status_code == 200
    assert "Số liệu trực tuyến" in page.content.decode()


@pytest.mark.parametrize("key", OUTSIDERS_OF_COLLEGE_A)
def test_live_page_outsiders_404(login, college_a, org, key):
    client = login(key)
    for node in [college_a, org("UBND-96")]:
        assert client.get(f"/bao-cao/truc-tuyen/?org={node.pk}").status_code == 404


@pytest.mark.parametrize("key", ["rector", "teacher", "student", "other_rector", "applicant"])
def test_institution_people_have_no_live_page(login, key):
    client = login(key)
    assert client.get("/bao-cao/truc-tuyen/").status_code == 404
    assert "/bao-cao/truc-tuyen/" not in client.get("/").content.decode()


@pytest.mark.parametrize(
    "key",
    ["national_analyst", "committee_leader", "provincial_officer", "other_provincial_officer"],
)
def test_authorities_reach_live_figures_from_the_menu(login, key):
    client = login(key)
    assert "/bao-cao/truc-tuyen/" in client.get("/").content.decode()
    assert client.get("/bao-cao/truc-tuyen/").status_code == 200
