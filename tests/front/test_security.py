"""Issue 15, item 3: password change and reset, password rules, two-step sign-in for staff."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from opentvet.core.models import AuditEntry
from opentvet.core.passwords import outbox_dir
from opentvet.demo.personas import DEMO_PASSWORD, persona

pytestmark = pytest.mark.django_db

STRONG = "Thuyen-Bac-Lieu-2026"


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def test_password_change_checks_old_password_and_rules(login, persona_user):
    client = login("rector")
    url = reverse("web:password_change")
    assert reverse("web:password_change") in client.get(reverse("web:account")).content.decode()
    wrong = client.post(
        url, {"old_password": "sai", "new_password1": STRONG, "new_password2": STRONG}
    )
    assert wrong.status_code == 400
    assert "Mật khẩu hiện tại không đúng." in wrong.content.decode()
    weak = client.post(
        url,
        {"old_password": DEMO_PASSWORD, "new_password1": "12345678", "new_password2": "12345678"},
    )
    assert weak.status_code == 400
    assert 'data-field="new_password1"' in weak.content.decode()
    ok = client.post(
        url, {"old_password": DEMO_PASSWORD, "new_password1": STRONG, "new_password2": STRONG}
    )
    assert ok.status_code == 302
    user = persona_user("rector")
    user.refresh_from_db()
    assert user.check_password(STRONG)
    # Still signed in (the session hash follows the new password), and the change is audited.
    assert client.get(reverse("web:account")).status_code == 200
    assert AuditEntry.objects.filter(verb="password_change", object_id=str(user.pk)).exists()


def test_password_reset_by_link_through_the_outbox(client, persona_user, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    rector = persona("rector")
    assert reverse("web:password_reset") in client.get(reverse("web:login")).content.decode()
    sent = client.post(reverse("web:password_reset"), {"identifier": rector.login})
    assert 'data-testid="reset-sent"' in sent.content.decode()
    # An unknown address gets the same answer and no link.
    unknown = client.post(reverse("web:password_reset"), {"identifier": "khong-co@vi.du"})
    assert 'data-testid="reset-sent"' in unknown.content.decode()
    files = list(outbox_dir().glob("*.txt"))
    assert [f.name for f in files] == [f"{rector.login}.txt"]
    link = files[0].read_text()
    path = re.sub(r"^https?://[^/]+", "", link)
    page = client.get(path)
    assert page.status_code == 200
    assert page["Referrer-Policy"] == "no-referrer"
    mismatch = client.post(path, {"new_password1": STRONG, "new_password2": STRONG + "x"})
    assert "không khớp" in mismatch.content.decode()
    done = client.post(path, {"new_password1": STRONG, "new_password2": STRONG})
    assert done.status_code == 302
    user = persona_user("rector")
    user.refresh_from_db()
    assert user.check_password(STRONG)
    # The link works once.
    assert client.get(path).status_code == 400


def test_reset_link_with_a_bad_token_is_refused(client, persona_user):
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    uid = urlsafe_base64_encode(force_bytes(persona_user("rector").pk))
    response = client.get(reverse("web:password_reset_confirm", args=[uid, "sai-ma"]))
    assert response.status_code == 400
    assert 'data-testid="reset-invalid"' in response.content.decode()


def test_superuser_must_set_up_the_second_step(settings, persona_user):
    settings.OPENTVET_REQUIRE_2FA = True
    client = Client()
    assert (
        client.post(
            reverse("web:login"), {"identifier": persona("admin").login, "password": DEMO_PASSWORD}
        ).status_code
        == 302
    )
    blocked = client.get(reverse("web:account"))
    assert blocked.status_code == 302
    assert blocked["Location"].startswith(reverse("web:two_factor"))
    assert client.get("/admin/").status_code == 302
    api = client.get("/api/v1/organisations")
    assert api.status_code == 401
    assert api.json()["error"]["code"] == "second_factor_required"
    setup = client.get(blocked["Location"])
    assert 'data-testid="two-factor-qr"' in setup.content.decode()
    device = TOTPDevice.objects.get(user=persona_user("admin"), confirmed=False)
    assert (
        client.post(
            blocked["Location"], {"code": "000000" if _code(device) != "000000" else "111111"}
        ).status_code
        == 400
    )
    device.refresh_from_db()
    device.throttling_failure_count = 0
    device.throttling_failure_timestamp = None
    device.save()
    done = client.post(blocked["Location"], {"code": _code(device)})
    assert done.status_code == 302
    assert done["Location"] == reverse("web:account")
    assert client.get(reverse("web:account")).status_code == 200
    assert TOTPDevice.objects.filter(user=persona_user("admin"), confirmed=True).count() == 1


def test_authority_staff_need_the_second_step_institution_staff_do_not(settings, login):
    settings.OPENTVET_REQUIRE_2FA = True
    assert login("provincial_officer").get(reverse("web:account")).status_code == 302
    rector = Client()
    rector.post(
        reverse("web:login"), {"identifier": persona("rector").login, "password": DEMO_PASSWORD}
    )
    assert rector.get(reverse("web:account")).status_code == 200


def test_a_user_with_a_device_enters_its_code_at_sign_in(persona_user):
    user = persona_user("rector")
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    client = Client()
    client.post(
        reverse("web:login"), {"identifier": persona("rector").login, "password": DEMO_PASSWORD}
    )
    page = client.get("/")
    assert page["Location"].startswith(reverse("web:two_factor"))
    step = client.get(page["Location"])
    assert 'data-testid="two-factor-qr"' not in step.content.decode()
    assert client.post(page["Location"], {"code": _code(device)}).status_code == 302
    assert client.get("/").status_code == 200


def test_the_demo_setting_leaves_password_sign_in_alone(login):
    assert login("admin").get(reverse("web:account")).status_code == 200
