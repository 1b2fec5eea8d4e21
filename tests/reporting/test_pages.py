"""Reporting pages: every page renders for those who reach it and is 404 for outsiders."""

from __future__ import annotations

import pytest
from django.urls import reverse

from opentvet.reporting.models import Submission

from support import OUTSIDERS_OF_COLLEGE_A

pytestmark = pytest.mark.django_db


def _scoped_urls(submission_a, last_period, draft_a, steering, college_a):
    """Pages about college A's reports, its province's period and the steering rows."""
    return [
        reverse("reporting:submission_detail", args=[submission_a.pk]),
        reverse("reporting:submission_detail", args=[draft_a.pk]),
        reverse("reporting:submission_version", args=[submission_a.pk, 1]),
        reverse("reporting:submission_source", args=[submission_a.pk, "dv.units"]),
        reverse("reporting:period_detail", args=[last_period.pk]),
        reverse("reporting:period_indicator", args=[last_period.pk, "dv.units"]),
        reverse("reporting:period_export", args=[last_period.pk]),
        reverse("reporting:template_detail", args=[last_period.template_id]),
        reverse("reporting:document_detail", args=[steering["document"].pk]),
        reverse("reporting:meeting_detail", args=[steering["meeting"].pk]),
        reverse("reporting:task_detail", args=[steering["task"].pk]),
        reverse("reporting:difficulty_detail", args=[steering["difficulty"].pk]),
        reverse("reporting:drafting_detail", args=[steering["drafting"].pk]),
        reverse("reporting:template_create", args=[last_period.template.organisation_id]),
        reverse("reporting:document_create", args=[college_a.pk]),
        reverse("reporting:meeting_create", args=[college_a.pk]),
        reverse("reporting:task_create", args=[college_a.pk]),
        reverse("reporting:difficulty_create", args=[college_a.pk]),
    ]


def _scoped_posts(submission_a, last_period, draft_a, steering, college_a):
    return [
        reverse("reporting:submission_detail", args=[draft_a.pk]),
        reverse("reporting:submission_refresh", args=[draft_a.pk]),
        reverse("reporting:submission_sign", args=[draft_a.pk]),
        reverse("reporting:submission_submit", args=[draft_a.pk]),
        reverse("reporting:submission_acknowledge", args=[submission_a.pk]),
        reverse("reporting:submission_return", args=[submission_a.pk]),
        reverse("reporting:submission_difficulty", args=[submission_a.pk]),
        reverse("reporting:submission_start", args=[last_period.pk, college_a.pk]),
        reverse("reporting:period_document", args=[last_period.pk]),
        reverse("reporting:period_remind", args=[last_period.pk]),
        reverse("reporting:template_detail", args=[last_period.template_id]),
        reverse("reporting:document_detail", args=[steering["document"].pk]),
        reverse("reporting:meeting_detail", args=[steering["meeting"].pk]),
        reverse("reporting:task_detail", args=[steering["task"].pk]),
        reverse("reporting:difficulty_detail", args=[steering["difficulty"].pk]),
        reverse("reporting:drafting_detail", args=[steering["drafting"].pk]),
        reverse("reporting:document_create", args=[college_a.pk]),
        reverse("reporting:task_create", args=[college_a.pk]),
    ]


@pytest.mark.parametrize("key", OUTSIDERS_OF_COLLEGE_A)
def test_outsiders_get_404_on_every_scoped_page(
    login, key, submission_a, last_period, draft_a, steering, college_a
):
    client = login(key)
    for url in _scoped_urls(submission_a, last_period, draft_a, steering, college_a):
        assert client.get(url).status_code == 404, url


@pytest.mark.parametrize("key", OUTSIDERS_OF_COLLEGE_A)
def test_outsiders_get_404_on_every_action(
    login, key, submission_a, last_period, draft_a, steering, college_a
):
    client = login(key)
    before = Submission.all_objects.get(pk=submission_a.pk).status
    for url in _scoped_posts(submission_a, last_period, draft_a, steering, college_a):
        response = client.post(
            url,
            {
                "comment": "x",
                "action": "answer",
                "answer": "x",
                "progress": 100,
                "title": "x",
                "category": "policy",
            },
        )
        assert response.status_code == 404, url
    assert Submission.all_objects.get(pk=submission_a.pk).status == before


def test_insiders_see_their_pages(login, submission_a, last_period, draft_a, steering, college_a):
    rector = login("rector")
    for url in [
        reverse("reporting:submission_detail", args=[submission_a.pk]),
        reverse("reporting:submission_detail", args=[draft_a.pk]),
        reverse("reporting:submission_version", args=[submission_a.pk, 1]),
        reverse("reporting:submission_source", args=[submission_a.pk, "dv.units"]),
        reverse("reporting:period_detail", args=[last_period.pk]),
        reverse("reporting:document_detail", args=[steering["document"].pk]),
        reverse("reporting:meeting_detail", args=[steering["meeting"].pk]),
        reverse("reporting:task_detail", args=[steering["task"].pk]),
        reverse("reporting:difficulty_detail", args=[steering["difficulty"].pk]),
        reverse("reporting:index"),
        reverse("reporting:task_board"),
        reverse("reporting:difficulty_list"),
        reverse("reporting:document_list"),
        reverse("reporting:meeting_list"),
        reverse("reporting:briefing"),
        reverse("reporting:template_list"),
        reverse("reporting:document_create", args=[college_a.pk]),
        reverse("reporting:difficulty_create", args=[college_a.pk]),
        reverse("reporting:task_create", args=[college_a.pk]),
    ]:
        assert rector.get(url).status_code == 200, url


@pytest.mark.parametrize("key", ["provincial_officer", "national_analyst", "committee_leader"])
def test_authorities_see_submitted_reports_and_the_rollup(login, key, submission_a, last_period):
    client = login(key)
    page = client.get(reverse("reporting:period_detail", args=[last_period.pk]))
    assert page.status_code == 200
    assert 'data-testid="rollup"' in page.content.decode()
    assert (
        client.get(reverse("reporting:submission_detail", args=[submission_a.pk])).status_code
        == 200
    )
    drill = client.get(reverse("reporting:period_indicator", args=[last_period.pk, "ts.total"]))
    assert drill.status_code == 200
    assert "<svg" in drill.content.decode()


@pytest.mark.parametrize("key", ["provincial_officer", "national_analyst", "vice_rector"])
def test_nobody_but_the_institution_sees_a_draft(login, key, draft_a):
    client = login(key)
    url = reverse("reporting:submission_detail", args=[draft_a.pk])
    expected = 200 if key == "vice_rector" else 404
    assert client.get(url).status_code == expected


def test_a_teacher_sees_no_reports(login, submission_a):
    client = login("teacher")
    assert (
        client.get(reverse("reporting:submission_detail", args=[submission_a.pk])).status_code
        == 404
    )
    assert client.get(reverse("reporting:index")).status_code == 404


def test_authority_pages(login, steering, last_period, org):
    officer = login("provincial_officer")
    for url in [
        reverse("reporting:template_create", args=[org("SGDDT-96").pk]),
        reverse("reporting:template_detail", args=[last_period.template_id]),
        reverse("reporting:period_export", args=[last_period.pk]),
        reverse("reporting:drafting_list"),
    ]:
        assert officer.get(url).status_code == 200, url
    analyst = login("national_analyst")
    assert (
        analyst.get(
            reverse("reporting:drafting_detail", args=[steering["drafting"].pk])
        ).status_code
        == 200
    )
    assert (
        analyst.get(reverse("reporting:drafting_create", args=[org("CUC-GDNN").pk])).status_code
        == 200
    )


def test_home_panels(login):
    assert 'data-testid="panel-due-reports"' in login("rector").get("/").content.decode()
    assert 'data-testid="panel-steering"' in login("provincial_officer").get("/").content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/bao-cao/nop/abc/",
        "/bao-cao/nop/0/",
        "/bao-cao/nop/99999999999999999999/",
        "/bao-cao/ky/-1/",
        "/bao-cao/mau/x/",
        "/bao-cao/van-ban/1e3/",
        "/bao-cao/hop/abc/",
        "/bao-cao/nhiem-vu/abc/",
        "/bao-cao/kho-khan/abc/",
        "/bao-cao/de-an/abc/",
        "/bao-cao/nop/999999/phien-ban/abc/",
        "/bao-cao/mau/moi/abc/",
    ],
)
def test_malformed_ids_are_404(login, url):
    assert login("rector").get(url).status_code == 404


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("reporting:index"))
    assert response.status_code == 302
