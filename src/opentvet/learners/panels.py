"""Home-page panels: a learner sees their results; a teacher their classes and absence flags."""

from __future__ import annotations

from typing import Any

from opentvet.core.access import Actor
from opentvet.learners.access import learner_reach_q
from opentvet.learners.models import ModuleOffering, Student
from opentvet.learners.selectors import absence_flags, teacher_offerings, transcripts
from opentvet.web.dashboard import Panel, register_panel


def _student_context(actor: Actor) -> dict[str, Any]:
    student = (
        Student.all_objects.filter(user=actor.user)
        .filter(learner_reach_q(actor, "student.self"))
        .select_related("class_group", "programme_version__programme")
        .first()
    )
    if student is None:
        return {"student": None}
    (transcript,) = transcripts([student])
    flags = (
        [
            f
            for f in absence_flags(
                ModuleOffering.all_objects.filter(class_group=student.class_group_id)
            )
            if f.student.pk == student.pk
        ]
        if student.class_group
        else []
    )
    return {"student": student, "transcript": transcript, "flags": flags}


def _teacher_context(actor: Actor) -> dict[str, Any]:
    offerings = list(teacher_offerings(actor=actor))
    return {"offerings": offerings, "flags": absence_flags(offerings)}


register_panel(
    Panel(
        key="learners.my_results",
        template="learners/panels/my_results.html",
        perm="student.self",
        context=_student_context,
        order=30,
    )
)
register_panel(
    Panel(
        key="learners.teaching",
        template="learners/panels/teaching.html",
        perm="results.enter",
        context=_teacher_context,
        order=31,
    )
)
