"""The learner status lifecycle (pure; no database): which transitions the rules allow.

studying ─▶ paused (bảo lưu) ─▶ studying
   │            └──▶ dropped out / transferred / expelled
   ├─▶ transferred (chuyển trường)   ┐
   ├─▶ dropped out (thôi học)        │ final: a learner who comes back is enrolled again
   ├─▶ expelled (buộc thôi học)      │ (a new decision, a new class)
   └─▶ graduated (tốt nghiệp)        ┘

Bảo lưu, transfer, dropping out and expulsion take a decision of the head of the institution
(Thông tư 04/2022/TT-BLĐTBXH on training organisation; the article numbers are unconfirmed), so
each transition here records a decision number. Graduation happens only through the graduation
decision (``services.graduation_decide``), never by a plain status change.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class Status(models.TextChoices):
    STUDYING = "studying", gettext_lazy("Đang học")
    PAUSED = "paused", gettext_lazy("Bảo lưu")
    TRANSFERRED = "transferred", gettext_lazy("Chuyển trường")
    DROPPED_OUT = "dropped_out", gettext_lazy("Thôi học")
    EXPELLED = "expelled", gettext_lazy("Buộc thôi học")
    GRADUATED = "graduated", gettext_lazy("Đã tốt nghiệp")


TRANSITIONS: dict[str, frozenset[str]] = {
    Status.STUDYING: frozenset(
        {Status.PAUSED, Status.TRANSFERRED, Status.DROPPED_OUT, Status.EXPELLED, Status.GRADUATED}
    ),
    Status.PAUSED: frozenset(
        {Status.STUDYING, Status.TRANSFERRED, Status.DROPPED_OUT, Status.EXPELLED}
    ),
    Status.TRANSFERRED: frozenset(),
    Status.DROPPED_OUT: frozenset(),
    Status.EXPELLED: frozenset(),
    Status.GRADUATED: frozenset(),
}

#: Transitions that need a decision number (số quyết định).
NEEDS_DECISION = frozenset(
    {Status.PAUSED, Status.TRANSFERRED, Status.DROPPED_OUT, Status.EXPELLED, Status.GRADUATED}
)
#: Statuses in which a learner counts as enrolled (for indicators and class lists).
ACTIVE = frozenset({Status.STUDYING, Status.PAUSED})
FINAL = frozenset(s for s, targets in TRANSITIONS.items() if not targets)


class TransitionError(ValueError):
    """A transition the rules forbid; the message is Vietnamese and shown as is."""


def allowed_targets(current: str) -> frozenset[str]:
    return TRANSITIONS.get(current, frozenset())


def check_transition(current: str, target: str, *, decision_number: str = "") -> None:
    """Raise ``TransitionError`` unless ``current → target`` is allowed (with its decision)."""
    if target not in TRANSITIONS:
        raise TransitionError(_("Trạng thái không hợp lệ."))
    if current == target:
        raise TransitionError(_("Người học đã ở trạng thái này."))
    if target not in allowed_targets(current):
        raise TransitionError(
            _("Không thể chuyển từ “%(a)s” sang “%(b)s”.")
            % {"a": Status(current).label, "b": Status(target).label}
        )
    if target in NEEDS_DECISION and not decision_number.strip():
        raise TransitionError(_("Cần có số quyết định."))
