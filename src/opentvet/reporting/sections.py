"""The reporting area's sections and who may open each: one check for the sub-menu and the views.

A link is shown only to someone the page will not answer 404 (issue 15, item 2: a training
officer saw "Văn bản", "Cuộc họp", "Nhiệm vụ" and "Đề án" and got a 404 on each).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from opentvet.core.access import Actor
from opentvet.core.models import Organisation

DIFFICULTY_PERMS = ("difficulty.raise", "difficulty.resolve", "report.view")


def may_use(actor: Actor, *perms: str) -> bool:
    """The actor holds one of ``perms`` somewhere (a superuser always may)."""
    return actor.is_superuser or any(actor.paths_with(p) for p in perms)


def briefing_organisations(actor: Actor) -> QuerySet[Organisation]:
    """Organisations (not units) whose briefing pack the actor may assemble."""
    return Organisation.objects.filter(
        pk__in=[g.organisation_id for g in actor.grants if "report.view" in g.permissions]
    ).exclude(kind="unit")


def may_brief(actor: Actor) -> bool:
    return actor.is_superuser or briefing_organisations(actor).exists()


@dataclass(frozen=True)
class Section:
    label: str | Promise
    url_name: str
    perms: tuple[str, ...]  # any one opens it; empty: every signed-in user


SECTIONS = [
    Section(_("Báo cáo"), "reporting:index", ("report.view",)),
    Section(_("Mẫu báo cáo"), "reporting:template_list", ()),
    Section(_("Văn bản"), "reporting:document_list", ("document.view",)),
    Section(_("Cuộc họp"), "reporting:meeting_list", ("task.view",)),
    Section(_("Nhiệm vụ"), "reporting:task_board", ("task.view",)),
    Section(_("Khó khăn, vướng mắc"), "reporting:difficulty_list", DIFFICULTY_PERMS),
    Section(_("Đề án, văn bản"), "reporting:drafting_list", ("document.view",)),
]


def sections_for(actor: Actor | None) -> list[dict[str, str]]:
    if actor is None:
        return []
    shown = [
        {"label": str(s.label), "url": reverse(s.url_name)}
        for s in SECTIONS
        if not s.perms or may_use(actor, *s.perms)
    ]
    if may_brief(actor):
        shown.append({"label": str(_("Tài liệu giao ban")), "url": reverse("reporting:briefing")})
    return shown
