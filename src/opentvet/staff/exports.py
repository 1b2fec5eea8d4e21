"""Excel out for staff and qualifications, through ``core.tabular.export``."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from opentvet.core.access import Actor
from opentvet.core.models import Organisation
from opentvet.core.tabular.export import export_xlsx
from opentvet.staff.models import Qualification
from opentvet.staff.selectors import staff_visible


def staff_export(*, actor: Actor, institution: Organisation, personal: bool) -> bytes:
    rows = (
        staff_visible(actor)
        .filter(institution=institution)
        .select_related("unit", "title", "occupation")
        .order_by("search_name")
    )
    columns: list[tuple[Any, Any]] = [
        (_("Mã cán bộ"), "code"),
        (_("Họ và tên"), "full_name"),
        (_("Giới tính"), lambda m: m.get_gender_display()),
        (_("Loại cán bộ"), lambda m: m.get_category_display()),
        (_("Đơn vị"), "unit.name"),
        (_("Chức vụ"), "position"),
        (_("Loại hợp đồng"), lambda m: m.get_contract_type_display()),
        (_("Trình độ giảng dạy"), lambda m: m.get_teaching_level_display()),
        (_("Ngành, nghề"), "occupation.code"),
        (_("Mã chức danh"), "title.code"),
        (_("Giữ chức danh từ"), "title_since"),
        (_("Ngày vào làm"), "start_date"),
        (_("Thư điện tử"), "email"),
        (_("Điện thoại"), "phone"),
    ]
    if personal:
        columns += [
            (_("Ngày sinh"), "date_of_birth"),
            (_("Số CCCD"), "citizen_id"),
            (_("Hệ số lương"), "salary_coefficient"),
        ]
    return export_xlsx(title=_("Nhân sự"), columns=columns, rows=rows.iterator(chunk_size=1000))


def qualifications_export(*, actor: Actor, institution: Organisation) -> bytes:
    visible = staff_visible(actor).filter(institution=institution).values("pk")
    rows = (
        Qualification.all_objects.filter(staff__in=visible)
        .select_related("staff")
        .order_by("staff__search_name", "kind")
    )
    columns: list[tuple[Any, Any]] = [
        (_("Mã cán bộ"), "staff.code"),
        (_("Họ và tên"), "staff.full_name"),
        (_("Loại"), lambda q: q.get_kind_display()),
        (_("Trình độ, mức"), "level_label"),
        (_("Tên văn bằng, chứng chỉ"), "name"),
        (_("Chuyên ngành, nghề"), "field"),
        (_("Nơi cấp"), "issuer"),
        (_("Số hiệu"), "number"),
        (_("Ngày cấp"), "issued_on"),
        (_("Ngày hết hạn"), "expires_on"),
    ]
    return export_xlsx(
        title=_("Văn bằng, chứng chỉ"), columns=columns, rows=rows.iterator(chunk_size=1000)
    )
