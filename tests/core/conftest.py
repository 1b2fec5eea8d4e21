"""Fixtures of the tabular (Excel import/export) tests: a province, its authority, officers."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Sequence
from typing import Any

import pytest
from openpyxl import Workbook

from opentvet.core.access import Actor
from opentvet.core.models import OrgKind, User
from opentvet.core.services import membership_grant, organisation_create


def excel_datetime(*parts: int) -> dt.datetime:
    """A datetime as openpyxl reads it from a date cell: naive, Excel has no time zones."""
    return dt.datetime(*parts)  # noqa: DTZ001


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
    """Hà Nội and Huế with a few wards; reuses the catalogue's rows when it is loaded."""
    from opentvet.catalogue.models import Province, Ward

    provinces = {}
    for key, code, name, codename in (
        ("hanoi", 1, "Thành phố Hà Nội", "thanh_pho_ha_noi"),
        ("hue", 46, "Thành phố Huế", "thanh_pho_hue"),
    ):
        provinces[key], _ = Province.objects.get_or_create(
            code=code, defaults={"name": name, "codename": codename, "division_type": "thành phố"}
        )
    for code, name, codename, key in (
        (4, "Phường Ba Đình", "phuong_ba_dinh", "hanoi"),
        (70, "Phường Hoàn Kiếm", "phuong_hoan_kiem", "hanoi"),
        (19786, "Phường Thuận Hóa", "phuong_thuan_hoa", "hue"),
    ):
        Ward.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "codename": codename,
                "division_type": "phường",
                "province": provinces[key],
            },
        )
    return provinces


@pytest.fixture
def tab_tree(tab_provinces):
    """A ministry → national authority → two provinces' committees and authorities of our own.

    Codes start with "TAB-" so they never meet the demo world's organisations.
    """
    ministry = organisation_create(
        actor=None, parent=None, kind=OrgKind.MINISTRY, code="TAB-BO", name="Bộ thử nghiệm"
    )
    national = organisation_create(
        actor=None,
        parent=ministry,
        kind=OrgKind.NATIONAL_AUTHORITY,
        code="TAB-CUC",
        name="Cục thử nghiệm",
    )
    tree = {"ministry": ministry, "national": national}
    for key, code in (("hanoi", "HN"), ("hue", "HUE")):
        province = tab_provinces[key]
        committee = organisation_create(
            actor=None,
            parent=national,
            kind=OrgKind.PEOPLES_COMMITTEE,
            code=f"TAB-UBND-{code}",
            name=f"UBND {province.name} (thử)",
            province=province,
        )
        tree[f"{key}_committee"] = committee
        tree[key] = organisation_create(
            actor=None,
            parent=committee,
            kind=OrgKind.PROVINCIAL_AUTHORITY,
            code=f"TAB-SO-{code}",
            name=f"Sở {province.name} (thử)",
            province=province,
        )
    return tree


def _officer(email: str, organisation, role: str) -> Actor:
    # No password: hashing one costs more than the rest of the fixture.
    name = email.split("@", maxsplit=1)[0]
    user = User.objects.create_user(email=email, password=None, full_name=name)
    membership_grant(actor=None, user=user, organisation=organisation, role=role)
    return Actor.for_user(user)


@pytest.fixture
def hanoi_officer(tab_tree) -> Actor:
    return _officer("tab.can.bo.hn@example.vn", tab_tree["hanoi"], "provincial_officer")


@pytest.fixture
def hue_officer(tab_tree) -> Actor:
    return _officer("tab.can.bo.hue@example.vn", tab_tree["hue"], "provincial_officer")


@pytest.fixture
def hanoi_viewer(tab_tree) -> Actor:
    """A committee leader: sees the province's data but may not change organisations."""
    return _officer("tab.lanh.dao.hn@example.vn", tab_tree["hanoi_committee"], "committee_leader")
