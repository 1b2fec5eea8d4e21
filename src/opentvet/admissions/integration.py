"""Adapters to the programmes and learners apps, which are built alongside this one.

Each function uses the other app's public selector or service when it exists and otherwise a
minimal fallback, so admissions works before they land and switches over without changes here:

- ``published_versions`` — model instances of what ``programmes.selectors.published_programmes``
  lists (its ``current_q``: published and in force today); fallback: every published version.
- ``employment_outcomes`` — ``learners.selectors.employment_outcomes(programme_ids)``; fallback {}.
- ``enrol_student`` — ``learners.services.student_enrol_from_admission``; fallback: none (the wish
  is marked enrolled with no student reference). TODO(learners): wire once it lands.
"""

from __future__ import annotations

import importlib
import logging
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet

from opentvet.programmes.models import ProgrammeVersion, VersionStatus

logger = logging.getLogger(__name__)


def _optional(module: str, name: str) -> Any:
    try:
        return getattr(importlib.import_module(module), name, None)
    except ImportError:
        return None


def published_versions() -> QuerySet[ProgrammeVersion]:
    """Published versions in force today, of every institution: the public catalogue.

    "In force" is the programmes app's own definition (``programmes.selectors.current_q``).
    """
    current_q = _optional("opentvet.programmes.selectors", "current_q")
    condition = current_q() if current_q else Q(status=VersionStatus.PUBLISHED)
    return ProgrammeVersion.all_objects.filter(condition).select_related(
        "programme__occupation",
        "programme__training_level",
        "institution__province",
    )


@dataclass(frozen=True)
class Outcome:
    """Tracer-survey outcome of a programme's graduates (khảo sát việc làm sau tốt nghiệp)."""

    employment_rate: Decimal | None  # % employed among respondents
    response_rate: Decimal | None  # % of graduates who answered
    in_field_rate: Decimal | None  # % employed in the trained field
    salary_band: str  # e.g. "7–10 triệu đồng/tháng"
    respondents: int = 0


def employment_outcomes(programme_ids: list[int]) -> dict[int, Outcome]:
    """Outcomes by programme id; programmes without tracer data are absent."""
    selector = _optional("opentvet.learners.selectors", "employment_outcomes")
    if selector is None:
        return {}
    try:
        raw = selector(programme_ids)
    except Exception:  # a partner app's bug must not take the public portal down
        logger.exception("learners.employment_outcomes failed")
        return {}
    result: dict[int, Outcome] = {}
    for pid, value in dict(raw).items():
        get = value.get if isinstance(value, dict) else lambda k, v=value: getattr(v, k, None)
        result[int(pid)] = Outcome(
            employment_rate=get("employment_rate"),
            response_rate=get("response_rate"),
            in_field_rate=get("in_field_rate"),
            salary_band=str(get("salary_band") or ""),
            respondents=int(get("respondents") or 0),
        )
    return result


def enrol_student(*, actor: Any, wish: Any) -> str:
    """Make the confirmed applicant of ``wish`` a student of a class; returns a student reference.

    Uses the learners app's service when it exists; returns "" otherwise (TODO(learners)).
    """
    service = _optional("opentvet.learners.services", "student_enrol_from_admission")
    if service is None:
        return ""
    student = service(
        actor=actor,
        user=wish.application.user,
        programme_version=wish.quota.programme_version,
        institution=wish.institution,
    )
    return str(getattr(student, "code", "") or getattr(student, "pk", ""))
