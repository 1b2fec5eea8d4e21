"""Roles and permissions as data.

``ROLES`` is the catalogue the ``core`` data migrations load; the ``Role`` and ``Permission``
rows are what the access layer reads at run time, so an operator can change what a role may do
without a release. A role held at a node reaches that node's whole subtree.

A role held at a *unit* (a faculty, an office) may also carry ``institution_permissions``: the
permissions it holds over the whole institution the unit belongs to. An admissions or HR officer
recorded at their office serves the whole school; a teacher at a faculty reads the school's
programmes but not the other faculties' data.
"""

from __future__ import annotations

from typing import Any

PERMISSIONS: dict[str, str] = {
    "org.view": "Xem thông tin tổ chức và đơn vị trực thuộc",
    "org.change": "Sửa thông tin tổ chức",
    "org.manage_members": "Cấp và thu hồi vai trò người dùng",
    "audit.view": "Xem nhật ký thay đổi",
    "data.export": "Xuất dữ liệu ra Excel",
    "student.view": "Xem hồ sơ người học",
    "student.change": "Cập nhật hồ sơ người học",
    "student.self": "Xem hồ sơ học tập của chính mình",
    "programme.view": "Xem chương trình đào tạo",
    "programme.change": "Xây dựng, sửa chương trình đào tạo",
    "programme.approve": "Phê duyệt, ban hành chương trình đào tạo",
    "results.enter": "Nhập điểm mô-đun/môn học được phân công",
    "results.manage": "Quản lý điểm, khóa điểm, duyệt sửa điểm",
    "graduation.manage": "Xét và công nhận tốt nghiệp, cấp văn bằng",
    "staff.view": "Xem hồ sơ nhà giáo, cán bộ",
    "staff.change": "Cập nhật hồ sơ nhà giáo, cán bộ",
    "staff.view_personal": "Xem dữ liệu cá nhân nhạy cảm của nhà giáo, cán bộ",
    "staff.assess": "Đánh giá nhà giáo theo chuẩn",
    "staff.self": "Xem và tự đánh giá hồ sơ của chính mình",
    "promotion.manage": "Tổ chức thi, xét thăng hạng chức danh nghề nghiệp",
    "admissions.view": "Xem hồ sơ tuyển sinh",
    "admissions.change": "Xét duyệt hồ sơ tuyển sinh",
    "admissions.coordinate": "Tổ chức đợt tuyển sinh phối hợp",
    "applicant.apply": "Đăng ký dự tuyển",
    "finance.view": "Xem số liệu tài chính",
    "finance.change": "Cập nhật số liệu tài chính",
    "qa.view": "Xem kiểm định chất lượng",
    "qa.change": "Cập nhật kiểm định chất lượng",
    "report.view": "Xem báo cáo",
    "report.prepare": "Lập báo cáo",
    "report.sign": "Ký duyệt báo cáo",
    "report.review": "Tiếp nhận, trả lại báo cáo; quản lý mẫu báo cáo",
    "report.live": "Xem số liệu trực tuyến của các cơ sở thuộc phạm vi quản lý",
    "task.view": "Xem nhiệm vụ, chỉ đạo",
    "task.change": "Giao và cập nhật nhiệm vụ",
    "document.view": "Xem văn bản đi, đến",
    "document.change": "Vào sổ văn bản đi, đến",
    "difficulty.raise": "Nêu khó khăn, vướng mắc, kiến nghị",
    "difficulty.resolve": "Trả lời khó khăn, vướng mắc, kiến nghị",
    "catalogue.change": "Cập nhật danh mục dùng chung",
}

_OVERSIGHT_READ = [
    "org.view",
    "audit.view",
    "data.export",
    "student.view",
    "programme.view",
    "staff.view",
    "admissions.view",
    "finance.view",
    "qa.view",
    "report.view",
    "task.view",
    "document.view",
]
_INSTITUTION_ALL = [
    p
    for p in PERMISSIONS
    if p
    not in {
        "catalogue.change",
        "report.review",
        "report.live",
        "admissions.coordinate",
        "promotion.manage",
        "difficulty.resolve",
        "applicant.apply",
        "student.self",
        "staff.self",
    }
]

ROLES: list[dict[str, Any]] = [
    {
        "codename": "national_analyst",
        "name": "Chuyên viên cơ quan quản lý GDNN trung ương",
        "name_en": "National VET analyst",
        "holder_kinds": ["ministry", "national_authority"],
        "permissions": [
            *_OVERSIGHT_READ,
            "report.review",
            "report.live",
            "task.change",
            "document.change",
            "difficulty.resolve",
            "catalogue.change",
            "admissions.coordinate",
            "promotion.manage",
        ],
    },
    {
        "codename": "committee_leader",
        "name": "Lãnh đạo UBND tỉnh",
        "name_en": "Provincial People's Committee leader",
        "holder_kinds": ["peoples_committee"],
        "permissions": [*_OVERSIGHT_READ, "report.live", "task.change", "difficulty.resolve"],
    },
    {
        "codename": "provincial_officer",
        "name": "Chuyên viên Sở phụ trách GDNN",
        "name_en": "Provincial VET officer",
        "holder_kinds": ["provincial_authority", "peoples_committee"],
        "permissions": [
            *_OVERSIGHT_READ,
            "org.change",
            "report.review",
            "report.live",
            "task.change",
            "document.change",
            "difficulty.resolve",
            "admissions.coordinate",
            "promotion.manage",
        ],
    },
    {
        "codename": "rector",
        "name": "Hiệu trưởng / Giám đốc",
        "name_en": "Rector / Director",
        "holder_kinds": ["institution"],
        "permissions": _INSTITUTION_ALL,
    },
    {
        "codename": "vice_rector",
        "name": "Phó hiệu trưởng / Phó giám đốc",
        "name_en": "Vice-rector",
        "holder_kinds": ["institution"],
        "permissions": [
            p for p in _INSTITUTION_ALL if p not in {"report.sign", "org.manage_members"}
        ],
    },
    {
        "codename": "unit_head",
        "name": "Trưởng phòng / Trưởng khoa",
        "name_en": "Head of unit",
        "holder_kinds": ["unit"],
        "permissions": [
            "org.view",
            "staff.view",
            "staff.assess",
            "student.view",
            "programme.view",
            "report.view",
            "task.view",
            "task.change",
            "document.view",
        ],
    },
    {
        "codename": "admissions_officer",
        "name": "Cán bộ tuyển sinh",
        "name_en": "Admissions officer",
        "holder_kinds": ["institution", "unit"],
        "permissions": [
            "org.view",
            "admissions.view",
            "admissions.change",
            "student.view",
            "programme.view",
            "data.export",
        ],
    },
    {
        "codename": "training_officer",
        "name": "Cán bộ phòng Đào tạo",
        "name_en": "Training officer",
        "holder_kinds": ["institution", "unit"],
        "permissions": [
            "org.view",
            "programme.view",
            "programme.change",
            "student.view",
            "student.change",
            "results.manage",
            "graduation.manage",
            "report.view",
            "report.prepare",
            "data.export",
            "audit.view",
        ],
    },
    {
        "codename": "hr_officer",
        "name": "Cán bộ phòng Tổ chức - Hành chính",
        "name_en": "HR officer",
        "holder_kinds": ["institution", "unit"],
        "permissions": [
            "org.view",
            "staff.view",
            "staff.change",
            "staff.view_personal",
            "report.prepare",
            "report.view",
            "document.view",
            "document.change",
            "data.export",
            "audit.view",
        ],
    },
    {
        "codename": "finance_officer",
        "name": "Cán bộ phòng Kế hoạch - Tài chính",
        "name_en": "Finance officer",
        "holder_kinds": ["institution", "unit"],
        "permissions": [
            "org.view",
            "finance.view",
            "finance.change",
            "report.prepare",
            "report.view",
            "data.export",
        ],
    },
    {
        "codename": "qa_officer",
        "name": "Cán bộ phòng Khảo thí và Đảm bảo chất lượng",
        "name_en": "QA officer",
        "holder_kinds": ["institution", "unit"],
        "permissions": [
            "org.view",
            "qa.view",
            "qa.change",
            "programme.view",
            "results.manage",
            "report.prepare",
            "report.view",
        ],
    },
    {
        # Văn thư: keeps an organisation's registers of outgoing and incoming documents, issues
        # numbers, sends documents and passes incoming ones to handlers (liên thông văn bản).
        "codename": "clerk",
        "name": "Văn thư",
        "name_en": "Records clerk",
        "holder_kinds": [
            "ministry",
            "national_authority",
            "peoples_committee",
            "provincial_authority",
            "institution",
        ],
        "permissions": ["org.view", "document.view", "document.change"],
    },
    {
        "codename": "teacher",
        "name": "Nhà giáo",
        "name_en": "Teacher",
        "holder_kinds": ["institution", "unit"],
        "permissions": ["org.view", "results.enter", "staff.self", "programme.view"],
    },
    {
        "codename": "student",
        "name": "Người học",
        "name_en": "Student",
        "holder_kinds": ["institution"],
        "permissions": ["student.self"],
    },
    {
        "codename": "applicant",
        "name": "Thí sinh",
        "name_en": "Applicant",
        "holder_kinds": ["ministry", "national_authority"],
        "permissions": ["applicant.apply"],
    },
]

# Permissions a role held at a unit also holds over the unit's whole institution ("same": all of
# the role's permissions). Office roles serve the whole school; faculty roles read its programmes.
INSTITUTION_PERMISSIONS: dict[str, list[str] | str] = {
    "admissions_officer": "same",
    "training_officer": "same",
    "hr_officer": "same",
    "finance_officer": "same",
    "qa_officer": "same",
    "unit_head": ["programme.view", "student.view"],
    # Entering grades is further limited to the modules assigned to the teacher (learners app).
    "teacher": ["programme.view", "results.enter"],
}


def sync_roles(permission_model: Any, role_model: Any) -> None:
    """Create or update the permission and role rows from the catalogue above.

    Takes the model classes so data migrations can pass their historical models.
    """
    for codename, description in PERMISSIONS.items():
        permission_model.objects.update_or_create(
            codename=codename, defaults={"description": description}
        )
    has_wide = any(f.name == "institution_permissions" for f in role_model._meta.get_fields())
    for order, spec in enumerate(ROLES):
        defaults = {
            "name": spec["name"],
            "name_en": spec["name_en"],
            "holder_kinds": spec["holder_kinds"],
            "order": order,
        }
        if has_wide:  # the field exists from migration 0003 on
            wide = INSTITUTION_PERMISSIONS.get(spec["codename"], [])
            defaults["institution_permissions"] = (
                list(spec["permissions"]) if wide == "same" else wide
            )
        role, _ = role_model.objects.update_or_create(codename=spec["codename"], defaults=defaults)
        role.permissions.set(spec["permissions"])
