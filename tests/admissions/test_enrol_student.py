"""A confirmed applicant becomes a student in a class: the learners service and the officer's
"Nhập học" action (class choice, idempotence, tenancy, Vietnamese error without writes)."""

from __future__ import annotations

import datetime as dt
import secrets
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from opentvet.admissions import services
from opentvet.admissions.demo import ROLLING_NAME
from opentvet.admissions.models import AdmissionRound, Quota, Wish, WishStatus
from opentvet.core.access import Actor
from opentvet.core.models import AuditEntry, Membership
from opentvet.learners import services as learner_services
from opentvet.learners.models import ClassGroup, Student

from support import OUTSIDERS_OF_COLLEGE_A

pytestmark = pytest.mark.django_db

CCCD = "096305001234"  # 4th digit 3: a woman born in the 2000s


def _confirmed_wish(persona_user, phone: str = "0966100001", cccd: str = CCCD) -> Wish:
    rolling = AdmissionRound.all_objects.get(name=ROLLING_NAME)
    quota = Quota.all_objects.filter(round=rolling).order_by("pk").first()
    user = services.applicant_register(identifier=phone, full_name="Lê Thị Hồng")
    profile = services.profile_of(user)
    profile.gpa = Decimal("8.0")
    profile.date_of_birth = dt.date(2007, 5, 1)
    profile.national_id = cccd
    profile.save()
    application = services.application_submit(
        actor=Actor.for_user(user),
        admission_round=rolling,
        quota_ids=[quota.pk],
        idempotency_key=secrets.token_hex(12),
    )
    wish = application.wishes.get()
    officer = Actor.for_user(persona_user("admissions_officer"))
    services.wish_set_status(actor=officer, wish=wish, status=WishStatus.ELIGIBLE)
    services.wish_set_status(actor=officer, wish=wish, status=WishStatus.ADMITTED)
    services.wish_confirm(actor=Actor.for_user(user), wish=wish)
    wish.refresh_from_db()
    return wish


def _class(wish: Wish, code: str, year: int | None = None) -> ClassGroup:
    return learner_services.class_create(
        actor=None,
        institution=wish.institution,
        data={
            "code": code,
            "name": f"Lớp {code}",
            "intake_year": year or wish.application.round.year,
            "programme_version": wish.quota.programme_version,
        },
    )


def test_service_makes_the_applicant_a_student_in_the_one_current_class(persona_user):
    wish = _confirmed_wish(persona_user)
    _class(wish, "OLD1", year=wish.application.round.year - 1)  # another intake: not a candidate
    current = _class(wish, "NEW1")
    officer = persona_user("admissions_officer")
    user = wish.application.user
    student = learner_services.student_enrol_from_admission(
        actor=Actor.for_user(officer),
        user=user,
        programme_version=wish.quota.programme_version,
        institution=wish.institution,
        wish=wish,
    )
    student.refresh_from_db()
    assert student.user_id == user.pk
    assert student.class_group_id == current.pk
    assert student.programme_version_id == wish.quota.programme_version_id
    assert (student.full_name, student.citizen_id, student.gender) == (
        "Lê Thị Hồng",
        CCCD,
        "female",
    )
    assert student.date_of_birth == dt.date(2007, 5, 1)
    assert Membership.objects.filter(
        user=user, organisation=wish.institution, role_id="student", is_active=True
    ).exists()
    verbs = set(
        AuditEntry.objects.filter(object_id=str(student.pk), actor=officer).values_list(
            "verb", flat=True
        )
    )
    assert {"student_create", "student_enrol", "student_enrol_from_admission"} <= verbs
    assert AuditEntry.objects.filter(
        verb="membership_grant", organisation=wish.institution
    ).exists()
    # Again: the same learner, not a second one.
    again = learner_services.student_enrol_from_admission(
        actor=Actor.for_user(officer),
        user=user,
        programme_version=wish.quota.programme_version,
        institution=wish.institution,
        wish=wish,
    )
    assert again.pk == student.pk
    assert Student.all_objects.filter(user=user).count() == 1


def test_officer_page_enrols_into_the_chosen_class_and_applicant_sees_it(
    login, client, persona_user
):
    wish = _confirmed_wish(persona_user)
    _class(wish, "KT26A")
    chosen = _class(wish, "KT26B")
    officer = login("admissions_officer")
    url = reverse("admissions:wish", args=[wish.pk])
    page = officer.get(url)
    assert "KT26A" in page.content.decode() and "KT26B" in page.content.decode()
    response = officer.post(url, {"status": "enrolled", "class_group": chosen.pk})
    assert response.status_code == 302
    wish.refresh_from_db()
    student = Student.all_objects.get(user=wish.application.user)
    assert wish.status == WishStatus.ENROLLED
    assert wish.student_ref == student.code
    assert student.class_group_id == chosen.pk
    assert "KT26B" in officer.get(url).content.decode()
    # A second click does not create a second student.
    assert officer.post(url, {"status": "enrolled", "class_group": chosen.pk}).status_code == 400
    assert Student.all_objects.filter(user=wish.application.user).count() == 1
    # The applicant's page says so and links to the learner's record.
    client.force_login(wish.application.user)
    mine = client.get(reverse("admissions:mine")).content.decode()
    assert "Bạn đã trở thành sinh viên lớp KT26B" in mine
    assert reverse("learners:my_record") in mine
    record = client.get(reverse("learners:my_record"))
    assert record.status_code == 302 and str(student.pk) in record["Location"]


def test_missing_class_choice_gives_the_vietnamese_error_and_writes_nothing(login, persona_user):
    wish = _confirmed_wish(persona_user)
    _class(wish, "KT26A")
    _class(wish, "KT26B")
    audit_before = AuditEntry.objects.count()
    officer = login("admissions_officer")
    response = officer.post(reverse("admissions:wish", args=[wish.pk]), {"status": "enrolled"})
    assert response.status_code == 400
    assert "Hãy chọn lớp" in response.content.decode()
    wish.refresh_from_db()
    assert wish.status == WishStatus.CONFIRMED
    assert wish.student_ref == ""
    assert not Student.all_objects.filter(user=wish.application.user).exists()
    assert not Membership.objects.filter(user=wish.application.user, role_id="student").exists()
    assert AuditEntry.objects.count() == audit_before


def test_service_without_any_class_refuses(persona_user):
    wish = _confirmed_wish(persona_user)
    with pytest.raises(ValidationError) as error:
        learner_services.student_enrol_from_admission(
            actor=Actor.for_user(persona_user("admissions_officer")),
            user=wish.application.user,
            programme_version=wish.quota.programme_version,
            institution=wish.institution,
            wish=wish,
        )
    assert "Hãy chọn lớp" in str(error.value)
    assert not Student.all_objects.filter(user=wish.application.user).exists()


def test_taken_citizen_id_is_refused(persona_user):
    wish = _confirmed_wish(persona_user)
    _class(wish, "KT26A")
    other = _confirmed_wish(persona_user, phone="0966100002")
    officer = Actor.for_user(persona_user("admissions_officer"))
    services.wish_set_status(actor=officer, wish=wish, status=WishStatus.ENROLLED)
    with pytest.raises(ValidationError) as error:
        services.wish_set_status(actor=officer, wish=other, status=WishStatus.ENROLLED)
    assert "CCCD" in str(error.value)
    assert Wish.all_objects.get(pk=other.pk).status == WishStatus.CONFIRMED


@pytest.mark.parametrize("key", OUTSIDERS_OF_COLLEGE_A)
def test_outsiders_get_404_on_the_enrol_action(login, persona_user, key):
    wish = _confirmed_wish(persona_user)
    chosen = _class(wish, "KT26A")
    client = login(key)
    response = client.post(
        reverse("admissions:wish", args=[wish.pk]),
        {"status": "enrolled", "class_group": chosen.pk},
    )
    assert response.status_code == 404
    assert Wish.all_objects.get(pk=wish.pk).status == WishStatus.CONFIRMED
    assert not Student.all_objects.filter(user=wish.application.user).exists()
