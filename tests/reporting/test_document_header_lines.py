"""Report documents (roll-up, briefing pack) take their header lines from the issuer."""

from __future__ import annotations

import pytest

from opentvet.reporting.jobs import _not_self, _shell

pytestmark = pytest.mark.django_db


def test_a_briefing_pack_of_the_people_s_committee_has_nothing_above_it(org):
    doc = _shell(org("UBND-96"), "Báo cáo", "Tài liệu giao ban")
    assert doc.issuer_parent == ""
    assert doc.issuer.upper() == "ỦY BAN NHÂN DÂN TỈNH CÀ MAU"
    assert doc.signer_authority == "TM. ỦY BAN NHÂN DÂN"
    assert doc.signer_title == "CHỦ TỊCH"
    assert doc.number_symbol.endswith("/BC-UBND")


def test_the_so_roll_up_names_its_committee_and_is_not_addressed_to_itself(org):
    so = org("SGDDT-96")
    doc = _shell(so, "Báo cáo", "Tổng hợp")
    assert (doc.issuer_parent.upper(), doc.issuer.upper()) == (
        "ỦY BAN NHÂN DÂN TỈNH CÀ MAU",
        "SỞ GIÁO DỤC VÀ ĐÀO TẠO",
    )
    assert doc.signer_title == "GIÁM ĐỐC"
    lines = ["UBND tỉnh Cà Mau (để báo cáo)", so.name, so.short_name, "Các trường"]
    assert _not_self(lines, so) == ["UBND tỉnh Cà Mau (để báo cáo)", "Các trường"]


def test_a_college_report_shows_its_governing_body(org):
    doc = _shell(org("CD96001"), "Báo cáo", "Báo cáo tháng")
    assert doc.issuer_parent.upper() == "ỦY BAN NHÂN DÂN TỈNH CÀ MAU"
    assert doc.signer_title == "HIỆU TRƯỞNG"
