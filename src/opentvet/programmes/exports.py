"""Column sets of the programme exports ("Xuất Excel"), for ``core.tabular.export_xlsx``."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _


def _latest(programme: Any) -> Any:
    versions = getattr(programme, "version_list", None) or []
    return versions[0] if versions else None


def programme_columns() -> list[tuple[str, Any]]:
    def latest(attr: str) -> Any:
        def get(programme: Any) -> Any:
            version = _latest(programme)
            if version is None:
                return None
            display = getattr(version, f"get_{attr}_display", None)
            return display() if display else getattr(version, attr)

        return get

    return [
        (_("Mã chương trình"), "code"),
        (_("Tên chương trình"), "name"),
        (_("Mã ngành, nghề"), "occupation_id"),
        (_("Ngành, nghề"), "occupation.name"),
        (_("Trình độ"), "training_level.name"),
        (_("Khoa quản lý"), lambda p: p.unit.name if p.unit else ""),
        (_("Phiên bản mới nhất"), latest("number")),
        (_("Trạng thái"), latest("status")),
        (_("Áp dụng từ"), latest("effective_from")),
        (_("Số quyết định"), latest("decision_number")),
        (_("Tín chỉ"), latest("total_credits")),
        (_("Tổng số giờ"), latest("total_hours")),
        (_("Hình thức"), latest("delivery_mode")),
        (_("Chuyển giao quốc tế"), latest("is_international")),
        (_("Học phí/năm"), latest("tuition_per_year")),
    ]


def module_columns() -> list[tuple[str, Any]]:
    return [
        (_("Thứ tự"), "order"),
        (_("Mã"), "code"),
        (_("Tên mô-đun/môn học"), "name"),
        (_("Loại"), "get_unit_type_display"),
        (_("Khối kiến thức"), "get_kind_display"),
        (_("Tín chỉ"), "credits"),
        (_("Lý thuyết"), "theory_hours"),
        (_("Thực hành"), "practice_hours"),
        (_("Kiểm tra"), "exam_hours"),
        (_("Bắt buộc"), "is_required"),
    ]


def register_columns() -> list[tuple[str, Any]]:
    return [
        (_("Tỉnh/thành phố"), "institution.province.name"),
        (_("Cơ sở"), "institution.name"),
        (_("Mã chương trình"), "programme.code"),
        (_("Mã ngành, nghề"), "programme.occupation_id"),
        (_("Ngành, nghề"), "programme.occupation.name"),
        (_("Trình độ"), "programme.training_level.name"),
        (_("Phiên bản"), "number"),
        (_("Áp dụng từ"), "effective_from"),
        (_("Số quyết định"), "decision_number"),
        (_("Hình thức"), "get_delivery_mode_display"),
        (_("Tín chỉ"), "total_credits"),
        (_("Chuyển giao quốc tế"), "is_international"),
        (_("Nước chuyển giao"), "origin_country"),
        (_("Văn bằng nước ngoài"), "foreign_qualification"),
    ]


def scale_columns() -> list[tuple[str, Any]]:
    return [
        (_("Mã ngành, nghề"), "occupation_id"),
        (_("Ngành, nghề"), "occupation_name"),
        (_("Trình độ"), "training_level"),
        (_("Quy mô đăng ký/năm"), "scale"),
        (_("Đã tuyển"), "enrolled"),
        (_("Chương trình"), lambda r: ", ".join(p.code for p in r.programmes)),
        (_("Cảnh báo"), "warning"),
    ]
