"""Indicators the reporting app owns (organisation structure, people with roles), and the
catalogue of standard indicator definitions report templates start from.

Each ``@indicator`` computes for many institutions in one query: the rows are read with their
materialised path and attributed to the institution whose id appears in that path.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping
from functools import reduce
from operator import or_
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from opentvet.core.indicators import indicator, many, shared
from opentvet.core.models import Membership, Organisation, OrgKind, Role, UnitKind


def _owner(path: str, wanted: set[str]) -> int | None:
    """The institution (of ``wanted`` ids, as strings) whose subtree holds ``path``."""
    for part in path.strip("/").split("/"):
        if part in wanted:
            return int(part)
    return None


def _attribute(paths: Iterable[str], institution_ids: list[int]) -> Counter[int]:
    """Count rows per institution, given each row's organisation path."""
    wanted = {str(i) for i in institution_ids}
    owners = (_owner(path, wanted) for path in paths)
    return Counter(owner for owner in owners if owner is not None)


def _under(institution_ids: list[int], lookup: str) -> Q:
    """For a few institutions, restrict to their subtrees; for many, read everything once."""
    if many(institution_ids):
        return Q()
    paths = Organisation.objects.filter(pk__in=institution_ids).values_list("path", flat=True)
    return reduce(or_, (Q(**{f"{lookup}__startswith": p}) for p in paths), Q(pk__in=[]))


def _result(counts: Counter[int], institution_ids: list[int]) -> dict[int, int]:
    return {i: counts.get(i, 0) for i in institution_ids}


def _units(institution_ids: list[int], unit_kind: str | None) -> QuerySet[Organisation]:
    qs = Organisation.objects.filter(kind=OrgKind.UNIT, valid_to__isnull=True)
    if unit_kind:
        qs = qs.filter(unit_kind=unit_kind)
    return qs.filter(_under(institution_ids, "path"))


def _count_units(institution_ids: list[int], unit_kind: str | None) -> Mapping[int, int]:
    paths = _units(institution_ids, unit_kind).values_list("path", flat=True)
    return _result(_attribute(paths, institution_ids), institution_ids)


def _units_source(unit_kind: str | None) -> Any:
    def source(*, institution_id: int, start: dt.date, end: dt.date) -> QuerySet[Organisation]:
        institution = Organisation.objects.get(pk=institution_id)
        qs = Organisation.objects.filter(
            kind=OrgKind.UNIT, valid_to__isnull=True, path__startswith=institution.path
        )
        return qs.filter(unit_kind=unit_kind) if unit_kind else qs

    return source


@indicator(
    code="core.units", name=_("Số đơn vị trực thuộc"), unit=_("đơn vị"), source=_units_source(None)
)
def units(*, institution_ids: list[int], start: dt.date, end: dt.date) -> Mapping[int, int]:
    return _count_units(institution_ids, None)


@indicator(
    code="core.units.faculties",
    name=_("Số khoa"),
    unit=_("khoa"),
    source=_units_source(UnitKind.FACULTY),
)
def faculties(*, institution_ids: list[int], start: dt.date, end: dt.date) -> Mapping[int, int]:
    return _count_units(institution_ids, UnitKind.FACULTY)


@indicator(
    code="core.units.offices",
    name=_("Số phòng chức năng"),
    unit=_("phòng"),
    source=_units_source(UnitKind.OFFICE),
)
def offices(*, institution_ids: list[int], start: dt.date, end: dt.date) -> Mapping[int, int]:
    return _count_units(institution_ids, UnitKind.OFFICE)


@indicator(
    code="core.units.centres",
    name=_("Số trung tâm trực thuộc"),
    unit=_("trung tâm"),
    source=_units_source(UnitKind.CENTRE),
)
def centres(*, institution_ids: list[int], start: dt.date, end: dt.date) -> Mapping[int, int]:
    return _count_units(institution_ids, UnitKind.CENTRE)


def _memberships(role: str | None) -> QuerySet[Membership]:
    qs = Membership.objects.filter(is_active=True)
    if role:
        return qs.filter(role_id=role)
    # The staff roles by name, not "every role but learners and applicants": a million
    # applicant memberships make the negative filter a full scan, the positive one an index read.
    staff_roles = Role.objects.exclude(pk__in=["student", "applicant"]).values_list("pk", flat=True)
    return qs.filter(role_id__in=list(staff_roles))


def _owners(institution_ids: list[int]) -> dict[int, int]:
    """Organisation id → the institution (of those asked about) it is or belongs to."""
    wanted = {str(i) for i in institution_ids}
    orgs = Organisation.objects.filter(
        kind__in=[OrgKind.INSTITUTION, OrgKind.UNIT], valid_to__isnull=True
    ).filter(_under(institution_ids, "path"))
    owners = ((pk, _owner(path, wanted)) for pk, path in orgs.values_list("pk", "path"))
    return {pk: owner for pk, owner in owners if owner is not None}


def _people_in_several_places() -> list[int]:
    """People with more than one active staff membership anywhere (few; read without a join)."""
    return list(
        _memberships(None)
        .values("user_id")
        .annotate(rows=Count("pk"))
        .filter(rows__gt=1)
        .values_list("user_id", flat=True)
        .order_by()
    )


def _count_people(institution_ids: list[int], role: str | None) -> Mapping[int, int]:
    """Distinct people with a role at each institution or its units.

    Counted in the database per organisation, then summed per institution; a person who holds
    roles in two units of one institution is counted once by subtracting the repeats, which
    only people with several memberships need (read pair by pair). Reading every
    (organisation, person) pair into Python instead cost 0.45 s per indicator nationally.
    """
    owner = shared(("core.owners", tuple(institution_ids)), lambda: _owners(institution_ids))
    members = _memberships(role).filter(organisation__kind__in=[OrgKind.INSTITUTION, OrgKind.UNIT])
    few = not many(institution_ids)
    if few:
        members = members.filter(organisation_id__in=list(owner))
    counts: Counter[int] = Counter()
    per_org = members.values_list("organisation_id").annotate(n=Count("user_id", distinct=True))
    for org_id, n in per_org.order_by():
        if org_id in owner:
            counts[owner[org_id]] += n
    # Those with several staff memberships are a superset of the people to correct.
    several: Any = (
        members.values("user_id").annotate(rows=Count("pk")).filter(rows__gt=1).values("user_id")
        if few
        else shared("core.people_in_several_places", _people_in_several_places)
    )
    repeats: Counter[tuple[int, int]] = Counter()
    pairs = members.filter(user_id__in=several).values_list("organisation_id", "user_id")
    for org_id, user_id in pairs.distinct().order_by():
        if org_id in owner:
            repeats[(owner[org_id], user_id)] += 1
    for (institution_id, _user), n in repeats.items():
        counts[institution_id] -= n - 1
    return _result(counts, institution_ids)


def _people_source(role: str | None) -> Any:
    def source(*, institution_id: int, start: dt.date, end: dt.date) -> QuerySet[Membership]:
        institution = Organisation.objects.get(pk=institution_id)
        return (
            _memberships(role)
            .filter(organisation__path__startswith=institution.path)
            .select_related("user", "role", "organisation")
        )

    return source


@indicator(
    code="core.staff",
    name=_("Cán bộ, nhà giáo có tài khoản"),
    unit=_("người"),
    source=_people_source(None),
)
def staff(*, institution_ids: list[int], start: dt.date, end: dt.date) -> Mapping[int, int]:
    return _count_people(institution_ids, None)


@indicator(
    code="core.teachers",
    name=_("Nhà giáo có tài khoản"),
    unit=_("người"),
    source=_people_source("teacher"),
)
def teachers(*, institution_ids: list[int], start: dt.date, end: dt.date) -> Mapping[int, int]:
    return _count_people(institution_ids, "teacher")


# The standard definitions an authority picks from. Registry codes of other apps are what those
# apps register (or will); a code not registered yet shows as "chưa có nguồn dữ liệu" and the
# figure can be entered by hand. Fields: code, name, unit, registry code, aggregation,
# components (codes that must add up to this one).
STANDARD_DEFINITIONS: list[dict[str, Any]] = [
    {
        "code": "dv.units",
        "name": "Số đơn vị trực thuộc",
        "unit": "đơn vị",
        "registry": "core.units",
        "components": ["dv.faculties", "dv.offices", "dv.centres"],
    },
    {"code": "dv.faculties", "name": "Số khoa", "unit": "khoa", "registry": "core.units.faculties"},
    {
        "code": "dv.offices",
        "name": "Số phòng chức năng",
        "unit": "phòng",
        "registry": "core.units.offices",
    },
    {
        "code": "dv.centres",
        "name": "Số trung tâm trực thuộc",
        "unit": "trung tâm",
        "registry": "core.units.centres",
    },
    {
        "code": "cb.staff",
        "name": "Cán bộ, nhà giáo có tài khoản trên hệ thống",
        "unit": "người",
        "registry": "core.staff",
    },
    {
        "code": "cb.teachers",
        "name": "Nhà giáo có tài khoản trên hệ thống",
        "unit": "người",
        "registry": "core.teachers",
    },
    {"code": "ng.teachers", "name": "Số nhà giáo", "unit": "người", "registry": "staff.teachers"},
    {
        "code": "ng.standard",
        "name": "Tỷ lệ nhà giáo đạt chuẩn",
        "unit": "%",
        "registry": "staff.standard_share",
        "aggregation": "mean",
    },
    {
        "code": "ts.total",
        "name": "Tuyển sinh trong kỳ: tổng số",
        "unit": "người",
        "components": ["ts.college", "ts.intermediate", "ts.elementary"],
    },
    {"code": "ts.college", "name": "Tuyển sinh trình độ cao đẳng", "unit": "người"},
    {"code": "ts.intermediate", "name": "Tuyển sinh trình độ trung cấp", "unit": "người"},
    {"code": "ts.elementary", "name": "Tuyển sinh sơ cấp và đào tạo dưới 3 tháng", "unit": "người"},
    {
        "code": "ts.applications",
        "name": "Nguyện vọng đăng ký xét tuyển",
        "unit": "nguyện vọng",
        "registry": "admissions.applications",
    },
    {
        "code": "ts.quota",
        "name": "Chỉ tiêu tuyển sinh",
        "unit": "người",
        "registry": "admissions.admitted_vs_quota:quota",
    },
    {
        "code": "ts.admitted",
        "name": "Trúng tuyển",
        "unit": "người",
        "registry": "admissions.admitted_vs_quota:admitted",
    },
    {
        "code": "hs.enrolled",
        "name": "Người học đang theo học",
        "unit": "người",
        "registry": "learners.enrolled",
    },
    {
        "code": "hs.college",
        "name": "Người học trình độ cao đẳng",
        "unit": "người",
        "registry": "learners.enrolled:cao_dang",
    },
    {
        "code": "hs.intermediate",
        "name": "Người học trình độ trung cấp",
        "unit": "người",
        "registry": "learners.enrolled:trung_cap",
    },
    {
        "code": "hs.elementary",
        "name": "Người học trình độ sơ cấp",
        "unit": "người",
        "registry": "learners.enrolled:so_cap",
    },
    {
        "code": "tn.graduates",
        "name": "Người học tốt nghiệp",
        "unit": "người",
        "registry": "learners.graduates",
    },
    {
        "code": "vl.rate",
        "name": "Tỷ lệ người tốt nghiệp có việc làm",
        "unit": "%",
        "registry": "learners.employment_rate:employment_rate",
        "aggregation": "mean",
    },
    {
        "code": "vl.response",
        "name": "Tỷ lệ phản hồi khảo sát việc làm",
        "unit": "%",
        "registry": "learners.employment_rate:response_rate",
        "aggregation": "mean",
    },
    {
        "code": "ct.programmes",
        "name": "Chương trình đào tạo đang áp dụng",
        "unit": "chương trình",
        "registry": "programmes.published",
    },
    {
        "code": "ct.pilots",
        "name": "Chương trình chuyển giao quốc tế đang áp dụng",
        "unit": "chương trình",
        "registry": "programmes.international_pilots",
    },
    {
        "code": "qt.self_financing",
        "name": "Mức tự bảo đảm chi thường xuyên",
        "unit": "%",
        "registry": "finance.self_financing_ratio",
        "aggregation": "mean",
    },
    {"code": "tc.revenue", "name": "Thu sự nghiệp trong kỳ", "unit": "triệu đồng"},
]


def standard_components() -> dict[str, list[str]]:
    return {d["code"]: list(d.get("components", [])) for d in STANDARD_DEFINITIONS}
