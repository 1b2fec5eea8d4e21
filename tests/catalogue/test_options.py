"""Kept option lists of the national catalogues: read once, dropped when the catalogue changes."""

from __future__ import annotations

import pytest

from opentvet.admissions.forms import PortalFilterForm
from opentvet.catalogue.loaders import load_training_levels
from opentvet.catalogue.models import Province, TrainingLevel
from opentvet.catalogue.options import forget, options

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_lists():  # type: ignore[no-untyped-def]
    forget(Province)
    forget(TrainingLevel)
    yield
    forget(Province)
    forget(TrainingLevel)


def test_the_list_is_read_once(django_assert_num_queries):
    with django_assert_num_queries(1):
        first = str(PortalFilterForm()["province"])
    with django_assert_num_queries(0):
        again = str(PortalFilterForm()["province"])
    assert again == first
    assert first.count("<option") == Province.objects.count() + 1  # with "Tất cả"
    assert ">TP. Hồ Chí Minh<" in first or ">Thành phố Hồ Chí Minh<" in first


def test_a_saved_row_drops_the_list():
    str(PortalFilterForm()["province"])
    Province.objects.create(
        code=990, name="Tỉnh Thử Nghiệm", codename="tinh_thu_nghiem", search_name="tinh thu nghiem"
    )
    assert "Tỉnh Thử Nghiệm" in str(PortalFilterForm()["province"])
    Province.objects.filter(code=990).delete()  # a queryset delete sends post_delete per row
    assert "Tỉnh Thử Nghiệm" not in str(PortalFilterForm()["province"])


def test_a_loader_run_drops_the_list(django_capture_on_commit_callbacks):
    level = TrainingLevel.objects.order_by("order").first()
    assert level is not None
    TrainingLevel.objects.filter(pk=level.pk).update(name="Tên cũ")  # no signal
    assert (level.pk, "Tên cũ") in options(TrainingLevel)
    with django_capture_on_commit_callbacks(execute=True):
        load_training_levels()  # writes the statutory name back with bulk_update
    assert (level.pk, level.name) in options(TrainingLevel)


def test_the_chosen_row_is_still_read_from_the_database():
    str(PortalFilterForm()["province"])
    form = PortalFilterForm({"province": "990"})  # not a province
    assert not form.is_valid()
    assert "province" in form.errors
    chosen = Province.objects.order_by("code").first()
    assert chosen is not None
    form = PortalFilterForm({"province": str(chosen.pk)})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["province"] == chosen
    assert f'<option value="{chosen.pk}" selected>' in str(form["province"])


def test_a_filtered_catalogue_is_refused():
    from django.core.exceptions import ImproperlyConfigured

    from opentvet.catalogue.options import CatalogueChoiceField

    with pytest.raises(ImproperlyConfigured):
        CatalogueChoiceField(queryset=Province.objects.filter(code__lt=50))
    field = CatalogueChoiceField(queryset=Province.objects.all())
    with pytest.raises(ImproperlyConfigured):
        field.queryset = Province.objects.exclude(code=1)
