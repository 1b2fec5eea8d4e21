"""Institutions and authorities: tenancy of every page and endpoint, review, quotas,
coordinated allocation with cut-offs and explanations, oversight and export, public portal."""

from __future__ import annotations

import secrets
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from opentvet.admissions import services
from opentvet.admissions.coordinated import allocation_start
from opentvet.admissions.demo import COORDINATED_NAME, ROLLING_NAME
from opentvet.admissions.models import (
    AdmissionRound,
    ApplicantMessage,
    Quota,
    RoundStatus,
    Wish,
    WishStatus,
)
from opentvet.core.access import Actor
from opentvet.core.models import Job, User
from opentvet.learners import services as learner_services

from support import OUTSIDERS_OF_COLLEGE_A

pytestmark = pytest.mark.django_db


@pytest.fixture
def immediate_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def _round(name: str) -> AdmissionRound:
    return AdmissionRound.all_objects.get(name=name)


def _applicant(phone: str, gpa: str) -> User:
    user = services.applicant_register(identifier=phone, full_name=f"Thí sinh {phone}")
    profile = services.profile_of(user)
    profile.gpa = Decimal(gpa)
    profile.priority_area = "KV3"
    profile.save()
    return user


def _submit(user: User, admission_round: AdmissionRound, quotas: list[Quota]):
    return services.application_submit(
        actor=Actor.for_user(user),
        admission_round=admission_round,
        quota_ids=[q.pk for q in quotas],
        idempotency_key=secrets.token_hex(12),
    )


@pytest.fixture
def rolling_wish():
    rolling = _round(ROLLING_NAME)
    quota = Quota.all_objects.filter(round=rolling).order_by("pk").first()
    application = _submit(_applicant("0966000001", "8.0"), rolling, [quota])
    return application.wishes.get()


# --------------------------------------------------------------------------------------------
# Tenancy


def _scoped_urls(wish: Wish) -> list[str]:
    round_id = wish.application.round_id
    return [
        reverse("admissions:round_manage", args=[round_id]),
        reverse("admissions:queue", args=[round_id]),
        reverse("admissions:wish", args=[wish.pk]),
        f"/api/v1/admissions/rounds/{round_id}/wishes",
    ]


@pytest.mark.parametrize("key", OUTSIDERS_OF_COLLEGE_A)
def test_outsiders_get_404_on_every_officer_page_and_endpoint(login, rolling_wish, key):
    client = login(key)
    for url in _scoped_urls(rolling_wish):
        assert client.get(url).status_code == 404, url
    posts = [
        reverse("admissions:wish", args=[rolling_wish.pk]),
        reverse("admissions:quota_set", args=[rolling_wish.application.round_id]),
        reverse("admissions:round_status", args=[rolling_wish.application.round_id]),
        reverse("admissions:round_allocate", args=[rolling_wish.application.round_id]),
    ]
    for url in posts:
        assert client.post(url, {"status": "eligible", "seats": 1}).status_code == 404, url
    api = client.post(
        f"/api/v1/admissions/wishes/{rolling_wish.pk}/status",
        data={"status": "eligible"},
        content_type="application/json",
    )
    assert api.status_code == 404
    rolling_wish.refresh_from_db()
    assert rolling_wish.status == WishStatus.SUBMITTED


@pytest.mark.parametrize("key", ["admissions_officer", "rector", "provincial_officer"])
def test_insiders_see_the_queue(login, rolling_wish, key):
    client = login(key)
    for url in _scoped_urls(rolling_wish):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize(
    "url",
    [
        "/tuyen-sinh/quan-ly/nguyen-vong/abc/",
        "/tuyen-sinh/quan-ly/dot/0/",
        "/tuyen-sinh/giay-to/-1/",
        "/tuyen-sinh/chuong-trinh/99999999999999999999/",
    ],
)
def test_malformed_ids_are_404(login, url):
    assert login("admissions_officer").get(url).status_code == 404


def test_read_only_oversight_cannot_decide(login, rolling_wish):
    client = login("national_analyst")
    assert client.get(reverse("admissions:wish", args=[rolling_wish.pk])).status_code == 200
    response = client.post(
        reverse("admissions:wish", args=[rolling_wish.pk]), {"status": "eligible"}
    )
    assert response.status_code == 404


# --------------------------------------------------------------------------------------------
# Review, admission, quota, enrolment


def test_review_admit_confirm_enrol_with_messages(login, client, rolling_wish):
    officer = login("admissions_officer")
    url = reverse("admissions:wish", args=[rolling_wish.pk])
    assert officer.post(url, {"status": "missing_docs", "note": "Thiếu học bạ"}).status_code == 302
    assert officer.post(url, {"status": "eligible"}).status_code == 302
    assert officer.post(url, {"status": "admitted"}).status_code == 302
    quota = Quota.all_objects.get(pk=rolling_wish.quota_id)
    assert quota.admitted_count == 1
    user = rolling_wish.application.user
    subjects = list(ApplicantMessage.objects.filter(user=user).values_list("body", flat=True))
    assert any("Thiếu học bạ" in s for s in subjects)
    assert any("trúng tuyển" in s for s in subjects)
    client.force_login(user)
    assert (
        client.post(reverse("admissions:wish_confirm", args=[rolling_wish.pk])).status_code == 302
    )
    quota.refresh_from_db()
    assert quota.confirmed_count == 1
    # Enrolment makes a student from the profile, into the programme's class of the intake.
    profile = services.profile_of(user)
    profile.date_of_birth = date(2007, 1, 2)
    profile.national_id = "096207000001"
    profile.save()
    learner_services.class_create(
        actor=None,
        institution=rolling_wish.institution,
        data={
            "code": "TS-ENROL",
            "name": "Lớp nhập học",
            "intake_year": rolling_wish.application.round.year,
            "programme_version": rolling_wish.quota.programme_version,
        },
    )
    officer = login("admissions_officer")
    assert officer.post(url, {"status": "enrolled"}).status_code == 302
    rolling_wish.refresh_from_db()
    assert rolling_wish.status == WishStatus.ENROLLED
    assert rolling_wish.student_ref


def test_a_full_quota_refuses_one_more_admission(persona_user):
    rolling = _round(ROLLING_NAME)
    quota = Quota.all_objects.filter(round=rolling).order_by("pk").first()
    Quota.all_objects.filter(pk=quota.pk).update(seats=1)
    officer = Actor.for_user(persona_user("admissions_officer"))
    wishes = [
        _submit(_applicant(f"096600010{i}", "7.0"), rolling, [quota]).wishes.get() for i in range(2)
    ]
    for wish in wishes:
        services.wish_set_status(actor=officer, wish=wish, status=WishStatus.ELIGIBLE)
    services.wish_set_status(actor=officer, wish=wishes[0], status=WishStatus.ADMITTED)
    with pytest.raises(ValidationError):
        services.wish_set_status(actor=officer, wish=wishes[1], status=WishStatus.ADMITTED)
    assert Quota.all_objects.get(pk=quota.pk).admitted_count == 1
    assert Wish.all_objects.get(pk=wishes[1].pk).status == WishStatus.ELIGIBLE


def test_officer_opens_a_rolling_round_and_sets_a_quota(login, college_a):
    client = login("admissions_officer")
    response = client.post(
        reverse("admissions:round_create", args=[college_a.pk]),
        {
            "name": "Đợt bổ sung",
            "year": 2026,
            "opens_on": "2026-01-01",
            "closes_on": "2026-12-31",
            "max_wishes": 3,
            "score_formula": "gpa",
        },
    )
    assert response.status_code == 302
    new = AdmissionRound.all_objects.get(name="Đợt bổ sung")
    assert new.kind == "rolling" and new.status == RoundStatus.DRAFT
    page = client.get(reverse("admissions:round_manage", args=[new.pk]))
    version = page.context["quota_form"].fields["programme_version"].queryset.first()
    client.post(
        reverse("admissions:quota_set", args=[new.pk]),
        {"programme_version": version.pk, "seats": 12},
    )
    assert Quota.all_objects.get(round=new).seats == 12
    # The other college's rector cannot open rounds here.
    assert (
        login("other_rector")
        .get(reverse("admissions:round_create", args=[college_a.pk]))
        .status_code
        == 404
    )


# --------------------------------------------------------------------------------------------
# Coordinated allocation


def test_coordinated_allocation_stores_cutoffs_and_reasons(
    login, immediate_tasks, django_capture_on_commit_callbacks, persona_user
):
    coordinated = _round(COORDINATED_NAME)
    quotas = {q.seats: q for q in Quota.all_objects.filter(round=coordinated)}
    competitive, roomy = quotas[3], quotas[40]
    me = _applicant("0966000200", "6.0")  # 18.00: below the competitive programme's cut-off
    application = _submit(me, coordinated, [competitive, roomy])
    client = login("provincial_officer")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("admissions:round_allocate", args=[coordinated.pk]))
    assert response.status_code == 302
    job = Job.all_objects.latest("created_at")
    assert job.status == Job.Status.SUCCEEDED, job.error
    coordinated.refresh_from_db()
    assert coordinated.status == RoundStatus.ALLOCATED
    competitive.refresh_from_db()
    assert competitive.admitted_count == 3 and competitive.cutoff_score is not None
    first, second = application.wishes.order_by("rank")
    assert first.status == WishStatus.NOT_ADMITTED
    assert first.reason == "below_cutoff"
    assert first.cutoff_score == competitive.cutoff_score > application.score
    assert second.status == WishStatus.ADMITTED
    for quota in Quota.all_objects.filter(round=coordinated):
        assert quota.admitted_count <= quota.seats
    # The applicant sees the result and the cut-off; the public round page shows cut-offs.
    client.force_login(me)
    mine = client.get(reverse("admissions:mine")).content.decode()
    shown = str(competitive.cutoff_score).replace(".", ",")  # Vietnamese decimal comma
    assert f"điểm chuẩn {shown}" in mine
    public = client.get(reverse("admissions:round", args=[coordinated.pk])).content.decode()
    assert shown in public
    # Confirming then blocks a re-run.
    services.wish_confirm(actor=Actor.for_user(me), wish=second)
    job = allocation_start(
        actor=Actor.for_user(persona_user("provincial_officer")), admission_round=coordinated
    )
    assert job.status in {Job.Status.QUEUED, Job.Status.FAILED}


def test_only_coordinators_run_the_allocation(login):
    coordinated = _round(COORDINATED_NAME)
    for key in ["admissions_officer", "other_provincial_officer", "rector"]:
        assert (
            login(key).post(reverse("admissions:round_allocate", args=[coordinated.pk])).status_code
            == 404
        )


# --------------------------------------------------------------------------------------------
# Oversight and export


def test_oversight_by_every_breakdown_and_export(login):
    client = login("provincial_officer")
    for by in ["province", "institution", "occupation", "level"]:
        response = client.get(reverse("admissions:oversight"), {"by": by})
        assert response.status_code == 200
        assert response.context["rows"]
    export = client.get(reverse("admissions:oversight_export"), {"by": "institution"})
    assert export.status_code == 200
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")


def test_oversight_is_scoped(login):
    rows = (
        login("other_provincial_officer")
        .get(reverse("admissions:oversight"), {"by": "institution"})
        .context["rows"]
    )
    assert all("Bạc Liêu" not in str(r["group"]) for r in rows)
    assert login("applicant").get(reverse("admissions:oversight")).status_code == 404


def test_indicators_compute_for_many_institutions(college_a, college_b, django_assert_num_queries):
    import datetime as dt

    from opentvet.core.indicators import get_indicator

    indicator = get_indicator("admissions.admitted_vs_quota")
    with django_assert_num_queries(1):
        values = indicator.values(
            institution_ids=[college_a.pk, college_b.pk],
            start=dt.date(2000, 1, 1),
            end=dt.date(2100, 1, 1),
        )
    assert values[college_a.pk]["quota"] > 0


# --------------------------------------------------------------------------------------------
# Public portal and API


def test_portal_search_and_programme_page_without_an_account(client):
    response = client.get(reverse("admissions:portal"), {"q": "cong nghe thong tin"})
    assert response.status_code == 200
    page = response.context["page"]
    assert page.paginator.count >= 1
    version = page.object_list[0]
    detail = client.get(reverse("admissions:programme", args=[version.pk]))
    assert detail.status_code == 200
    html = detail.content.decode()
    assert "Chưa có dữ liệu khảo sát" in html or "Tỷ lệ có việc làm" in html
    assert "<script" not in html.replace(
        '<script src="/static/django_htmx/htmx-2.min.js" defer></script>', ""
    )
    for params in [
        {"province": 96},
        {"level": "cao_dang"},
        {"delivery_mode": "blended"},
        {"max_tuition": 12000000},
        {"international": "on"},
        {"open_only": "on"},
    ]:
        assert client.get(reverse("admissions:portal"), params).status_code == 200


def test_public_api(client):
    body = client.get("/api/v1/admissions/programmes?q=ke%20toan").json()
    assert body["count"] >= 1
    rounds = client.get("/api/v1/admissions/rounds").json()
    assert any(r["name"] == COORDINATED_NAME for r in rounds)
    quotas = client.get(f"/api/v1/admissions/rounds/{rounds[0]['id']}/quotas")
    assert quotas.status_code == 200
    assert client.get("/api/v1/admissions/me/applications").status_code == 401


def test_api_submit_is_idempotent_with_the_header(client):
    coordinated = _round(COORDINATED_NAME)
    user = _applicant("0966000300", "7.5")
    client.force_login(user)
    quota = Quota.all_objects.filter(round=coordinated).first()
    url = f"/api/v1/admissions/rounds/{coordinated.pk}/applications"
    headers = {"HTTP_IDEMPOTENCY_KEY": "api-key-123456"}
    first = client.post(url, {"quota_ids": [quota.pk]}, content_type="application/json", **headers)
    second = client.post(url, {"quota_ids": [quota.pk]}, content_type="application/json", **headers)
    assert first.status_code == second.status_code == 201
    assert first.json()["id"] == second.json()["id"]
    missing = client.post(url, {"quota_ids": [quota.pk]}, content_type="application/json")
    assert missing.status_code == 400


def test_portal_institution_filter_is_folded_text_not_a_list(client):
    from opentvet.core.text import fold

    response = client.get(reverse("admissions:portal"), {"q": "cong nghe thong tin"})
    version = response.context["page"].object_list[0]
    institution = version.institution
    html = response.content.decode()
    assert html.count("<option") < 50  # no drop-down of every institution
    words = fold(institution.name).split()[-2:]
    found = client.get(reverse("admissions:portal"), {"institution": " ".join(words).upper()})
    rows = list(found.context["page"].object_list)
    assert rows and all(fold(r.institution.search_name).find(words[-1]) >= 0 for r in rows)
    # The paginator holds every matching id (paginate_large), not only this page's rows.
    assert (
        version.pk
        in client.get(reverse("admissions:portal"), {"institution": institution.name})
        .context["page"]
        .paginator.object_list
    )
    none = client.get(reverse("admissions:portal"), {"institution": "khong co truong nao"})
    assert none.context["page"].paginator.count == 0


def test_portal_lists_the_newest_open_rounds_with_their_organisers(
    client, django_assert_max_num_queries
):
    from django.utils import timezone
    from django.utils.html import escape

    expected = list(
        AdmissionRound.all_objects.filter(status="open", closes_on__gte=timezone.localdate())
        .select_related("organisation")
        .order_by("-opens_on", "-id")[:10]
    )
    assert expected
    # The search (ids), the page's cards, the rounds, their organisers, and the province and
    # level lists the first time: nothing per row.
    with django_assert_max_num_queries(6):
        response = client.get(reverse("admissions:portal"), {"q": "ke toan"})
    html = response.content.decode()
    links = [reverse("admissions:round", args=[r.pk]) for r in expected]
    assert [html.index(f'href="{link}"') for link in links] == sorted(
        html.index(f'href="{link}"') for link in links
    )
    for admission_round in expected:
        assert escape(admission_round.organisation.name) in html
        assert admission_round.closes_on.strftime("%d/%m/%Y") in html
    cards = response.context["page"].object_list
    assert cards and all(escape(v.programme.name) in html for v in cards)
    # The box and the lists are kept: the next search reads only the ids and the cards.
    with django_assert_max_num_queries(2):
        again = client.get(reverse("admissions:portal"), {"q": "dien"})
    assert escape(expected[0].name) in again.content.decode()


def test_a_saved_round_shows_on_the_portal_at_once(client, persona_user):
    from django.utils import timezone

    from opentvet.admissions.models import RoundStatus

    # The box is kept in both languages before the changes.
    assert client.get(reverse("admissions:portal")).status_code == 200
    assert client.get(reverse("admissions:portal"), HTTP_ACCEPT_LANGUAGE="en").status_code == 200
    open_rounds = AdmissionRound.all_objects.filter(
        status="open", closes_on__gte=timezone.localdate()
    ).order_by("-opens_on", "-id")
    newest = open_rounds.first()
    assert newest is not None
    newest.name = "Đợt tuyển sinh bổ sung tháng 12"
    newest.save(update_fields=["name"])
    for language in ["vi", "en"]:
        html = client.get(reverse("admissions:portal"), HTTP_ACCEPT_LANGUAGE=language)
        assert "Đợt tuyển sinh bổ sung tháng 12" in html.content.decode()
    # Closing a round through its service takes it off the portal.
    closing = open_rounds.exclude(pk=newest.pk).filter(kind="rolling").first() or newest
    link = f'href="{reverse("admissions:round", args=[closing.pk])}"'
    assert link in client.get(reverse("admissions:portal")).content.decode()
    officer = Actor.for_user(persona_user("admin"))
    services.round_set_status(actor=officer, admission_round=closing, status=RoundStatus.CLOSED)
    for language in ["vi", "en"]:
        html = client.get(reverse("admissions:portal"), HTTP_ACCEPT_LANGUAGE=language)
        assert link not in html.content.decode()
