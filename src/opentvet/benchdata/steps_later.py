"""Steps of the apps that landed after the first generator: staff, admissions, guidance, reporting,
and (session 3) the rest of every app's models: staff careers, learners' daily records,
authorities' steering records, guidance activity and applicants' messages.

A step whose ``func`` is ``None`` is skipped with a note (its generator step is not written yet);
a step whose models do not exist is skipped too. ``generator.steps`` runs them in order.
"""

from __future__ import annotations

from opentvet.benchdata import (
    steps_admissions,
    steps_guidance,
    steps_guidance_activity,
    steps_learners_daily,
    steps_reporting,
    steps_staff,
    steps_staff_careers,
    steps_steering,
)
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
    Step(
        "staff: assignments, careers, promotion rounds, development, criterion scores",
        ("staff.TeachingAssignment", "staff.PromotionRound", "staff.CriterionScore"),
        steps_staff_careers.staff_careers,
    ),
    Step(
        "learners: teaching sessions, attendance, conduct, certificates, grade changes",
        ("learners.TeachingSession", "learners.Attendance", "learners.ConductRating"),
        steps_learners_daily.learners_daily,
    ),
    Step(
        "reporting: directives, tasks, difficulties, meetings, documents, drafting",
        ("reporting.Task", "reporting.Difficulty", "reporting.Meeting", "reporting.Document"),
        steps_steering.reporting_steering,
    ),
    Step(
        "guidance and admissions: counselling, events, interests, messages",
        ("guidance.CounsellingSession", "guidance.GuidanceEvent"),
        steps_guidance_activity.guidance_activity,
    ),
]
