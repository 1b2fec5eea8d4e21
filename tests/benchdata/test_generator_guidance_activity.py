"""The guidance-activity step at tiny scale: counselling, events, consents, interest codes and the
messages admissions sends applicants, consistent with the services and visible to the right
people only."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.http import Http404
from django.utils import timezone

from opentvet.benchdata.generator import Summary, generate
from opentvet.core.access import Actor
from opentvet.core.models import Membership, User


@pytest.fixture
def tiny(db) -> Summary:  # type: ignore[no-untyped-def]
    return generate("tiny", seed=7, log=lambda _message: None)


def _officer(inst_id: int) -> User:
    """Who counsels at the institution: its admissions officer, or a centre's director."""
    membership = (
        Membership.objects.filter(
            organisation_id=inst_id, role_id__in=["admissions_officer", "rector"]
        )
        .select_related("user")
        .order_by("role_id")
        .first()
    )
    assert membership is not None
    return membership.user


def _outsider(persona_user: Callable[[str], User]) -> Actor:
    return Actor.for_user(persona_user("admissions_officer"))  # the demo college's officer


def test_counselling_sessions_are_held_by_counsellors_of_their_institution(
    tiny: Summary,
) -> None:
    from opentvet.admissions.models import Wish
    from opentvet.guidance.models import CounsellingSession
    from opentvet.guidance.services import COUNSEL_PERM

    insts = {i.id: i for i in tiny.world.institutions}
    sessions = list(
        CounsellingSession.all_objects.filter(institution_id__in=insts).select_related(
            "institution", "counsellor", "person_user"
        )
    )
    assert len(sessions) == tiny.counts["guidance.CounsellingSession"]
    # About 20 a year per unit of weight (a college about 120), within the ±30 % jitter.
    expected = sum(20 * i.weight for i in insts.values())
    assert 0.65 * expected <= len(sessions) <= 1.35 * expected
    today = timezone.localdate()
    actors: dict[int, Actor] = {}
    with_applicant = 0
    for s in sessions:
        assert s.held_on <= today
        assert s.topic and len(s.topic) <= 255
        assert s.counsellor is not None
        actor = actors.setdefault(s.counsellor_id, Actor.for_user(s.counsellor))
        assert actor.can(COUNSEL_PERM, s.institution.path)  # as session_record requires
        membership = Membership.objects.get(
            user_id=s.counsellor_id, organisation_id=s.institution_id
        )
        assert membership.valid_from is None or membership.valid_from <= s.held_on
        if s.person_user is not None:
            with_applicant += 1
            assert s.person_name == s.person_user.full_name
            assert Wish.all_objects.filter(
                application__user=s.person_user, institution_id=s.institution_id
            ).exists()
        else:
            assert s.person_name
    assert with_applicant > 0


def test_events_take_registrations_within_capacity_before_they_start(
    tiny: Summary, persona_user: Callable[[str], User]
) -> None:
    from opentvet.guidance.access import access_event_by_id, access_registration_by_id
    from opentvet.guidance.models import EventRegistration, GuidanceEvent

    insts = [i.id for i in tiny.world.institutions]
    events = list(GuidanceEvent.all_objects.filter(institution_id__in=insts))
    assert len(events) == tiny.counts["guidance.GuidanceEvent"]
    schools = [i.id for i in tiny.world.institutions if i.type in {"college", "intermediate"}]
    assert set(schools) <= {e.institution_id for e in events}
    now = timezone.now()
    assert any(e.starts_at < now for e in events) and any(e.starts_at > now for e in events)
    registrations = EventRegistration.all_objects.filter(event__in=events)
    assert registrations.count() == tiny.counts["guidance.EventRegistration"] > 0
    for event in events:
        regs = list(registrations.filter(event=event))
        assert len(regs) <= event.capacity
        assert len({r.phone for r in regs}) == len(regs)
        for r in regs:
            assert re.fullmatch(r"0\d{9}", r.phone)  # as RegistrationForm accepts
            assert r.full_name and len(r.school) <= 150
            assert r.registered_at < event.starts_at and r.registered_at <= now
            assert not r.attended or event.starts_at < now  # ticked on the day only
    attended = registrations.filter(attended=True, event__starts_at__lt=now).count()
    past = registrations.filter(event__starts_at__lt=now).count()
    assert 0.5 * past <= attended <= 0.9 * past

    registration = registrations.select_related("event").first()
    assert registration is not None
    officer = Actor.for_user(_officer(registration.event.institution_id))
    assert access_registration_by_id(officer, registration.pk) == registration
    assert access_event_by_id(officer, registration.event_id, perm="admissions.view")
    outsider = _outsider(persona_user)
    with pytest.raises(Http404):
        access_registration_by_id(outsider, registration.pk)
    with pytest.raises(Http404):
        access_event_by_id(outsider, registration.event_id, perm="admissions.view")


def test_results_are_shared_with_institutions_applied_to(
    tiny: Summary, persona_user: Callable[[str], User]
) -> None:
    from opentvet.admissions.models import Wish
    from opentvet.guidance.access import access_result_for_counsellor
    from opentvet.guidance.models import InventoryResult, ResultConsent

    applicants = tiny.world.extra["applicant_users"]
    results = InventoryResult.objects.filter(user_id__in=list(applicants))
    consents = list(
        ResultConsent.all_objects.filter(result__in=results).select_related("result", "institution")
    )
    assert len(consents) == tiny.counts["guidance.ResultConsent"] > 0
    assert len({(c.result_id, c.institution_id) for c in consents}) == len(consents)
    now = timezone.now()
    for c in consents:
        assert c.institution.is_institution
        assert Wish.all_objects.filter(
            application__user_id=c.result.user_id, institution=c.institution
        ).exists()
        assert c.result.created_at <= c.granted_at <= now
        assert c.revoked_at is None or c.granted_at < c.revoked_at <= now
    shared = next(c for c in consents if c.revoked_at is None)
    officer = Actor.for_user(_officer(shared.institution_id))
    assert access_result_for_counsellor(officer, shared.result_id) == shared.result
    with pytest.raises(Http404):
        access_result_for_counsellor(_outsider(persona_user), shared.result_id)


def _generated_applications(summary: Summary) -> list[Any]:
    from opentvet.admissions.models import Application

    info = summary.world.extra["admissions"]
    return list(
        Application.objects.filter(
            round_id__gte=info["first_round"], round_id__lt=info["first_round"] + info["rounds"]
        )
        .select_related("round")
        .order_by("id")
    )


def _assert_messages_as_services_write(app: Any, mine: list[Any]) -> int:
    """The inbox of one application's applicant, oldest first, is what the services wrote;
    returns how many review messages it holds."""
    from opentvet.admissions.models import Wish, WishStatus
    from opentvet.admissions.services import STATUS_MESSAGES

    wishes = list(
        Wish.all_objects.filter(application=app).select_related(
            "institution", "quota__programme_version__programme"
        )
    )
    receipt = mine[0]
    # As _application_create writes it.
    assert receipt.wish_id is None
    assert receipt.subject == f"Đã nhận hồ sơ HS{app.pk:06d}"
    assert receipt.body == (
        f"Hồ sơ của bạn cho {app.round.name} đã được ghi nhận với {len(wishes)} nguyện "
        f"vọng, điểm xét tuyển {app.score}."
    )
    assert receipt.created_at == app.submitted_at
    # As _message_for writes it, once per wish the institution moved on from "submitted".
    decided = {w.pk: w for w in wishes if w.status != WishStatus.SUBMITTED}
    assert all(w.status == WishStatus.ELIGIBLE for w in decided.values())
    assert sorted(m.wish_id for m in mine[1:]) == sorted(decided)
    now = timezone.now()
    for m in mine[1:]:
        w = decided[m.wish_id]
        programme = w.quota.programme_version.programme
        assert m.subject == w.get_status_display()
        assert m.body == STATUS_MESSAGES[w.status] % {
            "rank": w.rank,
            "programme": f"{programme.name} — {w.institution.name}",
        }
        assert app.submitted_at <= m.created_at <= max(now, app.submitted_at)
    # One visit to the messages page (messages_mark_read) marked everything older read at once.
    seen = {m.read_at for m in mine if m.read_at is not None}
    assert len(seen) <= 1
    for m in mine:
        if seen:
            assert (m.read_at is not None) == (m.created_at <= next(iter(seen)))
    return len(decided)


def test_messages_are_what_the_admissions_services_write(
    tiny: Summary, persona_user: Callable[[str], User]
) -> None:
    from opentvet.admissions.models import ApplicantMessage
    from opentvet.admissions.selectors import my_messages

    applications = _generated_applications(tiny)
    messages = ApplicantMessage.objects.filter(user__in=[a.user_id for a in applications])
    assert messages.count() == tiny.counts["admissions.ApplicantMessage"]
    reviewed = 0
    for app in applications:
        mine = list(messages.filter(user_id=app.user_id).order_by("created_at", "id"))
        reviewed += _assert_messages_as_services_write(app, mine)
    assert reviewed > 0
    assert messages.filter(read_at__isnull=False).exists()

    applicant = Actor.for_user(User.objects.get(pk=applications[0].user_id))
    shown = list(my_messages(applicant))
    assert shown and {m.user_id for m in shown} == {applications[0].user_id}
    demo_applicant = Actor.for_user(persona_user("applicant"))
    assert not any(m.user_id == applications[0].user_id for m in my_messages(demo_applicant))


def test_beyond_the_bound_one_application_in_stride_gets_its_messages(
    db,  # type: ignore[no-untyped-def]
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from opentvet.admissions.models import ApplicantMessage
    from opentvet.benchdata import steps_guidance_activity

    monkeypatch.setattr(steps_guidance_activity, "MESSAGED_APPLICATIONS", 20)
    summary = generate("tiny", seed=7, log=lambda _message: None)
    applications = _generated_applications(summary)
    stride = -(-len(applications) // 20)
    assert stride > 1
    messaged = [a for a in applications if a.pk % stride == 0]
    messages = ApplicantMessage.objects.filter(user__in=[a.user_id for a in applications])
    assert set(messages.values_list("user_id", flat=True)) == {a.user_id for a in messaged}
    assert messages.count() == summary.counts["admissions.ApplicantMessage"]
    for app in messaged:
        mine = list(messages.filter(user_id=app.user_id).order_by("created_at", "id"))
        _assert_messages_as_services_write(app, mine)


def test_interest_codes_are_seeded_as_the_app_does(db) -> None:  # type: ignore[no-untyped-def]
    from opentvet.catalogue.models import Occupation
    from opentvet.guidance.models import OccupationInterest
    from opentvet.guidance.services import interest_codes_seed

    OccupationInterest.objects.all().delete()  # a database made by bench-data alone
    summary = generate("tiny", seed=7, log=lambda _message: None)
    groups = dict(
        Occupation.objects.filter(level=2).exclude(riasec="").values_list("code", "riasec")
    )
    assert groups
    rows = list(OccupationInterest.objects.values_list("occupation_id", "code", "note"))
    assert summary.counts["guidance.OccupationInterest"] == len(rows) == len(groups)
    assert {(o, c) for o, c, _n in rows} == set(groups.items())
    assert {n for _o, _c, n in rows} == {"Khởi tạo từ danh mục"}
    assert interest_codes_seed() == 0  # the app's loader finds nothing left to add


def test_step_keeps_interest_codes_already_there(tiny: Summary) -> None:
    from opentvet.guidance.models import OccupationInterest

    # The demo ran the loader: nothing new, nothing changed.
    assert tiny.counts.get("guidance.OccupationInterest", 0) == 0
    assert OccupationInterest.objects.exists()
