"""Teacher standards as amended by Thông tư 21/2020/TT-BLĐTBXH (FACTS.md "Teachers")."""

from __future__ import annotations

import datetime as dt

import pytest

from opentvet.regulations.services import institution_rule_choose
from opentvet.staff.models import Criterion, CriterionRequirement, StaffMember, StandardFramework
from opentvet.staff.selectors import active_framework, criteria_for, requirements_for

pytestmark = pytest.mark.django_db


def test_the_amended_chuan_is_in_force_from_10_march_2021_tt_21_2020() -> None:
    assert active_framework(dt.date(2021, 3, 9)).code == "TT08-2017"
    current = active_framework(dt.date(2021, 3, 10))
    assert current.code == "TT08-2017-TT21"
    assert "21/2020/TT-BLĐTBXH" in current.regulation


def test_one_framework_per_level_14_for_so_cap_15_otherwise_tt_08_2017() -> None:
    """Thông tư 08/2017 as amended: tiêu chí 1 → 3 tiêu chuẩn, 2 → 9, 3 → 3; no research item
    for sơ cấp."""
    framework = StandardFramework.objects.get(code="TT08-2017-TT21")
    per_group = [s.criteria.count() for s in framework.standards.order_by("number")]
    assert per_group == [3, 9, 3]
    assert len(criteria_for(framework, "so_cap")) == 14
    assert len(criteria_for(framework, "trung_cap")) == 15
    assert len(criteria_for(framework, "cao_dang")) == 15
    assert "Nghiên cứu khoa học" not in {c.name for c in criteria_for(framework, "so_cap")}


def test_the_invented_item_is_gone() -> None:
    assert not Criterion.objects.filter(name="Năng lực thực hành nghề").exists()


def test_language_and_it_are_set_per_job_position_by_the_institution_tt_21_2020(
    member, actor_of, persona_user
) -> None:
    """Since 10 Mar 2021 the head of the institution sets them per job position."""
    teacher = member("CD96001", "GV-KCNTT-1")
    framework = active_framework()
    national = set(
        CriterionRequirement.objects.filter(criterion__standard__framework=framework).values_list(
            "kind", flat=True
        )
    )
    assert national == {"degree", "skill", "pedagogy"}
    # The demo school's decision: by level taught (cao đẳng: ngoại ngữ bậc 2, tin học cơ bản).
    before = {r.kind: r.min_rank for r in requirements_for(teacher, framework)}
    assert before["language"] == 2 and before["it"] == 1
    StaffMember.all_objects.filter(pk=teacher.pk).update(position="Giảng viên")
    teacher.refresh_from_db()
    institution_rule_choose(
        actor=actor_of(persona_user("rector")),
        institution=teacher.institution,
        key="staff.standards.language_it",
        value={
            "default": [],
            "positions": {
                "Giảng viên": [{"kind": "language", "min_rank": 3, "label": "Ngoại ngữ bậc 3"}]
            },
        },
        valid_from=dt.date(2024, 9, 1),
        decision="15/QĐ-CĐ",
    )
    required = [r for r in requirements_for(teacher, framework) if r.kind == "language"]
    assert len(required) == 1 and required[0].min_rank == 3
    assert "Căn cứ: Thông tư 21/2020/TT-BLĐTBXH" in required[0].label
    assert "15/QĐ-CĐ" in required[0].label


def test_assessment_page_says_on_what_basis_and_how_many_tieu_chuan(login, teacher_record) -> None:
    from django.urls import reverse

    from opentvet.staff.models import Assessment

    assessment = Assessment.all_objects.filter(staff=teacher_record).order_by("-cycle__year")[0]
    page = login("teacher").get(reverse("staff:assessment", args=[assessment.pk])).content.decode()
    assert "Căn cứ: Thông tư 08/2017/TT-BLĐTBXH, sửa đổi bởi" in page
    assert "15 tiêu chuẩn" in page  # a cao đẳng teacher (sơ cấp: 14)
