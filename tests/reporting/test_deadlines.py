"""Report deadlines are date rules with their basis, not "N days after the period" (issue 14)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from opentvet.reporting.deadlines import deadline_for
from opentvet.reporting.models import Document, DocumentType, ReportKind
from opentvet.reporting.services import document_issue, period_open, template_create

pytestmark = pytest.mark.django_db


def test_annual_training_report_is_due_10_january_tt_04_2022_dieu_38() -> None:
    d = deadline_for(
        kind=ReportKind.ANNUAL_TRAINING, periodicity="annual", end=dt.date(2025, 12, 31)
    )
    assert d.due_date == dt.date(2026, 1, 10)
    assert d.basis == "Căn cứ: Điều 38 Thông tư 04/2022/TT-BLĐTBXH"


def test_admissions_report_is_due_the_25th_of_the_month_tt_05_2021_dieu_20() -> None:
    d = deadline_for(
        kind=ReportKind.ADMISSIONS_MONTHLY, periodicity="monthly", end=dt.date(2026, 2, 28)
    )
    assert d.due_date == dt.date(2026, 2, 25)
    assert d.basis == "Căn cứ: Điều 20 Thông tư 05/2021/TT-BLĐTBXH"


def test_so_cap_reports_are_due_10_july_and_10_january_tt_42_2015_dieu_33() -> None:
    half = deadline_for(kind=ReportKind.SO_CAP, periodicity="6m", end=dt.date(2026, 6, 30))
    year = deadline_for(kind=ReportKind.SO_CAP, periodicity="annual", end=dt.date(2026, 12, 31))
    assert half.due_date == dt.date(2026, 7, 10)
    assert year.due_date == dt.date(2027, 1, 10)
    assert half.basis == "Căn cứ: Điều 33 Thông tư 42/2015/TT-BLĐTBXH"


def test_continuing_training_is_due_30_june_and_31_december_tt_43_2015_dieu_14() -> None:
    first = deadline_for(kind=ReportKind.CONTINUING, periodicity="6m", end=dt.date(2026, 6, 30))
    second = deadline_for(kind=ReportKind.CONTINUING, periodicity="6m", end=dt.date(2026, 12, 31))
    assert first.due_date == dt.date(2026, 6, 30)
    assert second.due_date == dt.date(2026, 12, 31)
    assert first.basis == "Căn cứ: Điều 14 Thông tư 43/2015/TT-BLĐTBXH"


def test_a_periodicity_the_regulation_does_not_set_is_refused() -> None:
    with pytest.raises(ValidationError):
        deadline_for(
            kind=ReportKind.ANNUAL_TRAINING, periodicity="monthly", end=dt.date(2026, 1, 31)
        )


def test_period_open_keeps_the_rule_date_and_basis(org, actor_of, persona_user) -> None:
    officer = actor_of(persona_user("provincial_officer"))
    with pytest.raises(ValidationError):
        template_create(
            actor=officer,
            organisation=org("SGDDT-96"),
            name="Báo cáo tuyển sinh",
            periodicities=["monthly", "annual"],
            report_kind=ReportKind.ADMISSIONS_MONTHLY,
        )
    template = template_create(
        actor=officer,
        organisation=org("SGDDT-96"),
        name="Báo cáo tuyển sinh",
        periodicities=["monthly"],
        report_kind=ReportKind.ADMISSIONS_MONTHLY,
    )
    from opentvet.reporting.models import IndicatorDefinition
    from opentvet.reporting.services import template_item_add

    template_item_add(
        actor=officer, template=template, definition=IndicatorDefinition.objects.first()
    )
    period = period_open(
        actor=officer, template=template, periodicity="monthly", year=2026, number=3
    )
    assert period.due_date == dt.date(2026, 3, 25)
    assert period.due_basis == "Căn cứ: Điều 20 Thông tư 05/2021/TT-BLĐTBXH"


def test_period_page_shows_the_basis_of_its_due_date(login, last_period) -> None:
    last_period.due_basis = "Căn cứ: Điều 20 Thông tư 05/2021/TT-BLĐTBXH"
    last_period.save(update_fields=["due_basis"])
    response = login("provincial_officer").get(
        reverse("reporting:period_detail", args=[last_period.pk])
    )
    assert response.status_code == 200
    assert "Căn cứ: Điều 20 Thông tư 05/2021/TT-BLĐTBXH" in response.content.decode()


def test_thong_tu_and_nghi_dinh_are_not_decree_30_types(org, actor_of, persona_user) -> None:
    """Decree 30/2020/NĐ-CP, Appendix III lists administrative types only."""
    assert "TT" not in DocumentType.values
    assert "NĐ" not in DocumentType.values
    with pytest.raises(ValidationError):
        document_issue(
            actor=actor_of(persona_user("provincial_officer")),
            organisation=org("SGDDT-96"),
            doc_type=DocumentType.LEGAL,
            subject="Thông tư",
        )
    assert not Document.all_objects.filter(doc_type__in=["TT", "NĐ"]).exists()


def test_api_periods_report_the_basis_of_their_due_date(client, persona_user, last_period) -> None:
    from opentvet.core.access import Actor
    from opentvet.core.services import api_token_create

    last_period.due_basis = "Căn cứ: Điều 38 Thông tư 04/2022/TT-BLĐTBXH"
    last_period.save(update_fields=["due_basis"])
    _token, raw = api_token_create(
        actor=Actor.for_user(persona_user("provincial_officer")), name="test"
    )
    response = client.get("/api/v1/reporting/periods", HTTP_AUTHORIZATION=f"Bearer {raw}")
    rows = response.json()["items"]
    row = next(r for r in rows if r["id"] == last_period.pk)
    assert row["due_basis"] == "Căn cứ: Điều 38 Thông tư 04/2022/TT-BLĐTBXH"
