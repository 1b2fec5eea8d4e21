"""Generated student sheets for the import tests and ``bench/bench_import.py``: fictional names
(``demo.names``), unique codes and CCCD numbers, real ward names of one province.

CCCD numbers use birth-province code 095 (the demo uses 001 and 096) and the row number, so they
never clash with the demo's learners; sheets with different prefixes must not be imported into
the same database with the same size (their numbers would repeat).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from opentvet.demo.names import person_name

HEADERS = [
    "Mã người học",
    "Họ và tên",
    "Ngày sinh",
    "Giới tính",
    "Dân tộc",
    "Số CCCD",
    "Tỉnh/thành phố",
    "Xã/phường",
    "Địa chỉ",
    "Điện thoại",
    "Email",
    "Đối tượng chính sách",
    "Mã lớp",
    "Ngày nhập học",
]
COL = {name: index for index, name in enumerate(HEADERS)}


def student_rows(
    count: int,
    *,
    seed: int = 1,
    prefix: str = "IMP",
    province: str = "Cà Mau",
    birth_province_code: int = 95,
    wards: Sequence[str] = (),
    class_code: str = "",
) -> Iterator[list[Any]]:
    rng = random.Random(seed)
    for n in range(1, count + 1):
        name, gender = person_name(rng)
        birth = dt.date(2000 + rng.randint(0, 8), rng.randint(1, 12), rng.randint(1, 28))
        female = gender == "female"
        century = (0 if birth.year < 2000 else 2) + (1 if female else 0)
        yield [
            f"{prefix}{n:06d}",
            name,
            birth.strftime("%d/%m/%Y"),
            "Nữ" if female else "Nam",
            "Kinh",
            f"{birth_province_code:03d}{century}{birth.year % 100:02d}{n % 10**6:06d}",
            province,
            rng.choice(wards) if wards else "",
            f"Số {rng.randint(1, 300)} đường Trần Phú",
            f"09{rng.randint(10000000, 99999999)}",
            f"sv{seed}.{n}@example.vn",
            "Hộ nghèo" if rng.random() < 0.05 else "",
            class_code,
            "",
        ]


def write_xlsx(path: Path | str, rows: Iterator[list[Any]] | list[list[Any]]) -> Path:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Người học")
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(row)
    workbook.save(str(path))
    return Path(path)
