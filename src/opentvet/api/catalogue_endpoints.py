"""Catalogue endpoints: public reference data (no login needed)."""

# No "from __future__ import annotations" here: Ninja reads the annotations at import time.
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Router
from ninja.pagination import paginate

from opentvet.api.base import LimitOffsetPagination, Schema
from opentvet.catalogue.models import Province, TrainingLevel, Ward
from opentvet.catalogue.selectors import occupation_search, province_for_legacy_name
from opentvet.core.access import parse_id

router = Router(tags=["catalogue"], auth=None)


class ProvinceOut(Schema):
    code: int
    name: str
    division_type: str


class WardOut(Schema):
    code: int
    name: str
    division_type: str
    province_id: int


class LevelOut(Schema):
    code: str
    name: str
    name_en: str
    catalogue_digit: str
    min_duration_months: int | None
    max_duration_months: int | None
    min_credits: int | None
    source: str


class OccupationOut(Schema):
    code: str
    name: str
    level: int
    parent_id: str | None
    training_level_id: str | None
    riasec: str
    is_active: bool


@router.get("/provinces", response=list[ProvinceOut])
def provinces(request: HttpRequest) -> Any:
    return Province.objects.all()


@router.get("/provinces/{code}/wards", response=list[WardOut])
@paginate(LimitOffsetPagination)
def wards(request: HttpRequest, code: int) -> Any:
    return Ward.objects.filter(province_id=parse_id(code)).order_by("name")


@router.get("/legacy-province", response=ProvinceOut)
def legacy_province(request: HttpRequest, name: str) -> Any:
    """Today's province for a province name from before 1 July 2025 (e.g. "Bạc Liêu" → Cà Mau)."""
    province = province_for_legacy_name(name[:100])
    if province is None:
        raise Http404
    return province


@router.get("/training-levels", response=list[LevelOut])
def training_levels(request: HttpRequest) -> Any:
    return TrainingLevel.objects.all()


@router.get("/occupations", response=list[OccupationOut])
@paginate(LimitOffsetPagination)
def occupations(
    request: HttpRequest, q: str = "", level: int | None = None, training_level: str | None = None
) -> Any:
    return occupation_search(q[:100], level=level, training_level=training_level)
