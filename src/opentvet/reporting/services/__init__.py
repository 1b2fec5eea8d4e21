"""Writes of the reporting app: ``<entity>_<verb>(*, actor, ...)``, audited, in a transaction.

``actor=None`` is the trusted loader (demo, benchmark data); every other caller passes the actor,
whose permission is checked here (PermissionError) on top of the access layer.
"""

from opentvet.reporting.services.keytasks import submission_key_tasks_save
from opentvet.reporting.services.meetings import (
    Direction,
    meeting_conclusion_issue,
    meeting_create,
    meeting_update,
)
from opentvet.reporting.services.steering import (
    difficulty_answer,
    difficulty_close,
    difficulty_raise,
    difficulty_route,
    document_issue,
    document_link,
    document_register_incoming,
    drafting_create,
    drafting_transition,
    task_assign,
    task_update_progress,
)
from opentvet.reporting.services.submissions import (
    period_remind,
    submission_acknowledge,
    submission_refresh,
    submission_return,
    submission_save,
    submission_sign,
    submission_start,
    submission_submit,
    submission_validate,
)
from opentvet.reporting.services.templates import (
    indicator_definition_revise,
    period_close,
    period_open,
    standard_definitions_ensure,
    template_create,
    template_item_add,
)

__all__ = [
    "Direction",
    "difficulty_answer",
    "difficulty_close",
    "difficulty_raise",
    "difficulty_route",
    "document_issue",
    "document_link",
    "document_register_incoming",
    "drafting_create",
    "drafting_transition",
    "indicator_definition_revise",
    "meeting_conclusion_issue",
    "meeting_create",
    "meeting_update",
    "period_close",
    "period_open",
    "period_remind",
    "standard_definitions_ensure",
    "submission_acknowledge",
    "submission_key_tasks_save",
    "submission_refresh",
    "submission_return",
    "submission_save",
    "submission_sign",
    "submission_start",
    "submission_submit",
    "submission_validate",
    "task_assign",
    "task_update_progress",
    "template_create",
    "template_item_add",
]
