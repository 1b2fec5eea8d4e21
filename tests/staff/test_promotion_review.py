"""Promotion by review (Nghị định 115/2020/NĐ-CP as amended by Nghị định 85/2023/NĐ-CP)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from opentvet.core.models import AuditEntry
from opentvet.staff import services
from opentvet.staff.models import (
    Assessment,
    ProfessionalTitle,
    PromotionApplication,
    Qualification,
    StaffMember,
)
from opentvet.staff.priority import PriorityFacts, rank_candidates

from support import OUTSIDERS_OF_COLLEGE_A

pytestmark = pytest.mark.django_db

ORDER = {"order": ["achievements", "female", "ethnic_minority", "older", "longer_service"]}


def _create(actor_of, persona_user, org, *, method="xet", on=dt.date(2025, 12, 31), quota=None):
    return services.round_create(
        actor=actor_of(persona_user("provincial_officer")),
        organisation=org("SGDDT-96"),
        name="Xét thăng hạng giảng viên chính",
        method=method,
        target_title=ProfessionalTitle.objects.get(code="V.09.02.02"),
        reference_date=on,
        quota=quota,
    )


def test_exam_path_refused_for_rounds_from_7_december_2023_nd_85_2023(
    actor_of, persona_user, org
) -> None:
    """Nghị định 85/2023/NĐ-CP: promotion by review only from 7 Dec 2023."""
    with pytest.raises(ValidationError) as refused:
        _create(actor_of, persona_user, org, method="thi", on=dt.date(2023, 12, 7))
    assert "Căn cứ: Nghị định 85/2023/NĐ-CP" in str(refused.value)
    earlier = _create(actor_of, persona_user, org, method="thi", on=dt.date(2023, 12, 6))
    assert earlier.method == "thi"
    assert _create(actor_of, persona_user, org, method="xet").method == "xet"


def test_priority_order_dieu_40_pure() -> None:
    """Điều 40: achievements, then women, ethnic minorities, the older, the longer serving."""
    man = PriorityFacts(1, "A", ("bang_khen",), False, False, dt.date(1970, 1, 1))
    woman = PriorityFacts(2, "B", ("bang_khen",), True, False, dt.date(1985, 1, 1))
    decorated = PriorityFacts(3, "C", ("nha_giao_uu_tu",), False, False, dt.date(1990, 1, 1))
    ladder = {"achievement_ladder": ["nha_giao_uu_tu", "bang_khen"]}
    ranked = rank_candidates([man, woman, decorated], rule=ORDER | ladder, quota=2)
    assert [r.facts.key for r in ranked] == [3, 2, 1]
    assert [r.within_quota for r in ranked] == [True, True, False]
    assert ranked[0].decided_by == "achievements"
    assert ranked[1].decided_by == "female"
    older = PriorityFacts(4, "D", (), False, True, dt.date(1960, 1, 1))
    younger = PriorityFacts(5, "E", (), False, True, dt.date(1975, 1, 1))
    ranked = rank_candidates([younger, older], rule=ORDER, quota=1)
    assert [r.facts.key for r in ranked] == [4, 5] and ranked[0].decided_by == "older"


def _twin(member: StaffMember, code: str, **changes: object) -> StaffMember:
    """Another teacher with the same titles, certificates and ratings as ``member``."""
    twin = StaffMember.all_objects.get(pk=member.pk)
    twin.pk = None
    twin.user = None
    twin.code = code
    for field, value in changes.items():
        setattr(twin, field, value)
    twin.save()
    for q in Qualification.all_objects.filter(staff=member):
        q.pk, q.staff = None, twin
        q.save()
    for a in Assessment.all_objects.filter(staff=member):
        a.pk, a.staff = None, twin
        a.save()
    return twin


def test_review_round_over_quota_priority_decides_a_tie(
    actor_of, persona_user, org, senior_record, login
) -> None:
    """Điều 40 Nghị định 115/2020/NĐ-CP (sửa đổi 85/2023): equal achievements, the woman first
    although the man is older."""
    StaffMember.all_objects.filter(pk=senior_record.pk).update(
        gender="M", date_of_birth=dt.date(1970, 5, 1)
    )
    senior_record.refresh_from_db()
    woman = _twin(senior_record, "GV-TWIN", gender="F", date_of_birth=dt.date(1982, 3, 1),
                  full_name="Trần Thị Song")  # fmt: skip
    promotion_round = _create(actor_of, persona_user, org, quota=1)
    hr = actor_of(persona_user("hr_officer"))
    for m in (senior_record, woman):
        assert services.application_submit(actor=hr, promotion_round=promotion_round, member=m)
    assert PromotionApplication.all_objects.filter(
        promotion_round=promotion_round, eligible=True
    ).count() == 2  # fmt: skip
    round_page = reverse("staff:round_detail", args=[promotion_round.pk])
    officer = login("provincial_officer")
    before = officer.get(round_page).content.decode()
    assert 'data-testid="priority"' in before  # two eligible for one place: rank them
    authority = actor_of(persona_user("provincial_officer"))
    ranked = services.round_rank(actor=authority, promotion_round=promotion_round)
    assert [r.facts.name for r in ranked] == ["Trần Thị Song", senior_record.full_name]
    assert ranked[0].decided_by == "female"
    first = PromotionApplication.all_objects.get(promotion_round=promotion_round, staff=woman)
    second = PromotionApplication.all_objects.get(
        promotion_round=promotion_round, staff=senior_record
    )
    assert (first.priority_rank, first.within_quota) == (1, True)
    assert (second.priority_rank, second.within_quota) == (2, False)
    assert "nữ" in first.priority_note
    assert AuditEntry.all_objects.filter(verb="promotion_application_rank").count() == 2
    with pytest.raises(ValidationError):
        services.application_decide(
            actor=authority,
            application=second,
            passed=True,
            decision="2/QĐ",
            effective_date=dt.date(2026, 1, 1),
        )
    services.application_decide(
        actor=authority,
        application=first,
        passed=True,
        decision="1/QĐ",
        effective_date=dt.date(2026, 1, 1),
    )
    woman.refresh_from_db()
    assert woman.title.code == "V.09.02.02"
    page = officer.get(round_page).content.decode()
    assert "Căn cứ: Nghị định 85/2023/NĐ-CP" in page  # the method's basis
    assert "Căn cứ: Điều 40 Nghị định 115/2020/NĐ-CP, sửa đổi bởi Nghị định 85/2023/NĐ-CP" in page
    assert "chưa xác minh" in page  # years in rank for GDNN titles are unverified


@pytest.mark.parametrize("key", [*OUTSIDERS_OF_COLLEGE_A, "hr_officer"])
def test_ranking_a_round_is_404_to_others(actor_of, persona_user, org, login, key) -> None:
    promotion_round = _create(actor_of, persona_user, org, quota=1)
    response = login(key).post(reverse("staff:round_rank", args=[promotion_round.pk]))
    assert response.status_code == 404
