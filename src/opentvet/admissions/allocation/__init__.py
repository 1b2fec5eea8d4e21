"""Coordinated admission allocation (xét tuyển chung): pure Python + NumPy, no Django.

:func:`allocate` computes the applicant-proposing deferred-acceptance assignment and returns an
:class:`Allocation` with per-programme cut-offs (điểm chuẩn) and per-applicant explanations.
"""

from .engine import allocate
from .errors import AllocationCheckError, AllocationInputError
from .result import Allocation, Reason, WishExplanation, check_stable

__all__ = [
    "Allocation",
    "AllocationCheckError",
    "AllocationInputError",
    "Reason",
    "WishExplanation",
    "allocate",
    "check_stable",
]
