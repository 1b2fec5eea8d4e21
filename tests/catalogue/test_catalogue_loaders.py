from __future__ import annotations

import pytest

from opentvet.catalogue.loaders import load_all
from opentvet.catalogue.models import LegacyProvince, Occupation, Province, TrainingLevel, Ward


@pytest.mark.django_db
def test_load_all_loads_current_and_legacy_units(catalogues):
    assert Province.objects.count() == 34
    assert Ward.objects.count() == 3321
    assert LegacyProvince.objects.count() == 63
    assert not LegacyProvince.objects.filter(merged_into__isnull=True).exists()
    # Every current province received at least one old province, 23 of them several.
    assert Province.objects.filter(legacy_provinces__isnull=True).count() == 0
    assert Province.objects.get(code=96).name == "Cà Mau"
    assert LegacyProvince.objects.get(name="Bạc Liêu").merged_into_id == 96


@pytest.mark.django_db
def test_load_all_twice_changes_nothing(catalogues, django_assert_max_num_queries):
    counts = {
        model: model.objects.count()
        for model in (Province, Ward, LegacyProvince, TrainingLevel, Occupation)
    }
    # A second run only reads: a handful of SELECTs, no INSERT or UPDATE.
    with django_assert_max_num_queries(20):
        second = load_all()
    assert all(not result.has_changes for result in second.values())
    assert second["wards"].unchanged == 3321
    assert second["occupations"].unchanged == counts[Occupation]
    assert counts == {
        model: model.objects.count()
        for model in (Province, Ward, LegacyProvince, TrainingLevel, Occupation)
    }


@pytest.mark.django_db
def test_training_levels_and_occupation_seed(catalogues):
    assert list(TrainingLevel.objects.values_list("code", flat=True)) == [
        "so_cap",
        "trung_hoc_nghe",  # from 1 Jan 2026 (Luật 123/2025/QH15), no catalogue digit
        "trung_cap",
        "cao_dang",
    ]
    assert TrainingLevel.objects.get(code="cao_dang").min_credits == 60
    it = Occupation.objects.get(code="6480201")
    assert it.name == "Công nghệ thông tin"
    assert it.level == 4
    assert it.parent_id == "64802"
    assert it.training_level_id == "cao_dang"
    assert it.search_name == "cong nghe thong tin"
    # Every level II group carries a Holland code; levels III–IV do not.
    assert not Occupation.objects.filter(level=2, riasec="").exists()
    assert not Occupation.objects.filter(level__in=(3, 4)).exclude(riasec="").exists()
    assert Occupation.objects.filter(level=4, code__startswith="6").count() >= 50
    assert Occupation.objects.filter(level=4, code__startswith="5").count() >= 40
