"""Reference data: the teacher standards framework and the professional titles, as data.

Loaded by migration ``0002_reference`` (and again, idempotently, by ``load_reference``); the
authority edits the rows afterwards when a regulation changes, so nothing here is read at run
time except by the loader.

Sources and what was confirmed
- Teacher standards: Thông tư 08/2017/TT-BLĐTBXH "Quy định chuẩn về chuyên môn, nghiệp vụ của
  nhà giáo giáo dục nghề nghiệp". The three standards (năng lực chuyên môn; năng lực sư phạm;
  năng lực phát triển nghề nghiệp, nghiên cứu khoa học) and their criteria below follow the
  circular's structure as we know it; the wording and the numbering of criteria were NOT
  confirmed against the text. The certificate requirements per level (degree, nghiệp vụ sư
  phạm for the level taught, kỹ năng nghề for practical teaching, ngoại ngữ, tin học) follow
  Luật GDNN 2014 Điều 54 and the circular; the exact levels are NOT confirmed.
- Titles V.09.02.01–V.09.02.09: codes by Thông tư 10/2018/TT-BNV, standards by Thông tư
  03/2018/TT-BLĐTBXH, pay groups and coefficient ranges by Thông tư 12/2019/TT-BLĐTBXH (all
  checked, shared/domain/FACTS.md). An earlier version cited a "Thông tư 07/2023/TT-BLĐTBXH",
  which does not exist.
- Promotion rules: years in the lower rank (9 to hạng II, 6 to hạng I) are borrowed from the
  school-teacher title circulars and are UNVERIFIED for VET titles: each such rule carries
  ``"verification": "unverified"`` and says so wherever it decides. Promotion itself is by review
  of documents since 7 Dec 2023 (Decree 85/2023/NĐ-CP): rule ``staff.promotion.methods``.
"""

from __future__ import annotations

from typing import Any

FRAMEWORK = {
    "code": "TT08-2017",
    "name": "Chuẩn về chuyên môn, nghiệp vụ của nhà giáo giáo dục nghề nghiệp",
    "regulation": "Thông tư 08/2017/TT-BLĐTBXH",
}

# (standard number, name, [(criterion number, name, description)])
STANDARDS: list[tuple[int, str, list[tuple[int, str, str]]]] = [
    (
        1,
        "Năng lực chuyên môn",
        [
            (1, "Trình độ chuyên môn", "Văn bằng chuyên môn và kỹ năng nghề phù hợp."),
            (2, "Trình độ ngoại ngữ", "Sử dụng được ngoại ngữ trong hoạt động nghề nghiệp."),
            (3, "Trình độ tin học", "Ứng dụng công nghệ thông tin trong giảng dạy."),
        ],
    ),
    (
        2,
        "Năng lực sư phạm",
        [
            (1, "Trình độ nghiệp vụ sư phạm và thời gian tham gia giảng dạy", ""),
            (2, "Chuẩn bị hoạt động giảng dạy", "Kế hoạch, giáo án, tài liệu, phương tiện."),
            (3, "Thực hiện hoạt động giảng dạy", ""),
            (4, "Kiểm tra, đánh giá kết quả học tập của người học", ""),
            (5, "Quản lý hồ sơ dạy học", ""),
            (6, "Xây dựng chương trình, biên soạn giáo trình, tài liệu giảng dạy", ""),
            (7, "Xây dựng kế hoạch, thực hiện các hoạt động giáo dục", ""),
            (8, "Quản lý người học, xây dựng môi trường giáo dục, học tập", ""),
            (9, "Hoạt động xã hội", ""),
        ],
    ),
    (
        3,
        "Năng lực phát triển nghề nghiệp, nghiên cứu khoa học",
        [
            (1, "Học tập, bồi dưỡng nâng cao", "Bồi dưỡng, thực tập tại doanh nghiệp."),
            (2, "Phát triển năng lực nghề nghiệp cho người học", ""),
            (3, "Nghiên cứu khoa học", ""),
        ],
    ),
]

# Requirements per (standard, criterion): (level, teaching kinds or None for all, kind, rank, label)
_BOTH = ["theory", "integrated"]
_SKILL = ["practice", "integrated"]
REQUIREMENTS: dict[tuple[int, int], list[tuple[str, list[str] | None, str, int, str]]] = {
    (1, 1): [
        ("cao_dang", _BOTH, "degree", 3, "Bằng tốt nghiệp đại học trở lên"),
        ("cao_dang", _SKILL, "skill", 3, "Chứng chỉ kỹ năng nghề bậc 3 trở lên"),
        ("trung_cap", _BOTH, "degree", 3, "Bằng tốt nghiệp đại học trở lên"),
        ("trung_cap", _SKILL, "skill", 2, "Chứng chỉ kỹ năng nghề bậc 2 trở lên"),
        ("so_cap", _BOTH, "degree", 1, "Bằng tốt nghiệp trung cấp trở lên"),
        ("so_cap", _SKILL, "skill", 1, "Chứng chỉ kỹ năng nghề bậc 1 trở lên"),
    ],
    (1, 2): [
        ("cao_dang", None, "language", 2, "Ngoại ngữ bậc 2 (A2) trở lên"),
        ("trung_cap", None, "language", 1, "Ngoại ngữ bậc 1 (A1) trở lên"),
    ],
    (1, 3): [
        ("cao_dang", None, "it", 1, "Chứng chỉ ứng dụng công nghệ thông tin cơ bản"),
        ("trung_cap", None, "it", 1, "Chứng chỉ ứng dụng công nghệ thông tin cơ bản"),
    ],
    (2, 1): [
        ("cao_dang", None, "pedagogy", 3, "Nghiệp vụ sư phạm dạy trình độ cao đẳng"),
        ("trung_cap", None, "pedagogy", 2, "Nghiệp vụ sư phạm dạy trình độ trung cấp trở lên"),
        ("so_cap", None, "pedagogy", 1, "Nghiệp vụ sư phạm dạy trình độ sơ cấp trở lên"),
    ],
}

# The chuẩn as amended by Thông tư 21/2020/TT-BLĐTBXH (in force 10 Mar 2021), loaded by
# migration 0007 as a new version of the framework (earlier cycles keep the old one):
# - the hierarchy is chuẩn → tiêu chí (3) → tiêu chuẩn → chỉ số → minh chứng (``Standard`` is
#   the tiêu chí level, ``Criterion`` the tiêu chuẩn level);
# - no "Năng lực thực hành nghề" item (it is not in the text);
# - tiêu chí 1 has 3 tiêu chuẩn, tiêu chí 2 has 9, tiêu chí 3 has 3; sơ cấp has no research
#   item: 14 tiêu chuẩn for sơ cấp, 15 for trung cấp and cao đẳng (``not_for_levels``);
# - foreign-language and IT levels are no longer national: the head of each institution sets
#   them per job position (rule ``staff.standards.language_it``, an institution setting).
# Checked in FACTS.md: the structure and counts above. Not read: the exact wording of the tiêu
# chí and tiêu chuẩn names (kept from the earlier data) and the chỉ số of each tiêu chuẩn.
FRAMEWORK_2021 = {
    "code": "TT08-2017-TT21",
    "name": "Chuẩn về chuyên môn, nghiệp vụ của nhà giáo giáo dục nghề nghiệp",
    "regulation": "Thông tư 08/2017/TT-BLĐTBXH, sửa đổi bởi Thông tư 34/2018/TT-BLĐTBXH và "
    "Thông tư 21/2020/TT-BLĐTBXH",
    "valid_from": "2021-03-10",
}
LANGUAGE_IT_NOTE = (
    "Do thủ trưởng cơ sở quy định theo vị trí việc làm (Thông tư 21/2020/TT-BLĐTBXH)."
)
# (tiêu chí number, name, [(tiêu chuẩn number, name, description, levels it does not exist for)])
STANDARDS_2021: list[tuple[int, str, list[tuple[int, str, str, list[str]]]]] = [
    (
        1,
        "Năng lực chuyên môn",
        [
            (1, "Trình độ chuyên môn", "Văn bằng chuyên môn và kỹ năng nghề phù hợp.", []),
            (2, "Trình độ ngoại ngữ", LANGUAGE_IT_NOTE, []),
            (3, "Trình độ tin học", LANGUAGE_IT_NOTE, []),
        ],
    ),
    (
        2,
        "Năng lực sư phạm",
        [(n, name, description, []) for n, name, description in STANDARDS[1][2]],
    ),
    (
        3,
        "Năng lực phát triển nghề nghiệp, nghiên cứu khoa học",
        [
            (1, "Học tập, bồi dưỡng nâng cao", "Bồi dưỡng, thực tập tại doanh nghiệp.", []),
            (2, "Phát triển năng lực nghề nghiệp cho người học", "", []),
            (3, "Nghiên cứu khoa học", "", ["so_cap"]),
        ],
    ),
]
# National certificate requirements of the amended chuẩn: degree, skill, pedagogy; none for
# language and IT (institution setting).
REQUIREMENTS_2021 = {
    key: value for key, value in REQUIREMENTS.items() if key not in {(1, 2), (1, 3)}
}

_REGULATION = (
    "Mã số: Thông tư 10/2018/TT-BNV; tiêu chuẩn: Thông tư 03/2018/TT-BLĐTBXH; xếp lương: "
    "Thông tư 12/2019/TT-BLĐTBXH"
)

_NO_DISCIPLINE = {"rule": "no_discipline"}
_STANDARD = {"rule": "standard_met"}

TITLES: list[dict[str, Any]] = [
    {
        "code": "V.09.02.01",
        "name": "Giảng viên giáo dục nghề nghiệp cao cấp (hạng I)",
        "family": "giang_vien",
        "grade": 1,
        "pay_group": "A3.1",
        "coefficient_min": "6.20",
        "coefficient_max": "8.00",
        "from": ["V.09.02.02"],
        "rules": [
            {"rule": "years_in_rank", "years": 6, "verification": "unverified"},
            {"rule": "qualification", "kind": "degree", "min_rank": 5, "label": "Bằng tiến sĩ"},
            {
                "rule": "qualification",
                "kind": "pedagogy",
                "min_rank": 3,
                "label": "Nghiệp vụ sư phạm dạy trình độ cao đẳng",
            },
            _STANDARD,
            {
                "rule": "achievement",
                "any_of": ["de_tai_nckh", "giao_trinh", "chien_si_thi_dua_tinh", "nha_giao_uu_tu"],
                "label": "đề tài NCKH, giáo trình chủ biên, CSTĐ cấp tỉnh/bộ, Nhà giáo ưu tú",
            },
            _NO_DISCIPLINE,
        ],
    },
    {
        "code": "V.09.02.02",
        "name": "Giảng viên giáo dục nghề nghiệp chính (hạng II)",
        "family": "giang_vien",
        "grade": 2,
        "pay_group": "A2.1",
        "coefficient_min": "4.40",
        "coefficient_max": "6.78",
        "from": ["V.09.02.03", "V.09.02.04"],
        "rules": [
            {"rule": "years_in_rank", "years": 9, "verification": "unverified"},
            {
                "rule": "qualification",
                "kind": "degree",
                "min_rank": 4,
                "label": "Bằng thạc sĩ trở lên",
            },
            {
                "rule": "qualification",
                "kind": "pedagogy",
                "min_rank": 3,
                "label": "Nghiệp vụ sư phạm dạy trình độ cao đẳng",
            },
            _STANDARD,
            {
                "rule": "achievement",
                "any_of": [
                    "chien_si_thi_dua_co_so",
                    "bang_khen",
                    "giai_hoi_giang",
                    "de_tai_nckh",
                    "giao_trinh",
                ],
                "label": "CSTĐ cơ sở, bằng khen, giải hội giảng, đề tài NCKH hoặc giáo trình",
            },
            _NO_DISCIPLINE,
        ],
    },
    {
        "code": "V.09.02.03",
        "name": "Giảng viên giáo dục nghề nghiệp lý thuyết (hạng III)",
        "family": "giang_vien",
        "grade": 3,
        "teaching_kind": "theory",
        "pay_group": "A1",
        "coefficient_min": "2.34",
        "coefficient_max": "4.98",
        "from": [],
        "rules": [],
    },
    {
        "code": "V.09.02.04",
        "name": "Giảng viên giáo dục nghề nghiệp thực hành (hạng III)",
        "family": "giang_vien",
        "grade": 3,
        "teaching_kind": "practice",
        "pay_group": "A0",
        "coefficient_min": "2.10",
        "coefficient_max": "4.89",
        "from": [],
        "rules": [],
    },
    {
        "code": "V.09.02.05",
        "name": "Giáo viên giáo dục nghề nghiệp hạng I",
        "family": "giao_vien",
        "grade": 1,
        "pay_group": "A3.2",
        "coefficient_min": "5.75",
        "coefficient_max": "7.55",
        "from": ["V.09.02.06"],
        "rules": [
            {"rule": "years_in_rank", "years": 6, "verification": "unverified"},
            {
                "rule": "qualification",
                "kind": "degree",
                "min_rank": 4,
                "label": "Bằng thạc sĩ trở lên",
            },
            {
                "rule": "qualification",
                "kind": "pedagogy",
                "min_rank": 2,
                "label": "Nghiệp vụ sư phạm dạy trình độ trung cấp trở lên",
            },
            _STANDARD,
            _NO_DISCIPLINE,
        ],
    },
    {
        "code": "V.09.02.06",
        "name": "Giáo viên giáo dục nghề nghiệp hạng II",
        "family": "giao_vien",
        "grade": 2,
        "pay_group": "A2.1",
        "coefficient_min": "4.40",
        "coefficient_max": "6.78",
        "from": ["V.09.02.07", "V.09.02.08"],
        "rules": [
            {"rule": "years_in_rank", "years": 9, "verification": "unverified"},
            {
                "rule": "qualification",
                "kind": "degree",
                "min_rank": 3,
                "label": "Bằng đại học trở lên",
            },
            {
                "rule": "qualification",
                "kind": "pedagogy",
                "min_rank": 2,
                "label": "Nghiệp vụ sư phạm dạy trình độ trung cấp trở lên",
            },
            _STANDARD,
            _NO_DISCIPLINE,
        ],
    },
    {
        "code": "V.09.02.07",
        "name": "Giáo viên giáo dục nghề nghiệp lý thuyết hạng III",
        "family": "giao_vien",
        "grade": 3,
        "teaching_kind": "theory",
        "pay_group": "A1",
        "coefficient_min": "2.34",
        "coefficient_max": "4.98",
        "from": ["V.09.02.09"],
        "rules": [
            {"rule": "years_in_rank", "years": 3, "verification": "unverified"},
            {
                "rule": "qualification",
                "kind": "degree",
                "min_rank": 3,
                "label": "Bằng đại học trở lên",
            },
            _STANDARD,
            _NO_DISCIPLINE,
        ],
    },
    {
        "code": "V.09.02.08",
        "name": "Giáo viên giáo dục nghề nghiệp thực hành hạng III",
        "family": "giao_vien",
        "grade": 3,
        "teaching_kind": "practice",
        "pay_group": "A0",
        "coefficient_min": "2.10",
        "coefficient_max": "4.89",
        "from": ["V.09.02.09"],
        "rules": [
            {"rule": "years_in_rank", "years": 3, "verification": "unverified"},
            {
                "rule": "qualification",
                "kind": "skill",
                "min_rank": 3,
                "label": "Chứng chỉ kỹ năng nghề bậc 3 trở lên",
            },
            _STANDARD,
            _NO_DISCIPLINE,
        ],
    },
    {
        "code": "V.09.02.09",
        "name": "Giáo viên giáo dục nghề nghiệp hạng IV",
        "family": "giao_vien",
        "grade": 4,
        "pay_group": "B",
        "coefficient_min": "1.86",
        "coefficient_max": "4.06",
        "from": [],
        "rules": [],
    },
]


def load_reference(apps: Any = None) -> None:
    """Create or update the framework and titles; takes historical ``apps`` in migrations."""
    if apps is None:
        from django.apps import apps as live_apps

        apps = live_apps
    framework_model = apps.get_model("staff", "StandardFramework")
    standard_model = apps.get_model("staff", "Standard")
    criterion_model = apps.get_model("staff", "Criterion")
    requirement_model = apps.get_model("staff", "CriterionRequirement")
    title_model = apps.get_model("staff", "ProfessionalTitle")

    framework, created = framework_model.objects.get_or_create(
        code=FRAMEWORK["code"],
        defaults={"name": FRAMEWORK["name"], "regulation": FRAMEWORK["regulation"]},
    )
    if created:  # later runs leave the authority's edits alone
        for number, name, criteria in STANDARDS:
            standard = standard_model.objects.create(framework=framework, number=number, name=name)
            for c_number, c_name, description in criteria:
                criterion = criterion_model.objects.create(
                    standard=standard, number=c_number, name=c_name, description=description
                )
                for level, kinds, kind, rank, label in REQUIREMENTS.get((number, c_number), []):
                    for teaching_kind in kinds or [""]:
                        requirement_model.objects.create(
                            criterion=criterion,
                            training_level=level,
                            teaching_kind=teaching_kind,
                            kind=kind,
                            min_rank=rank,
                            label=label,
                        )
    load_framework_2021(apps)
    by_code = {}
    for order, spec in enumerate(TITLES):
        title, _created = title_model.objects.get_or_create(
            code=spec["code"],
            defaults={
                "name": spec["name"],
                "family": spec["family"],
                "grade": spec["grade"],
                "teaching_kind": spec.get("teaching_kind", ""),
                "pay_group": spec["pay_group"],
                "coefficient_min": spec["coefficient_min"],
                "coefficient_max": spec["coefficient_max"],
                "promotion_rules": spec["rules"],
                "regulation": _REGULATION,
                "order": order,
            },
        )
        by_code[spec["code"]] = title
    for spec in TITLES:
        title = by_code[spec["code"]]
        if not title.promotes_from.exists():
            title.promotes_from.set([by_code[c] for c in spec["from"]])


def load_framework_2021(apps: Any) -> None:
    """Create the TT 21/2020 version of the chuẩn (once; later runs leave edits alone)."""
    import datetime as dt

    framework_model = apps.get_model("staff", "StandardFramework")
    standard_model = apps.get_model("staff", "Standard")
    criterion_model = apps.get_model("staff", "Criterion")
    requirement_model = apps.get_model("staff", "CriterionRequirement")
    fields = {f.name for f in criterion_model._meta.get_fields()}
    if "not_for_levels" not in fields:  # an early migration: 0007 loads it
        return
    if framework_model.objects.filter(code=FRAMEWORK_2021["code"]).exists():
        return
    framework = framework_model.objects.create(
        code=FRAMEWORK_2021["code"],
        name=FRAMEWORK_2021["name"],
        regulation=FRAMEWORK_2021["regulation"],
        valid_from=dt.date.fromisoformat(FRAMEWORK_2021["valid_from"]),
        is_active=True,
        based_on=framework_model.objects.filter(code=FRAMEWORK["code"]).first(),
    )
    for number, name, criteria in STANDARDS_2021:
        standard = standard_model.objects.create(framework=framework, number=number, name=name)
        for c_number, c_name, description, not_for in criteria:
            criterion = criterion_model.objects.create(
                standard=standard,
                number=c_number,
                name=c_name,
                description=description,
                not_for_levels=not_for,
            )
            for level, kinds, kind, rank, label in REQUIREMENTS_2021.get((number, c_number), []):
                for teaching_kind in kinds or [""]:
                    requirement_model.objects.create(
                        criterion=criterion,
                        training_level=level,
                        teaching_kind=teaching_kind,
                        kind=kind,
                        min_rank=rank,
                        label=label,
                    )
