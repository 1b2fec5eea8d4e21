"""Who governs VET, the law and the levels on a date (issue 14; FACTS.md "Who governs VET")."""

from __future__ import annotations

import datetime as dt

import pytest

from opentvet.catalogue.models import TrainingLevel
from opentvet.regulations.authorities import (
    authority_name,
    name_on,
    training_levels,
    vet_authority,
    vet_law,
)

pytestmark = pytest.mark.django_db

BEFORE = dt.date(2025, 2, 28)
AFTER = dt.date(2025, 3, 1)


def test_national_authority_moves_to_moet_on_1_march_2025_nd_37_2025() -> None:
    """Decree 62/2022/NĐ-CP (MOLISA) until 28 Feb 2025; Decree 37/2025/NĐ-CP (MOET) from 1 Mar."""
    before, after = vet_authority("national", on=BEFORE), vet_authority("national", on=AFTER)
    assert before.value["name"] == "Tổng cục Giáo dục nghề nghiệp"
    assert before.value["ministry"] == "Bộ Lao động - Thương binh và Xã hội"
    assert before.basis == "Căn cứ: Nghị định 62/2022/NĐ-CP"
    assert after.value["name"] == "Cục Giáo dục nghề nghiệp và Giáo dục thường xuyên"
    assert after.value["ministry"] == "Bộ Giáo dục và Đào tạo"
    assert after.basis == "Căn cứ: Nghị định 37/2025/NĐ-CP"


def test_provincial_authority_is_so_gd_dt_from_1_march_2025() -> None:
    assert authority_name("provincial", on=BEFORE, province="tỉnh Cà Mau") == (
        "Sở Lao động - Thương binh và Xã hội tỉnh Cà Mau"
    )
    assert authority_name("provincial", on=AFTER, short=True) == "Sở GD&ĐT"
    # the generator's cached reading agrees with the rule
    assert name_on("provincial", BEFORE) == "Sở Lao động - Thương binh và Xã hội"
    assert name_on("national", AFTER) == "Cục Giáo dục nghề nghiệp và Giáo dục thường xuyên"


def test_law_on_vet_74_2014_is_dated_and_its_successor_unverified() -> None:
    old = vet_law(on=dt.date(2025, 12, 31))
    new = vet_law(on=dt.date(2026, 6, 1))
    assert old.value["number"] == "74/2014/QH13" and old.verified
    assert new.value["number"] == "124/2025/QH15"
    assert not new.verified and new.basis.endswith("(chưa xác minh)")


def test_trung_hoc_nghe_exists_from_1_january_2026_luat_123_2025() -> None:
    """Law 123/2025/QH15 amending the Education Law; no catalogue digit is invented."""
    assert "trung_hoc_nghe" not in training_levels(on=dt.date(2025, 12, 31)).value["levels"]
    in_2026 = training_levels(on=dt.date(2026, 1, 1))
    assert "trung_hoc_nghe" in in_2026.value["levels"]
    assert in_2026.basis == "Căn cứ: Luật 123/2025/QH15"
    level = TrainingLevel.objects.get(code="trung_hoc_nghe")
    assert level.catalogue_digit == ""
    assert level.valid_from == dt.date(2026, 1, 1)
    assert level.min_duration_months is None
