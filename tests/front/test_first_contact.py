"""Issue 15, items 1 and 4: what a visitor meets first, the applicant's home, the language."""

from __future__ import annotations

import pytest
from django.urls import reverse

from opentvet.admissions.models import Application

pytestmark = pytest.mark.django_db


def test_front_page_for_visitors_has_search_rounds_guidance_and_both_sign_ins(client):
    response = client.get("/")
    assert response.status_code == 200  # on main: a redirect to the staff login
    html = response.content.decode()
    assert 'data-testid="front-search"' in html
    assert f'action="{reverse("admissions:portal")}"' in html
    assert 'data-testid="front-rounds"' in html
    assert reverse("guidance:inventory") in html
    assert f'href="{reverse("admissions:otp_start")}" data-testid="front-applicant-signin"' in html
    assert f'href="{reverse("web:login")}" data-testid="front-staff-signin"' in html


def test_front_page_lists_an_open_round(client):
    from opentvet.admissions.selectors import open_rounds_listing

    newest = open_rounds_listing(1)
    assert newest, "the demo has open rounds"
    assert reverse("admissions:round", args=[newest[0].pk]) in client.get("/").content.decode()


def test_staff_login_links_to_the_applicant_sign_in(client):
    html = client.get(reverse("web:login")).content.decode()
    assert f'href="{reverse("admissions:otp_start")}" data-testid="applicant-signin-link"' in html


def test_applicant_home_instead_of_staff_overview(login, persona_user):
    client = login("applicant")
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == reverse("admissions:home")
    html = client.get(reverse("admissions:home")).content.decode()
    assert 'data-testid="applicant-home"' in html
    assert 'data-testid="next-steps"' in html
    assert 'data-testid="my-messages"' in html
    user = persona_user("applicant")
    for application in Application.objects.filter(user=user):
        assert application.code in html
    assert "institution-count" not in html


def test_applicant_home_asks_a_new_applicant_to_apply(client, django_user_model):
    from opentvet.admissions.services import applicant_register

    user = applicant_register(identifier="0977000111", full_name="Lê Thị Mới")
    client.force_login(user)
    html = client.get(reverse("admissions:home")).content.decode()
    assert 'data-testid="step-profile"' in html
    assert 'data-testid="step-apply"' in html


def test_applicant_home_needs_sign_in(client):
    response = client.get(reverse("admissions:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admissions:otp_start"))


def test_staff_still_get_their_dashboard(login):
    assert (
        'data-testid="institution-count"' in login("provincial_officer").get("/").content.decode()
    )


def test_applying_twice_to_a_round_says_so(login, persona_user):
    client = login("applicant")
    application = Application.objects.filter(user=persona_user("applicant")).first()
    assert application is not None
    response = client.get(reverse("admissions:apply", args=[application.round_id]), follow=True)
    assert application.code in response.content.decode()
    assert "mỗi đợt chỉ nộp một hồ sơ" in response.content.decode()


# Item 4: the language is the user's choice, never the browser's.


def test_browser_language_is_ignored(client):
    html = client.get(reverse("web:login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9,vi;q=0.5")
    assert html.content.decode().count('lang="vi"') == 1
    assert "Đăng nhập" in html.content.decode()


def test_chosen_language_is_remembered(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    cookie = response.cookies["django_language"]
    assert cookie.value == "en"
    assert cookie["max-age"]  # remembered beyond the browser session
    html = client.get(reverse("web:login"), HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert 'lang="en"' in html
    client.post(reverse("set_language"), {"language": "vi", "next": "/"})
    assert 'lang="vi"' in client.get(reverse("web:login")).content.decode()
