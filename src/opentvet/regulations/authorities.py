"""Who governs VET, under which law and with which training levels, on a given date.

All of it is dated rule data (``Rule`` rows loaded by ``regulations/0003``), never a constant:

- ``authority.national_vet``: Tổng cục Giáo dục nghề nghiệp under MOLISA until 28 Feb 2025
  (Decree 62/2022/NĐ-CP), Cục Giáo dục nghề nghiệp và Giáo dục thường xuyên under MOET from
  1 Mar 2025 (Decree 37/2025/NĐ-CP);
- ``authority.provincial_vet``: Sở LĐ-TB&XH, then Sở GD&ĐT from 1 Mar 2025 (checked for Hồ Chí
  Minh City only, so loaded as probable);
- ``law.vet``: Law on VET 74/2014/QH13, replaced by Law 124/2025/QH15 (its effective date was
  not read: that version is loaded as unverified);
- ``training.levels``: sơ cấp, trung cấp, cao đẳng; trung học nghề from 1 Jan 2026 (Law
  123/2025/QH15 amending the Education Law).

A document or report that names a recipient or an issuer takes the name in force on its date
from here (``authority_name``); the basis goes with it (``AppliedRule.basis``).
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from opentvet.regulations.selectors import AppliedRule, rule_for, rule_versions

NATIONAL = "authority.national_vet"
PROVINCIAL = "authority.provincial_vet"
LAW = "law.vet"
LEVELS = "training.levels"


def vet_authority(level: str, *, on: dt.date) -> AppliedRule:
    """The national (``"national"``) or provincial (``"provincial"``) VET authority on ``on``."""
    return rule_for(NATIONAL if level == "national" else PROVINCIAL, on=on)


def authority_name(level: str, *, on: dt.date, short: bool = False, province: str = "") -> str:
    """The authority's name on ``on``, e.g. "Sở Giáo dục và Đào tạo tỉnh Cà Mau"."""
    value = vet_authority(level, on=on).value
    name = value["short_name"] if short else value["name"]
    return f"{name} {province}".strip()


def vet_law(*, on: dt.date) -> AppliedRule:
    """The Law on VET in force on ``on`` (value: number and name)."""
    return rule_for(LAW, on=on)


def training_levels(*, on: dt.date) -> AppliedRule:
    """The training levels in force on ``on`` (value: ``{"levels": [codes]}``)."""
    return rule_for(LEVELS, on=on)


@lru_cache(maxsize=8)
def _versions(key: str) -> tuple[tuple[dt.date, dt.date | None, dict[str, str]], ...]:
    return tuple((r.valid_from, r.valid_to, r.value) for r in rule_versions(key))


def preload() -> None:
    """Read the authorities' versions now (afresh): a bulk writer calls this before it streams
    rows, since a query cannot run on a connection in the middle of a COPY."""
    _versions.cache_clear()
    for key in (NATIONAL, PROVINCIAL):
        _versions(key)


def name_on(level: str, day: dt.date, *, short: bool = False) -> str:
    """``authority_name`` for bulk writers (the generator): versions read once per process."""
    key = NATIONAL if level == "national" else PROVINCIAL
    for start, end, value in _versions(key):
        if start <= day and (end is None or day < end):
            return value["short_name"] if short else value["name"]
    return authority_name(level, on=day, short=short)  # raises RuleMissing with the key
