"""Steps of the apps that landed after the first generator: staff, admissions, guidance, reporting.

A step whose ``func`` is ``None`` is skipped with a note (its generator step is not written yet);
a step whose models do not exist is skipped too. ``generator.steps`` runs them in order.
"""

from __future__ import annotations

from opentvet.benchdata import steps_admissions, steps_guidance, steps_reporting, steps_staff
from opentvet.benchdata.generator import Step

STEPS: list[Step] = [
    Step(
        "staff: staff records and qualifications",
        ("staff.StaffMember", "staff.Qualification"),
        steps_staff.staff,
    ),
    Step(
        "admissions: rounds, quotas, applicants and ranked wishes",
        ("admissions.Application", "admissions.Wish"),
        steps_admissions.admissions,
    ),
    Step(
        "guidance: inventory results, job demand",
        ("guidance.InventoryResult", "guidance.DemandSignal"),
        steps_guidance.guidance,
    ),
    Step(
        "reporting: template, periods, submitted reports",
        ("reporting.Submission", "reporting.SubmissionValue"),
        steps_reporting.reporting,
    ),
]
