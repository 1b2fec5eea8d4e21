"""What the admissions app plugs into the shared surfaces (menu, dashboard, indicators, demo)."""

from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _

from opentvet.admissions import coordinated, demo, indicators  # noqa: F401  (registrations)
from opentvet.admissions.models import AdmissionRound
from opentvet.admissions.selectors import forget_rounds_box
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
