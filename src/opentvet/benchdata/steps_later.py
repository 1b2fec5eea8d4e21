"""Steps for the apps still being built: skipped with a note until their models land.

When an app's models exist, replace ``None`` with the step function (in a ``steps_<app>.py``
module of this package) and list the models it needs; ``generator.steps`` runs them in order.
"""

from __future__ import annotations

from opentvet.benchdata.generator import Step

STEPS: list[Step] = [
    Step("staff: staff records and qualifications", ("staff.StaffMember",), None),
    Step("admissions: applicants and ranked wishes", ("admissions.Application",), None),
    Step("guidance: interest inventories", ("guidance.InterestProfile",), None),
    Step("reporting: reports and submissions", ("reporting.Submission",), None),
]
