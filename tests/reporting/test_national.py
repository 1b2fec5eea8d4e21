"""The national periodic report (story b) and the key tasks of the year (story a): roll-ups by
province and institution with drill-down, like-for-like comparisons, live figures of a period
nobody has reported in yet, key tasks rolling up, and who reaches them from the menu."""

from __future__ import annotations

from decimal import Decimal

import pytest
from tests.support import OUTSIDERS_OF_COLLEGE_A

from opentvet.reporting import live, rollups, selectors, services
from opentvet.reporting.demo_network import (
    EARLIER_MONTH,
    LAST_MONTH,
    NATIONAL_TEMPLATE,
)
from opentvet.reporting.models import (
    KeyTaskItem,
    Periodicity,
    ReportTemplate,
    Submission,
    SubmissionValue,
)


@pytest.fixture
def national(db):  # type: ignore[no-untyped-def]
    return ReportTemplate.objects.get(name=NATIONAL_TEMPLATE)


def _months(template):  # type: ignore[no-untyped-def]
    return list(template.periods.filter(periodicity=Periodicity.MONTHLY).order_by("end"))


@pytest.fixture
def last_month(national):  # type: ignore[no-untyped-def]
    return _months(national)[-2]


@pytest.fixture
def current_month(national):  # type: ignore[no-untyped-def]
    return _months(national)[-1]


@pytest.fixture
def five_months(national):  # type: ignore[no-untyped-def]
    return national.periods.filter(periodicity=Periodicity.FIVE_MONTH).order_by("-year").first()


def _sum(period, code, codes=None):  # type: ignore[no-untyped-def]
    rows = SubmissionValue.all_objects.filter(period=period, code=code, submitted=True)
    if codes is not None:
        rows = rows.filter(institution__code__in=codes)
    return sum((v for v in rows.values_list("value", flat=True) if v is not None), Decimal(0))


def test_like_for_like_comparison_leaves_out_schools_in_one_period(
    last_month, actor_of, persona_user, org
):
    actor = actor_of(persona_user("national_analyst"))
    root = org("CUC-GDNN")
    rows = {r.code: r for r in selectors.period_rollup(actor=actor, period=last_month, root=root)}
    both = sorted(set(EARLIER_MONTH) & set(LAST_MONTH))
    earlier = _months(last_month.template)[-3]
    row = rows["ts.total"]
    assert row.value == _sum(last_month, "ts.total")
    assert row.reporting == len(LAST_MONTH)
    # Only the schools present in both months are compared, on both sides.
    assert row.value_vs_previous == _sum(last_month, "ts.total", both)
    assert row.previous == _sum(earlier, "ts.total", both)
    assert row.previous != _sum(earlier, "ts.total")  # TC96001 reported only the month before
    assert row.change_previous == (
        (row.value_vs_previous - row.previous) / row.previous * 100
    ).quantize(Decimal("0.1"))
    previous, _last_year = selectors.period_comparisons(actor=actor, period=last_month, root=root)
    assert previous.both == len(both)
    assert previous.only_now == len(set(LAST_MONTH) - set(EARLIER_MONTH)) == 1
    assert previous.only_then == len(set(EARLIER_MONTH) - set(LAST_MONTH)) == 1


def test_the_page_says_how_many_schools_are_compared(login, last_month):
    page = login("national_analyst").get(f"/bao-cao/ky/{last_month.pk}/")
    text = page.content.decode()
    both = len(set(EARLIER_MONTH) & set(LAST_MONTH))
    assert f"chỉ so sánh {both} cơ sở gửi báo cáo ở cả hai kỳ" in text
    assert "không tính 1 cơ sở chỉ báo cáo kỳ này và 1 cơ sở chỉ báo cáo kỳ trước" in text


def test_charts_never_mix_units(login, last_month):
    page = login("national_analyst").get(f"/bao-cao/ky/{last_month.pk}/")
    charts = page.context["charts"]
    assert charts
    units = [unit for unit, _chart in charts]
    assert len(units) == len(set(units))
    rollup = {r.name: r.unit for r in page.context["rollup"]}
    for unit, chart in charts:
        names = [n for n in rollup if f">{n}<" in str(chart) or f"{n}:" in str(chart)]
        assert names and all(rollup[n] == unit for n in names)


def test_national_rollup_by_province_and_drill_down(login, last_month, org):
    client = login("national_analyst")
    page = client.get(f"/bao-cao/ky/{last_month.pk}/")
    children = {c["organisation_id"]: c for c in page.context["children"]}
    for code in ["UBND-96", "UBND-01", "UBND-79"]:
        committee = org(code)
        row = children[committee.pk]
        expected = Submission.all_objects.filter(
            period=last_month, status="submitted", institution__path__startswith=committee.path
        ).count()
        assert row["n"] == expected > 0
        assert row["values"]["ts.total"] == _sum(
            last_month,
            "ts.total",
            list(
                Submission.all_objects.filter(
                    period=last_month, institution__path__startswith=committee.path
                ).values_list("institution__code", flat=True)
            ),
        )
    # Drill to a province: its institutions, each linking to its report.
    committee = org("UBND-79")
    page = client.get(f"/bao-cao/ky/{last_month.pk}/?org={committee.pk}")
    assert page.status_code == 200
    labels = {c["label"] for c in page.context["children"]}
    assert org("CD79001").name in labels and org("CD96001").name not in labels
    assert all(c["submission_id"] for c in page.context["children"])
    # Drill of one indicator: provinces link to their institutions.
    page = client.get(f"/bao-cao/ky/{last_month.pk}/chi-tieu/ts.total/")
    assert any(r.get("organisation_id") == committee.pk for r in page.context["rows"])
    page = client.get(f"/bao-cao/ky/{last_month.pk}/chi-tieu/ts.total/?org={committee.pk}")
    assert {r["label"] for r in page.context["rows"]} == labels


def test_a_new_period_shows_live_figures_labelled_live(
    login, current_month, org, actor_of, persona_user
):
    assert not Submission.all_objects.filter(period=current_month).exists()
    client = login("national_analyst")
    page = client.get(f"/bao-cao/ky/{current_month.pk}/")
    assert 'data-testid="period-live"' in page.content.decode()
    partial = client.get(f"/bao-cao/ky/{current_month.pk}/truc-tuyen/")
    text = partial.content.decode()
    assert "chưa qua báo cáo" in text
    actor = actor_of(persona_user("national_analyst"))
    values, count = live.period_live_rollup(actor=actor, period=current_month, root=org("CUC-GDNN"))
    figure = live.live_figure(actor=actor, code="learners.enrolled", root=org("CUC-GDNN"))
    assert values["hs.enrolled"] == figure.total
    assert count == figure.institutions


def test_five_month_rollup_of_the_nation(login, five_months):
    page = login("national_analyst").get(f"/bao-cao/ky/{five_months.pk}/")
    assert page.status_code == 200
    assert "5 tháng đầu năm" in page.content.decode()
    rows = {r.code: r for r in page.context["rollup"]}
    assert rows["ts.total"].value == _sum(five_months, "ts.total")
    # Last year's 5-month report: only the schools in both years are compared.
    last_year = page.context["last_year"]
    assert last_year.period is not None
    assert 0 < last_year.both < rows["ts.total"].reporting


def test_key_tasks_roll_up_to_the_province_and_nation(actor_of, persona_user, org, last_month):
    officer = actor_of(persona_user("provincial_officer"))
    analyst = actor_of(persona_user("national_analyst"))
    demo_provincial = Submission.all_objects.filter(
        period__template__organisation=org("SGDDT-96"),
        institution=org("CD96001"),
        status__in=["submitted", "acknowledged"],
    ).first()
    province = rollups.key_task_rollup(
        actor=officer, period=demo_provincial.period, root=org("SGDDT-96")
    )
    items = KeyTaskItem.all_objects.filter(
        period=demo_provincial.period,
        submission__status__in=["submitted", "acknowledged"],
        institution_path__startswith=org("SGDDT-96").path,
    )
    assert province.count == items.count() >= 5
    assert province.mean_progress == round(sum(i.progress for i in items) / items.count())
    assert {g.label for g in province.groups} <= {
        org("CD96001").name,
        org("CD96002").name,
    }
    nation = rollups.key_task_rollup(actor=analyst, period=last_month, root=org("CUC-GDNN"))
    assert nation.by_province
    assert {g.organisation_id for g in nation.groups} == {
        org("UBND-96").pk,
        org("UBND-01").pk,
        org("UBND-79").pk,
    }
    assert (
        nation.count
        == KeyTaskItem.all_objects.filter(period=last_month, submission__status="submitted").count()
    )
    # The briefing pack carries the section.
    data = selectors.briefing_data(
        actor=officer,
        organisation=org("SGDDT-96"),
        year=demo_provincial.period.year,
        month=demo_provincial.period.end.month,
    )
    assert data["key_task_rollup"] is not None


def test_key_tasks_are_prefilled_from_the_task_board_and_edited(
    current_month, college_a, actor_of, persona_user
):
    rector = actor_of(persona_user("rector"))
    submission = services.submission_start(
        actor=rector, period=current_month, institution=college_a
    )
    prefilled = list(submission.key_tasks.all())
    assert len(prefilled) == 5 and all(k.task_id for k in prefilled)
    items = [{"id": k.pk, "title": k.title, "progress": 40, "target": "x"} for k in prefilled]
    items[0]["progress"] = 80
    kept = services.submission_key_tasks_save(actor=rector, submission=submission, items=items[:4])
    assert [k.progress for k in kept] == [80, 40, 40, 40]
    assert submission.key_tasks.count() == 4
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.submission_key_tasks_save(
            actor=rector, submission=submission, items=[{"title": "A", "progress": 120}]
        )
    with pytest.raises(PermissionError):
        services.submission_key_tasks_save(
            actor=actor_of(persona_user("other_rector")), submission=submission, items=[]
        )


def test_key_tasks_form_on_the_report_page(login, current_month, college_a):
    client = login("rector")
    response = client.post(f"/bao-cao/ky/{current_month.pk}/co-so/{college_a.pk}/lap/")
    submission = Submission.all_objects.get(period=current_month, institution=college_a)
    page = client.get(f"/bao-cao/nop/{submission.pk}/")
    assert 'data-testid="key-tasks-form"' in page.content.decode()
    response = client.post(
        f"/bao-cao/nop/{submission.pk}/nhiem-vu-trong-tam/",
        {
            "rows": "1",
            "title-0": "Tuyển sinh gắn với việc làm",
            "target-0": "500 người",
            "progress-0": "30",
            "result-0": "Đang làm",
        },
    )
    assert response.status_code == 302
    assert list(submission.key_tasks.values_list("title", "progress")) == [
        ("Tuyển sinh gắn với việc làm", 30)
    ]


@pytest.mark.parametrize("key", OUTSIDERS_OF_COLLEGE_A)
def test_outsiders_get_404_on_new_pages(login, key, current_month, college_a, org):
    from opentvet.reporting.demo import TEMPLATE_NAME

    provincial = ReportTemplate.objects.get(name=TEMPLATE_NAME).periods.order_by("-end").first()
    submission = services.submission_start(actor=None, period=current_month, institution=college_a)
    client = login(key)
    assert client.get(f"/bao-cao/ky/{provincial.pk}/truc-tuyen/").status_code == 404
    assert client.get(f"/bao-cao/ky/{provincial.pk}/nhiem-vu-trong-tam/").status_code == 404
    assert client.get(f"/bao-cao/ky/{provincial.pk}/?org={college_a.pk}").status_code == 404
    assert client.get(f"/bao-cao/ky/{current_month.pk}/?org={org('UBND-96').pk}").status_code == 404
    assert (
        client.get(
            f"/bao-cao/ky/{current_month.pk}/nhiem-vu-trong-tam/?org={college_a.pk}"
        ).status_code
        == 404
    )
    response = client.post(
        f"/bao-cao/nop/{submission.pk}/nhiem-vu-trong-tam/", {"rows": "1", "title-0": "X"}
    )
    assert response.status_code == 404
    assert not submission.key_tasks.filter(title="X").exists()


def test_committee_leader_report_page_lists_the_province_rollup(login, org):
    client = login("committee_leader")
    page = client.get("/bao-cao/")
    text = page.content.decode()
    assert "Chưa có kỳ báo cáo nào" not in text
    provincial = [p for p in page.context["periods"] if p.template.organisation == org("SGDDT-96")]
    assert provincial
    detail = client.get(f"/bao-cao/ky/{provincial[0].pk}/")
    assert detail.status_code == 200
    assert detail.context["is_authority"]


@pytest.mark.parametrize(
    "key",
    ["national_analyst", "committee_leader", "provincial_officer", "other_provincial_officer"],
)
def test_every_authority_reaches_national_rollups_from_the_menu(login, key, last_month):
    client = login(key)
    home = client.get("/").content.decode()
    assert 'href="/bao-cao/"' in home
    index = client.get("/bao-cao/")
    assert last_month in list(index.context["periods"])
    assert client.get(f"/bao-cao/ky/{last_month.pk}/").status_code == 200
