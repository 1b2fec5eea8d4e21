"""What the regulations app plugs into the shared surfaces: the national authority's menu."""

from django.utils.translation import gettext_lazy as _

from opentvet.regulations.services import MANAGE_PERMISSION
from opentvet.web.nav import NavItem, register_nav

register_nav(NavItem(_("Quy định áp dụng"), "regulations:rule_list", MANAGE_PERMISSION, order=90))
