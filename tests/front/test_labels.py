"""Issue 15, item 5: every displayed value has a Vietnamese label (no raw codes, no English)."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.urls import reverse
from django.utils import translation

from opentvet.core.audit_display import actor_name, change_rows, status_change
from opentvet.core.countries import country_name

pytestmark = pytest.mark.django_db


def test_version_status_change_in_words():
    before, after = status_change(
        "programmes.programmeversion", {"status": ["draft", "VersionStatus.UNDER_REVIEW"]}
    )
    assert "draft" not in before
    assert "UNDER_REVIEW" not in after
    assert after == "Đang thẩm định"


def test_history_rows_use_field_and_choice_labels():
    rows = change_rows("admissions.applicantprofile", {"priority_area": ["KV3", "KV2-NT"]})
    assert rows == [
        {"field": "khu vực ưu tiên", "before": "Khu vực 3", "after": "Khu vực 2 - nông thôn"}
    ]


def test_history_names_a_training_level_not_its_code():
    from opentvet.catalogue.models import TrainingLevel

    level = TrainingLevel.objects.first()
    rows = change_rows("programmes.programme", {"training_level": [None, level.pk]})
    assert rows[0]["after"] == str(level)


def test_system_actor_in_vietnamese():
    assert actor_name("system") == "Hệ thống"
    assert actor_name("Tô Minh Khoa") == "Tô Minh Khoa"


def test_country_names():
    assert country_name("DE") == "Đức"
    assert country_name("AU") == "Úc"


def test_admin_model_names_are_vietnamese():
    with translation.override("vi"):
        names = {str(m._meta.verbose_name_plural) for m in admin.site._registry}
    assert "audit entrys" not in names
    assert "Task Results" not in names
    assert "nhật ký thay đổi" in names
    assert "kết quả tác vụ nền" in names


def test_grade_result_repr_has_no_at_sign():
    from opentvet.learners.models import ModuleResult

    result = ModuleResult.all_objects.select_related("student").first()
    assert result is not None
    text = str(result)
    assert "@" not in text
    assert result.student.full_name in text


def test_history_page_shows_labels(login, college_a):
    html = login("rector").get(reverse("web:organisation_history", args=[college_a.pk]))
    assert html.status_code == 200
    assert "<code>" not in html.content.decode()
