"""Issue 15 item 8: one throttle for every way in, counted per normalised identifier."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from opentvet.admissions import otp
from opentvet.core.access import Actor
from opentvet.core.auth import login_is_throttled, throttle_key
from opentvet.core.services import api_token_create
from opentvet.demo.personas import DEMO_PASSWORD, persona

pytestmark = pytest.mark.django_db


def _login_url() -> str:
    from django.urls import reverse

    return reverse("web:login")


@pytest.mark.parametrize(
    "spelling", ["0912345678", "+84912345678", "84912345678", "0912 345 678", "+84 912-345-678"]
)
def test_phone_spellings_are_one_key(spelling):
    assert throttle_key(spelling) == "0912345678"


def test_email_case_is_one_key():
    assert throttle_key(" Admin@Example.VN ") == "admin@example.vn"


def test_five_failures_in_any_spelling_lock_the_account(client, persona_user, settings):
    settings.LOGIN_FAILURE_LIMIT = 5
    phone = persona("applicant").login
    assert phone == "0912345678"
    spellings = ["0912345678", "+84912345678", "84912345678", "0912 345 678", "+84 912 345 678"]
    url = _login_url()
    for spelling in spellings:
        response = client.post(url, {"identifier": spelling, "password": "sai-mat-khau"})
        assert response.status_code == 400
    # The right password in yet another spelling is refused: the account is locked.
    response = client.post(url, {"identifier": "84 912 345 678", "password": DEMO_PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_admin_login_honours_the_lock_out(client, persona_user, settings):
    settings.LOGIN_FAILURE_LIMIT = 5
    admin = persona("admin")
    for _ in range(5):
        client.post(_login_url(), {"identifier": admin.login.upper(), "password": "sai"})
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": admin.login, "password": DEMO_PASSWORD, "next": "/admin/"},
    )
    assert response.status_code == 200  # the form again, not the redirect into the admin
    assert "_auth_user_id" not in client.session


def test_admin_login_failures_count_towards_the_web_lock_out(client, persona_user, settings):
    settings.LOGIN_FAILURE_LIMIT = 5
    admin = persona("admin")
    for _ in range(5):
        response = client.post("/admin/login/", {"username": admin.login, "password": "sai"})
        assert response.status_code == 200
    response = client.post(_login_url(), {"identifier": admin.login, "password": DEMO_PASSWORD})
    assert response.status_code == 429


def test_admin_login_still_works_for_the_right_password(client, persona_user):
    admin = persona("admin")
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": admin.login, "password": DEMO_PASSWORD, "next": "/admin/"},
    )
    assert response.status_code == 302
    assert client.session.get("_auth_user_id")


def test_wrong_one_time_codes_lock_the_account_for_every_way_in(client, persona_user, settings):
    settings.LOGIN_FAILURE_LIMIT = 5
    identifier = "0912345678"
    otp.otp_request(identifier=identifier, ip=None)
    for _ in range(5):
        assert otp.otp_verify(identifier=identifier, code="000000x") is False
    assert login_is_throttled("+84 912 345 678", None)
    with pytest.raises(otp.OtpError):
        otp.otp_request(identifier=identifier, ip=None)
    response = client.post(_login_url(), {"identifier": "84912345678", "password": DEMO_PASSWORD})
    assert response.status_code == 429


def test_a_locked_account_cannot_create_api_tokens(client, persona_user, settings):
    settings.LOGIN_FAILURE_LIMIT = 5
    rector = persona("rector")
    for _ in range(5):
        client.post(_login_url(), {"identifier": rector.login, "password": "sai"})
    with pytest.raises(ValidationError):
        api_token_create(actor=Actor.for_user(persona_user("rector")), name="khóa")


def test_api_token_creation_is_throttled_per_user(persona_user):
    actor = Actor.for_user(persona_user("rector"))
    for number in range(10):
        api_token_create(actor=actor, name=f"khóa {number}")
    with pytest.raises(ValidationError):
        api_token_create(actor=actor, name="một khóa quá nhiều")
