from __future__ import annotations

import pytest

from opentvet.catalogue.selectors import (
    occupation_ancestors,
    occupation_search,
    occupation_tree,
    province_for_legacy_name,
)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Bạc Liêu", 96),
        ("bac lieu", 96),
        ("Tỉnh Bạc Liêu", 96),
        ("  TỈNH   BẠC LIÊU ", 96),
        ("Cà Mau", 96),
        ("TP. Hồ Chí Minh", 79),
        ("Bình Dương", 79),
        ("Bà Rịa–Vũng Tàu", 79),
        ("Thành phố Hà Nội", 1),
        ("Thừa Thiên Huế", 46),
        ("Thành phố Huế", 46),
        ("Hà Giang", 8),
        ("Đắk Nông", 68),
        ("dak nong", 68),
    ],
)
def test_province_for_legacy_name(catalogues, name, code):
    assert province_for_legacy_name(name).code == code


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["", None, "Atlantis", "Tỉnh"])
def test_province_for_unknown_name_is_none(catalogues, name):
    assert province_for_legacy_name(name) is None


@pytest.mark.django_db
def test_occupation_search_by_folded_name_and_code(catalogues):
    by_name = list(occupation_search("cong nghe thong tin", level=4).values_list("code", flat=True))
    assert "6480201" in by_name
    assert "5480202" in by_name
    college_only = occupation_search("CÔNG NGHỆ THÔNG TIN", training_level="cao_dang", level=4)
    assert all(code.startswith("6") for code in college_only.values_list("code", flat=True))
    assert list(occupation_search("648020", level=4).values_list("code", flat=True))[:2] == [
        "6480201",
        "6480202",
    ]
    assert list(occupation_search("kế toán doanh", level=4).values_list("code", flat=True)) == [
        "5340302",
        "6340302",
    ]


@pytest.mark.django_db
def test_occupation_tree_and_ancestors(catalogues, django_assert_num_queries):
    with django_assert_num_queries(1):
        tree = occupation_tree("648")
    assert tree.occupation.code == "648"
    assert [child.occupation.code for child in tree.children] == ["64801", "64802"]
    codes = [node.occupation.code for node in tree.walk()]
    assert "6480201" in codes
    assert all(code.startswith("648") for code in codes)
    assert occupation_tree("9999999") is None
    assert [o.code for o in occupation_ancestors("6480201")] == ["6", "648", "64802", "6480201"]
