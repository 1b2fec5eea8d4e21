"""Development plans per unit (unit head or HR officer), progress against the plan, and the
lean-staffing trends with their inline SVG charts and the by-province roll-up."""

from __future__ import annotations

import json

import pytest
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from opentvet.core.models import AuditEntry
from opentvet.staff import planning, selectors, trends
from opentvet.staff.charts import Series, line_chart
from opentvet.staff.models import DevelopmentPlan, DevelopmentPlanItem

from support import OUTSIDERS_OF_COLLEGE_A

pytestmark = pytest.mark.django_db


@pytest.fixture
def kcntt(org):  # type: ignore[no-untyped-def]
    return org("CD96001-KCNTT")


@pytest.fixture
def demo_plan(kcntt):  # type: ignore[no-untyped-def]
    return DevelopmentPlan.all_objects.get(unit=kcntt, year=timezone.localdate().year)


@pytest.mark.parametrize("key", OUTSIDERS_OF_COLLEGE_A)
def test_outsiders_get_404_on_plans_and_trends(login, college_a, kcntt, demo_plan, key):
    client = login(key)
    for url in [
        reverse("staff:plans", args=[college_a.pk]),
        reverse("staff:plans", args=[kcntt.pk]),
        reverse("staff:plan_create", args=[kcntt.pk]),
        reverse("staff:plan_detail", args=[demo_plan.pk]),
        reverse("staff:lean", args=[college_a.pk]),
    ]:
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"action": "item_add", "name": "x"}).status_code == 404, url
    assert DevelopmentPlanItem.all_objects.filter(plan=demo_plan, name="x").count() == 0


@pytest.mark.parametrize("key", OUTSIDERS_OF_COLLEGE_A)
def test_outsiders_get_404_on_plan_and_lean_endpoints(
    client, token_for, college_a, kcntt, demo_plan, key
):
    headers = token_for(key)
    for url in [
        f"/api/v1/staff/units/{kcntt.pk}/development-plans",
        f"/api/v1/staff/development-plans/{demo_plan.pk}",
        f"/api/v1/staff/institutions/{college_a.pk}/lean",
    ]:
        response = client.get(url, **headers)
        assert response.status_code == 404, url
    post = client.post(
        f"/api/v1/staff/units/{kcntt.pk}/development-plans",
        data=json.dumps({"year": 2026, "target_hours_per_teacher": 1, "target_internships": 1}),
        content_type="application/json",
        **headers,
    )
    assert post.status_code == 404


@pytest.mark.parametrize("key", ["hr_officer", "teacher", "unit_head", "other_rector"])
def test_lean_overview_is_for_authorities(login, key):
    assert login(key).get(reverse("staff:lean_overview")).status_code == 404


def test_another_province_rolls_up_only_its_own(login, client, token_for, college_a):
    page = login("other_provincial_officer").get(reverse("staff:lean_overview"))
    assert page.status_code == 200
    assert college_a.province.name not in page.content.decode()
    client.logout()
    api = client.get("/api/v1/staff/lean", **token_for("other_provincial_officer")).json()
    assert college_a.province.name not in [p["province"] for p in api["provinces"]]


def test_teacher_cannot_plan(login, kcntt, demo_plan):
    client = login("teacher")
    assert client.get(reverse("staff:plan_create", args=[kcntt.pk])).status_code == 404
    assert client.get(reverse("staff:plan_detail", args=[demo_plan.pk])).status_code == 404


def test_unit_head_creates_a_plan_and_sees_progress(login, kcntt):
    client = login("unit_head")
    home = client.get(reverse("staff:home")).content.decode()
    assert 'data-testid="unit-plans"' in home
    year = timezone.localdate().year + 1
    listing = client.get(reverse("staff:plans", args=[kcntt.pk]) + f"?nam={year}")
    assert f'data-testid="create-plan-{kcntt.code}"' in listing.content.decode()
    url = reverse("staff:plan_create", args=[kcntt.pk])
    bad = client.post(url, {"year": 1990, "target_hours_per_teacher": 40, "note": "Ưu tiên"})
    assert bad.status_code == 400
    body = bad.content.decode()
    assert "Ưu tiên" in body  # typed values kept
    assert "Trường này là bắt buộc." in body or "Năm phải từ" in body
    ok = client.post(
        url,
        {"year": year, "target_hours_per_teacher": 30, "target_internships": 2, "note": "Ưu tiên"},
    )
    assert ok.status_code == 302
    plan = DevelopmentPlan.all_objects.get(unit=kcntt, year=year)
    assert AuditEntry.objects.filter(verb="development_plan_create", object_id=str(plan.pk))
    detail = reverse("staff:plan_detail", args=[plan.pk])
    missing_partner = client.post(
        detail,
        {
            "action": "item_add",
            "kind": "internship",
            "name": "Thực tập tại doanh nghiệp",
            "participants": 2,
            "hours": 80,
        },
    )
    assert missing_partner.status_code == 400
    assert "cần tên doanh nghiệp" in missing_partner.content.decode()
    client.post(
        detail,
        {
            "action": "item_add",
            "kind": "internship",
            "name": "Thực tập tại doanh nghiệp",
            "partner": "Công ty A",
            "participants": 2,
            "hours": 80,
        },
    )
    progress = planning.plan_progress(plan)
    assert progress["planned_hours"] == 160
    assert progress["attended_hours"] == 0
    assert AuditEntry.objects.filter(verb="development_plan_item_add").exists()


def test_demo_plan_progress_against_attended_hours(login, demo_plan):
    progress = planning.plan_progress(demo_plan)
    assert progress["planned_hours"] == 4 * 24 + 3 * 80
    assert progress["attended_hours"] >= 48
    assert any(r["met"] is False for r in progress["per_teacher"])
    page = login("hr_officer").get(reverse("staff:plan_detail", args=[demo_plan.pk]))
    assert page.status_code == 200
    assert 'data-testid="teacher-hours"' in page.content.decode()


def test_plan_api(client, token_for, kcntt, demo_plan):
    headers = token_for("unit_head")
    data = client.get(f"/api/v1/staff/development-plans/{demo_plan.pk}", **headers).json()
    assert data["planned_hours"] == 336
    assert data["teachers"]
    created = client.post(
        f"/api/v1/staff/units/{kcntt.pk}/development-plans",
        data=json.dumps({"year": 2024, "target_hours_per_teacher": 20, "target_internships": 1}),
        content_type="application/json",
        **headers,
    )
    assert created.status_code == 201, created.content


def test_lean_page_shows_trends_with_inline_svg(login, college_a):
    page = login("hr_officer").get(reverse("staff:lean", args=[college_a.pk]))
    body = page.content.decode()
    assert page.status_code == 200
    assert body.count('data-testid="trend-chart"') == 3
    assert "<svg" in body and "<polyline" in body and "<script" not in body.split("<main")[-1]
    assert 'data-testid="occupation-trend"' in body


def test_trend_figures_follow_staff_who_left(college_a):
    from opentvet.staff.models import StaffMember

    base = StaffMember.all_objects.filter(institution=college_a)
    year = timezone.localdate().year
    rows = trends.yearly_figures(base, Q(institution=college_a), [year - 3, year])
    # Three former teachers of Khoa CNTT left over the last three years.
    assert rows[0]["teachers"] >= rows[1]["teachers"]
    assert rows[0]["load"]["under"] + rows[0]["load"]["normal"] + rows[0]["load"]["over"] > 0
    assert rows[1]["manager_share"] is not None


def test_province_rollup_for_authorities(login, client, token_for):
    page = login("national_analyst").get(reverse("staff:lean_overview"))
    assert page.status_code == 200
    body = page.content.decode()
    assert 'data-testid="province-rollup"' in body and "<svg" in body
    provincial = login("provincial_officer").get(reverse("staff:lean_overview"))
    assert provincial.status_code == 200
    client.logout()
    api = client.get("/api/v1/staff/lean", **token_for("national_analyst")).json()
    assert len(api["provinces"]) >= 2
    assert len(api["years"]) == 5
    own = client.get("/api/v1/staff/lean", **token_for("provincial_officer")).json()
    assert len(own["provinces"]) == 1


def test_line_chart_geometry():
    chart = line_chart([2022, 2023, 2024], [Series("a", [0, 5, None])], "t")
    line = chart["lines"][0]
    assert len(line["points"]) == 2
    assert line["points"][0]["y"] == chart["baseline"]
    assert chart["grid"][-1]["value"] == "5"
    # Coordinates are strings with a decimal point, whatever the locale renders for floats.
    assert all("," not in p["x"] + p["y"] for p in line["points"])
    assert selectors.STUDENTS_PER_TEACHER_NORM > 0


def test_teacher_hours_against_the_unit_plan_target(member, demo_plan):
    teacher = member("CD96001", "GV-KCNTT-1")
    rows = {r["year"]: r for r in selectors.development_hours(teacher)}
    assert rows[demo_plan.year]["required"] == demo_plan.target_hours_per_teacher
    assert rows[demo_plan.year]["met"] is False  # 24 of 40 hours so far
