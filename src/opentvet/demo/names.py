"""Fictional Vietnamese names, deterministic from a seeded ``random.Random``.

Used by the demo and the benchmark generator. Frequencies roughly follow the commonness of
family names in Vietnam (Nguyễn about 38%, Trần 11%, Lê 9.5%, Phạm 7%: figures widely cited
from the 2005 Vietnamese family-name survey); given names are common ones, not real people.
"""

from __future__ import annotations

import random

FAMILY_NAMES = [
    ("Nguyễn", 38),
    ("Trần", 11),
    ("Lê", 9.5),
    ("Phạm", 7),
    ("Hoàng", 5.1),
    ("Huỳnh", 5.1),
    ("Phan", 4.5),
    ("Vũ", 3.9),
    ("Võ", 3.9),
    ("Đặng", 2.1),
    ("Bùi", 2),
    ("Đỗ", 1.4),
    ("Hồ", 1.3),
    ("Ngô", 1.3),
    ("Dương", 1),
    ("Lý", 0.5),
    ("Trương", 0.5),
    ("Đinh", 0.5),
    ("Lâm", 0.4),
    ("Châu", 0.3),
    ("Mai", 0.3),
    ("Tạ", 0.2),
    ("Lương", 0.2),
    ("Quách", 0.1),
]
MIDDLE_MALE = ["Văn", "Hữu", "Đức", "Minh", "Quốc", "Thanh", "Công", "Hoàng", "Gia", "Ngọc"]
MIDDLE_FEMALE = ["Thị", "Ngọc", "Thu", "Thanh", "Kim", "Hồng", "Mỹ", "Phương", "Bảo", "Khánh"]
GIVEN_MALE = [
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Duy",
    "Đạt",
    "Hải",
    "Hiếu",
    "Hòa",
    "Hùng",
    "Huy",
    "Khang",
    "Khoa",
    "Kiên",
    "Long",
    "Lộc",
    "Minh",
    "Nam",
    "Nghĩa",
    "Phát",
    "Phong",
    "Phúc",
    "Quân",
    "Quang",
    "Sơn",
    "Tài",
    "Thắng",
    "Thành",
    "Thịnh",
    "Tiến",
    "Toàn",
    "Trí",
    "Trung",
    "Tuấn",
    "Tùng",
    "Việt",
    "Vinh",
    "Vũ",
]
GIVEN_FEMALE = [
    "An",
    "Anh",
    "Chi",
    "Dung",
    "Giang",
    "Hà",
    "Hạnh",
    "Hằng",
    "Hiền",
    "Hoa",
    "Hương",
    "Huyền",
    "Lan",
    "Linh",
    "Loan",
    "Mai",
    "My",
    "Nga",
    "Ngân",
    "Nhi",
    "Nhung",
    "Oanh",
    "Phương",
    "Quyên",
    "Quỳnh",
    "Thảo",
    "Thu",
    "Thúy",
    "Trang",
    "Trinh",
    "Uyên",
    "Vân",
    "Vy",
    "Yến",
]

_FAMILY = [name for name, _w in FAMILY_NAMES]
_WEIGHTS = [w for _name, w in FAMILY_NAMES]


def person_name(rng: random.Random, gender: str | None = None) -> tuple[str, str]:
    """A (full name, gender) pair; gender is ``"M"`` or ``"F"``."""
    gender = gender or rng.choice("MF")
    family = rng.choices(_FAMILY, weights=_WEIGHTS)[0]
    if gender == "M":
        middle, given = rng.choice(MIDDLE_MALE), rng.choice(GIVEN_MALE)
    else:
        middle, given = rng.choice(MIDDLE_FEMALE), rng.choice(GIVEN_FEMALE)
    return f"{family} {middle} {given}", gender
