"""How much data each scale makes.

National figures follow ``/work/shared/domain/FACTS.md`` ("Scale"): 1,886 VET institutions in
December 2024, of which 399 colleges and 429 intermediate schools; 2.43 million enrollments in
2024, about 430,000 of them at college or intermediate level; tens of thousands of teachers;
about a million applicants a year. Institutions are spread over the 34 provinces in proportion
to population (approximate 2025 figures below, for realism only).
"""

from __future__ import annotations

from dataclasses import dataclass

# Approximate population (millions) of the 34 provinces after Resolution 202/2025/QH15.
PROVINCE_POPULATION: dict[int, float] = {
    1: 8.7, 4: 0.57, 8: 1.87, 11: 0.65, 12: 0.49, 14: 1.3, 15: 1.78, 19: 1.8, 20: 0.8,
    22: 1.4, 24: 3.6, 25: 4.0, 31: 4.7, 33: 3.6, 37: 4.4, 38: 4.3, 40: 3.8, 42: 1.6,
    44: 1.9, 46: 1.4, 48: 3.1, 51: 2.2, 52: 3.6, 56: 2.2, 66: 3.3, 68: 3.9, 75: 4.5,
    79: 14.0, 80: 3.3, 82: 4.4, 86: 4.3, 91: 4.9, 92: 4.2, 96: 2.6,
}  # fmt: skip


@dataclass(frozen=True)
class Scale:
    name: str
    provinces: tuple[int, ...]  # empty: all 34
    colleges: int
    intermediates: int
    centres: int  # centres (GDNN, GDNN-GDTX) and enterprises registered for VET
    students: int
    staff: int
    programmes: int
    applicants: int
    wishes_per_applicant: float = 4.0
    officials_per_province: int = 4
    # Of students: share at college/intermediate level (the rest in elementary/short courses).
    formal_share: float = 0.18

    @property
    def institutions(self) -> int:
        return self.colleges + self.intermediates + self.centres


SCALES: dict[str, Scale] = {
    # One college: the unit tests and the quick benchmarks.
    "tiny": Scale("tiny", (96,), 1, 1, 1, 120, 24, 8, 60, 3.0, 1, 0.5),
    "college": Scale("college", (96,), 1, 0, 0, 6_000, 300, 40, 4_000),
    "province": Scale("province", (96,), 8, 9, 28, 70_000, 2_400, 300, 30_000),
    "national": Scale("national", (), 399, 429, 1_072, 2_500_000, 80_000, 10_000, 1_000_000),
}
