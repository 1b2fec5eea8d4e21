"""The programmes and learners functions admissions relies on, in one place:

- ``published_versions`` — model instances of what ``programmes.selectors.published_programmes``
  lists (its ``current_q``: published and in force today).
- ``employment_outcomes`` — ``learners.selectors.employment_outcomes(programme_ids)``.
- ``enrol_student`` — ``learners.services.student_enrol_from_admission``: the confirmed applicant
  becomes a student of a class.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet

from opentvet.learners import selectors as learner_selectors
from opentvet.learners import services as learner_services
from opentvet.learners.models import ClassGroup, Student
from opentvet.programmes.models import ProgrammeVersion
from opentvet.programmes.selectors import current_q

logger = logging.getLogger(__name__)


def published_versions() -> QuerySet[ProgrammeVersion]:
    """Published versions in force today, of every institution: the public catalogue.

    "In force" is the programmes app's own definition (``programmes.selectors.current_q``).
    """
    return ProgrammeVersion.all_objects.filter(current_q()).select_related(
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
    try:
        raw = learner_selectors.employment_outcomes(programme_ids)
    except Exception:  # a partner app's bug must not take the public portal down
        logger.exception("learners.employment_outcomes failed")
        return {}
    result: dict[int, Outcome] = {}
    for pid, row in raw.items():
        responded = int(row.get("responded") or 0)
        in_field = row.get("in_field")
        result[int(pid)] = Outcome(
            employment_rate=row.get("employment_rate"),
            response_rate=row.get("response_rate"),
            in_field_rate=(
                round(Decimal(100 * in_field) / responded, 1)
                if responded and in_field is not None
                else None
            ),
            salary_band=str(row.get("salary_band") or ""),
            respondents=responded,
        )
    return result


def enrol_classes(wish: Any) -> QuerySet[ClassGroup]:
    """Classes the officer may put the applicant of ``wish`` into."""
    return learner_services.admission_classes(
        programme_version=wish.quota.programme_version, institution=wish.institution
    )


def enrol_student(*, actor: Any, wish: Any, class_group: ClassGroup | None = None) -> Student:
    """Make the confirmed applicant of ``wish`` a student of a class (the chosen one, or the one
    class of the programme version for the round's intake)."""
    return learner_services.student_enrol_from_admission(
        actor=actor,
        user=wish.application.user,
        programme_version=wish.quota.programme_version,
        institution=wish.institution,
        wish=wish,
        class_group=class_group,
    )


def student_of(user_id: int) -> Student | None:
    """The learner record made from an applicant's account, with its class."""
    return (
        Student.all_objects.filter(user_id=user_id)
        .select_related("class_group", "institution")
        .first()
    )
