"""What the guidance app plugs into the shared surfaces (menu, dashboard, indicators, demo)."""

from django.utils.translation import gettext_lazy as _

from opentvet.guidance import demo  # noqa: F401  (demo step)
from opentvet.web.nav import NavItem, register_nav

register_nav(NavItem(_("Trắc nghiệm nghề"), "guidance:inventory", "applicant.apply", order=43))
register_nav(NavItem(_("Mã sở thích ngành nghề"), "guidance:codes", "catalogue.change", order=44))
