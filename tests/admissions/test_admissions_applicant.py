"""Applicants: one-time-code sign-in, profile, documents, applying; isolation between applicants."""

from __future__ import annotations

import datetime as dt
import secrets
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from opentvet.admissions import otp, services
from opentvet.admissions.demo import COORDINATED_NAME, ROLLING_NAME
from opentvet.admissions.models import (
    AdmissionRound,
    ApplicantDocument,
    ApplicantMessage,
    Application,
    OneTimeCode,
    Quota,
    Wish,
)
from opentvet.core.access import Actor
from opentvet.core.models import User

from support import OUTSIDERS_OF_COLLEGE_A

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n% test\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.fixture(autouse=True)
def _outbox(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    return tmp_path


def _code_for(tmp_path: Path, identifier: str) -> str:
    return (tmp_path / "otp-outbox" / f"{identifier}.txt").read_text()


def make_applicant(phone: str, gpa: str = "8.00", name: str = "Thí Sinh Thử") -> User:
    user = services.applicant_register(identifier=phone, full_name=name)
    profile = services.profile_of(user)
    profile.gpa = Decimal(gpa)
    profile.priority_area = "KV3"
    profile.save()
    return user


def rounds() -> tuple[AdmissionRound, AdmissionRound]:
    return (
        AdmissionRound.all_objects.get(name=COORDINATED_NAME),
        AdmissionRound.all_objects.get(name=ROLLING_NAME),
    )


def submit(user: User, admission_round: AdmissionRound, n: int = 3, key: str | None = None):
    quota_ids = list(
        Quota.all_objects.filter(round=admission_round).order_by("pk").values_list("pk", flat=True)
    )[:n]
    return services.application_submit(
        actor=Actor.for_user(user),
        admission_round=admission_round,
        quota_ids=quota_ids,
        idempotency_key=key or secrets.token_hex(12),
    )


# --------------------------------------------------------------------------------------------
# One-time codes


def test_register_with_a_one_time_code_creates_an_applicant(client, _outbox):
    response = client.post(
        reverse("admissions:otp_start"), {"identifier": "0977 111 222", "full_name": "Võ Minh Tâm"}
    )
    assert response.status_code == 302
    code = _code_for(_outbox, "0977111222")
    wrong = "000000" if code != "000000" else "111111"
    assert client.post(reverse("admissions:otp_verify"), {"code": wrong}).status_code == 400
    response = client.post(reverse("admissions:otp_verify"), {"code": code})
    assert response.status_code == 302
    user = User.objects.get(phone="0977111222")
    assert user.full_name == "Võ Minh Tâm"
    assert Actor.for_user(user).roles == {"applicant"}
    assert client.get(reverse("admissions:profile")).status_code == 200
    # A used code cannot be replayed.
    with pytest.raises(otp.OtpError):
        otp.otp_verify(identifier="0977111222", code=code)


def test_codes_expire_and_lock_after_too_many_attempts(_outbox):
    otp.otp_request(identifier="a@example.vn", ip="10.0.0.1")
    code = _code_for(_outbox, "a@example.vn")
    OneTimeCode.objects.filter(identifier="a@example.vn").update(
        expires_at=timezone.now() - dt.timedelta(seconds=1)
    )
    with pytest.raises(otp.OtpError):
        otp.otp_verify(identifier="a@example.vn", code=code)
    otp.otp_request(identifier="b@example.vn", ip="10.0.0.1")
    code = _code_for(_outbox, "b@example.vn")
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(otp.MAX_ATTEMPTS):
        assert otp.otp_verify(identifier="b@example.vn", code=wrong) is False
    with pytest.raises(otp.OtpError):
        otp.otp_verify(identifier="b@example.vn", code=code)


def test_sending_codes_is_rate_limited(client):
    for _ in range(otp.SENDS_PER_IDENTIFIER):
        assert (
            client.post(
                reverse("admissions:otp_start"), {"identifier": "0977000111", "full_name": "A"}
            ).status_code
            == 302
        )
    response = client.post(
        reverse("admissions:otp_start"), {"identifier": "0977000111", "full_name": "A"}
    )
    assert response.status_code == 429
    assert "quá nhiều lần" in response.content.decode()


def test_staff_accounts_get_no_code(client, _outbox, persona_user):
    rector = persona_user("rector")
    client.post(reverse("admissions:otp_start"), {"identifier": rector.email})
    assert not (_outbox / "otp-outbox" / f"{rector.email}.txt").exists()
    assert not OneTimeCode.objects.filter(identifier=rector.email).exists()


def test_bad_identifier_is_a_form_error(client):
    response = client.post(
        reverse("admissions:otp_start"), {"identifier": "12ab", "full_name": "A"}
    )
    assert response.status_code == 400
    assert "không hợp lệ" in response.content.decode()


# --------------------------------------------------------------------------------------------
# Documents


def test_upload_checks_content_and_size(login):
    client = login("applicant")
    ok = client.post(
        reverse("admissions:document_upload"),
        {"kind": "transcript", "file": SimpleUploadedFile("hoc-ba.pdf", PDF, "application/pdf")},
    )
    assert ok.status_code == 302
    document = ApplicantDocument.objects.latest("pk")
    assert document.content_type == "application/pdf"
    assert "applicants/" in document.file.name and "hoc-ba" not in document.file.name
    # A script renamed to .pdf is refused: the type is read from the content.
    fake = client.post(
        reverse("admissions:document_upload"),
        {"kind": "transcript", "file": SimpleUploadedFile("x.pdf", b"<script>", "application/pdf")},
    )
    assert fake.status_code == 400
    assert "Chỉ nhận tệp PDF, JPEG hoặc PNG." in fake.content.decode()
    big = client.post(
        reverse("admissions:document_upload"),
        {
            "kind": "photo",
            "file": SimpleUploadedFile("a.png", PNG + b"0" * (5 * 1024 * 1024), "image/png"),
        },
    )
    assert big.status_code == 400


def _upload(user: User) -> ApplicantDocument:
    return services.document_upload(
        actor=Actor.for_user(user),
        kind="transcript",
        upload=SimpleUploadedFile("hoc-ba.pdf", PDF, "application/pdf"),
    )


def test_documents_are_served_only_to_the_owner_and_the_institutions_applied_to(
    client, login, persona_user
):
    _coordinated, rolling = rounds()
    owner = make_applicant("0977222333")
    other = make_applicant("0977222444")
    document = _upload(owner)
    url = reverse("admissions:document", args=[document.pk])
    client.force_login(owner)
    response = client.get(url)
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    client.force_login(other)
    assert client.get(url).status_code == 404
    assert client.post(reverse("admissions:document_delete", args=[document.pk])).status_code == 404
    # Before applying, not even the college's admissions officer sees it.
    assert login("admissions_officer").get(url).status_code == 404
    submit(owner, rolling, n=1)  # CD96001
    assert login("admissions_officer").get(url).status_code == 200
    for key in OUTSIDERS_OF_COLLEGE_A:
        assert login(key).get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 404


# --------------------------------------------------------------------------------------------
# Applying


def test_submit_is_idempotent_and_scores_with_priority_points():
    coordinated, _rolling = rounds()
    user = make_applicant("0977333444", gpa="8.00")
    profile = services.profile_of(user)
    profile.priority_area = "KV1"
    profile.save()
    first = submit(user, coordinated, key="double-click-key-1")
    again = submit(user, coordinated, key="double-click-key-1")
    assert first.pk == again.pk
    assert Application.objects.filter(user=user).count() == 1
    assert first.wishes.count() == 3
    assert first.score == Decimal("24.75")  # 8.00 × 3 + KV1 0.75
    with pytest.raises(ValidationError):
        submit(user, coordinated, key="another-key-123")
    assert ApplicantMessage.objects.filter(user=user).exists()


def test_double_posting_the_form_makes_one_application(client):
    coordinated, _rolling = rounds()
    user = make_applicant("0977444555")
    client.force_login(user)
    page = client.get(reverse("admissions:apply", args=[coordinated.pk]))
    key = page.context["form"].initial["idempotency_key"]
    quota = Quota.all_objects.filter(round=coordinated).order_by("pk").first()
    data = {"idempotency_key": key, "wish_1": quota.pk}
    assert client.post(reverse("admissions:apply", args=[coordinated.pk]), data).status_code == 302
    assert client.post(reverse("admissions:apply", args=[coordinated.pk]), data).status_code == 302
    assert Application.objects.filter(user=user).count() == 1


def test_repeated_or_foreign_wishes_are_refused():
    coordinated, rolling = rounds()
    user = make_applicant("0977555666")
    quota = Quota.all_objects.filter(round=coordinated).first()
    foreign = Quota.all_objects.filter(round=rolling).first()
    actor = Actor.for_user(user)
    with pytest.raises(ValidationError):
        services.application_submit(
            actor=actor,
            admission_round=coordinated,
            quota_ids=[quota.pk, quota.pk],
            idempotency_key="k" * 12,
        )
    with pytest.raises(ValidationError):
        services.application_submit(
            actor=actor,
            admission_round=coordinated,
            quota_ids=[foreign.pk],
            idempotency_key="j" * 12,
        )


def test_staff_cannot_apply(persona_user):
    coordinated, _rolling = rounds()
    with pytest.raises(PermissionError):
        submit(persona_user("rector"), coordinated)


def test_an_applicant_never_sees_another_applicants_data(client):
    coordinated, _rolling = rounds()
    owner = make_applicant("0977666777", name="Chủ Hồ Sơ Riêng")
    other = make_applicant("0977666888")
    application = submit(owner, coordinated)
    wish = application.wishes.first()
    client.force_login(other)
    mine = client.get(reverse("admissions:mine")).content.decode()
    assert "Chủ Hồ Sơ Riêng" not in mine and application.code not in mine
    assert client.post(reverse("admissions:wish_confirm", args=[wish.pk])).status_code == 404
    assert client.post(reverse("admissions:wish_decline", args=[wish.pk])).status_code == 404
    assert (
        client.post(reverse("admissions:application_withdraw", args=[application.pk])).status_code
        == 404
    )
    # Officer pages are not for applicants either.
    assert client.get(reverse("admissions:wish", args=[wish.pk])).status_code == 404
    assert client.get(reverse("admissions:queue", args=[coordinated.pk])).status_code == 404
    body = client.get("/api/v1/admissions/me/applications").json()
    assert body == []


def test_applicant_pages_send_anonymous_visitors_to_the_code_sign_in(client):
    for name in ["admissions:profile", "admissions:mine"]:
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert reverse("admissions:otp_start") in response["Location"]


def test_withdraw(client):
    coordinated, _rolling = rounds()
    user = make_applicant("0977777888")
    application = submit(user, coordinated)
    client.force_login(user)
    client.post(reverse("admissions:application_withdraw", args=[application.pk]))
    assert set(
        Wish.all_objects.filter(application=application).values_list("status", flat=True)
    ) == {"withdrawn"}


def test_a_submission_that_loses_the_race_gets_the_application_its_key_created(monkeypatch):
    """Issue 15 item 18: the same key committed by a concurrent request after this one looked."""
    coordinated, _rolling = rounds()
    user = make_applicant("0977555666")
    first = submit(user, coordinated, key="race-key-123456")
    real = services._application_by_key
    looked: list[str] = []

    def committed_just_after_the_first_look(key: str):  # type: ignore[no-untyped-def]
        looked.append(key)
        return None if len(looked) == 1 else real(key)

    monkeypatch.setattr(services, "_application_by_key", committed_just_after_the_first_look)
    again = submit(user, coordinated, key="race-key-123456")
    assert again.pk == first.pk
    assert Application.objects.filter(user=user).count() == 1


def test_another_key_for_the_same_round_is_still_refused():
    coordinated, _rolling = rounds()
    user = make_applicant("0977555777")
    submit(user, coordinated, key="first-key-123456")
    with pytest.raises(ValidationError, match="đã nộp hồ sơ"):
        submit(user, coordinated, key="second-key-123456")
