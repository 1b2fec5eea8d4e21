"""What the admissions app plugs into the shared surfaces (menu, dashboard, indicators, demo)."""

from typing import Any

from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _

from opentvet.admissions import coordinated, demo, indicators  # noqa: F401  (registrations)
from opentvet.admissions.models import AdmissionRound
from opentvet.admissions.selectors import forget_rounds_box
from opentvet.core.access import Actor
from opentvet.web.dashboard import Panel, register_panel
from opentvet.web.nav import NavItem, register_nav

register_nav(NavItem(_("Tuyển sinh"), "admissions:manage", "admissions.view", order=40))
register_nav(
    NavItem(_("Hồ sơ xét tuyển"), "admissions:mine", "applicant.apply", order=41, own=True)
)
register_nav(NavItem(_("Tìm chương trình"), "admissions:portal", "applicant.apply", order=42))

# A round opened, renamed or closed shows on the public portal at once, not after a minute
# (the cache is shared by the server's processes: settings.CACHES).
post_save.connect(forget_rounds_box, sender=AdmissionRound, dispatch_uid="portal-rounds-save")
post_delete.connect(forget_rounds_box, sender=AdmissionRound, dispatch_uid="portal-rounds-del")


def _review_context(actor: Actor) -> dict[str, Any]:
    """Wishes waiting for this officer's decision, per round (home page, issue 13)."""
    from django.db.models import Count

    from opentvet.admissions.models import Wish, WishStatus

    rows = list(
        Wish.all_objects.filter(
            actor.reach_q("admissions.change", "institution__path"),
            status__in=[WishStatus.SUBMITTED, WishStatus.MISSING_DOCUMENTS],
        )
        .values("application__round_id", "application__round__name")
        .annotate(n=Count("*"))
        .order_by("application__round_id")[:10]
    )
    return {"rounds": rows, "total": sum(r["n"] for r in rows)}


register_panel(
    Panel(
        "admissions.review",
        "admissions/partials/panel_review.html",
        "admissions.change",
        _review_context,
        order=40,
    )
)
