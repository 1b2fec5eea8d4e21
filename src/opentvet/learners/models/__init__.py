"""Learners: students, classes, results, graduation and the diploma register, attendance, tracer.

Every row belongs to one institution (``institution`` → ``core.Organisation``) and is tenant
data: ``objects`` is a ``TenantManager``; the access layer and selectors of this app filter with
``learners.access.learner_reach_q`` on ``all_objects`` (see that module for why).
"""

from opentvet.learners.models.attendance import Attendance, AttendanceStatus, TeachingSession
from opentvet.learners.models.base import TenantRow
from opentvet.learners.models.graduation import (
    DiplomaEntry,
    DiplomaKind,
    GraduationDecision,
    SerialCounter,
)
from opentvet.learners.models.results import (
    ConductRating,
    GradeChange,
    ModuleOffering,
    ModuleResult,
)
from opentvet.learners.models.students import (
    CertificateKind,
    ClassGroup,
    Gender,
    PolicyGroup,
    StatusChange,
    Student,
    StudentCertificate,
)
from opentvet.learners.models.tracer import SalaryBand, TracerSurvey

__all__ = [
    "Attendance",
    "AttendanceStatus",
    "CertificateKind",
    "ClassGroup",
    "ConductRating",
    "DiplomaEntry",
    "DiplomaKind",
    "Gender",
    "GradeChange",
    "GraduationDecision",
    "ModuleOffering",
    "ModuleResult",
    "PolicyGroup",
    "SalaryBand",
    "SerialCounter",
    "StatusChange",
    "Student",
    "StudentCertificate",
    "TeachingSession",
    "TenantRow",
    "TracerSurvey",
]
