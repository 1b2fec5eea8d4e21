"""Fixtures of the tabular (Excel import/export) tests: a province, its authority, officers."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from typing import Any

import pytest
from openpyxl import Workbook

from opentvet.core.access import Actor
from opentvet.core.models import OrgKind, User
from opentvet.core.services import membership_grant, organisation_create


def xlsx_bytes(header: Sequence[Any], rows: Iterable[Sequence[Any]]) -> io.BytesIO:
    """An .xlsx file in memory with a header row and data rows (write-only, fast)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Dữ liệu")
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return buffer


@pytest.fixture
def tab_provinces(db):
    from opentvet.catalogue.models import Province, Ward

    hanoi = Province.objects.create(
        code=1, name="Thành phố Hà Nội", codename="thanh_pho_ha_noi", division_type="thành phố"
    )
    hue = Province.objects.create(
        code=46, name="Thành phố Huế", codename="thanh_pho_hue", division_type="thành phố"
    )
    Ward.objects.create(code=4, name="Phường Ba Đình", codename="phuong_ba_dinh",
                        division_type="phường", province=hanoi)
    Ward.objects.create(code=70, name="Phường Hoàn Kiếm", codename="phuong_hoan_kiem",
                        division_type="phường", province=hanoi)
    Ward.objects.create(code=19753, name="Phường Thuận Hóa", codename="phuong_thuan_hoa",
                        division_type="phường", province=hue)
    return {"hanoi": hanoi, "hue": hue}


@pytest.fixture
def tab_tree(tab_provinces):
    """Ministry → national authority → two provinces' committees and authorities."""
    ministry = organisation_create(actor=None, parent=None, kind=OrgKind.MINISTRY,
                                   code="BGDDT", name="Bộ Giáo dục và Đào tạo")
    national = organisation_create(actor=None, parent=ministry, kind=OrgKind.NATIONAL_AUTHORITY,
                                   code="CGDNN", name="Cục Giáo dục nghề nghiệp")
    tree = {"ministry": ministry, "national": national}
    for key, code in (("hanoi", "HN"), ("hue", "HUE")):
        province = tab_provinces[key]
        committee = organisation_create(
            actor=None, parent=national, kind=OrgKind.PEOPLES_COMMITTEE,
            code=f"UBND-{code}", name=f"UBND {province.name}", province=province,
        )
        tree[f"{key}_committee"] = committee
        tree[key] = organisation_create(
            actor=None, parent=committee, kind=OrgKind.PROVINCIAL_AUTHORITY,
            code=f"SO-{code}", name=f"Sở GD&ĐT {province.name}", province=province,
        )
    return tree


def _officer(email: str, organisation, role: str) -> Actor:
    user = User.objects.create_user(email=email, password="x", full_name=email.split("@")[0])
    membership_grant(actor=None, user=user, organisation=organisation, role=role)
    return Actor.for_user(user)


@pytest.fixture
def hanoi_officer(tab_tree) -> Actor:
    return _officer("can.bo.hn@example.vn", tab_tree["hanoi"], "provincial_officer")


@pytest.fixture
def hue_officer(tab_tree) -> Actor:
    return _officer("can.bo.hue@example.vn", tab_tree["hue"], "provincial_officer")


@pytest.fixture
def hanoi_viewer(tab_tree) -> Actor:
    """A committee leader: sees the province's data but may not change organisations."""
    return _officer("lanh.dao.hn@example.vn", tab_tree["hanoi_committee"], "committee_leader")
