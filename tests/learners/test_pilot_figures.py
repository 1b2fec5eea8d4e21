"""International pilots: cohorts, graduates and dual-certificate graduates per programme."""

from __future__ import annotations

import pytest

from opentvet.learners.models import DiplomaEntry
from opentvet.learners.models.students import CertificateKind, StudentCertificate
from opentvet.programmes.selectors import pilot_figures

pytestmark = pytest.mark.django_db


def test_a_foreign_qualification_makes_a_graduate_dual_certified():
    entry = DiplomaEntry.all_objects.select_related(
        "student__class_group__programme_version"
    ).first()
    assert entry is not None, "the demo has graduates with a diploma register entry"
    programme_id = entry.student.class_group.programme_version.programme_id
    before = pilot_figures([programme_id])[programme_id]
    assert before["cohorts"] >= 1
    assert before["graduates"] >= 1
    StudentCertificate.all_objects.create(
        institution=entry.student.institution,
        student=entry.student,
        kind=CertificateKind.FOREIGN_QUALIFICATION,
        number="DE-2026-0001",
    )
    after = pilot_figures([programme_id])[programme_id]
    assert after["dual_certificates"] == before["dual_certificates"] + 1
    assert after["graduates"] == before["graduates"]
